import ArgumentParser
import Foundation
import IDMStore

struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Local operations of the database file's owner.", subcommands: [AdminRecover.self])
}

/// Break glass (rule 14): when no unlocked Admin is left, the operating-system user who owns
/// the database file makes LOGIN Admin on every contract root again. It takes no --as: no idm
/// user acts; the file's ownership is the authority, and the audit event names that OS user.
struct AdminRecover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Break glass: grant Admin on every contract root to LOGIN and unlock them (the database file's owner only).",
        discussion: "Run it as the operating-system user who owns the database file (e.g. `sudo -u idm idm admin recover alice --db /srv/idm/idm.sqlite`). " +
            "The console cannot do this. The audit event (admin.recover) says break-glass and names the OS user.")
    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String?
    @Argument(help: "The login to make Admin again.") var login: String

    func run() throws {
        let store = try Store(path: db ?? Paths.defaultDatabase, create: false)
        let roots = try DirectoryService(store: store).recoverAdmin(login: login, osUser: Paths.osLogin, callerUID: getuid())
        Stdout.line(Output.safe("\(login) is Admin on \(roots.joined(separator: ", ")) and unlocked (break glass, recorded as admin.recover by \(Paths.osLogin))."))
    }
}
