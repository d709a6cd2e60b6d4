import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct CredentialCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential", abstract: "An API client's credentials (client token and secret).",
        discussion: "CREDENTIAL is the credential's id or a unique prefix of its client token (`credential list` shows both).",
        subcommands: [CredentialCreate.self, CredentialList.self, CredentialActivate.self, CredentialDeactivate.self,
                      CredentialDelete.self, CredentialExpire.self, CredentialDescribe.self, CredentialDeactivateAll.self])
}

struct CredentialCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "A new credential (owner only); the secret is printed this once.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Option(help: ArgumentHelp("What the credential is for.", valueName: "TEXT")) var description: String = ""
    @Option(help: ArgumentHelp("The expiry day (default: two years).", valueName: "YYYY-MM-DD")) var expires: String?
    @OptionGroup var secret: SecretOptions

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        let ctx = try global.context(store)
        let expiry = try expires.map { try Resolve.day($0, option: "--expires") }
        let (issued, target) = try Change("credential.create", typed: client).run { change in
            let found = try store.read { db in try Resolve.client(db, ctx, client) }
            change.target = found.name
            let target = try secret.edgercTarget(clientName: found.name)
            let issued = try DirectoryService(store: store).generateCredential(actor, client: found.id, description: description, expiresAt: expiry)
            change.target = "\(found.name) credential \(issued.credentialID) (\(issued.clientToken.prefix(12))…)"
            return (issued, target)
        }
        try secret.deliver(issued, to: target)
    }
}

struct CredentialList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A client's credentials (never a secret).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Flag(help: "Include DELETED credentials.") var all = false
    @Flag(help: "JSON instead of a table.") var json = false

    func run() throws {
        let store = try global.openStore()
        let ctx = try global.context(store)
        let rows = try store.read { db in
            try Q.credentials(db, client: try Resolve.client(db, ctx, client).id, includeDeleted: all).map(ClientRow.Cred.init)
        }
        if json { return Stdout.line(try Output.json(rows)) }
        Stdout.line(Output.table(["ID", "CLIENT TOKEN", "SECRET", "STATUS", "CREATED", "EXPIRES", "DESCRIPTION"], rows.map {
            [String($0.id), $0.tokenPrefix + "…", "…" + $0.secretLast4, $0.status, Formats.day($0.createdAt), Formats.day($0.expiresAt),
             $0.description]
        }))
    }
}

/// The shape of the commands that change one credential: resolve, change through the
/// service (logged), print the credential as it now is.
struct CredentialChange {
    let global: GlobalOptions
    let target: CredentialTarget
    let json: Bool

    func run(_ action: String, _ apply: (DirectoryService, ActorRef, Credential) throws -> Void) throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        let ctx = try global.context(store)
        let (client, credential) = try Change(action, typed: target.client).run { change in
            let (client, credential) = try store.read { db in
                let client = try Resolve.client(db, ctx, target.client)
                change.target = client.name
                return (client, try Resolve.credential(db, client: client, target.credential))
            }
            change.target = "\(client.name) credential \(credential.id) (\(credential.tokenPrefix)…)"
            try apply(DirectoryService(store: store), actor, credential)
            return (client, credential)
        }
        let now = ClientRow.Cred(try store.read { db in try Q.credential(db, id: credential.id) } ?? credential)
        if json { return Stdout.line(try Output.json(now)) }
        Stdout.line(Output.safe("Credential \(now.id) (\(now.tokenPrefix)…) of \(client.name): \(now.status), expires \(Formats.day(now.expiresAt))" +
                          (now.description.isEmpty ? "" : ", \"\(now.description)\"")))
    }
}

struct CredentialActivate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Switch a credential on (owner or creator).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: CredentialTarget
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        try CredentialChange(global: global, target: target, json: json).run("credential.activate") { service, actor, c in
            try service.setCredentialStatus(actor, credential: c.id, active: true, expectedVersion: expect.value)
        }
    }
}

struct CredentialDeactivate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deactivate", abstract: "Switch a credential off (owner or creator).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: CredentialTarget
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        try CredentialChange(global: global, target: target, json: json).run("credential.deactivate") { service, actor, c in
            try service.setCredentialStatus(actor, credential: c.id, active: false, expectedVersion: expect.value)
        }
    }
}

struct CredentialDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an inactive credential (final).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: CredentialTarget
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        try CredentialChange(global: global, target: target, json: json).run("credential.delete") { service, actor, c in
            try service.deleteCredential(actor, credential: c.id, expectedVersion: expect.value)
        }
    }
}

struct CredentialExpire: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "expire",
        abstract: "Change a credential's expiry (at most two years from its creation).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: CredentialTarget
    @Option(help: ArgumentHelp("The new expiry day.", valueName: "YYYY-MM-DD")) var on: String
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let day = try Resolve.day(on, option: "--on")
        try CredentialChange(global: global, target: target, json: json).run("credential.expiry") { service, actor, c in
            try service.setCredentialExpiry(actor, credential: c.id, expiresAt: day, expectedVersion: expect.value)
        }
    }
}

struct CredentialDescribe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Set what a credential is for.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: CredentialTarget
    @Argument(help: ArgumentHelp("The description (empty to clear it).", valueName: "TEXT")) var text: String
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        try CredentialChange(global: global, target: target, json: json).run("credential.describe") { service, actor, c in
            try service.setCredentialDescription(actor, credential: c.id, description: text, expectedVersion: expect.value)
        }
    }
}

struct CredentialDeactivateAll: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deactivate-all",
        abstract: "Switch off every active credential of a client at once (a suspected leak).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        let ctx = try global.context(store)
        let (name, count) = try Change("credential.deactivate-all", typed: client).run { change in
            let found = try store.read { db in try Resolve.client(db, ctx, client) }
            change.target = found.name
            return (found.name, try DirectoryService(store: store).deactivateAllCredentials(actor, client: found.id))
        }
        if json { return Stdout.line(try Output.json(Deactivated(client: name, deactivated: count))) }
        Stdout.line(Output.safe("Deactivated \(count) credential\(count == 1 ? "" : "s") of \(name)."))
    }
}

struct Deactivated: Encodable { let client: String; let deactivated: Int }
