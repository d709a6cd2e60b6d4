import ArgumentParser
import Foundation
import IDMStore

/// `idm backup FILE`: a consistent copy of the live database, taken through SQLite's online
/// backup API while other processes keep reading and writing (it never waits for their write
/// lock). The copy is mode 0600, one self-contained file, and an existing FILE is kept unless
/// `--replace`. Who may back up is who may read the database file: the copy holds what it holds.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database, online and consistent, to FILE (mode 0600).",
        discussion: "Uses SQLite's backup API: other idm processes and the console may keep working meanwhile. " +
            "Put the copy back with `idm restore FILE --db PATH`.")

    @Argument(help: ArgumentHelp("The backup file to write.", valueName: "FILE")) var file: String
    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String?
    @Flag(help: "Overwrite FILE if it exists.") var replace = false

    func run() throws {
        let source = db ?? Paths.defaultDatabase
        let summary = try Backup.backup(database: source, to: file, replace: replace)
        Stdout.line("Backed up \(source) to \(file): \(summary.auditEvents) audit events, \(summary.bytes) bytes, mode 0600.")
    }
}

/// `idm restore FILE --db PATH`: puts a backup in place, after checking it is an idm database
/// that passes `PRAGMA integrity_check` and that no newer idm migrated it, and only while no other
/// process (a console, a running command) has the database open. Atomic: a temporary copy is
/// renamed over the database, so a failure leaves the old one as it was.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database at PATH with the backup FILE, when nothing else has it open.",
        discussion: "FILE must be an idm database (from `idm backup`) that passes SQLite's integrity check. " +
            "The database is replaced atomically and is mode 0600; one made by an older idm is upgraded.")

    @Argument(help: ArgumentHelp("The backup file to restore.", valueName: "FILE")) var file: String
    @Option(help: ArgumentHelp("The database file to replace (or create).", valueName: "PATH")) var db: String

    func run() throws {
        let summary = try Backup.restore(from: file, to: db)
        Stdout.line("Restored \(db) from \(file): \(summary.auditEvents) audit events.")
    }
}
