import Foundation
import GRDB
import IDMDomain
import XCTest
@testable import IDMStore

/// Forgery, as an attacker with the sqlite3 shell on the host would try it: each attempt is
/// refused by the file's own triggers, or found by `AuditChain.verify` naming the first bad
/// event (issue 11). Each runs on its own copy of the seeded demo database.
final class AuditChainTests: XCTestCase {
    private var dir: TestDirectory!

    override func setUpWithError() throws {
        dir = try TestDirectory()
        try dir.store.checkpoint()
    }

    /// A copy of the demo database, and what `sqlite3` says when it runs `sql` on it.
    private func attack(_ sql: String) throws -> (path: String, status: Int32, stderr: String) {
        let copy = dir.folder.appendingPathComponent("attack-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: dir.path, toPath: copy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [copy, sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (copy, process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func verify(_ path: String, anchor: AuditChain.Head? = nil) throws -> AuditChain.Verification {
        try DatabaseQueue(path: path).read { db in try AuditChain.verify(db, anchor: anchor) }
    }

    private func eventCount() throws -> Int { try dir.auditCount() }

    func testTheSeededChainVerifiesAndItsHeadIsTheLastEvent() throws {
        let result = try dir.store.read { db in try AuditChain.verify(db) }
        XCTAssertTrue(result.ok, result.problem ?? "")
        XCTAssertEqual(result.events, try eventCount())
        XCTAssertEqual(result.head.count, result.events)
        let last = try dir.store.read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1") }
        XCTAssertEqual(result.head.hash, last)
    }

    func testRewritesThroughInsertOrReplaceAreRefusedByTheFile() throws {
        for sql in [
            "INSERT OR REPLACE INTO audit_event (id, time, actor_login, account_id, action, target_type, target_id, target_name, before, after) " +
                "VALUES (1, 0, 'mallory', NULL, 'user.grants', 'user', '1', 'alice', '{}', '{}')",
            "REPLACE INTO audit_event SELECT * FROM audit_event WHERE id = 3",
            "UPDATE audit_event SET actor_login = 'mallory' WHERE id = 2",
            "DELETE FROM audit_event WHERE id = 4",
            "DELETE FROM audit_head",
            // A new event whose link is not the last event's hash.
            "INSERT INTO audit_event (id, time, actor_login, action, target_type, target_id, target_name, prev_hash, hash) " +
                "SELECT MAX(id) + 1, 0, 'mallory', 'x', 'x', 'x', 'x', '\(AuditChain.genesis)', '\(AuditChain.genesis)' FROM audit_event",
        ] {
            let result = try attack(sql)
            XCTAssertNotEqual(result.status, 0, sql)
            XCTAssertTrue(result.stderr.contains("audit_"), "\(sql): \(result.stderr)")
            XCTAssertTrue(try verify(result.path).ok, sql)
        }
    }

    func testAChangedEventIsFoundWhenTheTriggersAreDropped() throws {
        let changed = try attack("DROP TRIGGER audit_event_no_update; UPDATE audit_event SET after = '{\"grants\":\"Acme Web: Admin\"}' WHERE id = 20")
        XCTAssertEqual(changed.status, 0, changed.stderr)
        let result = try verify(changed.path)
        XCTAssertFalse(result.ok)
        XCTAssertEqual(result.firstBadEvent, 20)
        XCTAssertEqual(result.problem, "Event #20 does not match its hash: it was changed after it was written.")
    }

    func testARemovedEventIsFound() throws {
        let middle = try attack("DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE id = 7")
        XCTAssertEqual(middle.status, 0, middle.stderr)
        let gap = try verify(middle.path)
        XCTAssertEqual(gap.firstBadEvent, 8)
        XCTAssertEqual(gap.problem, "Event #8 follows a gap: events #7-#7 are missing.")

        let first = try attack("DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE id <= 2")
        XCTAssertEqual(try verify(first.path).firstBadEvent, 3, "a cut head")

        let count = try eventCount()
        let tail = try attack("DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE id > \(count - 3)")
        let cut = try verify(tail.path)
        XCTAssertNil(cut.firstBadEvent)
        XCTAssertEqual(cut.problem, "The chain ends at event #\(count - 3) but its head counts \(count): events were removed from the end.")
    }

    func testATableDroppedAndRecreatedShorterIsFound() throws {
        let count = try eventCount()
        let rebuilt = try attack("""
            CREATE TABLE kept AS SELECT * FROM audit_event WHERE id <= 10;
            DROP TABLE audit_event;
            CREATE TABLE audit_event AS SELECT * FROM kept;
            DROP TABLE kept;
            """)
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stderr)
        let result = try verify(rebuilt.path)
        XCTAssertFalse(result.ok)
        XCTAssertEqual(result.problem, "The chain ends at event #10 but its head counts \(count): events were removed from the end.")
    }

    /// The chain is unkeyed: someone who rewrites an event and recomputes every hash after it
    /// (and the head) passes `verify`; an anchor kept elsewhere finds it.
    func testOnlyAnAnchorFindsAChainRecomputedFromTheForgery() throws {
        let anchor = try dir.store.read { db in try AuditChain.head(db) }
        let forged = try attack("DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor_login = 'mallory' WHERE id = 5")
        let queue = try DatabaseQueue(path: forged.path)
        try queue.write { db in
            var link = AuditChain.genesis
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM audit_event ORDER BY id") {
                try db.execute(sql: "UPDATE audit_event SET prev_hash = ? WHERE id = ?", arguments: [link, id])
                link = AuditChain.hash(try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE id = ?", arguments: [id])!)
                try db.execute(sql: "UPDATE audit_event SET hash = ? WHERE id = ?", arguments: [link, id])
            }
            try db.execute(sql: "UPDATE audit_head SET hash = ?", arguments: [link])
        }
        XCTAssertTrue(try verify(forged.path).ok, "without an anchor the recomputed chain verifies: the README says so")
        let checked = try verify(forged.path, anchor: anchor)
        XCTAssertFalse(checked.ok)
        XCTAssertEqual(checked.firstBadEvent, Int64(anchor.count))
        // And an anchor of the untouched log still holds.
        XCTAssertTrue(try dir.store.read { db in try AuditChain.verify(db, anchor: anchor) }.anchorChecked)
    }

    func testAnAnchorFromBeforeLaterEventsStillHolds() throws {
        let anchor = try dir.store.read { db in try AuditChain.head(db) }
        try dir.service.lockUser(ActorRef(login: "alice"), user: try dir.user("mike").id)
        let result = try dir.store.read { db in try AuditChain.verify(db, anchor: anchor) }
        XCTAssertTrue(result.ok, result.problem ?? "")
        XCTAssertTrue(result.anchorChecked)
        XCTAssertEqual(result.events, anchor.count + 1)
        XCTAssertNil(AuditChain.Head(anchor: "not-an-anchor"))
        XCTAssertEqual(AuditChain.Head(anchor: anchor.description), anchor)
    }

    /// A database with events from before the chain: migration v6 chains them in order and
    /// records one `audit.chain-start` event.
    func testTheMigrationChainsTheEventsThatExist() throws {
        let path = dir.folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v5-scoped-authorization")
        try queue.write { db in
            for i in 1...3 {
                try db.execute(sql: """
                    INSERT INTO audit_event (time, actor_login, account_id, action, target_type, target_id, target_name, before, after)
                    VALUES (?, 'alice', NULL, 'user.edit', 'user', '1', 'alice', '{}', '{}')
                    """, arguments: [Double(i)])
            }
        }
        try Migrations.migrator.migrate(queue)
        let (result, last) = try queue.read { db in
            (try AuditChain.verify(db), try String.fetchOne(db, sql: "SELECT action FROM audit_event ORDER BY id DESC LIMIT 1"))
        }
        XCTAssertTrue(result.ok, result.problem ?? "")
        XCTAssertEqual(result.events, 4)
        XCTAssertEqual(last, "audit.chain-start")
    }

    // MARK: - The directory's rows against the states their events recorded

    /// Everything the service does leaves the directory as its events say; every kind of row
    /// changed behind its back is found, and named.
    func testDirectEditsOfTheDirectoryAreFound() throws {
        let alice = ActorRef(login: "alice")
        let service = dir.service
        // A spread of changes through the service first: all explained.
        try service.lockUser(alice, user: try dir.user("pat").id)
        try service.blockGroup(alice, user: try dir.user("nora").id, group: try dir.group("Staging"))
        let group = try service.createGroup(alice, parent: try dir.group("Acme Web"), name: "Scratch")
        try service.deleteGroup(alice, group: group.id)
        let pipeline = try dir.client("purge-pipeline")
        try service.deactivateAllCredentials(ActorRef(login: "mike"), client: pipeline.id)
        try service.deleteClient(ActorRef(login: "mike"), client: pipeline.id)
        let viewer = try dir.store.read { db in try Q.role(db, account: 2, key: "Reporting Viewer").id }
        try service.setUserGrants(alice, user: try dir.user("vera").id, grants: [Grant(groupID: try dir.group("Web APIs"), roleID: viewer)])
        try dir.store.checkpoint()
        let clean = try verify(dir.path)
        XCTAssertTrue(clean.ok, clean.problem ?? "")

        for (sql, found) in [
            ("UPDATE user_grant SET role_id = 1 WHERE user_id = (SELECT id FROM user WHERE login = 'vera')", "is not as its last audit event left it"),
            ("UPDATE user SET email = 'mallory@evil.example' WHERE login = 'ivan'", "User #"),
            ("INSERT INTO user_blocked_group SELECT id, 13 FROM user WHERE login = 'mike'", "User #"),
            ("UPDATE api_client SET locked = 0 WHERE name = 'legacy-sync'", "API client #"),
            ("INSERT INTO client_api VALUES ((SELECT id FROM api_client WHERE name = 'reporting-bot'), 'ccu', 'READ-WRITE')", "API client #"),
            ("INSERT INTO role_permission VALUES ((SELECT id FROM role WHERE name = 'Reporting Viewer'), 'admin')", "Role #"),
            ("UPDATE grp SET name = 'Renamed' WHERE name = 'VOD'", "Group #"),
            ("DELETE FROM user WHERE login = 'otto'", "was deleted, but no audit event records it"),
            ("INSERT INTO user (account_id, login, first_name, last_name, email) VALUES (2, 'ghost', 'G', 'H', 'g@h.example')",
             "is in the directory but no audit event records it"),
            ("DROP TRIGGER audit_state_no_update; UPDATE audit_state SET digest = 'x' WHERE rowid IN (SELECT rowid FROM audit_state LIMIT 1)", ""),
        ] {
            let edited = try attack(sql)
            if found.isEmpty { continue }  // a WITHOUT ROWID table: the statement fails; covered below
            XCTAssertEqual(edited.status, 0, "\(sql): \(edited.stderr)")
            let result = try verify(edited.path)
            XCTAssertFalse(result.ok, sql)
            XCTAssertTrue(result.problem?.contains(found) == true, "\(sql): \(result.problem ?? "ok")")
        }
        let states = try attack("DROP TRIGGER audit_state_no_update; UPDATE audit_state SET digest = 'x' WHERE entity LIKE 'user:%'")
        XCTAssertEqual(states.status, 0, states.stderr)
        XCTAssertTrue(try verify(states.path).problem?.contains("were changed after it was written") == true)
        XCTAssertNotEqual(try attack("DELETE FROM audit_state").status, 0, "the recorded states are append-only")
    }
}
