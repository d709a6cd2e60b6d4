import Foundation
import GRDB
import IDMTerminal
import XCTest

/// `users list`, `clients list`, `groups list`, `roles list` and `audit list` written as they are
/// read: the same output as before for the demo, pages joined with `--after` equal the whole
/// list with no row missing or repeated, `--filter` is the console's filter, and `--json` is one
/// array with the same keys.
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

    static let demoClients = """
        NAME            TYPE  OWNER  CREATOR  LOCKED  APIS                                                  CREDENTIALS
        legacy-sync     API   alice  alice    locked  config-dns READ-WRITE, identity-management READ-ONLY  
        purge-pipeline  API   mike   mike             ccu READ-WRITE, reporting READ-ONLY                   inactive …YGEc, active …1ZXu
        reporting-bot   API   nora   ivan             papi READ-ONLY, reporting READ-ONLY                   

        """

    func testTheDemoClientsAndAuditAreAsBefore() throws {
        let (_, db) = try CLI.demoDatabase()
        let table = try CLI.run(["clients", "list", "--db", db, "--as", "alice"])
        XCTAssertEqual(table.stdout, Self.demoClients, table.stderr)
        let json = try CLI.run(["clients", "list", "--json", "--db", db, "--as", "alice"])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["name"] as? String }, ["legacy-sync", "purge-pipeline", "reporting-bot"])
        XCTAssertEqual(Set(rows[1].keys), ["id", "version", "clientKey", "name", "description", "type", "owner", "creator", "locked",
                                           "noAccess", "apis", "groups", "ipAllowlist", "notificationEmails", "credentials"])
        XCTAssertEqual(rows[2]["creator"] as? String, "ivan")
        XCTAssertEqual((rows[1]["credentials"] as? [[String: Any]])?.count, 2)
        let filtered = try CLI.run(["clients", "list", "--filter", "MIKE", "--db", db, "--as", "alice"])
        XCTAssertEqual(filtered.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(14)) }, ["purge-pipeline"], filtered.stdout)
        let first = try CLI.run(["clients", "list", "--limit", "1", "--db", db, "--as", "alice"])
        XCTAssertEqual(first.stderr, "next: legacy-sync\n")
        let rest = try CLI.run(["clients", "list", "--json", "--after", "legacy-sync", "--db", db, "--as", "alice"])
        XCTAssertEqual(try XCTUnwrap(JSONSerialization.jsonObject(with: Data(rest.stdout.utf8)) as? [[String: Any]]).map { $0["name"] as? String },
                       ["purge-pipeline", "reporting-bot"])

        // The audit log: one array, newest first; pages of 7 joined are the whole log.
        let audit = try CLI.run(["audit", "list", "--json", "--db", db, "--as", "alice"])
        let events = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]]).map { $0["id"] as! Int }
        XCTAssertGreaterThan(events.count, 20)
        XCTAssertEqual(events, events.sorted(by: >))
        var joined: [Int] = []
        var after: String?
        repeat {
            let page = try CLI.run(["audit", "list", "--json", "--limit", "7", "--db", db, "--as", "alice"] + (after.map { ["--after", $0] } ?? []))
            joined += try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page.stdout.utf8)) as? [[String: Any]]).map { $0["id"] as! Int }
            after = page.stderr.hasPrefix("next: ") ? String(page.stderr.dropFirst(6).dropLast()) : nil
        } while after != nil && joined.count <= events.count
        XCTAssertEqual(joined, events, "no event missing or repeated")
        let auditTable = try CLI.run(["audit", "list", "--limit", "2", "--db", db, "--as", "alice"])
        XCTAssertEqual(auditTable.stdout.split(separator: "\n").count, 3, auditTable.stdout)
        XCTAssertTrue(auditTable.stdout.hasPrefix("TIME"), auditTable.stdout)

        // Roles with their holders counted in one statement: as many as hold each role.
        let roles = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try CLI.run(["roles", "list", "--json", "--db", db, "--as", "alice"]).stdout.utf8))
                                  as? [[String: Any]])
        let holders = try DatabaseQueue(path: db).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT role_id, COUNT(DISTINCT user_id) AS n FROM user_grant GROUP BY role_id")
                .map { (Int($0["role_id"] as Int64), $0["n"] as Int) })
        }
        for role in roles { XCTAssertEqual(role["holders"] as? Int, holders[role["id"] as! Int] ?? 0, "\(role["name"] ?? "")") }
        XCTAssertGreaterThan(roles.filter { ($0["holders"] as? Int ?? 0) > 0 }.count, 3, "the demo's roles are held")
    }

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

    /// A table as `Output.table` lays it out: each column as wide as its widest cell (in display
    /// columns: the seed has CJK names), two spaces between, the last column unpadded.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        // Display widths come from wcwidth, which knows them only in a UTF-8 locale (as idm sets).
        setlocale(LC_ALL, "C.UTF-8")
        let widths = header.indices.map { i in ([header] + rows).map { Width.of($0[i]) }.max()! }
        return ([header] + rows).map { cells in
            cells.enumerated().map { i, cell in i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - Width.of(cell)) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// The `users list` table of `users list --json`'s rows.
    static func usersTable(_ rows: [[String: Any]]) -> String {
        table(["LOGIN", "NAME", "EMAIL", "LOCKED", "ROLES"], rows.map { row in
            [row["login"] as! String, row["name"] as! String, row["email"] as! String, row["locked"] as! Bool ? "yes" : "",
             (row["grants"] as! [[String: String]]).map { "\($0["role"]!) on \($0["group"]!)" }.joined(separator: "; ")]
        })
    }

    /// The `clients list` table of `clients list --json`'s rows.
    static func clientsTable(_ rows: [[String: Any]]) -> String {
        table(["NAME", "TYPE", "OWNER", "CREATOR", "LOCKED", "APIS", "CREDENTIALS"], rows.map { row in
            [row["name"] as! String, row["type"] as! String, row["owner"] as! String, row["creator"] as! String,
             row["locked"] as! Bool ? "locked" : "",
             (row["apis"] as! [[String: String]]).map { "\($0["service"]!) \($0["level"]!)" }.joined(separator: ", "),
             (row["credentials"] as! [[String: Any]]).map { "\(($0["status"] as! String).lowercased()) …\($0["secretLast4"] as! String)" }
                .joined(separator: ", ")]
        })
    }

    /// `command` run page after page, each `--after` the `next:` of the one before: the `key`
    /// of every row, and how many pages it took (at most 20).
    func pages(_ command: [String], key: String) throws -> (values: [String], pages: Int) {
        var values: [String] = []
        var after: String?
        var pages = 0
        repeat {
            let page = try CLI.run(command + (after.map { ["--after", $0] } ?? []))
            values += try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page.stdout.utf8)) as? [[String: Any]]).map { $0[key] as! String }
            after = page.stderr.hasPrefix("next: ") ? String(page.stderr.dropFirst(6).dropLast()) : nil
            pages += 1
        } while after != nil && pages < 20
        return (values, pages)
    }

    func testPagesJoinToTheWholeListAndTheFilterIsTheConsoles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("large.sqlite").path
        let seeded = try CLI.run(["seed", "large", "--db", db, "--users", "3000"])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        let all = try CLI.run(["users", "list", "--json", "--db", db, "--as", "admin"])
        // The lists' JSON writer is JSONEncoder's bytes, on 2,850 users and 1,425 clients.
        for list in ["users", "clients"] {
            let reference = try CLI.run([list, "list", "--json", "--db", db, "--as", "admin"], environment: ["IDM_JSON_REFERENCE": "1"])
            let written = list == "users" ? all : try CLI.run([list, "list", "--json", "--db", db, "--as", "admin"])
            XCTAssertEqual(written.stdout, reference.stdout, "\(list) list --json")
        }
        let whole = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]]).map { $0["login"] as! String }
        let expected = try DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: "SELECT login FROM user WHERE account_id = (SELECT account_id FROM user WHERE login = 'admin') ORDER BY login")
        }
        XCTAssertEqual(whole, expected)
        let (joined, pages) = try self.pages(["users", "list", "--json", "--limit", "700", "--db", db, "--as", "admin"], key: "login")
        XCTAssertEqual(joined, whole, "no row missing or repeated across \(pages) pages")
        XCTAssertEqual(pages, (whole.count + 699) / 700)
        // API clients: pages of 400 joined are the whole list, in the console's order.
        let clients = try CLI.run(["clients", "list", "--json", "--db", db, "--as", "admin"])
        let allClients = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(clients.stdout.utf8)) as? [[String: Any]]).map { $0["name"] as! String }
        let clientNames = try DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM api_client WHERE account_id = (SELECT account_id FROM user WHERE login = 'admin') ORDER BY name")
        }
        XCTAssertEqual(allClients, clientNames)
        let (clientPages, clientPageCount) = try self.pages(["clients", "list", "--json", "--limit", "400", "--db", db, "--as", "admin"], key: "name")
        XCTAssertEqual(clientPages, allClients, "no client missing or repeated across \(clientPageCount) pages")

        // The tables, read from the listing indexes (a range of them, or looked up by key when a
        // filter leaves rows out), are the cells of the JSON rows, read from the rows themselves.
        for filter in [nil, "son", "ab"] {
            let options = ["--db", db, "--as", "admin"] + (filter.map { ["--filter", $0] } ?? [])
            for list in ["users", "clients"] {
                let table = try CLI.run([list, "list"] + options)
                XCTAssertEqual(table.status, 0, table.stderr)
                let json = try CLI.run([list, "list", "--json"] + options)
                let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
                XCTAssertGreaterThan(rows.count, filter == nil ? 1_000 : 5, "\(list) \(filter ?? "")")
                let expected = list == "users" ? Self.usersTable(rows) : Self.clientsTable(rows)
                XCTAssertEqual(table.stdout, expected, "\(list) list \(filter ?? "")")
            }
        }

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
        let r = try CLI.run(["bench", "console", "--db", db, "--as", "alice", "--moves", "2", "--starts", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for row in ["start to first screen", "move, Users", "move, API Clients", "move, Groups", "move, Roles", "filter keystroke", "peak RSS"] {
            XCTAssertTrue(r.stdout.contains(row), "\(row):\n\(r.stdout)")
        }
        XCTAssertNotNil(r.stdout.range(of: #"start to first screen\s+\d+\.\d / \d+\.\d ms"#, options: .regularExpression), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"filter keys, idm \(ms\): z \d+, e \d+"#, options: .regularExpression), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"peak RSS\s+\d+ MB"#, options: .regularExpression), r.stdout)
        Self.assertSpeedProbes(r.stdout)
        // A move redraws the two key cells, not the two lines (Table.selection): on the demo's
        // 80x24 the whole line reversed drew 196-213 bytes a move, the key cells 81-88.
        for tab in ["Users", "API Clients", "Roles"] {
            let bytes = try XCTUnwrap(Self.moveBytes(tab, in: r.stdout), r.stdout)
            XCTAssertLessThan(bytes, 120, "move, \(tab):\n\(r.stdout)")
            XCTAssertGreaterThan(bytes, 40, "move, \(tab): the selection is drawn at all:\n\(r.stdout)")
        }
    }

    /// The median bytes of a move on `tab`, from the benchmark's table.
    static func moveBytes(_ tab: String, in stdout: String) -> Double? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("move, \(tab) ") }),
              let match = line.range(of: #"(\d+\.\d) B"#, options: .regularExpression) else { return nil }
        return Double(line[match].dropLast(2))
    }

    /// The machine's speed beside the figures, before and after (a shared VM drifts).
    static func assertSpeedProbes(_ stdout: String, file: StaticString = #filePath, line: UInt = #line) {
        for when in ["before", "after"] {
            XCTAssertNotNil(stdout.range(of: #"speed probe: \d+ ms \(SQLite[^)]*\), "# + when, options: .regularExpression), stdout, file: file, line: line)
        }
    }
}

/// `idm bench cli` runs each streaming command as its own process and prints its figures.
final class BenchCLICommandTests: XCTestCase {
    func testItRunsEveryStreamingCommandAndPrintsItsFigures() throws {
        let (_, db) = try CLI.demoDatabase()
        let r = try CLI.run(["bench", "cli", "--db", db, "--as", "alice"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for command in ["users list", "users list --json", "clients list", "clients list --json", "groups list", "roles list", "audit list"] {
            // first row, total, peak RSS and the lines each command wrote; no exit status (all succeeded).
            let row = #"idm \#(NSRegularExpression.escapedPattern(for: command))\s+\d+ ms\s+\d+\.\d\d s\s+\d+ MB\s+\d+\s*\n"#
            XCTAssertNotNil(r.stdout.range(of: row, options: .regularExpression), "\(command):\n\(r.stdout)")
        }
        // The demo's users list: a header and six users.
        XCTAssertNotNil(r.stdout.range(of: #"idm users list\s+\d+ ms\s+\S+ s\s+\d+ MB\s+7\s"#, options: .regularExpression), r.stdout)
        XCTAssertFalse(r.stdout.contains("exit "), r.stdout)
        BenchConsoleCommandTests.assertSpeedProbes(r.stdout)
    }
}
