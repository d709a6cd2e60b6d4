import ArgumentParser
import Foundation
import IDMStore

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill a new database with generated data.",
                                                    subcommands: [SeedDemo.self])
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
        print("Seeded the demo directory into \(db).")
    }
}
