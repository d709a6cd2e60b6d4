import Foundation
import GRDB
import XCTest

/// `users list` written as it is read: the same output as before for the demo, pages joined
/// with `--after` equal the whole list with no row missing or repeated, `--filter` is the
/// console's filter, and `--json` is one array with the same keys.
final class StreamingListTests: XCTestCase {
    static let demoTable = """
        LOGIN  NAME           EMAIL               LOCKED  ROLES
        alice  Alice Archer   alice@acme.example          Admin on Acme Web; Admin on Acme Streaming
        ivan   Ivan Ivanova   ivan@acme.example           API Platform Admin on Acme Web; API Platform Admin on Acme Streaming
        mike   Mike Moreau    mike@acme.example           Property Developer on Acme Web; Property Developer on Acme Streaming
        nora   Nora Nakamura  nora@acme.example           Property Viewer on Acme Web
        pat    Pat Patel      pat@acme.example            Purge Operator on Acme Web; Purge Operator on Acme Streaming
        vera   Vera Volkova   vera@acme.example           Reporting Viewer on Acme Web

        """

    func testTheDemoListIsAsBefore() throws {
        let (_, db) = try CLI.demoDatabase()
        let table = try CLI.run(["users", "list", "--db", db, "--as", "alice"])
        XCTAssertEqual(table.stdout, Self.demoTable, table.stderr)
        let json = try CLI.run(["users", "list", "--json", "--db", db, "--as", "alice"])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["login"] as? String }, ["alice", "ivan", "mike", "nora", "pat", "vera"])
        XCTAssertEqual(Set(rows[0].keys), ["login", "name", "email", "jobTitle", "locked", "grants"])
        XCTAssertEqual((rows[2]["grants"] as? [[String: String]])?.first, ["group": "Acme Web", "role": "Property Developer"])
        let none = try CLI.run(["users", "list", "--json", "--filter", "no-such-user", "--db", db, "--as", "alice"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [Any])?.count, 0, none.stdout)
        let limited = try CLI.run(["users", "list", "--limit", "2", "--db", db, "--as", "alice"])
        XCTAssertEqual(limited.stdout.split(separator: "\n").count, 3, limited.stdout)
        XCTAssertEqual(limited.stderr, "next: ivan\n")
        let rest = try CLI.run(["users", "list", "--after", "ivan", "--db", db, "--as", "alice"])
        XCTAssertTrue(rest.stdout.hasPrefix("LOGIN"), rest.stdout)
        XCTAssertEqual(rest.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(5)).trimmingCharacters(in: .whitespaces) },
                       ["mike", "nora", "pat", "vera"])
        XCTAssertEqual(rest.stderr, "", "the last page says no next")
        let bad = try CLI.run(["users", "list", "--limit", "0", "--db", db, "--as", "alice"])
        XCTAssertEqual(bad.status, 64)
    }

    func testPagesJoinToTheWholeListAndTheFilterIsTheConsoles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("large.sqlite").path
        let seeded = try CLI.run(["seed", "large", "--db", db, "--users", "3000"])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        let all = try CLI.run(["users", "list", "--json", "--db", db, "--as", "admin"])
        let whole = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]]).map { $0["login"] as! String }
        let expected = try DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: "SELECT login FROM user WHERE account_id = (SELECT account_id FROM user WHERE login = 'admin') ORDER BY login")
        }
        XCTAssertEqual(whole, expected)
        var joined: [String] = []
        var after: String?
        var pages = 0
        repeat {
            let page = try CLI.run(["users", "list", "--json", "--limit", "700", "--db", db, "--as", "admin"] + (after.map { ["--after", $0] } ?? []))
            joined += try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page.stdout.utf8)) as? [[String: Any]]).map { $0["login"] as! String }
            after = page.stderr.hasPrefix("next: ") ? String(page.stderr.dropFirst(6).dropLast()) : nil
            pages += 1
        } while after != nil && pages < 20
        XCTAssertEqual(joined, whole, "no row missing or repeated across \(pages) pages")
        XCTAssertEqual(pages, (whole.count + 699) / 700)
        for filter in ["ab", "son", "ZED", "x", "@"] {
            let filtered = try CLI.run(["users", "list", "--json", "--filter", filter, "--db", db, "--as", "admin"])
            let got = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [[String: Any]]).map { $0["login"] as! String }
            let like = "%" + filter.lowercased() + "%"
            let want = try DatabaseQueue(path: db).read { db in
                try String.fetchAll(db, sql: """
                    SELECT login FROM user WHERE account_id = (SELECT account_id FROM user WHERE login = 'admin')
                    AND (login LIKE ? OR first_name || ' ' || last_name LIKE ? OR email LIKE ?) ORDER BY login
                    """, arguments: [like, like, like])
            }
            XCTAssertEqual(got, want, filter)
        }
    }
}

/// The console benchmark runs the real binary on a pseudo-terminal of its own and prints its
/// table: a figure for every row, measured, none missing.
final class BenchConsoleCommandTests: XCTestCase {
    func testItDrivesTheRealConsoleAndPrintsEveryFigure() throws {
        let (_, db) = try CLI.demoDatabase()
        let r = try CLI.run(["bench", "console", "--db", db, "--as", "alice", "--moves", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for row in ["start to first screen", "move, Users", "move, API Clients", "move, Groups", "move, Roles", "filter keystroke", "peak RSS"] {
            XCTAssertTrue(r.stdout.contains(row), "\(row):\n\(r.stdout)")
        }
        XCTAssertNotNil(r.stdout.range(of: #"start to first screen\s+\d+\.\d ms"#, options: .regularExpression), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"filter keys, idm \(ms\): z \d+, e \d+"#, options: .regularExpression), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"peak RSS\s+\d+ MB"#, options: .regularExpression), r.stdout)
    }
}
