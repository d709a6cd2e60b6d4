import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the console on the demo directory (created on first use).",
        discussion: "Other commands reach the same database with --demo: `idm users list --demo --as alice`.")

    @Flag(help: "Throw the demo database away and seed it anew.") var reset = false
    @Option(name: .customLong("as"), help: ArgumentHelp("Who to be: alice, ivan, nora, mike, pat, vera, rhea ...", valueName: "LOGIN"))
    var actor: String = "alice"
    @Option(help: ArgumentHelp("The demo database file (default: $XDG_DATA_HOME/idm/demo.sqlite).", valueName: "PATH"))
    var db: String?
    @Option(help: ArgumentHelp("The account to act in (rhea, the reseller, browsing Acme Media or Globex Retail).", valueName: "NAME|ID"))
    var account: String?

    func run() throws {
        let path = db ?? Paths.demoDatabase
        let fm = FileManager.default
        if reset && fm.fileExists(atPath: path) {
            try Self.checkIsDemo(path)
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        }
        if !fm.fileExists(atPath: path) {
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let tmp = path + ".new"
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
            let store = try Store(path: tmp)
            try DemoSeed.seed(store: store)
            try store.checkpoint()
            try fm.moveItem(atPath: tmp, toPath: path)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
        }
        let store = try Store(path: path, create: false)
        var accountID: AccountID?
        if let account {
            guard let found = try store.read({ db in try Q.account(db, named: account) }) else {
                throw IDMError.notFound("No account \"\(Output.safe(account))\" in the demo. Try \(DemoSeed.acme), \(DemoSeed.globex) or \(DemoSeed.northwind).")
            }
            accountID = found.id
        }
        // The demo belongs to whoever runs it, who acts as the cast without being bound to them.
        try ConsoleLauncher.run(databasePath: path, store: store, login: actor, account: accountID,
                                origin: Origin(osUser: Paths.osLogin))
    }

    /// `--reset --db PATH` deletes PATH: only when it holds the demo's three accounts, never a
    /// real directory named by mistake.
    static func checkIsDemo(_ path: String) throws {
        let store = try Store(path: path, readOnly: true)
        let names = try store.read { db in
            try [DemoSeed.acme, DemoSeed.globex, DemoSeed.northwind].filter { try Q.account(db, named: $0) != nil }
        }
        guard names.count == 3 else {
            throw Failure("\(Output.safe(path)) is not a demo database (it lacks \(DemoSeed.acme), \(DemoSeed.globex) and \(DemoSeed.northwind)); --reset deletes only a demo.")
        }
    }
}
