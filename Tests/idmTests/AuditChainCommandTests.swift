import Foundation
import XCTest

/// `idm audit verify`, `anchor` and `tail`: what an operator runs from cron and a log shipper.
final class AuditChainCommandTests: XCTestCase {
    private var folder: URL!
    private var db: String!

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    private func idm(_ args: String...) throws -> CLI.Result { try CLI.run(args + ["--db", db]) }

    private func sqlite(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [db, sql]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, sql)
    }

    func testVerifyAnchorAndAForgedEvent() throws {
        let anchor = try idm("audit", "anchor")
        XCTAssertEqual(anchor.status, 0, anchor.stderr)
        let head = anchor.stdout.trimmingCharacters(in: .newlines)
        XCTAssertNotNil(head.range(of: "^[0-9a-f]{64}:[0-9]+$", options: .regularExpression), head)
        let count = head.split(separator: ":")[1]

        let ok = try idm("audit", "verify")
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let everyRow = "; every user, group, role, client and credential is as its events left it.\n"
        XCTAssertEqual(ok.stdout, "The audit log verifies: \(count) events chained, head \(head)" + everyRow)
        let anchored = try idm("audit", "verify", "--anchor", head)
        XCTAssertEqual(anchored.stdout, "The audit log verifies: \(count) events chained, head \(head), the first \(count) the anchored ones" + everyRow)

        XCTAssertEqual(try idm("users", "lock", "mike", "--as", "alice").status, 0)
        XCTAssertEqual(try idm("audit", "verify", "--anchor", head).status, 0, "later events keep an older anchor valid")

        try sqlite("DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor_login = 'mallory' WHERE id = 3")
        let forged = try idm("audit", "verify")
        XCTAssertEqual(forged.status, 1)
        XCTAssertEqual(forged.stderr, "Error: The audit log does not verify. Event #3 does not match its hash: it was changed after it was written.\n")
        let json = try idm("audit", "verify", "--json")
        XCTAssertEqual(json.status, 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["ok"] as? Bool, false)
        XCTAssertEqual(object?["firstBadEvent"] as? Int, 3)

        let bad = try idm("audit", "verify", "--anchor", "abc:1")
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--anchor wants HASH:COUNT"), bad.stderr)
    }

    func testTailFollowStreamsEventsAsTheyAreWritten() throws {
        let newest = try idm("audit", "anchor").stdout.split(separator: ":")[1].trimmingCharacters(in: .whitespacesAndNewlines)
        let tail = try CLI.start(["audit", "tail", "--follow", "--jsonl", "--after", newest, "--db", db])
        defer { if tail.process.isRunning { tail.process.terminate() } }
        XCTAssertEqual(try idm("users", "lock", "pat", "--as", "alice").status, 0)
        // Read until the line arrives (the tail checks every second); bounded by a deadline.
        var text = ""
        let deadline = Date().addingTimeInterval(15)
        let handle = tail.out.fileHandleForReading
        while !text.contains("\n") && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        tail.process.terminate()
        let line = try XCTUnwrap(text.split(separator: "\n").first)
        let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(event?["action"] as? String, "user.lock")
        XCTAssertEqual(event?["targetName"] as? String, "pat")
    }

    func testTailAsAUserNeedsTheAuditLogReadRule() throws {
        let vera = try idm("audit", "tail", "--as", "vera")
        XCTAssertEqual(vera.status, 1)
        XCTAssertEqual(vera.stderr, "Error: You need the Admin role or an IDM permission to read the audit log of Acme Media.\n")
        // alice streams Acme Media's events only, never another account's.
        let alice = try idm("audit", "tail", "--as", "alice", "--after", "0", "--jsonl")
        XCTAssertEqual(alice.status, 0, alice.stderr)
        let accounts = try alice.stdout.split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["accountID"] as? Int
        }
        XCTAssertGreaterThan(accounts.count, 10)
        XCTAssertEqual(Set(accounts), [2])
    }
}
