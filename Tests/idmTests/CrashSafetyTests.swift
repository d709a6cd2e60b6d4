import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// Issue 11, "Crash safety": a writing `idm` is SIGKILLed at random moments. After each kill the
/// file passes `PRAGMA integrity_check`, every change whose command exited 0 is still there, and
/// `idm audit verify` passes (the chain, and every row as its events left it: a half-written
/// change would be a row no event explains, or an event whose row is missing).
///
/// Each round: one change run to completion (it must exit 0; what it did is remembered), then
/// one change killed 0-40 ms after it started, then the checks. The mix: `users edit --title`,
/// `clients lock`/`unlock`, `clients credential create` (with a deactivate and delete run to
/// completion when the client reaches the cap of two), `groups create` and `users create`.
///
/// 60 rounds (IDM_SOAK=1: 500; IDM_CRASH_ROUNDS=N overrides); the seed is printed and IDM_SEED
/// repeats the same sequence of commands and delays.
final class CrashSafetyTests: XCTestCase {
    private var folder: URL!
    private var db: String!

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// What the directory must show, given the commands that finished and those that were killed.
    private struct Expected {
        /// Titles a user may have: the last completed edit's, plus each killed edit's since.
        var titles: [String: Set<String>] = [:]
        /// legacy-sync's `locked`: the last completed lock or unlock, plus killed ones since.
        var locked: Set<Bool> = [true]
        var groups: [String] = []
        var users: [String] = []
        /// Credentials a completed `credential create` made and nothing deleted since.
        var credentials: [Int64: String] = [:]
        /// Audit events at least: the count seen at the last check plus the completed changes since.
        var events = 0
    }

    private enum Change {
        case title(login: String, title: String)
        case lock(Bool)
        case credential(description: String)
        case group(name: String, parent: String)
        case user(login: String)

        var arguments: [String] {
            switch self {
            case .title(let login, let title): return ["users", "edit", login, "--title", title, "--as", "alice"]
            case .lock(let lock): return ["clients", lock ? "lock" : "unlock", "legacy-sync", "--as", "alice"]
            case .credential(let description):
                return ["clients", "credential", "create", "reporting-bot", "--description", description, "--json", "--as", "nora"]
            case .group(let name, let parent): return ["groups", "create", name, "--parent", parent, "--as", "alice"]
            case .user(let login):
                return ["users", "create", login, "--first", "Crash", "--last", "Test", "--email", "\(login)@acme.example",
                        "--title", "crash", "--grant", "Acme Web=Property Viewer", "--as", "alice"]
            }
        }
    }

    private let editable = ["ivan", "nora", "mike", "pat", "vera"]

    /// A change that the directory's current state allows (so a completed one must exit 0).
    private func plan(_ tag: String, locked: Bool, credentials: Int, _ rng: inout SeededRandom) -> Change {
        var kinds = [0, 0, 1, 2, 3, 4]      // titles twice as often: an UPDATE of a row every event digests
        if credentials >= 2 { kinds.removeAll { $0 == 2 } }
        switch kinds.randomElement(using: &rng)! {
        case 0: return .title(login: editable.randomElement(using: &rng)!, title: "title \(tag)")
        case 1: return .lock(!locked)
        case 2: return .credential(description: "crash \(tag)")
        case 3: return .group(name: "crash-g-\(tag)", parent: ["Acme Web", "Acme Streaming", "Web Properties"].randomElement(using: &rng)!)
        default: return .user(login: "crash-u-\(tag)")
        }
    }

    /// Microseconds each completed change took, start to exit.
    private var durations: [UInt32] = []

    private func run(_ arguments: [String]) throws -> SpawnedIDM.Outcome {
        let start = Date()
        let outcome = try SpawnedIDM(arguments + ["--db", db], in: folder).wait()
        durations.append(UInt32(Date().timeIntervalSince(start) * 1_000_000))
        return outcome
    }

    /// When the kill comes, in microseconds after the start: a third of the time within 0-40 ms
    /// (start-up, opening the database), else in the last part of a completed change's median
    /// run time (40% to 110% of it), where a debug build on a slow machine does its
    /// transaction and commits: kills within 40 ms alone would all land before any write.
    private func killDelay(_ rng: inout SeededRandom) -> UInt32 {
        let median = durations.sorted()[durations.count / 2]
        if Int.random(in: 0..<3, using: &rng) == 0 || median < 40_000 { return UInt32.random(in: 0...40_000, using: &rng) }
        return UInt32.random(in: median * 4 / 10...median * 11 / 10, using: &rng)
    }

    func testSIGKILLedWritersLeaveAnIntactDirectory() throws {
        let seed = Robustness.seed(default: 0x1D11_C4A5)
        let rounds = ProcessInfo.processInfo.environment["IDM_CRASH_ROUNDS"].flatMap(Int.init) ?? (Robustness.soak ? 500 : 60)
        print("CrashSafetyTests: seed \(seed) (IDM_SEED=\(seed) repeats it), \(rounds) rounds on \(db!)")
        var rng = SeededRandom(seed: seed)
        var expected = Expected()
        expected.events = try count("SELECT COUNT(*) FROM audit_event")
        for login in editable {
            expected.titles[login] = [try read { db in try String.fetchOne(db, sql: "SELECT job_title FROM user WHERE login = ?", arguments: [login]) ?? "" }]
        }
        var stats = (finishedBeforeKill: 0, killedApplied: 0, killedNotApplied: 0)
        let started = Date()

        for round in 0..<rounds {
            let (locked, live) = try state()
            var credentials = live.count
            // At the cap of two: make room, with commands that run to the end.
            if credentials >= 2, let oldest = live.first {
                if oldest.status == "ACTIVE" {
                    try completed(["clients", "credential", "deactivate", "reporting-bot", "\(oldest.id)", "--as", "nora"], round, &expected)
                }
                try completed(["clients", "credential", "delete", "reporting-bot", "\(oldest.id)", "--as", "nora"], round, &expected)
                expected.credentials[oldest.id] = nil
                credentials -= 1
            }

            // 1. A change that finishes.
            let done = plan("\(round)c", locked: locked, credentials: credentials, &rng)
            let output = try completed(done.arguments, round, &expected)
            remember(done, output: output, &expected)
            var lockedNow = locked
            if case .lock(let lock) = done { lockedNow = lock }
            if case .credential = done { credentials += 1 }

            // 2. A change killed 0-40 ms after it started.
            let victim = plan("\(round)k", locked: lockedNow, credentials: credentials, &rng)
            let delay = killDelay(&rng)
            let process = try SpawnedIDM(victim.arguments + ["--db", db], in: folder)
            usleep(delay)
            process.kill()
            let outcome = process.wait()
            if outcome.exited {
                // It finished first: then it is a completed change like any other.
                XCTAssertEqual(outcome.status, 0, "round \(round): \(victim.arguments.joined(separator: " ")): \(outcome.description)")
                stats.finishedBeforeKill += 1
                expected.events += 1
                remember(victim, output: outcome.stdout, &expected)
            } else {
                XCTAssertEqual(outcome.signal, SIGKILL)
                if try applied(victim) { stats.killedApplied += 1 } else { stats.killedNotApplied += 1 }
                allow(victim, &expected)
            }

            // 3. The checks.
            let context = "Round \(round) (seed \(seed)); killed after \(delay / 1000) ms: idm \(victim.arguments.joined(separator: " "))"
            try Robustness.assertIntact(db, context)
            try check(&expected, context)
            if testRun?.failureCount ?? 0 > 0 { break }
        }
        let seconds = Date().timeIntervalSince(started)
        print("CrashSafetyTests: \(rounds) rounds in \(String(format: "%.1f", seconds)) s; the killed command had finished in " +
              "\(stats.finishedBeforeKill), was killed and its change was there in \(stats.killedApplied), not there in \(stats.killedNotApplied); " +
              "median run time of a completed change \(durations.sorted()[durations.count / 2] / 1000) ms")
    }

    // MARK: Running and remembering

    @discardableResult
    private func completed(_ arguments: [String], _ round: Int, _ expected: inout Expected,
                           file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let outcome = try run(arguments)
        XCTAssertTrue(outcome.exited && outcome.status == 0,
                      "round \(round): idm \(arguments.joined(separator: " ")): \(outcome.description)", file: file, line: line)
        expected.events += 1
        return outcome.stdout
    }

    /// A change whose command exited 0: it must be there from now on.
    private func remember(_ change: Change, output: String, _ expected: inout Expected) {
        switch change {
        case .title(let login, let title): expected.titles[login] = [title]
        case .lock(let lock): expected.locked = [lock]
        case .credential(let description):
            let json = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any]
            if let id = (json?["credentialId"] as? NSNumber)?.int64Value {
                expected.credentials[id] = description
            } else {
                XCTFail("credential create printed no credentialId: \(output)")
            }
        case .group(let name, _): expected.groups.append(name)
        case .user(let login): expected.users.append(login)
        }
    }

    /// A change whose command was killed: it may or may not be there (creations are not
    /// remembered at all; audit verify still checks them whole).
    private func allow(_ change: Change, _ expected: inout Expected) {
        switch change {
        case .title(let login, let title): expected.titles[login, default: []].insert(title)
        case .lock(let lock): expected.locked.insert(lock)
        case .credential, .group, .user: break
        }
    }

    /// Whether a killed change made it (for the statistics only).
    private func applied(_ change: Change) throws -> Bool {
        try read { db in
            switch change {
            case .title(let login, let title):
                return try String.fetchOne(db, sql: "SELECT job_title FROM user WHERE login = ?", arguments: [login]) == title
            case .lock(let lock):
                return try Bool.fetchOne(db, sql: "SELECT locked FROM api_client WHERE name = 'legacy-sync'") == lock
            case .credential(let description):
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credential WHERE description = ?", arguments: [description])! > 0
            case .group(let name, _):
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grp WHERE name = ?", arguments: [name])! > 0
            case .user(let login):
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE login = ?", arguments: [login])! > 0
            }
        }
    }

    // MARK: Checking

    private func check(_ expected: inout Expected, _ context: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try read { db in
            for (login, allowed) in expected.titles {
                let title = try String.fetchOne(db, sql: "SELECT job_title FROM user WHERE login = ?", arguments: [login]) ?? "<no user>"
                XCTAssertTrue(allowed.contains(title), "\(login)'s title is \"\(title)\", expected one of \(allowed.sorted()). \(context)", file: file, line: line)
                expected.titles[login] = [title]
            }
            let locked = try Bool.fetchOne(db, sql: "SELECT locked FROM api_client WHERE name = 'legacy-sync'")
            XCTAssertTrue(locked.map(expected.locked.contains) ?? false, "legacy-sync locked = \(String(describing: locked)), expected one of \(expected.locked). \(context)", file: file, line: line)
            if let locked { expected.locked = [locked] }
            for name in expected.groups {
                XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grp WHERE name = ?", arguments: [name]), 1,
                               "group \(name), created by a command that exited 0. \(context)", file: file, line: line)
            }
            for login in expected.users {
                let grants = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_grant g JOIN user u ON u.id = g.user_id WHERE u.login = ?", arguments: [login])
                XCTAssertEqual(grants, 1, "user \(login) and their one grant, created by a command that exited 0. \(context)", file: file, line: line)
            }
            for (id, description) in expected.credentials {
                let row = try Row.fetchOne(db, sql: "SELECT status, description FROM credential WHERE id = ?", arguments: [id])
                XCTAssertEqual(row?["status"] as String?, "ACTIVE", "credential \(id). \(context)", file: file, line: line)
                XCTAssertEqual(row?["description"] as String?, description, "credential \(id). \(context)", file: file, line: line)
            }
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event")!
            XCTAssertGreaterThanOrEqual(events, expected.events, "audit events: every completed change wrote one. \(context)", file: file, line: line)
            expected.events = events
        }
    }

    /// legacy-sync's lock, and reporting-bot's credentials that count toward the cap, oldest first.
    private func state() throws -> (locked: Bool, credentials: [(id: Int64, status: String)]) {
        try read { db in
            let locked = try Bool.fetchOne(db, sql: "SELECT locked FROM api_client WHERE name = 'legacy-sync'") ?? false
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.status FROM credential c JOIN api_client a ON a.id = c.client_id
                WHERE a.name = 'reporting-bot' AND c.status != 'DELETED' ORDER BY c.id
                """)
            return (locked, rows.map { ($0["id"], $0["status"]) })
        }
    }

    private func count(_ sql: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}
