import ArgumentParser
import Foundation
import IDMStore

/// `idm` alone: the console on the default database, as the user bound to this login.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open",
        abstract: "Open the console (the default when no command is given).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        try ConsoleLauncher.run(databasePath: global.databasePath, login: actor.login, account: actor.accountID)
    }
}

/// Starts the full-screen console. Until it exists (the console issue), says what it would open.
enum ConsoleLauncher {
    static func run(databasePath: String, login: String, account: Int64?) throws {
        let store = try Store(path: databasePath, create: false)
        let ctx = try DirectoryService(store: store).context(ActorRef(login: login, accountID: account))
        print("idm: \(databasePath) as \(ctx.login) in \(ctx.account.name).")
        print("The full-screen console is not built yet; try `idm clients list --db \(databasePath) --as \(ctx.login)`.")
    }
}
