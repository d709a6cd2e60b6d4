import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// The migration of legacy API clients, applied: one transaction, audited, stored, idempotent.
final class MigrationServiceTests: XCTestCase {
    let alice = ActorRef(login: "alice")
    let expiry = Date(timeIntervalSince1970: 1_827_532_800) // 2027-11-30

    static var sampleURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("samples/legacy-manage-apis.json")
    }

    func sample() throws -> LegacyExport { try LegacyExport.parse(try Data(contentsOf: Self.sampleURL)) }

    struct Counts: Equatable {
        let clients, records, audit, runs, entries, lines: Int
    }

    func counts(_ dir: TestDirectory) throws -> Counts {
        try dir.store.read { db in
            func n(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql)! }
            return Counts(clients: try n("SELECT COUNT(*) FROM api_client WHERE kind = 'API'"),
                          records: try n("SELECT COUNT(*) FROM api_client WHERE kind = 'User'"),
                          audit: try n("SELECT COUNT(*) FROM audit_event"), runs: try n("SELECT COUNT(*) FROM legacy_run"),
                          entries: try n("SELECT COUNT(*) FROM legacy_entry"), lines: try n("SELECT COUNT(*) FROM legacy_report_line"))
        }
    }

    func migrate(_ dir: TestDirectory, dryRun: Bool = false, as actor: ActorRef? = nil) throws -> MigrationReport {
        try dir.service.migrateLegacy(actor ?? alice, export: try sample(), source: "legacy-manage-apis.json", expiresAt: expiry,
                                      dryRun: dryRun)
    }

    func testTheSampleTwiceTheSecondRunChangesNothing() throws {
        let dir = try TestDirectory()
        let before = try counts(dir)
        let first = try migrate(dir)
        XCTAssertEqual(first.runID, 1)
        XCTAssertEqual(first.summary, "2 migrated, 6 user records, 8 not migrated, 0 already migrated")
        let after = try counts(dir)
        XCTAssertEqual(after, Counts(clients: before.clients + 2, records: 6, audit: before.audit + 2 + 6 + 1, runs: 1,
                                     entries: 2 + 6 + 8, lines: 16))

        let second = try migrate(dir)
        XCTAssertNil(second.runID, "nothing new: no run is stored")
        XCTAssertEqual(second.summary, "0 migrated, 0 user records, 8 not migrated, 8 already migrated")
        XCTAssertEqual(try counts(dir), after, "the second run writes nothing, not even an audit event")
        XCTAssertEqual(try dir.service.lastMigrationReport(alice), first, "the stored report is the first run's")
    }

    func testMigratedClientsRecordsAndTheirAudit() throws {
        let dir = try TestDirectory()
        let report = try migrate(dir)
        let purger = try dir.client("cache-purger")
        XCTAssertEqual(purger.kind, .api)
        XCTAssertEqual(purger.ownerID, try dir.user("pat").id)
        XCTAssertEqual(purger.creatorID, try dir.user("ivan").id)
        XCTAssertEqual(purger.groupIDs, [try dir.group("Acme Streaming"), try dir.group("Live")])
        XCTAssertEqual(purger.apis.map(\.serviceID), ["ccu", "reporting"])
        XCTAssertEqual(report.migrated.first?.clientKey, purger.clientKey)
        XCTAssertEqual(try dir.store.read { db in try Q.legacyID(db, client: purger.id) }, "LC-1001")
        XCTAssertEqual(try dir.store.read { db in try Q.credentials(db, client: purger.id) }, [], "no secret was exported")

        let record = try dir.client("mike (User)")
        XCTAssertEqual(record.kind, .user)
        XCTAssertEqual(record.ownerID, try dir.user("mike").id)
        XCTAssertEqual(try dir.store.read { db in try Q.legacyID(db, client: record.id) }, "mike")
        XCTAssertThrowsError(try dir.service.lockClient(alice, client: record.id)) { error in
            XCTAssertEqual("\(error)", "mike (User) is a read-only User record migrated from Manage APIs; it cannot be changed.")
        }

        let events = try dir.store.read { db in try Q.audit(db, account: purger.accountID, filter: .init(actor: "alice")) }
        XCTAssertEqual(events.filter { $0.action == "client.migrate" }.map(\.targetName).sorted(), ["cache-purger", "web-config-deployer"])
        XCTAssertEqual(events.filter { $0.action == "client.migrate-user-record" }.count, 6)
        let migrate = try XCTUnwrap(events.first { $0.action == "client.migrate" && $0.targetName == "cache-purger" })
        XCTAssertEqual(migrate.after["legacyClientId"], "LC-1001")
        XCTAssertEqual(migrate.after["owner"], "pat")
        XCTAssertEqual(migrate.after["creator"], "ivan")
        XCTAssertEqual(migrate.after["legacyAccessToken"], "akab-lega...8d36")
        let summary = try XCTUnwrap(events.first { $0.action == "legacy.migrate" })
        XCTAssertEqual(summary.after, ["migrated": "2", "userRecords": "6", "notMigrated": "8", "alreadyMigrated": "0",
                                       "expiresAt": "2027-11-30", "exportedAt": "2017-04-21T18:00:00Z"])
        XCTAssertFalse(events.contains { "\($0.after)".contains("akab-legacy-1001-4b1d7e0f2c9a8d36") }, "never a whole token")
    }

    func testTheStoredReportReadsBackAsPrinted() throws {
        let dir = try TestDirectory()
        let printed = try migrate(dir)
        let stored = try XCTUnwrap(try dir.service.lastMigrationReport(alice))
        XCTAssertEqual(stored, printed)
        let multi = try XCTUnwrap(stored.notMigrated.first { $0.legacyID == "LC-1003" })
        XCTAssertEqual(multi.reasons, ["several access tokens (2); a migrated client has exactly one"])
        XCTAssertEqual(multi.expiresAt, expiry)
    }

    func testDryRunWritesNothing() throws {
        let dir = try TestDirectory()
        let before = try counts(dir)
        let report = try migrate(dir, dryRun: true)
        XCTAssertTrue(report.dryRun)
        XCTAssertNil(report.runID)
        XCTAssertEqual(report.summary, "2 migrated, 6 user records, 8 not migrated, 0 already migrated")
        XCTAssertEqual(try counts(dir), before)
        XCTAssertNil(try dir.service.lastMigrationReport(alice))
    }

    func testMalformedFileImportsNothing() throws {
        let dir = try TestDirectory()
        let before = try counts(dir)
        var text = try String(contentsOf: Self.sampleURL, encoding: .utf8)
        text = text.replacingOccurrences(of: #""owner": "mike", "creator": "ivan""#, with: #""owner": "mike", "creator": 12"#)
        XCTAssertThrowsError(try LegacyExport.parse(text)) { error in
            XCTAssertEqual((error as? LegacyExportError)?.problems,
                           ["entry 9 (clientId LC-1009): field creator: must be a string, not a number."])
        }
        XCTAssertEqual(try counts(dir), before)
    }

    func testARefusalMidwayRollsEverythingBack() throws {
        let dir = try TestDirectory()
        let before = try counts(dir)
        var other = try sample()
        other.account = "Globex Retail"
        XCTAssertThrowsError(try dir.service.migrateLegacy(alice, export: other, source: "x", expiresAt: expiry))
        XCTAssertThrowsError(try migrate(dir, as: ActorRef(login: "ivan"))) { error in
            XCTAssertEqual(error as? IDMError, .denied("Only an Admin of Acme Media can migrate legacy API clients from Manage APIs."))
        }
        XCTAssertThrowsError(try dir.service.migrateLegacy(alice, export: try sample(), source: "x", expiresAt: TestDirectory.now)) { error in
            XCTAssertEqual("\(error)", "The expiry of clients not migrated must be after today (2026-11-30), not 2026-11-30.")
        }
        XCTAssertEqual(try counts(dir), before)
    }

    func testADeletedMigratedClientIsNotRecreated() throws {
        let dir = try TestDirectory()
        _ = try migrate(dir)
        let purger = try dir.client("cache-purger")
        try dir.service.deleteClient(ActorRef(login: "pat"), client: purger.id)
        let again = try migrate(dir)
        XCTAssertNil(again.runID)
        let line = try XCTUnwrap(again.alreadyMigrated.first { $0.legacyID == "LC-1001" })
        XCTAssertNil(line.client)
        XCTAssertEqual(line.reasons, ["the client it became was deleted since"])
    }
}
