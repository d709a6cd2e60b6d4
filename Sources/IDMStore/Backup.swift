import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `idm backup` and `idm restore`: whole-database copies through SQLite's online backup API.
///
/// A backup reads the live database in one read transaction (all pages in one backup step), so
/// it is a consistent snapshot even while other processes write, and it never takes the write
/// lock. Both directions write a temporary file (0600, in the destination's directory), check
/// it, and only then move it into place, so a failure leaves the destination as it was.
public enum Backup {
    /// What a copy holds, for the command's one-line report.
    public struct Summary: Equatable, Sendable {
        public let bytes: Int64
        public let auditEvents: Int
        public let migrations: [String]
    }

    /// Copies the database at `source` to `destination` (mode 0600, rollback-journal mode so the
    /// copy is one self-contained file). Refuses an existing destination unless `replace`.
    @discardableResult
    public static func backup(database source: String, to destination: String, replace: Bool = false) throws -> Summary {
        guard FileManager.default.fileExists(atPath: source) else { throw IDMError.noDatabase(source) }
        var st = stat()
        if lstat(destination, &st) == 0 {
            guard replace else { throw StoreError.exists(path: destination) }
            guard st.st_mode & FileModes.S_IFMT_ == FileModes.S_IFREG_ else {
                throw StoreError.file("\(destination) is not a regular file; give the path of a backup file.")
            }
            if samePath(source, destination) { throw StoreError.file("\(destination) is the database itself; choose another file.") }
        }
        try FileModes.makeParentDirectories(of: destination)
        let temp = try temporaryFile(next: destination)
        do {
            let reader = try Store.openReadOnly(source)
            guard try reader.read({ db in try db.tableExists("grdb_migrations") }) else {
                throw StoreError.notIDMDatabase(path: source, reason: "it has no grdb_migrations table")
            }
            let summary = try copy(from: reader, to: temp, checkedAs: destination, refuseNewer: false)
            try reader.close()
            try install(temp, at: destination, replace: replace)
            return summary
        } catch {
            removeTemporary(temp)
            throw error
        }
    }

    /// Puts the backup `file` in place as the database at `database`, after checking that it
    /// is an idm database (it has the migrations table), that it passes `PRAGMA integrity_check`
    /// and that no newer idm migrated it, and only when no other process has the database open.
    /// The restored file is 0600 (and keeps the replaced file's owner when run as root), then
    /// opened read-write once, which migrates it if it is older than this binary.
    @discardableResult
    public static func restore(from file: String, to database: String) throws -> Summary {
        var st = stat()
        guard stat(file, &st) == 0 else { throw StoreError.file("Cannot read \(file): \(String(cString: strerror(errno))).") }
        guard st.st_mode & FileModes.S_IFMT_ == FileModes.S_IFREG_ else { throw StoreError.file("\(file) is not a regular file.") }
        if samePath(file, database) { throw StoreError.file("\(file) is the database itself; nothing to restore.") }
        try FileModes.makeParentDirectories(of: database)
        let temp = try temporaryFile(next: database)
        do {
            let reader: DatabasePool
            do {
                reader = try Store.openReadOnly(file)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notIDMDatabase(path: file, reason: "it is not an SQLite database")
            }
            let summary = try copy(from: reader, to: temp, checkedAs: file, refuseNewer: true)
            try reader.close()
            var target = stat()
            if lstat(database, &target) == 0 {
                guard target.st_mode & FileModes.S_IFMT_ == FileModes.S_IFREG_ else {
                    throw StoreError.file("\(database) is not a regular file.")
                }
                if target.st_uid != geteuid() || target.st_gid != getegid() {
                    _ = chown(temp, target.st_uid, target.st_gid)  // succeeds for root; else the file is ours
                }
                try replaceUnused(database, with: temp)
            } else {
                try clearOrphanedSideFiles(of: database)
                try install(temp, at: database, replace: false)
            }
            // Opened once read-write: WAL mode again, and migrated if the backup is older.
            _ = try Store(path: database, create: false)
            return summary
        } catch {
            removeTemporary(temp)
            throw error
        }
    }

    // MARK: - Steps

    /// Copies `reader` into the (empty, 0600) file `temp` with the backup API, then checks the
    /// copy: the migrations table, `PRAGMA integrity_check`, and (for a restore) no migration
    /// this binary does not know. `name` is the path the messages give.
    private static func copy(from reader: DatabasePool, to temp: String, checkedAs name: String, refuseNewer: Bool) throws -> Summary {
        let queue = try DatabaseQueue(path: temp)
        do {
            do {
                try reader.backup(to: queue)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notIDMDatabase(path: name, reason: "it is not an SQLite database")
            }
            let summary: Summary = try queue.writeWithoutTransaction { db in try check(db, name: name, refuseNewer: refuseNewer) }
            try queue.close()
            try syncFile(temp)
            var st = stat()
            _ = stat(temp, &st)
            return Summary(bytes: Int64(st.st_size), auditEvents: summary.auditEvents, migrations: summary.migrations)
        } catch {
            try? queue.close()
            throw error
        }
    }

    /// The checks of a copy, then rollback-journal mode. A page too damaged to read is reported
    /// as damage, like what `integrity_check` finds.
    private static func check(_ db: Database, name: String, refuseNewer: Bool) throws -> Summary {
        do {
            guard try db.tableExists("grdb_migrations") else {
                throw StoreError.notIDMDatabase(path: name, reason: "it has no grdb_migrations table")
            }
            let report = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard report == ["ok"] else {
                throw StoreError.damaged(path: name, report: report.prefix(3).joined(separator: "; "))
            }
            if refuseNewer { _ = try Store.checkSchema(db, path: name, requireCurrent: false) }
            // One file, no -wal beside it: a backup is moved and copied as a single file.
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            let events = try db.tableExists("audit_event") ? try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? 0 : 0
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            return Summary(bytes: 0, auditEvents: events, migrations: migrations)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            if error.resultCode == .SQLITE_NOTADB { throw StoreError.notIDMDatabase(path: name, reason: "it is not an SQLite database") }
            throw StoreError.damaged(path: name, report: error.message ?? "database disk image is malformed")
        }
    }

    /// Replaces the database at `path` with `temp`, while holding it alone. An idle connection in
    /// WAL mode holds no lock a plain `BEGIN EXCLUSIVE` would see, but it keeps a shared lock on
    /// the database file, so in exclusive locking mode the switch to `journal_mode=DELETE` (which
    /// needs that file to itself) and `BEGIN EXCLUSIVE` fail when any other process has it open.
    /// Leaving WAL mode also checkpoints and removes the old `-wal` and `-shm`, so no side file
    /// of the replaced database is left to be applied to the restored one.
    private static func replaceUnused(_ path: String, with temp: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(1)
        let lock: DatabaseQueue
        do {
            lock = try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError.inUse(path: path)
        }
        defer { try? lock.close() }
        try lock.writeWithoutTransaction { db in
            do {
                try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                guard mode == "delete" else { throw StoreError.inUse(path: path) }
                try db.execute(sql: "BEGIN EXCLUSIVE")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                throw StoreError.inUse(path: path)
            }
            defer { try? db.execute(sql: "ROLLBACK") }
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            if rename(temp, path) != 0 {
                throw StoreError.file("Cannot replace \(path): \(String(cString: strerror(errno))).")
            }
            syncDirectory(FileModes.directory(of: path))
        }
    }

    /// A `-wal` with no database beside it would be applied to the restored file: refused when it
    /// holds anything, removed when empty (with any `-shm`).
    private static func clearOrphanedSideFiles(of path: String) throws {
        var st = stat()
        if lstat(path + "-wal", &st) == 0 {
            guard st.st_size == 0 else {
                throw StoreError.file("\(path)-wal exists without its database; move it away before restoring to \(path).")
            }
            unlink(path + "-wal")
        }
        unlink(path + "-shm")
    }

    /// Moves `temp` to `path`: over it with `replace`, else only if nothing is there (link(2)
    /// fails on an existing name, so a file that appeared meanwhile is not overwritten).
    private static func install(_ temp: String, at path: String, replace: Bool) throws {
        if replace {
            guard rename(temp, path) == 0 else { throw StoreError.file("Cannot write \(path): \(String(cString: strerror(errno))).") }
        } else {
            if link(temp, path) != 0 {
                if errno == EEXIST { throw StoreError.exists(path: path) }
                throw StoreError.file("Cannot write \(path): \(String(cString: strerror(errno))).")
            }
            unlink(temp)
        }
        syncDirectory(FileModes.directory(of: path))
    }

    // MARK: - Files

    /// An empty 0600 file next to `path` (same directory, so the final rename is atomic).
    private static func temporaryFile(next path: String) throws -> String {
        let dir = FileModes.directory(of: path)
        let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        for _ in 0..<8 {
            let temp = "\(dir == "/" ? "" : dir)/.\(base).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
            if try FileModes.createOwnerOnlyFile(temp) { return temp }
        }
        throw StoreError.file("Cannot create a temporary file in \(dir).")
    }

    private static func removeTemporary(_ temp: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temp + suffix) }
    }

    private static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.file("Cannot open \(path): \(String(cString: strerror(errno))).") }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        guard fsync(fd) == 0 else { throw StoreError.file("Cannot write \(path): \(String(cString: strerror(errno))).") }
    }

    private static func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func samePath(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
