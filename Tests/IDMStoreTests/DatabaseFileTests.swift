import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The database file: owner-only modes, the warning for a readable one, read-only opens that
/// never wait for a writer, refusing a schema from a newer idm, backup and restore.
final class DatabaseFileTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func mode(_ path: String) -> mode_t? { FileModes.mode(of: path) }

    /// A seeded database at `path`, with every connection closed again and no -wal beside it:
    /// a file copied alone, or one an idm before persistent WAL closed (the hardest case for a
    /// reader: it has to make the -wal itself).
    func seededDatabase(_ name: String = "idm.sqlite") throws -> String {
        let path = folder.appendingPathComponent(name).path
        do {
            let store = try Store(path: path)
            try DemoSeed.seed(store: store, now: TestDirectory.now)
        }
        XCTAssertEqual(unlink(path + "-wal"), 0, "closed, the -wal is kept (persistent WAL)")
        return path
    }

    /// A connection holding the write lock (`BEGIN IMMEDIATE`) until `release`.
    func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: path, configuration: config)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        return holder
    }

    func release(_ holder: DatabaseQueue) throws {
        try holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try holder.close()
    }

    func walSize(_ path: String) -> Int64? {
        var st = stat()
        return stat(path + "-wal", &st) == 0 ? Int64(st.st_size) : nil
    }

    // MARK: - Modes

    func testNewDatabaseSideFilesAndDirectoriesAreOwnerOnlyWhateverTheUmask() throws {
        for mask: mode_t in [0o022, 0o000] {
            let old = umask(mask)
            defer { umask(old) }
            let path = folder.appendingPathComponent("umask-\(String(mask, radix: 8))/nested/idm.sqlite").path
            let store = try Store(path: path)
            try DemoSeed.seed(store: store, now: TestDirectory.now)
            // The store is open and has written: its -wal and -shm exist.
            for file in [path, path + "-wal", path + "-shm"] {
                XCTAssertEqual(mode(file), 0o600, "\(file) under umask \(String(mask, radix: 8))")
            }
            XCTAssertEqual(mode((path as NSString).deletingLastPathComponent), 0o700)
            XCTAssertEqual(mode(((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent), 0o700)
            XCTAssertNil(store.warning, "a database this process created needs no warning")
            // A read-only open creates the -wal and -shm itself when they are missing: 0600 too.
            let reader = try Store(path: path, readOnly: true)
            _ = try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") }
            XCTAssertEqual(mode(path + "-shm"), 0o600)
        }
    }

    func testAnExistingSharedDirectoryIsLeftAsItIs() throws {
        XCTAssertEqual(chmod(folder.path, 0o755), 0)
        _ = try Store(path: folder.appendingPathComponent("idm.sqlite").path)
        XCTAssertEqual(mode(folder.path), 0o755)
    }

    func testWiderSideFilesLeftBehindAreNarrowedToTheDatabaseMode() throws {
        let path = try seededDatabase()
        XCTAssertNil(walSize(path))
        for suffix in ["-wal", "-shm"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: path + suffix, contents: Data()))
            XCTAssertEqual(chmod(path + suffix, 0o644), 0)
        }
        let store = try Store(path: path, create: false)
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") }, 9)
        XCTAssertEqual(mode(path + "-wal"), 0o600)
        XCTAssertEqual(mode(path + "-shm"), 0o600)
    }

    func testOpeningAnExistingDatabaseAgainWritesNothing() throws {
        let path = try seededDatabase()
        _ = try Store(path: path, create: false)   // makes the -wal once; kept when it closes
        let files = [path, path + "-wal"]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        XCTAssertGreaterThan(before[1].count, 0, "the -wal is kept, not deleted or emptied")
        // Without a -wal to find, GRDB writes a transaction of its own at every open, and that
        // first write to a new -wal waits for an fsync: part of every start.
        let store = try Store(path: path, create: false)
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") }, 9)
        XCTAssertEqual(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }, before, "nothing written")
        // The database file alone is complete: every frame of the kept -wal is in it already.
        let copy = folder.appendingPathComponent("alone.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let alone = try Store(path: copy, readOnly: true)
        XCTAssertEqual(try alone.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") }, 9)
    }

    func testANewDatabaseWhereOneWasDeletedAloneIgnoresItsKeptWAL() throws {
        let path = folder.appendingPathComponent("again.sqlite").path
        do {
            let store = try Store(path: path)
            try DemoSeed.seed(store: store, now: TestDirectory.now)
        }
        XCTAssertGreaterThan(walSize(path) ?? 0, 0, "the -wal is kept when it closes")
        XCTAssertEqual(unlink(path), 0, "the database deleted, its -wal left")
        let fresh = try Store(path: path)
        try fresh.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "PRAGMA integrity_check"), ["ok"])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM user"), 0, "a new, empty directory")
        }
    }

    func testAGroupOrWorldReadableDatabaseGetsOneWarningAtOpen() throws {
        let path = try seededDatabase()
        XCTAssertEqual(chmod(path, 0o644), 0)
        let first = try Store(path: path, create: false)
        let warning = try XCTUnwrap(first.warning)
        XCTAssertTrue(warning.contains("\(path) is readable by others (mode 0644)"), warning)
        XCTAssertTrue(warning.contains("chmod 600 \(path)"), warning)
        XCTAssertFalse(warning.contains("\n"), "one line")
        XCTAssertNil(try Store(path: path, create: false).warning, "once per process")
        XCTAssertNil(try Store(path: path, readOnly: true).warning)
        XCTAssertEqual(mode(path), 0o644, "the warning changes nothing")

        let group = try seededDatabase("group.sqlite")
        XCTAssertEqual(chmod(group, 0o640), 0)
        XCTAssertTrue(try XCTUnwrap(Store(path: group, readOnly: true).warning).contains("(mode 0640)"))

        let own = try seededDatabase("own.sqlite")
        XCTAssertNil(try Store(path: own, create: false).warning)
    }

    // MARK: - Reads never write

    func testReadOnlyOpenAnswersWhileAnotherConnectionHoldsTheWriteLock() throws {
        let path = try seededDatabase()
        let holder = try holdWriteLock(path)
        defer { try? release(holder) }
        XCTAssertEqual(walSize(path) ?? 0, 0, "the write lock is held and the -wal is empty: the state that used to time out")

        let start = Date()
        let store = try Store(path: path, readOnly: true)
        let users = try store.read { db in try Q.users(db, account: try Q.account(db, named: DemoSeed.acme)!.id).count }
        let context = try DirectoryService(store: store).context(ActorRef(login: "alice"))
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(users, 6)
        XCTAssertEqual(context.user.login, "alice")
        XCTAssertLessThan(elapsed, 3, "a read-only open takes no lock a writer holds (took \(elapsed) s)")
        XCTAssertEqual(walSize(path) ?? 0, 0, "and it wrote nothing")
    }

    func testReadOnlyOpenWritesNothingAndRefusesChanges() throws {
        let path = try seededDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try Store(path: path, readOnly: true)
        XCTAssertTrue(store.isReadOnly)
        let service = DirectoryService(store: store, clock: { TestDirectory.now })
        let alice = ActorRef(login: "alice")
        let nora = try store.read { db in try Q.user(db, login: "nora")! }
        XCTAssertThrowsError(try service.lockUser(alice, user: nora.id, expectedVersion: nora.version))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(walSize(path) ?? 0, 0)
        XCTAssertThrowsError(try Store(path: folder.appendingPathComponent("missing.sqlite").path, readOnly: true)) { error in
            XCTAssertEqual(error as? IDMError, .noDatabase(self.folder.appendingPathComponent("missing.sqlite").path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing.sqlite").path))
    }

    func testReadOnlyOpenRefusesAnOlderSchemaAndAReadWriteOpenUpgradesIt() throws {
        let path = folder.appendingPathComponent("old.sqlite").path
        let known = Migrations.migrator.migrations
        XCTAssertGreaterThan(known.count, 1)
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: known[known.count - 2])
        }
        XCTAssertThrowsError(try Store(path: path, readOnly: true)) { error in
            XCTAssertEqual(error as? StoreError, .olderSchema(path: path, missing: known.last!))
            XCTAssertTrue("\(error)".contains("run any changing idm command once to upgrade"), "\(error)")
        }
        _ = try Store(path: path, create: false)
        XCTAssertNoThrow(try Store(path: path, readOnly: true))
    }

    // MARK: - A newer idm's database

    func testADatabaseMigratedByANewerIdmIsRefusedBeforeAnyMigration() throws {
        let path = try seededDatabase()
        do {
            let raw = try DatabaseQueue(path: path)
            try raw.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
                try db.execute(sql: "CREATE TABLE future_thing (id INTEGER PRIMARY KEY)")
            }
        }
        let schema = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT coalesce(sql, name) FROM sqlite_master ORDER BY name") }
        for open in [{ try Store(path: path, create: false) }, { try Store(path: path, readOnly: true) }] {
            XCTAssertThrowsError(try open()) { error in
                XCTAssertEqual(error as? StoreError, .newerSchema(path: path, migration: "v99-from-the-future"))
                XCTAssertEqual("\(error)", "\(path) was upgraded by a newer idm (migration v99-from-the-future); use that version.")
            }
        }
        XCTAssertEqual(try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT coalesce(sql, name) FROM sqlite_master ORDER BY name") },
                       schema, "nothing was migrated")
    }

    // MARK: - Backup and restore

    /// Every row of every table, as text, table by table: equal for equal databases.
    func contents(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.flatMap { table -> [String] in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"")
                return rows.map { "\(table): \($0.description)" }.sorted()
            } + String.fetchAll(db, sql: "SELECT coalesce(sql, '') FROM sqlite_master ORDER BY name")
        }
    }

    func testBackupAndRestoreRoundTrip() throws {
        let path = try seededDatabase()
        let copy = folder.appendingPathComponent("backups/copy.sqlite").path
        let summary = try Backup.backup(database: path, to: copy)
        XCTAssertEqual(mode(copy), 0o600)
        XCTAssertEqual(mode((copy as NSString).deletingLastPathComponent), 0o700)
        XCTAssertGreaterThan(summary.auditEvents, 20)
        XCTAssertEqual(summary.migrations, Migrations.migrator.migrations)
        XCTAssertEqual(try contents(copy), try contents(path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy + "-wal"), "one self-contained file")

        XCTAssertThrowsError(try Backup.backup(database: path, to: copy)) { error in
            XCTAssertEqual(error as? StoreError, .exists(path: copy))
        }
        // Changed after the backup, then restored: the backup's data comes back.
        let store = try Store(path: path, create: false)
        let service = DirectoryService(store: store, clock: { TestDirectory.now })
        let nora = try store.read { db in try Q.user(db, login: "nora")! }
        try service.lockUser(ActorRef(login: "alice"), user: nora.id, expectedVersion: nora.version)
        XCTAssertNotEqual(try contents(path), try contents(copy))
        XCTAssertNoThrow(try Backup.backup(database: path, to: copy, replace: true))
        XCTAssertEqual(try contents(copy), try contents(path))
        let locked = try contents(copy)

        let restoredPath = folder.appendingPathComponent("restored/idm.sqlite").path
        try Backup.restore(from: copy, to: restoredPath)
        XCTAssertEqual(mode(restoredPath), 0o600)
        XCTAssertEqual(try contents(restoredPath), locked)
        XCTAssertEqual(try Store(path: restoredPath, readOnly: true).read { db in try Q.user(db, login: "nora")!.locked }, true)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: (restoredPath as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix(".") }, [], "no temporary file left")
    }

    func testBackupIsOnlineWhileAnotherConnectionHoldsTheWriteLock() throws {
        let path = try seededDatabase()
        let holder = try holdWriteLock(path)
        defer { try? release(holder) }
        let start = Date()
        try Backup.backup(database: path, to: folder.appendingPathComponent("copy.sqlite").path)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    func testRestoreIsRefusedWhileAnotherConnectionHasTheDatabaseOpen() throws {
        let path = try seededDatabase()
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try Backup.backup(database: path, to: copy)
        let original = try contents(path)

        // An idle connection (a console between keys): it holds no transaction.
        let idle = try DatabaseQueue(path: path)
        _ = try idle.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") }
        XCTAssertThrowsError(try Backup.restore(from: copy, to: path)) { error in
            XCTAssertEqual(error as? StoreError, .inUse(path: path))
            XCTAssertTrue("\(error)".contains("in use by another process"), "\(error)")
        }
        try idle.close()
        // A writer in the middle of a transaction.
        let holder = try holdWriteLock(path)
        XCTAssertThrowsError(try Backup.restore(from: copy, to: path)) { error in
            XCTAssertEqual(error as? StoreError, .inUse(path: path))
        }
        try release(holder)
        XCTAssertEqual(try contents(path), original)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }, [])

        // Alone: restored, and it keeps its 0600.
        XCTAssertNoThrow(try Backup.restore(from: copy, to: path))
        XCTAssertEqual(mode(path), 0o600)
        XCTAssertEqual(try contents(path), try contents(copy))
    }

    func testRestoreChecksTheFileFirst() throws {
        let path = try seededDatabase()
        let original = try contents(path)

        let text = folder.appendingPathComponent("notes.txt").path
        try Data("not a database at all, but long enough to look like a header to nobody".utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try Backup.restore(from: text, to: path)) { error in
            XCTAssertEqual(error as? StoreError, .notIDMDatabase(path: text, reason: "it is not an SQLite database"))
        }

        let other = folder.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
        XCTAssertThrowsError(try Backup.restore(from: other, to: path)) { error in
            XCTAssertEqual(error as? StoreError, .notIDMDatabase(path: other, reason: "it has no grdb_migrations table"))
        }

        let newer = folder.appendingPathComponent("newer.sqlite").path
        try Backup.backup(database: path, to: newer)
        try DatabaseQueue(path: newer).write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        XCTAssertThrowsError(try Backup.restore(from: newer, to: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(path: newer, migration: "v99-from-the-future"))
        }

        let damaged = folder.appendingPathComponent("damaged.sqlite").path
        try Backup.backup(database: path, to: damaged)
        try corruptAPage(damaged)
        XCTAssertThrowsError(try Backup.restore(from: damaged, to: path)) { error in
            guard case .damaged(let p, _)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(p, damaged)
        }

        XCTAssertEqual(try contents(path), original, "every refusal left the database as it was")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }, [])
    }

    /// Scribbles over the cell area of the user table's root page: the file still opens, and
    /// `integrity_check` (or reading the page) finds it.
    func corruptAPage(_ path: String) throws {
        let (page, size) = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'user'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((page - 1) * size))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: size))
        try handle.close()
    }
}
