import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// sshd's `AuthorizedKeysCommand`: for the directory user who holds the offered key and is not
/// locked, the `authorized_keys` line that forces the console as them; nothing otherwise. Read
/// only, one indexed lookup; it never prints anything but that line on standard output (sshd
/// reads it as keys), and exits 0 for an unknown key so sshd simply tries the next.
struct SSHAuthorizedKeys: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "authorized-keys",
        abstract: "For sshd's AuthorizedKeysCommand (%u %t %k): the forced-command line for the key's user, or nothing.",
        discussion: "Run by sshd as the AuthorizedKeysCommandUser, which must be the Unix user that owns the database. `idm ssh setup` prints the sshd_config block.")

    @Argument(help: ArgumentHelp("The Unix account sshd authenticates (%u).", valueName: "USER")) var unixUser: String
    @Argument(help: ArgumentHelp("The offered key's type (%t).", valueName: "TYPE")) var type: String
    @Argument(help: ArgumentHelp("The offered key, base64 (%k).", valueName: "KEY")) var key: String
    @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String
    @Option(name: .customLong("unix-user"), help: ArgumentHelp("Answer only for this Unix account.", valueName: "NAME")) var only: String?

    func run() throws {
        if let only, only != unixUser { return }
        guard case .success(let offered) = SSHPublicKey.parse(type: type, base64: key) else { return }
        let database = Paths.absolute(db)
        let store = try Store(path: database, readOnly: true)
        guard let (user, fingerprint) = try DirectoryReader(store: store).sshKeyHolder(offered), !user.locked else { return }
        guard let line = AuthorizedKeysLine.render(executable: Paths.thisExecutable, database: database, login: user.login,
                                                   fingerprint: fingerprint, key: offered) else {
            throw Failure("The path of idm or of the database cannot be written in an authorized_keys line.")
        }
        Stdout.line(line)
    }
}

/// What to put in `sshd_config`, and the steps around it, with this binary's and the
/// database's absolute paths; and a warning for each directory OpenSSH would refuse.
struct SSHSetup: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "setup",
        abstract: "Print the sshd_config block and the install steps for the console over SSH.")

    @Option(name: .customLong("unix-user"), help: ArgumentHelp("The Unix account admins log in as.", valueName: "NAME")) var unixUser = "idm"
    @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "PATH")) var db = "/srv/idm/idm.sqlite"

    func run() throws {
        let idm = Paths.thisExecutable
        let database = Paths.absolute(db)
        if unixUser.isEmpty || AuthorizedKeysLine.shellQuoted(unixUser) != unixUser {
            throw Failure("--unix-user \(Output.safe(unixUser)): a Unix user name is letters, digits, '.', '_' and '-'.")
        }
        let q = AuthorizedKeysLine.shellQuoted
        Stdout.line(Output.safeLines("""
            # 1. The Unix account admins log in as, which owns the database (a real shell: sshd runs
            #    the forced command with it; '*' as its password, so it is not locked and has none):
            useradd --system --shell /bin/sh --home-dir \(q((database as NSString).deletingLastPathComponent)) --create-home \(unixUser)
            usermod -p '*' \(unixUser)
            install -d -m 700 -o \(unixUser) -g \(unixUser) \(q((database as NSString).deletingLastPathComponent))
            sudo -u \(unixUser) \(q(idm)) init --db \(q(database)) --account NAME --admin LOGIN ...

            # 2. idm where sshd accepts a command: it and every directory above it root-owned and
            #    writable by no one else (not under /tmp or a home directory):
            install -m 755 -o root -g root .build/release/idm /usr/local/bin/idm

            # 3. In /etc/ssh/sshd_config (at the end: a Match block lasts to the next Match), then
            #    `sshd -t && systemctl reload ssh`:
            Match User \(unixUser)
                AuthorizedKeysFile none
                AuthorizedKeysCommand \(q(idm)) ssh authorized-keys %u %t %k --db \(q(database)) --unix-user \(unixUser)
                AuthorizedKeysCommandUser \(unixUser)
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitTTY yes
                AllowTcpForwarding no
                AllowStreamLocalForwarding no
                AllowAgentForwarding no
                X11Forwarding no
                PermitTunnel no
                PermitUserRC no
                DisableForwarding yes
                ClientAliveInterval 30
                ClientAliveCountMax 4

            # 4. Each admin's key, added by an admin (or by themselves, once in):
            sudo -u \(unixUser) \(q(idm)) ssh keys add LOGIN "$(cat alice_id_ed25519.pub)" --db \(q(database)) --as ADMIN

            # 5. Admins connect with a terminal:
            ssh -t \(unixUser)@\(Edgerc.hostName)
            """))
        for warning in Self.refusedDirectories(of: idm) { Stderr.line(Output.safe("Warning: \(warning)")) }
    }

    /// OpenSSH runs an AuthorizedKeysCommand only when the file and every directory above it
    /// are owned by root and writable by neither group nor others.
    static func refusedDirectories(of path: String) -> [String] {
        var warnings: [String] = []
        var current = path
        while true {
            var info = stat()
            if stat(current, &info) == 0 {
                if info.st_uid != 0 { warnings.append("\(current) is not owned by root; sshd will refuse the command. Install idm as step 2 says.") }
                if info.st_mode & (S_IWGRP | S_IWOTH) != 0 { warnings.append("\(current) is writable by group or others; sshd will refuse the command.") }
            }
            if current == "/" { break }
            current = (current as NSString).deletingLastPathComponent
            if current.isEmpty { break }
        }
        return warnings
    }
}
