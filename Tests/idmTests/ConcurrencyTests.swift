import Foundation
import GRDB
import XCTest

/// Issue 11, "Concurrency": eight `idm` processes at once. Conflicting updates with
/// `--expect-version` (all read the same version first): exactly one wins, and successes =
/// new audit events for the target = the version's increase; every other process exits 3 with
/// "... was changed by X at T since it was loaded ...". Eight different changes at once: all
/// succeed. Readers run alongside. Nothing ever says "database is locked".
final class ConcurrencyTests: XCTestCase {
    private var folder: URL!
    private var db: String!
    private let processes = 8
    private var rounds: Int { Robustness.soak ? 20 : 3 }

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// `clients lock`/`unlock reporting-bot --expect-version V` (the client's version) and
    /// `clients credential describe purge-pipeline 2 TEXT --expect-version V` (the credential's).
    func testConflictingExpectVersionUpdatesLetExactlyOneThrough() throws {
        for round in 0..<rounds {
            // The client: every process read the same version and makes the same toggle.
            let client = try json(["clients", "show", "reporting-bot", "--json", "--as", "alice"])
            let version = try XCTUnwrap((client["version"] as? NSNumber)?.intValue)
            let locked = try XCTUnwrap(client["locked"] as? Bool)
            let action = locked ? "unlock" : "lock"
            try race(target: ("api_client", "reporting-bot"), events: "client.\(action)", round: round,
                     versionSQL: "SELECT version FROM api_client WHERE name = 'reporting-bot'") { _ in
                ["clients", action, "reporting-bot", "--expect-version", "\(version)", "--as", "alice"]
            }
            let after = try json(["clients", "show", "reporting-bot", "--json", "--as", "alice"])
            XCTAssertEqual(after["locked"] as? Bool, !locked, "round \(round)")

            // A credential: each process its own description; the one that won is what is stored.
            let list = try CLI.run(["clients", "credential", "list", "purge-pipeline", "--json", "--as", "mike", "--db", db!])
            let credentials = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], list.stderr)
            let credential = try XCTUnwrap(credentials.first { ($0["id"] as? NSNumber)?.intValue == 2 })
            let credentialVersion = try XCTUnwrap((credential["version"] as? NSNumber)?.intValue)
            let winners = try race(target: ("credential", "purge-pipeline"), events: "credential.describe", round: round,
                                   versionSQL: "SELECT version FROM credential WHERE id = 2",
                                   named: "Credential ctok-[0-9a-f]+… of purge-pipeline") { i in
                ["clients", "credential", "describe", "purge-pipeline", "2", "round \(round) process \(i)",
                 "--expect-version", "\(credentialVersion)", "--as", "mike"]
            }
            let stored = try read { db in try String.fetchOne(db, sql: "SELECT description FROM credential WHERE id = 2") }
            XCTAssertEqual(winners.map { "round \(round) process \($0)" }, stored.map { [$0] }, "the winner's text is stored")
        }
        try Robustness.assertIntact(db)
    }

    /// `users edit` takes no `--expect-version`; it reads the user's version and edits with it
    /// in a second transaction, so concurrent edits of one user may conflict too: whatever
    /// succeeds is one event and one version step each, the rest exit 3, and the title left is
    /// the newest event's.
    func testConcurrentEditsOfOneUserEachCountOnce() throws {
        for round in 0..<rounds {
            let winners = try race(target: ("user", "nora"), events: "user.edit", round: round, exactlyOne: false,
                                   versionSQL: "SELECT version FROM user WHERE login = 'nora'") { i in
                ["users", "edit", "nora", "--title", "round \(round) process \(i)", "--as", "alice"]
            }
            XCTAssertGreaterThanOrEqual(winners.count, 1, "round \(round): someone wins")
            let (title, newest) = try read { db in
                (try String.fetchOne(db, sql: "SELECT job_title FROM user WHERE login = 'nora'"),
                 try String.fetchOne(db, sql: "SELECT after FROM audit_event WHERE action = 'user.edit' AND target_name = 'nora' ORDER BY id DESC LIMIT 1"))
            }
            let stored = try XCTUnwrap(title)
            XCTAssertTrue(winners.map { "round \(round) process \($0)" }.contains(stored), "round \(round): \(stored) is a winner's title")
            XCTAssertTrue(newest?.contains(stored) ?? false, "round \(round): the newest event sets \(stored): \(newest ?? "none")")
        }
        try Robustness.assertIntact(db)
    }

    /// Eight different changes at once, none in another's way: all exit 0, and each is there.
    func testEightDifferentChangesAtOnceAllSucceed() throws {
        for round in 0..<rounds {
            let lockedLegacy = try read { db in try Bool.fetchOne(db, sql: "SELECT locked FROM api_client WHERE name = 'legacy-sync'")! }
            let reportingCredentials = try read { db in
                try Int64.fetchAll(db, sql: """
                    SELECT c.id FROM credential c JOIN api_client a ON a.id = c.client_id
                    WHERE a.name = 'reporting-bot' AND c.status != 'DELETED' ORDER BY c.id
                    """)
            }
            // Room for one more credential on reporting-bot (cap: two), made beforehand.
            if reportingCredentials.count >= 2 {
                let oldest = "\(reportingCredentials[0])"
                for step in ["deactivate", "delete"] {
                    let r = try CLI.run(["clients", "credential", step, "reporting-bot", oldest, "--as", "nora", "--db", db!])
                    XCTAssertEqual(r.status, 0, r.stderr)
                }
            }
            let changes: [[String]] = [
                ["users", "edit", "ivan", "--title", "ivan \(round)", "--as", "alice"],
                ["users", "edit", "mike", "--title", "mike \(round)", "--as", "alice"],
                ["users", "edit", "pat", "--phone", "+4412345678\(10 + round % 90)", "--as", "alice"],
                ["groups", "create", "mixed-g-\(round)", "--parent", "Acme Streaming", "--as", "alice"],
                ["users", "create", "mixed-u-\(round)", "--first", "Mixed", "--last", "User", "--email", "mixed-u-\(round)@acme.example",
                 "--grant", "Acme Web=Property Viewer", "--as", "alice"],
                ["clients", lockedLegacy ? "unlock" : "lock", "legacy-sync", "--as", "alice"],
                ["clients", "credential", "create", "reporting-bot", "--description", "mixed \(round)", "--as", "nora"],
                ["clients", "credential", "describe", "purge-pipeline", "2", "described \(round)", "--as", "mike"],
            ]
            let eventsBefore = try eventCount()
            let running = try changes.map { try CLI.start($0 + ["--db", db!]) }
            let readers = try readersStart()
            let results = running.map { $0.wait() }
            try readersCheck(readers, round: round)
            for (change, result) in zip(changes, results) {
                XCTAssertEqual(result.status, 0, "round \(round): idm \(change.joined(separator: " ")): \(result.stderr)")
                assertNotLocked(result, change, round: round)
            }
            XCTAssertEqual(try eventCount(), eventsBefore + changes.count, "round \(round): one audit event per change")
            print("ConcurrencyTests: round \(round), \(changes.count) different changes at once: \(results.filter { $0.status == 0 }.count) succeeded")
            try read { db in
                XCTAssertEqual(try String.fetchOne(db, sql: "SELECT job_title FROM user WHERE login = 'ivan'"), "ivan \(round)")
                XCTAssertEqual(try String.fetchOne(db, sql: "SELECT job_title FROM user WHERE login = 'mike'"), "mike \(round)")
                XCTAssertEqual(try String.fetchOne(db, sql: "SELECT phone FROM user WHERE login = 'pat'"), "+4412345678\(10 + round % 90)")
                XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grp WHERE name = ?", arguments: ["mixed-g-\(round)"]), 1)
                XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE login = ?", arguments: ["mixed-u-\(round)"]), 1)
                XCTAssertEqual(try Bool.fetchOne(db, sql: "SELECT locked FROM api_client WHERE name = 'legacy-sync'"), !lockedLegacy)
                XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credential WHERE description = ? AND status = 'ACTIVE'",
                                                arguments: ["mixed \(round)"]), 1)
                XCTAssertEqual(try String.fetchOne(db, sql: "SELECT description FROM credential WHERE id = 2"), "described \(round)")
            }
        }
        try Robustness.assertIntact(db)
    }

    // MARK: The race

    /// Starts `processes` copies of `command(i)` at once (with readers alongside), and checks the
    /// accounting: successes = new events for the target = the version's increase (exactly one
    /// unless `exactlyOne` is false), every other process exited 3 with the conflict message, and
    /// no output says "database is locked". Returns the indexes of the processes that succeeded.
    @discardableResult
    private func race(target: (type: String, name: String), events action: String, round: Int, exactlyOne: Bool = true,
                      versionSQL: String, named: String? = nil, _ command: (Int) -> [String],
                      file: StaticString = #filePath, line: UInt = #line) throws -> [Int] {
        let commands = (0..<processes).map { command($0) + ["--db", db!] }
        let versionBefore = try read { db in try Int.fetchOne(db, sql: versionSQL)! }
        let eventsBefore = try targetEvents(target, action)

        let running = try commands.map { try CLI.start($0) }
        let readers = try readersStart()
        let results = running.map { $0.wait() }
        try readersCheck(readers, round: round)

        let versionAfter = try read { db in try Int.fetchOne(db, sql: versionSQL)! }
        let newEvents = try targetEvents(target, action) - eventsBefore
        var winners: [Int] = []
        let conflict = try NSRegularExpression(pattern: "^Error: \(named ?? NSRegularExpression.escapedPattern(for: target.name)) was changed by [a-z]+ " +
                                               "at [0-9TZ:-]+ since it was loaded; nothing was saved\\. Reload and try again\\.\n$")
        for (i, result) in results.enumerated() {
            let shown = "round \(round), process \(i): idm \(commands[i].joined(separator: " ")): exit \(result.status) \(result.stderr)"
            assertNotLocked(result, commands[i], round: round, file: file, line: line)
            if result.status == 0 {
                winners.append(i)
                continue
            }
            XCTAssertEqual(result.status, 3, shown, file: file, line: line)
            let range = NSRange(result.stderr.startIndex..., in: result.stderr)
            XCTAssertNotNil(conflict.firstMatch(in: result.stderr, range: range), "the conflict message: \(shown)", file: file, line: line)
            XCTAssertEqual(result.stdout, "", shown, file: file, line: line)
        }
        XCTAssertEqual(winners.count, newEvents, "round \(round): successes = new \(action) events for \(target.name)", file: file, line: line)
        XCTAssertEqual(winners.count, versionAfter - versionBefore, "round \(round): successes = the version's increase", file: file, line: line)
        print("ConcurrencyTests: round \(round), \(action) on \(target.name): \(winners.count) of \(processes) succeeded, " +
              "version \(versionBefore) → \(versionAfter), \(newEvents) new events")
        if exactlyOne {
            XCTAssertEqual(winners.count, 1, "round \(round): all expected version \(versionBefore); one may change it", file: file, line: line)
        }
        return winners
    }

    private func assertNotLocked(_ result: CLI.Result, _ command: [String], round: Int,
                                 file: StaticString = #filePath, line: UInt = #line) {
        for text in [result.stdout, result.stderr] {
            XCTAssertFalse(text.localizedCaseInsensitiveContains("database is locked"),
                           "round \(round): idm \(command.joined(separator: " ")): \(text)", file: file, line: line)
        }
    }

    /// Readers alongside every race: they must answer, not wait for the writers.
    private func readersStart() throws -> [(command: [String], running: CLI.Running)] {
        let commands = [["users", "list", "--as", "alice"], ["clients", "show", "reporting-bot", "--json", "--as", "alice"],
                        ["can-i", "read-audit", "--as", "alice"]]
        return try commands.map { ($0, try CLI.start($0 + ["--db", db!])) }
    }

    private func readersCheck(_ readers: [(command: [String], running: CLI.Running)], round: Int) throws {
        for reader in readers {
            let result = reader.running.wait()
            XCTAssertEqual(result.status, 0, "round \(round): reader idm \(reader.command.joined(separator: " ")): \(result.stderr)")
            assertNotLocked(result, reader.command, round: round)
        }
    }

    // MARK: Reading the file

    private func targetEvents(_ target: (type: String, name: String), _ action: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE target_type = ? AND target_name = ? AND action = ?",
                             arguments: [target.type, target.name, action])!
        }
    }

    private func eventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event")! }
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(arguments + ["--db", db!])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}
