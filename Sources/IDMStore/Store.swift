import Foundation
import GRDB

/// The directory's SQLite file. Writers take the write lock at once (`BEGIN IMMEDIATE`), so two
/// processes never both read-then-fail to upgrade; readers never block writers (WAL); every
/// commit is on disk before it returns (`synchronous=FULL`), so a dropped SSH session loses no
/// committed change.
///
/// Files: a database this process creates is 0600 in directories it creates 0700, and so are
/// its `-wal` and `-shm` (see `FileModes`). Opening an existing database that others can read
/// gives a one-line `warning`; the store never prints it (the console may own the screen), its
/// caller does.
///
/// Two ways to open: read-write (`init(path:create:)`), which sets WAL mode and migrates, and
/// read-only (`init(path:readOnly: true)`), which writes nothing at all, so that it answers at
/// once while another process holds the write lock. A read-only open refuses a schema older
/// than this binary's (it cannot migrate); both refuse one a newer idm migrated.
public final class Store: @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    /// Opened with `readOnly: true`: every write fails.
    public let isReadOnly: Bool
    /// "PATH is readable by others (mode 0644); ... run chmod 600 PATH" when the database existed
    /// with group or other read permission; given once per path and process (nil for a later
    /// open of the same file), so the caller prints it once.
    public let warning: String?

    /// Opens (and creates or migrates) the database at `path`; with `readOnly`, opens an
    /// existing one without writing to it (no WAL setup, no migration).
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: path)
        if (!create || readOnly) && !exists {
            throw IDMError.noDatabase(path)
        }
        self.path = path
        self.isReadOnly = readOnly
        if readOnly {
            warning = Store.warnOnce(path)
            pool = try Store.openReadOnly(path)
            try pool.read { db in _ = try Store.checkSchema(db, path: path, requireCurrent: true) }
            return
        }
        var created = false
        if !exists {
            // A -wal or -shm with no database beside it is what is left of a database deleted
            // alone (`rm idm.sqlite`): its frames belong to that file, and SQLite would apply
            // them to the new one. The database they belonged to is gone, so are they.
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            try FileModes.makeParentDirectories(of: path)
            // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm it creates the
            // database file's mode, so they are owner-only from the start.
            created = try FileModes.createOwnerOnlyFile(path)
        }
        warning = created ? nil : Store.warnOnce(path)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            PersistentWAL.enable(db)
        }
        self.pool = try DatabasePool(path: path, configuration: config)
        // GRDB sets NORMAL on the writer when it turns WAL on, after prepareDatabase: FULL has
        // to come after. NORMAL could lose the last commits on a power cut; FULL cannot.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        // Before migrating: a database a newer idm migrated is refused, not half-used. And an
        // up-to-date one is not migrated at all (the migrator takes the write lock even when it
        // has nothing to do).
        let current = try pool.read { db in try Store.checkSchema(db, path: path, requireCurrent: false) }
        if !current { try Migrations.migrator.migrate(pool) }
        FileModes.narrowSideFiles(of: path)
    }

    /// A read in a snapshot: what it sees is consistent even while another process writes.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        readCounter.withLock { $0 += 1 }
        return try pool.read(body)
    }

    /// How many reads this store has served: the console's tests check that drawing a frame
    /// reads nothing (render is pure; reads are effects of update).
    public var readsServed: Int { readCounter.withLock { $0 } }
    private let readCounter = LockedCounter()

    /// One write transaction, `BEGIN IMMEDIATE`: all of `body` commits, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError.file("\(path) was opened read-only; this change needs a read-write open.") }
        return try pool.writeWithoutTransaction { db in
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
        guard !isReadOnly else { return }
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    // MARK: - Opening

    /// A pool that never writes: read-only connections, no WAL setup. A read-only connection to
    /// a WAL database still needs the `-shm` (and `-wal`): SQLite creates them when the directory
    /// lets it (with the database file's mode). When it cannot (a directory this user may not
    /// write, no side files there) and the `-wal` is missing or empty, the main file holds every
    /// committed transaction, and it is opened `immutable` (no locks, no side files). That is a
    /// fallback only: a writer that started meanwhile and checkpointed could change pages under
    /// the read, so the normal open is always tried first.
    static func openReadOnly(_ path: String, busyTimeout: TimeInterval = 10) throws -> DatabasePool {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.maximumReaderCount = 2
        // 8 MB of page cache instead of SQLite's 2: a listing in login order visits the rows of
        // `user` out of their file order, and with 2 MB most of its pages are read again for
        // the next page of the list (325,000 reads of the file for 190,000 users). 8 MB keeps a
        // command's peak memory under 64 MB.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -8192") }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR].contains(error.resultCode) {
            guard walIsEmpty(path), let uri = immutableURI(path) else { throw error }
            guard let pool = try? DatabasePool(path: uri, configuration: config),
                  (try? pool.read({ db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") })) != nil
            else { throw error }
            return pool
        }
    }

    /// No `-wal`, or an empty one: nothing committed lives outside the main file.
    static func walIsEmpty(_ path: String) -> Bool {
        var st = stat()
        if stat(path + "-wal", &st) != 0 { return errno == ENOENT }
        return st.st_size == 0
    }

    /// `file:PATH?immutable=1`, the path percent-encoded as SQLite's URI filenames want.
    static func immutableURI(_ path: String) -> String? {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        guard let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) else { return nil }
        return "file:\(encoded)?mode=ro&immutable=1"
    }

    /// Checks the migrations the file records against this binary's: throws for one it does not
    /// know (a newer idm's), and, with `requireCurrent`, for one it lacks. Returns whether every
    /// known migration has been applied.
    static func checkSchema(_ db: Database, path: String, requireCurrent: Bool) throws -> Bool {
        let known = Migrations.migrator.migrations
        guard try db.tableExists("grdb_migrations") else {
            if requireCurrent {
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                if tables > 0 { throw StoreError.notIDMDatabase(path: path, reason: "it has no grdb_migrations table") }
                throw StoreError.olderSchema(path: path, missing: known.first ?? "-")
            }
            return false
        }
        // A rowid table: rowid order is the order they were applied in.
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError.newerSchema(path: path, migration: unknown)
        }
        let missing = known.first(where: { !applied.contains($0) })
        if requireCurrent, let missing { throw StoreError.olderSchema(path: path, missing: missing) }
        return missing == nil
    }

    private static let warnedLock = NSLock()
    nonisolated(unsafe) private static var warned: Set<String> = []

    /// The readable-by-others warning, the first time this process opens `path`.
    private static func warnOnce(_ path: String) -> String? {
        guard let text = FileModes.readableByOthersWarning(path) else { return nil }
        let key = (path as NSString).standardizingPath
        warnedLock.lock()
        defer { warnedLock.unlock() }
        return warned.insert(key).inserted ? text : nil
    }
}

/// A counter several threads may bump.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func withLock<T>(_ body: (inout Int) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
