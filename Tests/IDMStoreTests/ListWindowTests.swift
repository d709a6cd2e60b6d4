import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// The lists' first version, kept here as the oracle: the whole list in one ORDER BY, and each
/// row's cells by one query per row. Keyset paging must give exactly these rows.
enum NaiveList {
    static func ids(_ db: Database, _ spec: ListSpec) throws -> [Int64] {
        let pattern = "%" + spec.filter.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let hasFilter = !spec.filter.isEmpty
        func like(_ columns: [String]) -> String {
            hasFilter ? " AND (" + columns.map { "lower(\($0)) LIKE :p ESCAPE '\\'" }.joined(separator: " OR ") + ")" : ""
        }
        var args: [String: DatabaseValueConvertible] = ["a": spec.accountID]
        if hasFilter { args["p"] = pattern }
        let from, idColumn, whereClause, order: String
        switch spec.list {
        case .users:
            from = "user u"
            idColumn = "u.id"
            whereClause = "u.account_id = :a" + like(["u.login", "u.first_name || ' ' || u.last_name", "u.email"])
            order = ["u.login, u.id", "u.last_name, u.first_name, u.id", "u.email, u.id", "u.login, u.id"][spec.sortColumn]
        case .clients:
            from = "api_client c JOIN user o ON o.id = c.owner_id JOIN user k ON k.id = c.creator_id"
            idColumn = "c.id"
            whereClause = "c.account_id = :a" + like(["c.name", "o.login", "k.login"])
            order = ["c.name, c.id", "c.name, c.id", "o.login, c.name, c.id", "k.login, c.name, c.id", "c.name, c.id"][spec.sortColumn]
        case .groups:
            from = "grp g"
            idColumn = "g.id"
            whereClause = "g.account_id = :a" + like(["g.name", "g.contract_id"])
            order = ["g.name, g.id", "g.contract_id, g.name, g.id", "g.name, g.id", "g.name, g.id"][spec.sortColumn]
        case .roles:
            from = "role r"
            idColumn = "r.id"
            whereClause = "r.account_id = :a" + like(["r.name", "r.description"])
            order = ["r.name, r.id", "r.is_standard DESC, r.name, r.id", "r.name, r.id", "r.name, r.id"][spec.sortColumn]
        }
        return try Int64.fetchAll(db, sql: "SELECT \(idColumn) FROM \(from) WHERE \(whereClause) ORDER BY \(order)",
                                  arguments: StatementArguments(args))
    }

    static func row(_ db: Database, _ list: DirectoryList, id: Int64) throws -> ListRow {
        switch list {
        case .users:
            let r = try Row.fetchOne(db, sql: """
                SELECT login, first_name, last_name, email, locked,
                       (SELECT COUNT(*) FROM user_grant WHERE user_id = u.id) AS grants
                FROM user u WHERE id = ?
                """, arguments: [id])!
            return ListRow(id: id, cells: [r["login"], "\(r["first_name"] as String) \(r["last_name"] as String)", r["email"], String(r["grants"] as Int)],
                           locked: r["locked"])
        case .clients:
            let r = try Row.fetchOne(db, sql: """
                SELECT c.name, c.kind, c.locked, o.login AS owner, k.login AS creator,
                       (SELECT COUNT(*) FROM credential WHERE client_id = c.id AND status = 'ACTIVE') AS active,
                       (SELECT COUNT(*) FROM credential WHERE client_id = c.id AND status = 'INACTIVE') AS inactive
                FROM api_client c JOIN user o ON o.id = c.owner_id JOIN user k ON k.id = c.creator_id WHERE c.id = ?
                """, arguments: [id])!
            let active: Int = r["active"]
            let inactive: Int = r["inactive"]
            let creds = active + inactive == 0 ? "none" : inactive == 0 ? "\(active) active" : "\(active) on, \(inactive) off"
            return ListRow(id: id, cells: [r["name"], r["kind"], r["owner"], r["creator"], creds], locked: r["locked"])
        case .groups:
            let r = try Row.fetchOne(db, sql: """
                SELECT g.name, g.contract_id,
                       (SELECT COUNT(*) FROM user_grant WHERE group_id = g.id) AS users,
                       (SELECT COUNT(*) FROM client_group WHERE group_id = g.id) AS clients
                FROM grp g WHERE g.id = ?
                """, arguments: [id])!
            return ListRow(id: id, cells: [r["name"], r["contract_id"], String(r["users"] as Int), String(r["clients"] as Int)])
        case .roles:
            let r = try Row.fetchOne(db, sql: """
                SELECT r.name, r.is_standard,
                       (SELECT COUNT(DISTINCT user_id) FROM user_grant WHERE role_id = r.id) AS users,
                       (SELECT group_concat(permission, ', ') FROM role_permission WHERE role_id = r.id) AS permissions
                FROM role r WHERE r.id = ?
                """, arguments: [id])!
            return ListRow(id: id, cells: [r["name"], (r["is_standard"] as Bool) ? "standard" : "custom", String(r["users"] as Int),
                                           (r["permissions"] as String?) ?? ""])
        }
    }
}

/// A large directory, seeded small (3,000 users) once for the whole class.
final class LargeDirectory: @unchecked Sendable {
    static let shared: LargeDirectory = { try! LargeDirectory(users: 3_000) }()
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    let folder: URL
    let store: Store
    let report: LargeSeed.Report

    init(users: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("large.sqlite").path)
        report = try LargeSeed.seed(store: store, size: LargeSeed.Size(users: users), now: Self.now)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func account(_ name: String) throws -> AccountID {
        try store.read { db in try Q.account(db, named: name)!.id }
    }

    /// Hyperion Holdings, a small managed account, and the reseller's own.
    func accounts() throws -> [AccountID] {
        let small = try store.read { db in
            try AccountID.fetchOne(db, sql: "SELECT id FROM account WHERE kind = 'managed' AND name <> ? ORDER BY id LIMIT 1",
                                   arguments: [LargeSeed.bigAccount])!
        }
        return [try account(LargeSeed.bigAccount), small, try account(LargeSeed.reseller)]
    }
}

final class ListWindowTests: XCTestCase {
    var big: LargeDirectory { LargeDirectory.shared }

    static func sortable(_ list: DirectoryList) -> [Int] {
        ListColumns.of(list).indices.filter { ListColumns.of(list)[$0].sortable }
    }

    /// Offsets a screen asks for: the start, a few steps, the middle, the end, jumps, backwards.
    static func offsets(count n: Int, seed: UInt64) -> [Int] {
        var random = SeedRandom(seed: seed)
        var out = [0, 1, 19, 20, 40, 60, 50, n / 2, n / 2 - 20, n / 2 + 20, n - 50, n - 51, n - 1, n - 20, n, n + 5, 3]
        for _ in 0..<12 { out.append(random.int(max(1, n))) }
        // Page up from the end, then down from the middle.
        var o = n - 1
        for _ in 0..<6 { o -= 20; out.append(o) }
        o = n / 3
        for _ in 0..<6 { o += 20; out.append(o) }
        return out.filter { $0 >= 0 }
    }

    /// Every list, every sortable column, several accounts and filters: the window's rows at many
    /// offsets equal the naive ordering's slice, with the same cells; counts agree.
    func testWindowsEqualTheNaiveOrderingEverywhere() throws {
        let filters = ["", "ab", "A", "zz-no-such", "_", "%", "1", "o'"]
        var checked = 0
        for account in try big.accounts() {
            for list in DirectoryList.allCases {
                for sort in Self.sortable(list) {
                    for filter in filters {
                        let spec = ListSpec(list: list, accountID: account, filter: filter, sortColumn: sort)
                        let all = try big.store.read { db in try NaiveList.ids(db, spec) }
                        let window = ListWindow(store: big.store, spec: spec)
                        // A filter's count stops at the cap; the window then holds the first matches.
                        let expected = filter.isEmpty ? all : Array(all.prefix(FilterPlan.countCap))
                        XCTAssertEqual(try window.count(), expected.count, "\(spec)")
                        XCTAssertEqual(window.isCapped, expected.count < all.count, "\(spec)")
                        for (i, offset) in Self.offsets(count: expected.count, seed: UInt64(checked + 1)).enumerated() {
                            let limit = [50, 20, 1, 7][i % 4]
                            let got = try window.rows(offset: offset, limit: limit).map(\.id)
                            let want = Array(expected[min(offset, expected.count) ..< min(expected.count, offset + limit)])
                            XCTAssertEqual(got, want, "\(spec) offset \(offset) limit \(limit)")
                            if got != want { return }
                            checked += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 1_000)
    }

    /// A long scroll down then up through a list equals the naive ordering, and leaves checkpoints.
    func testPagingDownAndUpThroughTheWholeList() throws {
        let account = try big.account(LargeSeed.bigAccount)
        for list in [DirectoryList.users, .clients] {
            for sort in Self.sortable(list) {
                let spec = ListSpec(list: list, accountID: account, sortColumn: sort)
                let expected = try big.store.read { db in try NaiveList.ids(db, spec) }
                let window = ListWindow(store: big.store, spec: spec)
                var offset = 0
                while offset < expected.count {
                    XCTAssertEqual(try window.rows(offset: offset, limit: 50).map(\.id), Array(expected[offset ..< min(expected.count, offset + 50)]))
                    offset += 137
                }
                while offset > 0 {
                    offset -= 113
                    let o = max(0, offset)
                    XCTAssertEqual(try window.rows(offset: o, limit: 30).map(\.id), Array(expected[o ..< min(expected.count, o + 30)]))
                }
                XCTAssertGreaterThan(window.checkpointCount, 10)
            }
        }
    }

    /// The cells are the first version's, row for row (read in one statement per page now).
    func testCellsEqualTheFirstVersion() throws {
        for account in try big.accounts() {
            for list in DirectoryList.allCases {
                let spec = ListSpec(list: list, accountID: account, sortColumn: 0)
                let window = ListWindow(store: big.store, spec: spec)
                let n = try window.count()
                for offset in [0, n / 2, max(0, n - 60)] {
                    let rows = try window.rows(offset: offset, limit: 60)
                    let want = try big.store.read { db in try rows.map { try NaiveList.row(db, list, id: $0.id) } }
                    XCTAssertEqual(rows, want, "\(spec) at \(offset)")
                }
            }
        }
    }

    func testOffsetOfIDIsThePositionInTheCurrentOrderAndFilter() throws {
        let big = try self.big.account(LargeSeed.bigAccount)
        let other = try self.big.accounts()[1]
        var random = SeedRandom(seed: 7)
        for list in DirectoryList.allCases {
            for sort in Self.sortable(list) {
                for filter in ["", "ab"] {
                    let spec = ListSpec(list: list, accountID: big, filter: filter, sortColumn: sort)
                    let expected = try self.big.store.read { db in try NaiveList.ids(db, spec) }
                    guard !expected.isEmpty else { continue }
                    let window = ListWindow(store: self.big.store, spec: spec)
                    var positions = [0, expected.count - 1, expected.count / 2]
                    for _ in 0..<8 { positions.append(random.int(expected.count)) }
                    // A filtered list holds its first `countCap` matches; a row past them is not in it.
                    let held = filter.isEmpty ? expected.count : min(expected.count, FilterPlan.countCap)
                    for p in positions {
                        XCTAssertEqual(try window.offset(ofID: expected[p]), p < held ? p : nil, "\(spec) position \(p)")
                    }
                    // Found by offset, then shown: the rows around it are right too.
                    let p = held / 3
                    XCTAssertEqual(try window.offset(ofID: expected[p]), p)
                    XCTAssertEqual(try window.rows(offset: p, limit: 10).map(\.id), Array(expected[p ..< min(expected.count, p + 10)]))
                    // Not in the list: another account's row, or one the filter leaves out.
                    let foreign = try self.big.store.read { db in
                        try NaiveList.ids(db, ListSpec(list: list, accountID: other)).first!
                    }
                    XCTAssertNil(try window.offset(ofID: foreign), "\(spec)")
                    XCTAssertNil(try window.offset(ofID: 987_654_321))
                }
            }
        }
        let all = try self.big.store.read { db in try NaiveList.ids(db, ListSpec(list: .users, accountID: big)) }
        let filtered = ListWindow(store: self.big.store, spec: ListSpec(list: .users, accountID: big, filter: "zz-no-such"))
        XCTAssertNil(try filtered.offset(ofID: all[0]))
    }

    /// Clients sorted by owner or creator read users first in a large account, and sort the few
    /// clients of a small one: the same rows either way (checked above), planned as intended.
    func testPlanChoiceForLoginSorts() throws {
        let accounts = try big.accounts()
        let large = ListWindow(store: big.store, spec: ListSpec(list: .clients, accountID: accounts[0], sortColumn: 2))
        XCTAssertTrue(try large.plan(total: large.count()).userDriven)
        let small = ListWindow(store: big.store, spec: ListSpec(list: .clients, accountID: accounts[1], sortColumn: 3))
        XCTAssertFalse(try small.plan(total: small.count()).userDriven)
        XCTAssertFalse(ListPlan.prefersUserDriven(matching: 0, unfiltered: 0, users: 10))
    }

    /// The unfiltered users and clients of the big account page by index: no table scan, no
    /// sort of the whole list, for every sort order, from the start, a checkpoint, and the end.
    func testUserAndClientQueriesUseIndexes() throws {
        let account = try big.account(LargeSeed.bigAccount)
        for list in [DirectoryList.users, .clients, .groups] {
            for sort in Self.sortable(list) {
                let window = ListWindow(store: big.store, spec: ListSpec(list: list, accountID: account, sortColumn: sort))
                let plan = try window.plan(total: window.count())
                let key = try big.store.read { db in try plan.keys(db, seek: .forward(from: nil, skip: 100), limit: 1)[0] }
                let statements = plan.statements(sampleKey: key)
                for statement in statements {
                    let details = try big.store.read { db in
                        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map { $0["detail"] as String }
                    }
                    let text = "\(list) sort \(sort) \(statement.name): \(statement.sql)\n" + details.joined(separator: "\n")
                    if ProcessInfo.processInfo.environment["IDM_PRINT_PLANS"] != nil { print(text) }
                    for line in details {
                        XCTAssertFalse(line.hasPrefix("SCAN") && !line.contains("INDEX"), text)
                        XCTAssertFalse(line.contains("TEMP B-TREE"), text)
                        XCTAssertFalse(line.contains("BLOOM"), text)
                    }
                    XCTAssertTrue(details.contains { $0.contains("INDEX") }, text)
                }
            }
        }
    }

    /// A window remembers its count and checkpoints until told the directory changed.
    func testInvalidateForgetsCountAndCheckpoints() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let window = ListWindow(store: dir.store, spec: ListSpec(list: .groups, accountID: acme))
        XCTAssertEqual(try window.count(), 7)
        _ = try window.rows(offset: 0, limit: 3)
        XCTAssertGreaterThan(window.checkpointCount, 0)
        try dir.service.createGroup(ActorRef(login: "alice"), parent: try dir.group("Acme Web"), name: "Aardvark")
        XCTAssertEqual(try window.count(), 7, "cached")
        window.invalidate()
        XCTAssertEqual(window.checkpointCount, 0)
        XCTAssertEqual(try window.count(), 8)
        XCTAssertEqual(try window.rows(offset: 0, limit: 1).first?.cells.first, "Aardvark")
    }

    /// The demo's lists, as the first version showed them.
    func testDemoListsAreUnchanged() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        func cells(_ list: DirectoryList, sort: Int = 0, filter: String = "") throws -> [String] {
            let w = ListWindow(store: dir.store, spec: ListSpec(list: list, accountID: acme, filter: filter, sortColumn: sort))
            return try w.rows(offset: 0, limit: 100).map { ($0.locked ? "[locked] " : "") + $0.cells.joined(separator: " | ") }
        }
        XCTAssertEqual(try cells(.users), [
            "alice | Alice Archer | alice@acme.example | 2",
            "ivan | Ivan Ivanova | ivan@acme.example | 2",
            "mike | Mike Moreau | mike@acme.example | 2",
            "nora | Nora Nakamura | nora@acme.example | 1",
            "pat | Pat Patel | pat@acme.example | 2",
            "vera | Vera Volkova | vera@acme.example | 1",
        ])
        XCTAssertEqual(try cells(.users, sort: 1).map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) },
                       ["alice", "ivan", "mike", "nora", "pat", "vera"])
        XCTAssertEqual(try cells(.clients), [
            "[locked] legacy-sync | API | alice | alice | none",
            "purge-pipeline | API | mike | mike | 1 on, 1 off",
            "reporting-bot | API | nora | ivan | none",
        ])
        XCTAssertEqual(try cells(.clients, sort: 3).map { String($0.prefix(while: { $0 != " " })) }, ["[locked]", "reporting-bot", "purge-pipeline"])
        XCTAssertEqual(try cells(.clients, sort: 2).map { $0.components(separatedBy: " | ")[0] },
                       ["[locked] legacy-sync", "purge-pipeline", "reporting-bot"])
        XCTAssertEqual(try cells(.groups), [
            "Acme Streaming | C-ACME-STREAM | 4 | 2",
            "Acme Web | C-ACME-WEB | 6 | 2",
            "Live | C-ACME-STREAM | 0 | 2",
            "Staging | C-ACME-WEB | 0 | 2",
            "VOD | C-ACME-STREAM | 0 | 2",
            "Web APIs | C-ACME-WEB | 0 | 2",
            "Web Properties | C-ACME-WEB | 0 | 2",
        ])
        XCTAssertEqual(try cells(.roles, sort: 1).map { $0.components(separatedBy: " | ").prefix(3).joined(separator: " | ") }, [
            "Admin | standard | 1",
            "API Platform Admin | custom | 1",
            "Property Developer | custom | 1",
            "Property Viewer | custom | 1",
            "Purge Operator | custom | 1",
            "Reporting Viewer | custom | 1",
        ])
        XCTAssertEqual(try cells(.users, filter: "MO").count, 1, "mike moreau, case-insensitive")
        XCTAssertEqual(try cells(.clients, filter: "ivan"), ["reporting-bot | API | nora | ivan | none"])
        // The oracle agrees on every list and sort of every account of the demo.
        for account in try dir.store.read({ db in try Q.accounts(db).map(\.id) }) {
            for list in DirectoryList.allCases {
                for sort in Self.sortable(list) {
                    let spec = ListSpec(list: list, accountID: account, sortColumn: sort)
                    let want = try dir.store.read { db in try NaiveList.ids(db, spec).map { try NaiveList.row(db, list, id: $0) } }
                    XCTAssertEqual(try ListWindow(store: dir.store, spec: spec).rows(offset: 0, limit: 100), want, "\(spec)")
                }
            }
        }
    }
}

/// A page of clients reads each client's own credentials, never the whole credential table.
final class ClientCellsPlanTests: XCTestCase {
    func testEarliestExpiryUsesTheClientsCredentialsIndex() throws {
        let dir = try TestDirectory()
        let plan = try dir.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ListRowFormat.clientCellsSQL + "(1, 2, 3)").map { $0["detail"] as String }
        }
        XCTAssertFalse(plan.contains { $0.contains("credential_expiry") }, plan.joined(separator: "\n"))
        XCTAssertEqual(plan.filter { $0.contains("credential_client") }.count, 3, plan.joined(separator: "\n"))
    }
}
