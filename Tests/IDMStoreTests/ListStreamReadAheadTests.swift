import GRDB
import IDMStore
import XCTest

/// `ListStream.pages` reads the next page on another thread while the caller writes this one:
/// the pages still come in order, one read at a time, a read's error reaches the caller, and a
/// caller that stops early gets no more pages.
final class ListStreamReadAheadTests: XCTestCase {
    private func acmeUsers(_ dir: TestDirectory) throws -> ListStream {
        let acme = try dir.store.read { db in try Int64.fetchOne(db, sql: "SELECT account_id FROM user WHERE login = 'alice'")! }
        return ListStream(store: dir.store, spec: ListSpec(list: .users, accountID: acme, filter: ""))
    }

    func testPagesComeInOrderOneReadAtATime() throws {
        let dir = try TestDirectory()
        let stream = try acmeUsers(dir)
        let inRead = ReadInProgress()
        var logins: [String] = []
        try stream.pages(after: nil, pageSize: 2, read: { db, page -> [String] in
            XCTAssertTrue(inRead.enter(), "two page reads at once")
            defer { inRead.leave() }
            // Slow enough that a second read started early would overlap this one.
            Thread.sleep(forTimeInterval: 0.005)
            return page.sortValues
        }) { _, values in
            // A slow writer: the read ahead runs while this page is out.
            Thread.sleep(forTimeInterval: 0.01)
            logins += values
            return true
        }
        let all = try dir.store.read { db in
            try String.fetchAll(db, sql: "SELECT login FROM user WHERE account_id = (SELECT account_id FROM user WHERE login = 'alice') ORDER BY login")
        }
        XCTAssertEqual(logins, all)
        XCTAssertGreaterThan(all.count, 4, "the demo account spans several pages of 2")
    }

    func testAReadsErrorReachesTheCallerAndAnEarlyStopEndsTheStream() throws {
        let dir = try TestDirectory()
        let stream = try acmeUsers(dir)
        struct Broken: Error {}
        var pages = 0
        XCTAssertThrowsError(try stream.pages(after: nil, pageSize: 2, read: { _, page -> Int in
            pages += 1
            if pages == 2 { throw Broken() }
            return page.ids.count
        }) { _, _ in true }) { XCTAssertTrue($0 is Broken, "\($0)") }

        // An early stop while a slow read ahead runs: `pages` returns after that read, and no
        // read runs after it returns.
        var seen = 0
        let reading = ReadInProgress()
        try stream.pages(after: nil, pageSize: 2, read: { _, page -> Int in
            XCTAssertTrue(reading.enter())
            defer { reading.leave() }
            Thread.sleep(forTimeInterval: 0.02)
            return page.ids.count
        }) { _, _ in
            seen += 1
            return false
        }
        XCTAssertEqual(seen, 1)
        XCTAssertTrue(reading.enter(), "a read still running after pages returned")

        // Enough rows read: no page is read ahead, and none is handed over after them.
        var reads = 0
        var handed = 0
        try stream.pages(after: nil, pageSize: 2, rowsNeeded: 3, read: { _, page -> Int in
            reads += 1
            return page.ids.count
        }) { _, n in
            handed += n
            return true
        }
        XCTAssertEqual(reads, 2, "rows 1-2, then row 3 (a later page repeats the row it starts from): then no more")
        XCTAssertEqual(handed, 3)
    }
}

/// Fails `enter` when it is already entered: two reads at once.
private final class ReadInProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var entered = false

    func enter() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if entered { return false }
        entered = true
        return true
    }

    func leave() {
        lock.lock(); defer { lock.unlock() }
        entered = false
    }
}
