import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// `Q.audit`'s filters (actor, target, action exact or family, dates), the distinct values for
/// suggestions, and `AuditWindow`'s keyset paging.
final class AuditQueryTests: XCTestCase {
    func testFiltersOnTheDemoHistory() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let pipeline = try dir.client("purge-pipeline")
        try dir.store.read { db in
            func events(_ f: Q.AuditFilter) throws -> [AuditEvent] { try Q.audit(db, account: acme, filter: f) }
            let all = try events(Q.AuditFilter(includeGlobal: false))
            XCTAssertGreaterThan(all.count, 20)
            XCTAssertEqual(all.map(\.id), all.map(\.id).sorted(by: >), "newest first")
            XCTAssertTrue(all.allSatisfy { $0.accountID == acme })
            XCTAssertEqual(try Q.auditCount(db, account: acme, filter: Q.AuditFilter(includeGlobal: false)), all.count)
            // The command line's default also shows the events of no account (the catalogue).
            let withGlobal = try events(Q.AuditFilter())
            XCTAssertGreaterThan(withGlobal.count, all.count)
            XCTAssertTrue(withGlobal.contains { $0.accountID == nil })

            // Actor, exactly.
            let mike = try events(Q.AuditFilter(actor: "mike"))
            XCTAssertFalse(mike.isEmpty)
            XCTAssertTrue(mike.allSatisfy { $0.actorLogin == "mike" })
            XCTAssertEqual(mike.count, all.filter { $0.actorLogin == "mike" }.count)
            XCTAssertTrue(try events(Q.AuditFilter(actor: "mik")).isEmpty)

            // Action: exact, a family, a prefix.
            let creates = try events(Q.AuditFilter(action: "credential.create"))
            XCTAssertEqual(creates.count, 2)
            let family = try events(Q.AuditFilter(action: "credential"))
            XCTAssertEqual(Set(family.map(\.action)), ["credential.create", "credential.deactivate", "credential.expiry"])
            XCTAssertEqual(try events(Q.AuditFilter(action: "credential.")).map(\.id), family.map(\.id))
            XCTAssertEqual(try events(Q.AuditFilter(action: "cred*")).map(\.id), family.map(\.id))
            XCTAssertTrue(try events(Q.AuditFilter(action: "cred")).isEmpty, "a family is a whole dotted word")
            XCTAssertTrue(try events(Q.AuditFilter(action: "credential.%")).isEmpty, "LIKE wildcards are literal")
            XCTAssertTrue(try events(Q.AuditFilter(action: "_redential")).isEmpty)

            // Target, by name (a credential's events carry the client's name) or id.
            let byName = try events(Q.AuditFilter(target: "purge-pipeline"))
            XCTAssertEqual(Set(byName.map(\.action)), ["client.create", "credential.create", "credential.deactivate", "credential.expiry"])
            let byID = try events(Q.AuditFilter(target: String(pipeline.id)))
            XCTAssertTrue(byID.contains { $0.action == "client.create" && $0.targetName == "purge-pipeline" })

            // Combined, as the screen's `actor:mike action:credential target:purge-pipeline`.
            let combined = try events(Q.AuditFilter(actor: "mike", target: "purge-pipeline", action: "credential"))
            XCTAssertEqual(combined.map(\.id), family.map(\.id))

            // Dates: since inclusive, until exclusive.
            let now = TestDirectory.now
            XCTAssertEqual(try events(Q.AuditFilter(since: now, includeGlobal: false)).count, all.count)
            XCTAssertTrue(try events(Q.AuditFilter(since: now.addingTimeInterval(1))).isEmpty)
            XCTAssertTrue(try events(Q.AuditFilter(until: now)).isEmpty)
            XCTAssertEqual(try events(Q.AuditFilter(since: now, until: now.addingTimeInterval(1), includeGlobal: false)).count, all.count)

            // Keyset pages: `beforeID` and `limit`.
            let first = try events(Q.AuditFilter(limit: 5, includeGlobal: false))
            let second = try events(Q.AuditFilter(limit: 5, beforeID: first.last!.id, includeGlobal: false))
            XCTAssertEqual((first + second).map(\.id), Array(all.prefix(10)).map(\.id))

            // Distinct values for suggestions.
            let actions = try Q.auditDistinct(db, .action, account: acme)
            XCTAssertEqual(Set(actions), Set(all.map(\.action)))
            XCTAssertFalse(actions.contains("product.define"), "the catalogue is not the account's")
            XCTAssertEqual(Set(try Q.auditDistinct(db, .actor, account: acme)), Set(all.map(\.actorLogin)))
        }
    }

    /// Pages at many offsets, both directions, equal the whole log read at once; offsets agree.
    func testWindowPagesEqualTheWholeLog() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let root = try dir.group("Acme Web")
        for i in 0..<260 { try dir.service.createGroup(ActorRef(login: "alice"), parent: root, name: "G\(i)") }
        for filter in [Q.AuditFilter(includeGlobal: false), Q.AuditFilter(actor: "alice"), Q.AuditFilter(actor: "mike"),
                       Q.AuditFilter(action: "group"),
                       Q.AuditFilter(action: "credential"), Q.AuditFilter(actor: "nobody"), Q.AuditFilter()] {
            let all = try dir.store.read { db in try Q.audit(db, account: acme, filter: filter) }
            let window = AuditWindow(store: dir.store, account: acme, filter: filter)
            XCTAssertEqual(try window.count(), all.count)
            for (i, offset) in ListWindowTests.offsets(count: all.count, seed: 3).enumerated() {
                let limit = [20, 7, 1, 50][i % 4]
                let got = try window.rows(offset: offset, limit: limit).map(\.id)
                let want = Array(all[min(offset, all.count) ..< min(all.count, offset + limit)]).map(\.id)
                XCTAssertEqual(got, want, "\(filter) offset \(offset) limit \(limit)")
            }
            for p in [0, all.count / 2, all.count - 1] where all.indices.contains(p) {
                XCTAssertEqual(try window.offset(ofID: all[p].id), p)
            }
            if filter.actor == "mike" {
                let other = try dir.store.read { db in try Q.audit(db, account: acme, filter: Q.AuditFilter(actor: "alice", limit: 1))[0] }
                XCTAssertNil(try window.offset(ofID: other.id))
            }
        }
        let window = AuditWindow(store: dir.store, account: acme, filter: Q.AuditFilter(includeGlobal: false))
        var offset = 0
        while offset < (try window.count()) { _ = try window.rows(offset: offset, limit: 20); offset += 20 }
        XCTAssertGreaterThan(window.checkpointCount, 5)
    }

    /// The screen's statements read the account's events by index, with no sort.
    func testWindowStatementsUseTheAccountIndex() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let window = AuditWindow(store: dir.store, account: acme, filter: Q.AuditFilter(includeGlobal: false))
        for seek in [ListSeek.forward(from: nil, skip: 3), .forward(from: [10.databaseValue], skip: 3),
                     .backward(from: nil, skip: 3), .backward(from: [10.databaseValue], skip: 3)] {
            let (sql, arguments) = window.statement(seek: seek, limit: 20)
            let details = try dir.store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            let text = "\(seek): \(sql)\n" + details.joined(separator: "\n")
            XCTAssertTrue(details.contains { $0.contains("audit_account") }, text)
            XCTAssertFalse(details.contains { $0.contains("TEMP B-TREE") }, text)
        }
    }
}
