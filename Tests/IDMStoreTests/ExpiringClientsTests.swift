import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// "Expiring soon": API clients with an ACTIVE credential expiring within 30 days are flagged,
/// and `expiringOnly` lists just those, with count, paging and offsets consistent.
final class ExpiringClientsTests: XCTestCase {
    static let day = 86_400.0

    /// The oracle: which clients of the account are flagged, and how, by one query per client.
    static func naiveFlags(_ db: Database, account: AccountID, now: Date) throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM api_client WHERE account_id = ?", arguments: [account]) {
            let expiries = try Double.fetchAll(db, sql: "SELECT expires_at FROM credential WHERE client_id = ? AND status = 'ACTIVE'",
                                               arguments: [id])
            let t = now.timeIntervalSince1970
            if expiries.contains(where: { $0 <= t }) {
                out[id] = "expired"
            } else if expiries.contains(where: { $0 <= t + 30 * day }) {
                out[id] = "expiring"
            }
        }
        return out
    }

    func testDemoPurgePipelineIsFlaggedAndTheOnlyOneListed() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let now = TestDirectory.now
        let all = ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, now: now))
        let rows = try all.rows(offset: 0, limit: 10)
        XCTAssertEqual(rows.map(\.cells[0]), ["legacy-sync", "purge-pipeline", "reporting-bot"])
        XCTAssertEqual(rows.map(\.flag), [nil, "expiring", nil])
        // Without a clock, no marks (the lists as before).
        XCTAssertEqual(try ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme)).rows(offset: 0, limit: 10).map(\.flag),
                       [nil, nil, nil])

        for sort in [0, 2, 3] {
            let only = ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, sortColumn: sort, expiringOnly: true, now: now))
            XCTAssertEqual(try only.count(), 1)
            XCTAssertEqual(try only.rows(offset: 0, limit: 10).map(\.cells[0]), ["purge-pipeline"])
            XCTAssertEqual(try only.rows(offset: 0, limit: 10).map(\.flag), ["expiring"])
            let pipeline = try dir.client("purge-pipeline").id
            XCTAssertEqual(try only.offset(ofID: pipeline), 0)
            XCTAssertNil(try only.offset(ofID: try dir.client("reporting-bot").id))
        }
        // With a text filter too: both apply.
        XCTAssertEqual(try ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, filter: "mike", expiringOnly: true, now: now)).count(), 1)
        XCTAssertEqual(try ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, filter: "nora", expiringOnly: true, now: now)).count(), 0)

        // Eleven days later the credential has expired: flagged "expired", still listed.
        let later = now.addingTimeInterval(11 * Self.day)
        let expired = ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, expiringOnly: true, now: later))
        XCTAssertEqual(try expired.rows(offset: 0, limit: 10).map(\.flag), ["expired"])
        // Forty days earlier it was not due yet: nothing listed.
        let earlier = now.addingTimeInterval(-40 * Self.day)
        XCTAssertEqual(try ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, expiringOnly: true, now: earlier)).count(), 0)

        // An inactive credential never counts.
        let pipeline = try dir.client("purge-pipeline")
        let active = try dir.store.read { db in try Q.credentials(db, client: pipeline.id).first { $0.status == .active }! }
        try dir.service.setCredentialStatus(ActorRef(login: "mike"), credential: active.id, active: false)
        XCTAssertEqual(try ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, expiringOnly: true, now: now)).count(), 0)
        XCTAssertEqual(try ListWindow(store: dir.store, spec: ListSpec(list: .clients, accountID: acme, now: now)).rows(offset: 0, limit: 10).map(\.flag),
                       [nil, nil, nil])
    }

    func testExpiryFlagBoundaries() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let t = now.timeIntervalSince1970
        XCTAssertNil(ListRowFormat.expiryFlag(nextExpiry: t - 1, now: nil))
        XCTAssertNil(ListRowFormat.expiryFlag(nextExpiry: nil, now: now))
        XCTAssertEqual(ListRowFormat.expiryFlag(nextExpiry: t, now: now), "expired")
        XCTAssertEqual(ListRowFormat.expiryFlag(nextExpiry: t + 1, now: now), "expiring")
        XCTAssertEqual(ListRowFormat.expiryFlag(nextExpiry: t + 30 * Self.day, now: now), "expiring")
        XCTAssertNil(ListRowFormat.expiryFlag(nextExpiry: t + 30 * Self.day + 1, now: now))
    }

    /// The large seed (small size): for every account and sort, the expiring-only window's count,
    /// pages, offsets and flags agree with the naive query.
    func testLargeSeedExpiringOnlyAgreesWithNaiveQuery() throws {
        let big = LargeDirectory.shared
        let now = LargeDirectory.now
        var listed = 0
        for account in try big.accounts() {
            let flags = try big.store.read { db in try Self.naiveFlags(db, account: account, now: now) }
            for sort in ListWindowTests.sortable(.clients) {
                for filter in ["", "a"] {
                    let plain = ListSpec(list: .clients, accountID: account, filter: filter, sortColumn: sort)
                    let expected = try big.store.read { db in try NaiveList.ids(db, plain) }.filter { flags[$0] != nil }
                    let spec = ListSpec(list: .clients, accountID: account, filter: filter, sortColumn: sort, expiringOnly: true, now: now)
                    let window = ListWindow(store: big.store, spec: spec)
                    XCTAssertEqual(try window.count(), expected.count, "\(spec)")
                    listed += expected.count
                    for (i, offset) in ListWindowTests.offsets(count: expected.count, seed: UInt64(sort * 10 + i(filter))).enumerated() {
                        let limit = [20, 7, 1][i % 3]
                        let rows = try window.rows(offset: offset, limit: limit)
                        let want = Array(expected[min(offset, expected.count) ..< min(expected.count, offset + limit)])
                        XCTAssertEqual(rows.map(\.id), want, "\(spec) offset \(offset)")
                        XCTAssertEqual(rows.map(\.flag), want.map { flags[$0] }, "\(spec) offset \(offset)")
                        if rows.map(\.id) != want { return }
                    }
                    for p in [0, expected.count / 2, expected.count - 1] where expected.indices.contains(p) {
                        XCTAssertEqual(try window.offset(ofID: expected[p]), p, "\(spec)")
                    }
                    // A client without such a credential is not in the window.
                    if let other = try big.store.read({ db in try NaiveList.ids(db, plain) }).first(where: { flags[$0] == nil }) {
                        XCTAssertNil(try window.offset(ofID: other))
                    }
                }
            }
            // Flags on the unfiltered list: the same as the oracle, page by page.
            let window = ListWindow(store: big.store, spec: ListSpec(list: .clients, accountID: account, now: now))
            let rows = try window.rows(offset: 0, limit: 300)
            XCTAssertEqual(rows.map(\.flag), rows.map { flags[$0.id] })
        }
        XCTAssertGreaterThan(listed, 50, "the large seed has expiring credentials")
    }

    private func i(_ filter: String) -> Int { filter.isEmpty ? 0 : 1 }

    /// The expiring condition reads the credential_expiry index, never the whole credential table.
    func testExpiringOnlyUsesTheExpiryIndex() throws {
        let big = LargeDirectory.shared
        let account = try big.account(LargeSeed.bigAccount)
        for sort in ListWindowTests.sortable(.clients) {
            let window = ListWindow(store: big.store, spec: ListSpec(list: .clients, accountID: account, sortColumn: sort,
                                                                     expiringOnly: true, now: LargeDirectory.now))
            let plan = try window.plan(total: window.count())
            let key = try big.store.read { db in try plan.keys(db, seek: .forward(from: nil, skip: 0), limit: 1)[0] }
            for statement in plan.statements(sampleKey: key) {
                let details = try big.store.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map { $0["detail"] as String }
                }
                let text = "sort \(sort) \(statement.name): \(statement.sql)\n" + details.joined(separator: "\n")
                XCTAssertTrue(details.contains { $0.contains("credential USING") && $0.contains("credential_expiry") }, text)
                XCTAssertFalse(details.contains { $0.hasPrefix("SCAN credential") }, text)
            }
        }
    }
}
