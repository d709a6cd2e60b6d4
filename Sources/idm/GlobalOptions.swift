import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// The options every command takes: which database, who acts, in which account.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "PATH"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user (default: the user bound to your login).", valueName: "LOGIN"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("The account to act in (a reseller browsing a managed account).", valueName: "NAME|ID"))
    var account: String?

    var databasePath: String { db ?? Paths.defaultDatabase }

    /// The existing database: a missing file is an error that says how to make one.
    func openStore() throws -> Store {
        try Store(path: databasePath, create: false)
    }

    /// The acting user: `--as`, else the user bound to the operating-system login.
    func actorRef(_ store: Store) throws -> ActorRef {
        try store.read { db in
            let login: String
            if let actor {
                login = actor
            } else {
                let os = Paths.osLogin
                guard let bound = try Q.user(db, osLogin: os) else {
                    throw IDMError.noActor("No idm user is bound to your login \"\(os)\". Name one with --as LOGIN.")
                }
                login = bound.login
            }
            Log.login = login
            guard let user = try Q.user(db, login: login) else {
                throw IDMError.noActor("No user \"\(login)\" in \(databasePath). `idm users list --as LOGIN` shows who exists.")
            }
            guard let key = account else { return ActorRef(login: user.login) }
            guard let target = try Q.account(db, named: key) else { throw IDMError.notFound("No account \"\(key)\".") }
            return ActorRef(login: user.login, accountID: target.id)
        }
    }

    /// The actor resolved in their account (checked: a reseller may browse only what it manages).
    func context(_ store: Store) throws -> ActorContext {
        try DirectoryService(store: store).context(try actorRef(store))
    }
}
