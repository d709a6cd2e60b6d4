import Foundation
import GRDB

/// The directory's SQLite file. Writers take the write lock at once (`BEGIN IMMEDIATE`), so two
/// processes never both read-then-fail to upgrade; readers never block writers (WAL); every
/// commit is on disk before it returns (`synchronous=FULL`), so a dropped SSH session loses no
/// committed change.
public final class Store: @unchecked Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (and creates or migrates) the database at `path`.
    public init(path: String, create: Bool = true) throws {
        let fm = FileManager.default
        if !create && !fm.fileExists(atPath: path) {
            throw IDMError.noDatabase(path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !fm.fileExists(atPath: directory) {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.path = path
        self.pool = try DatabasePool(path: path, configuration: config)
        // GRDB sets NORMAL on the writer when it turns WAL on, after prepareDatabase: FULL has
        // to come after. NORMAL could lose the last commits on a power cut; FULL cannot.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Migrations.migrator.migrate(pool)
    }

    /// A read in a snapshot: what it sees is consistent even while another process writes.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// One write transaction, `BEGIN IMMEDIATE`: all of `body` commits, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Writes the WAL into the main file, e.g. before copying the file.
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
