import Foundation
import XCTest

/// `idm migrate legacy` and `idm migrate report`, run as a person would.
final class MigrateCommandTests: XCTestCase {
    var folder: URL!
    var db = ""
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples/legacy-manage-apis.json").path

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    func migrate(_ extra: [String] = [], file: String? = nil, as login: String = "alice") throws -> CLI.Result {
        try CLI.run(["migrate", "legacy", file ?? sample, "--expire", "2027-11-30", "--db", db, "--as", login] + extra)
    }

    func testMigratePrintsEverySectionAndEndsWithTheFAQsAdvice() throws {
        let r = try migrate()
        XCTAssertEqual(r.status, 0, r.stderr)
        for expected in [
            "Migrated (2)", "User records (6)", "Not migrated (8)", "Already migrated (0)",
            "LC-1001    cache-purger         pat    ivan     cache-purger",
            "LC-1003    API   nightly-reports-v1  nora   2027-11-30  several access tokens (2); a migrated client has exactly one",
            "LC-1005    API   partner-feed        olga   2027-11-30  unknown owner olga: no user olga in Acme Media",
            "olga       User  olga                olga   -           unknown user olga: no user olga in Acme Media",
            "2 migrated, 6 user records, 8 not migrated, 0 already migrated.",
        ] {
            XCTAssertTrue(r.stdout.contains(expected), "missing \(expected) in\n\(r.stdout)")
        }
        XCTAssertTrue(r.stdout.hasSuffix("each stops working on its expiry date. We recommend creating a new client.\n"), r.stdout)
    }

    func testSecondRunChangesNothingAndReportShowsTheFirst() throws {
        XCTAssertEqual(try migrate().status, 0)
        let audit = try CLI.run(["audit", "list", "--json", "--db", db, "--as", "alice"])
        let again = try migrate()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Nothing new: every entry was handled by an earlier run; nothing was written."), again.stdout)
        XCTAssertTrue(again.stdout.contains("Already migrated (8)"), again.stdout)
        XCTAssertEqual(try CLI.run(["audit", "list", "--json", "--db", db, "--as", "alice"]).stdout, audit.stdout)

        let report = try CLI.run(["migrate", "report", "--json", "--db", db, "--as", "alice"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["runID"] as? Int, 1)
        XCTAssertEqual((json["migrated"] as! [Any]).count, 2)
        XCTAssertEqual((json["alreadyMigrated"] as! [Any]).count, 0)
    }

    func testDryRunWritesNothing() throws {
        let r = try migrate(["--dry-run"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Dry run: nothing was written."), r.stdout)
        let report = try CLI.run(["migrate", "report", "--db", db, "--as", "alice"])
        XCTAssertNotEqual(report.status, 0)
        XCTAssertEqual(report.stderr, "Error: No migration has run in Acme Media. Run `idm migrate legacy FILE --as LOGIN` (an Admin).\n")
        let clients = try CLI.run(["clients", "list", "--db", db, "--as", "alice"])
        XCTAssertFalse(clients.stdout.contains("cache-purger"))
    }

    func testMigratedUserRecordsListAsTypeUser() throws {
        XCTAssertEqual(try migrate().status, 0)
        let r = try CLI.run(["clients", "list", "--json", "--db", db, "--as", "alice"])
        let clients = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let types = Dictionary(uniqueKeysWithValues: clients.map { ($0["name"] as! String, $0["type"] as! String) })
        XCTAssertEqual(types["mike (User)"], "User")
        XCTAssertEqual(types["cache-purger"], "API")
        XCTAssertEqual(clients.filter { $0["type"] as? String == "User" }.count, 6)
    }

    func testMalformedFileIsRefusedWithTheEntryAndFieldAndImportsNothing() throws {
        var text = try String(contentsOfFile: sample, encoding: .utf8)
        text = text.replacingOccurrences(of: #""level": "READ-ONLY" } ], "groups": [ "Acme Streaming > VOD" ]"#,
                                         with: #""level": "ADMIN" } ], "groups": [ "Acme Streaming > VOD" ]"#)
        let bad = folder.appendingPathComponent("bad.json")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let r = try migrate(file: bad.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, """
            Error: The export is malformed; nothing was imported.
              entry 7 (clientId LC-1007): field accessTokens[0].apis[0].level: "ADMIN" is neither READ-ONLY nor READ-WRITE.

            """)
        let truncated = folder.appendingPathComponent("truncated.json")
        try String(text.prefix(900)).write(to: truncated, atomically: true, encoding: .utf8)
        let partial = try migrate(file: truncated.path)
        XCTAssertEqual(partial.status, 1)
        XCTAssertTrue(partial.stderr.contains("not complete, valid JSON"), partial.stderr)
        XCTAssertEqual(try CLI.run(["migrate", "report", "--db", db, "--as", "alice"]).status, 1, "nothing was imported")
    }

    func testOnlyAnAdminMigrates() throws {
        let r = try migrate(as: "ivan")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "Error: Only an Admin of Acme Media can migrate legacy API clients from Manage APIs.\n")
    }
}
