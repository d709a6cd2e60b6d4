import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// `idm ssh`: users' SSH keys in the directory, and what OpenSSH asks (issue 13).
struct SSH: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ssh", abstract: "SSH keys, and the console over SSH.",
        subcommands: [SSHKeys.self, SSHAuthorizedKeys.self, SSHSetup.self])
}

struct SSHKeys: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "A user's SSH public keys.",
        subcommands: [SSHKeysList.self, SSHKeysAdd.self, SSHKeysRemove.self])
}

/// A key as `idm ssh keys list --json` prints it.
struct SSHKeyRow: Encodable {
    let fingerprint: String
    let type: String
    let comment: String
    let addedBy: String
    let addedAt: String
    let lastUsedAt: String?

    init(_ key: SSHKey) {
        fingerprint = key.fingerprint
        type = key.type
        comment = key.comment
        addedBy = key.addedBy
        addedAt = Formats.timestamp(key.addedAt)
        lastUsedAt = key.lastUsedAt.map(Formats.timestamp)
    }
}

struct SSHKeysList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A user's SSH keys: fingerprint, type, comment, who added it and when, last login.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        let keys = try DirectoryReader(store: admin.store).sshKeys(admin.ctx, user.id) ?? []
        let rows = keys.map(SSHKeyRow.init)
        if json { return Stdout.line(try Output.json(rows)) }
        if rows.isEmpty { return Stdout.line(Output.safe("\(user.login) has no SSH keys; add one with `idm ssh keys add \(user.login) \"$(cat id_ed25519.pub)\"`.")) }
        Stdout.line(Output.table(["FINGERPRINT", "TYPE", "COMMENT", "ADDED BY", "ADDED", "LAST USED"],
                                 rows.map { [$0.fingerprint, $0.type, $0.comment, $0.addedBy, $0.addedAt, $0.lastUsedAt ?? "never"] }))
    }
}

struct SSHKeysAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an SSH public key to a user: yours, or anyone's you manage.",
        discussion: "KEYLINE is the public key line as one argument, e.g. \"ssh-ed25519 AAAA... alice@laptop\" (the .pub file's contents); or --file PATH, or --file - for standard input. A line with authorized_keys options is refused.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Argument(help: ArgumentHelp("The public key line.", valueName: "KEYLINE")) var line: String?
    @Option(help: ArgumentHelp("Read the key line from this file (- for standard input).", valueName: "PATH")) var file: String?
    @Flag(help: "JSON instead of text.") var json = false

    func validate() throws {
        if (line == nil) == (file == nil) { throw ValidationError("Give the key line, or --file PATH (- for standard input), not both.") }
    }

    func run() throws {
        let text = try line ?? readKeyFile(file!)
        let admin = try Admin(global)
        let user = try admin.user(login)
        let key = try admin.service.addSSHKey(admin.actor, user: user.id, line: text, expectedVersion: user.version)
        if json { return Stdout.line(try Output.json(SSHKeyRow(key))) }
        Stdout.line(Output.safe("Added \(key.type) key \(key.fingerprint)\(key.comment.isEmpty ? "" : " (\(key.comment))") to \(user.login)."))
    }

    /// A .pub file holds one line and its newline; a trailing newline is not a second line.
    func readKeyFile(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: path) else { throw Failure("Cannot read \(path).") }
            data = read
        }
        guard data.count <= SSHPublicKey.maximumLineLength + 2, let text = String(data: data, encoding: .utf8) else {
            throw Failure("\(path == "-" ? "Standard input" : path) is not a public key line (too long, or not text).")
        }
        var trimmed = Substring(text)
        while trimmed.last == "\n" || trimmed.last == "\r" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}

struct SSHKeysRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove one of a user's SSH keys: their next SSH login with it is refused.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Argument(help: ArgumentHelp("The key's fingerprint, as `idm ssh keys list` prints it.", valueName: "FINGERPRINT")) var fingerprint: String

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        try admin.service.removeSSHKey(admin.actor, user: user.id, fingerprint: fingerprint, expectedVersion: user.version)
        Stdout.line(Output.safe("Removed \(SSHPublicKey.normalizedFingerprint(fingerprint) ?? fingerprint) from \(user.login)."))
    }
}
