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

    @Flag(help: "Use the demo database that `idm demo` made ($XDG_DATA_HOME/idm/demo.sqlite) instead of --db.")
    var demo = false

    var databasePath: String { demo ? Paths.demoDatabase : db ?? Paths.defaultDatabase }

    func validate() throws {
        if demo && db != nil { throw ValidationError("--demo and --db name two databases; give one of them.") }
    }

    /// `--demo` before `idm demo` ever ran: say how to make it, not how to make a new directory.
    private func checkDemoExists() throws {
        if demo && !FileManager.default.fileExists(atPath: databasePath) {
            throw IDMError.notFound("No demo database yet at \(databasePath). `idm demo` creates it (and opens it as alice).")
        }
    }

    /// The existing database: a missing file is an error that says how to make one. A database
    /// others can read gets its one-line warning here, on stderr, before anything (a console)
    /// takes the terminal.
    func openStore() throws -> Store {
        try checkDemoExists()
        let store = try Store(path: databasePath, create: false)
        if let warning = store.warning { Stderr.line("Warning: \(warning)") }
        return store
    }

    /// The existing database, read-only, for the commands that only read: no WAL setup and no
    /// migration, so nothing waits for another process's write lock. It refuses a schema older
    /// than this binary's ("run any changing idm command once to upgrade it").
    func openStoreForReading() throws -> Store {
        try checkDemoExists()
        let store = try Store(path: databasePath, readOnly: true)
        if let warning = store.warning { Stderr.line("Warning: \(warning)") }
        return store
    }

    /// The acting user: `--as`, else the user bound to the operating-system login. The trust
    /// model (README, "Who may say --as"): the owner of the database file can act as anyone, as
    /// root can, so `--as` naming another login than the one bound to the caller is refused for
    /// anyone else; an event acted this way records the OS user.
    func actorRef(_ store: Store) throws -> ActorRef {
        let owner = try DirectoryService(store: store).databaseOwner()
        return try store.read { db in
            let login: String
            var osUser: String?
            if let actor {
                login = actor
                let os = Paths.osLogin
                let bound = try Q.user(db, osLogin: os)
                if bound?.login.caseInsensitiveCompare(actor) != .orderedSame {
                    guard owner == getuid() else {
                        let you = bound.map { "your login \(os) is bound to \($0.login)" } ?? "your login \(os) is bound to no idm user"
                        throw IDMError.denied("--as \(Output.safe(actor)): \(you); only the owner of \(databasePath) may act as another user.")
                    }
                    osUser = os
                }
            } else {
                let os = Paths.osLogin
                guard let bound = try Q.user(db, osLogin: os) else {
                    throw IDMError.noActor("No idm user is bound to your login \"\(os)\". Name one with --as LOGIN.")
                }
                login = bound.login
            }
            guard let user = try Q.user(db, login: login) else {
                throw IDMError.noActor("No user \"\(login)\" in \(databasePath). `idm users list --as LOGIN` shows who exists.")
            }
            // Only a login that names a user goes into the log (never a typed value that named nothing).
            Log.login = user.login
            guard let key = account else { return ActorRef(login: user.login, osUser: osUser) }
            guard let target = try Q.account(db, named: key) else { throw IDMError.notFound("No account \"\(key)\".") }
            return ActorRef(login: user.login, accountID: target.id, osUser: osUser)
        }
    }

    /// The actor resolved in their account (checked: a reseller may browse only what it manages).
    func context(_ store: Store) throws -> ActorContext {
        try DirectoryService(store: store).context(try actorRef(store))
    }
}
