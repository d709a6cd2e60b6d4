import ArgumentParser
import Foundation
import IDMStore

struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Local operations of the database file's owner.", subcommands: [AdminRecover.self, AdminIdleTimeout.self])
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

/// The console idle timeout policy: how long a console may stay without a key before it saves
/// its draft and closes. A setting of the directory, set by the database file's owner.
struct AdminIdleTimeout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle-timeout",
        abstract: "Show or set the console idle timeout in minutes (the database file's owner only; default 30).",
        discussion: "Every console closes after this long without a key, saving any draft; a minute before, it warns. " +
            "`idm open --idle-timeout MINUTES` can make one console's shorter, never longer.")
    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String?
    @Argument(help: "Minutes, 1 to 1440 (omit to show the current setting).") var minutes: Int?

    func run() throws {
        let store = try Store(path: db ?? Paths.defaultDatabase, create: false)
        if let minutes {
            try DirectoryService(store: store).setConsoleIdleTimeout(minutes: minutes, osUser: Paths.osLogin, callerUID: getuid())
            return Stdout.line("Consoles now close after \(minutes) minute\(minutes == 1 ? "" : "s") without a key (recorded as setting.change by \(Output.safe(Paths.osLogin))).")
        }
        let current = try DirectoryReader(store: store).consoleIdleTimeout()
        Stdout.line(current.map { "\($0) minutes (set in the directory)." } ?? "\(DirectoryReader.defaultIdleTimeoutMinutes) minutes (the default; nothing set).")
    }
}
