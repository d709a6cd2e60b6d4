import ArgumentParser
import Foundation
import IDMConsole
import IDMStore
import IDMTerminal

/// `idm` alone: the console on the default database, as the user bound to this login.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open",
        abstract: "Open the console (the default when no command is given).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        try ConsoleLauncher.run(databasePath: global.databasePath, login: actor.login, account: actor.accountID, osUser: actor.osUser)
    }
}

/// Starts the full-screen console on the terminal, and gives the terminal back on every exit.
enum ConsoleLauncher {
    static func run(databasePath: String, login: String, account: Int64?, osUser: String? = nil) throws {
        let store = try Store(path: databasePath, create: false)
        let session = try Session(store: store, login: login, accountID: account, osUser: osUser)
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw Failure("idm's console needs a terminal; for scripts use the subcommands (`idm --help`).")
        }
        let backend = try CursesBackend()
        let console = try Console(session: session, size: backend.size)
        if let notice = backend.terminalNotice { console.showNotice(notice) }
        // Never printed while curses owns the screen: a readable database is a notice instead.
        if let warning = store.warning { console.showNotice("Warning: " + warning) }
        ConsoleLoop.run(console, backend: backend)
    }
}
