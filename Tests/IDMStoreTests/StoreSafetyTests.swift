import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// What keeps committed data safe: the connection settings and the append-only audit log.
final class StoreSafetyTests: XCTestCase {
    func testConnectionsUseWALFullSyncAndForeignKeys() throws {
        let dir = try TestDirectory(seeded: false)
        try dir.store.pool.write { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA journal_mode"), "wal")
            XCTAssertEqual(try Int.fetchOne(db, sql: "PRAGMA synchronous"), 2, "synchronous=FULL")
            XCTAssertEqual(try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), 1)
        }
    }

    func testAuditLogRefusesUpdateAndDeleteEvenFromRawSQL() throws {
        let dir = try TestDirectory()
        let before = try dir.auditCount()
        XCTAssertGreaterThan(before, 20, "the demo seed is written through the service, so it has a history")
        // A plain connection, as the sqlite3 shell would open it: the triggers are in the file.
        let raw = try DatabaseQueue(path: dir.path)
        XCTAssertThrowsError(try raw.write { db in try db.execute(sql: "UPDATE audit_event SET actor_login = 'mallory'") }) { error in
            XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
        }
        XCTAssertThrowsError(try raw.write { db in try db.execute(sql: "DELETE FROM audit_event") })
        XCTAssertEqual(try dir.auditCount(), before)
        XCTAssertEqual(try raw.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE actor_login = 'mallory'") }, 0)
    }

    func testOpeningAMissingDatabaseWithoutCreateSaysHowToMakeOne() {
        XCTAssertThrowsError(try Store(path: "/tmp/idm-missing-\(UUID().uuidString).sqlite", create: false)) { error in
            XCTAssertTrue("\(error)".contains("idm init"), "\(error)")
            XCTAssertTrue("\(error)".contains("idm demo"), "\(error)")
        }
    }

    func testDemoSeedIsDeterministic() throws {
        let a = try TestDirectory()
        let b = try TestDirectory()
        func snapshot(_ dir: TestDirectory) throws -> [String] {
            try dir.store.read { db in
                try String.fetchAll(db, sql: """
                    SELECT c.name || '|' || c.client_key || '|' || coalesce(group_concat(k.client_token || ':' || k.secret_last4 || ':' || k.status || ':' || k.expires_at), '')
                    FROM api_client c LEFT JOIN credential k ON k.client_id = c.id GROUP BY c.id ORDER BY c.name
                    """)
            }
        }
        XCTAssertEqual(try snapshot(a), try snapshot(b))
        XCTAssertEqual(try snapshot(a).count, 3)
    }
}
