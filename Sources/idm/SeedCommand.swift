import ArgumentParser
import Foundation
import IDMStore

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill a new database with generated data.",
                                                    subcommands: [SeedDemo.self, SeedLarge.self])
}

struct SeedDemo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: "The demo directory: Northwind Partners, Acme Media, Globex Retail and their cast (see the README).")

    @Option(help: ArgumentHelp("The new database file.", valueName: "PATH")) var db: String

    func run() throws {
        if FileManager.default.fileExists(atPath: db) {
            throw ValidationError("\(db) already exists; seed a new file.")
        }
        try DemoSeed.seed(store: try Store(path: db))
        Stdout.line("Seeded the demo directory into \(db).")
    }
}

struct SeedLarge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "large",
        abstract: "A large deterministic directory for measuring: \(LargeSeed.reseller) (reseller) manages \(LargeSeed.bigAccount) and hundreds of small accounts.",
        discussion: """
            Defaults: 200,000 users, 20,000 groups, 100,000 API clients, 200,000 credentials, 500 managed accounts; \
            --users scales all of them. Most of it is in \(LargeSeed.bigAccount). Open it as `\(LargeSeed.adminLogin)` \
            (Admin of \(LargeSeed.bigAccount)) or `\(LargeSeed.resellerLogin)` (Reseller Admin of \(LargeSeed.reseller)).
            """)

    @Option(help: ArgumentHelp("The new database file.", valueName: "PATH")) var db: String
    @Option(help: "Users in the directory; groups, clients, credentials and accounts scale with it.") var users: Int = 200_000

    func validate() throws {
        guard users >= 100 else { throw ValidationError("--users wants at least 100.") }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: db) {
            throw ValidationError("\(db) already exists; seed a new file.")
        }
        let size = LargeSeed.Size(users: users)
        let started = Date()
        func say(_ line: String) {
            Stdout.line(String(format: "%7.1fs  ", Date().timeIntervalSince(started)) + line)
            fflush(stdout)
        }
        say("seeding \(db): \(size.users) users, \(size.groups) groups, \(size.clients) API clients, \(size.credentials) credentials, \(size.managedAccounts) managed accounts")
        let report = try LargeSeed.seed(store: try Store(path: db), size: size, progress: say)
        say("done: \(report.accounts) accounts, \(report.users) users, \(report.groups) groups, \(report.roles) roles, " +
            "\(report.clients) API clients, \(report.credentials) credentials; \(LargeSeed.bigAccount): \(report.bigAccountUsers) users, " +
            "\(report.bigAccountClients) API clients")
        Stdout.line("Open it: idm --db \(db) --as \(LargeSeed.adminLogin)   (or --as \(LargeSeed.resellerLogin) --account \"\(LargeSeed.bigAccount)\")")
    }
}
