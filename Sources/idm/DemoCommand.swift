import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the console on the demo directory (created on first use).")

    @Flag(help: "Throw the demo database away and seed it anew.") var reset = false
    @Option(name: .customLong("as"), help: ArgumentHelp("Who to be: alice, ivan, nora, mike, pat, vera, rhea ...", valueName: "LOGIN"))
    var actor: String = "alice"

    func run() throws {
        let path = Paths.demoDatabase
        let fm = FileManager.default
        if reset {
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        }
        if !fm.fileExists(atPath: path) {
            let tmp = path + ".new"
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
            let store = try Store(path: tmp)
            try DemoSeed.seed(store: store)
            try store.checkpoint()
            try fm.moveItem(atPath: tmp, toPath: path)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
        }
        // The demo belongs to whoever runs it, who acts as the cast without being bound to them.
        try ConsoleLauncher.run(databasePath: path, login: actor, account: nil, origin: Origin(osUser: Paths.osLogin))
    }
}
