import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// The filter's trigram index (`FilterIndex`, `FilterPlan`): what it returns is exactly what the
/// LIKE alone returned, for queries of every length drawn from the data and for hostile text;
/// it stays right after every kind of write; the migration builds it on an older database; and
/// its statements use the index they are meant to.
final class FilterIndexTests: XCTestCase {
    var big: LargeDirectory { LargeDirectory.shared }

    /// The first `countCap` rows of the LIKE's answer, in the list's order, and whether more match.
    func expected(_ store: Store, _ spec: ListSpec) throws -> (ids: [Int64], capped: Bool) {
        let all = try store.read { db in try NaiveList.ids(db, spec) }
        guard !spec.filter.isEmpty else { return (all, false) }
        return (Array(all.prefix(FilterPlan.countCap)), all.count > FilterPlan.countCap)
    }

    func assertSame(_ store: Store, _ spec: ListSpec, file: StaticString = #filePath, line: UInt = #line) throws {
        let want = try expected(store, spec)
        let window = ListWindow(store: store, spec: spec)
        let n = try window.count()
        XCTAssertEqual(n, want.ids.count, "\(spec)", file: file, line: line)
        XCTAssertEqual(window.isCapped, want.capped, "\(spec)", file: file, line: line)
        XCTAssertEqual(try window.rows(offset: 0, limit: n).map(\.id), want.ids, "\(spec)", file: file, line: line)
    }

    /// Queries cut from real rows: 1 to 6 characters from logins, names, emails and client names,
    /// at the start, middle and end, in several cases; each answered by the index equals the LIKE.
    func testTheIndexReturnsExactlyWhatTheLikeReturned() throws {
        let account = try big.account(LargeSeed.bigAccount)
        let texts = try big.store.read { db in
            try String.fetchAll(db, sql: "SELECT login FROM user WHERE id % 97 = 0 LIMIT 12")
                + String.fetchAll(db, sql: "SELECT first_name || ' ' || last_name FROM user WHERE id % 89 = 0 LIMIT 8")
                + String.fetchAll(db, sql: "SELECT email FROM user WHERE id % 83 = 0 LIMIT 8")
                + String.fetchAll(db, sql: "SELECT name FROM api_client WHERE id % 79 = 0 LIMIT 10")
        }
        var queries: Set<String> = ["", "zz-no-such", "qz", "x", "@", ".", "-", "e.o", "son@", "ann"]
        var random = SeedRandom(seed: 7)
        for text in texts {
            let chars = Array(text)
            for length in 1...6 where chars.count >= length {
                let start = random.int(chars.count - length + 1)
                let piece = String(chars[start..<(start + length)])
                queries.insert(length % 2 == 0 ? piece.uppercased() : piece)
            }
        }
        var byIndex = 0
        for query in queries.sorted() {
            for list in [DirectoryList.users, .clients] {
                for sort in ListWindowTests.sortable(list) {
                    let spec = ListSpec(list: list, accountID: account, filter: query, sortColumn: sort)
                    try assertSame(big.store, spec)
                    let plan = try big.store.read { db in try FilterPlan.choose(db, table: FilterPlan.table(of: list)!, filter: query) }
                    if plan.page != .like { byIndex += 1 }
                }
            }
        }
        XCTAssertGreaterThan(byIndex, 20, "most queries take the index")
    }

    /// Names the index could get wrong: quotes, LIKE's own characters, accents in both cases,
    /// CJK, emoji, long values. Each query equals the LIKE (which folds ASCII only).
    func testHostileTextFindsWhatTheLikeFinds() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let web = try dir.store.read { db in try Q.group(db, account: acme, key: "Acme Web").id }
        let viewer = try dir.store.read { db in try Q.role(db, account: acme, key: "Property Viewer").id }
        let people: [(String, String, String)] = [
            ("Zoë", "O\"Brien", "zoe.obrien@acme.example"), ("ÉMILE", "Ñuñez", "emile@acme.example"),
            ("100%", "off_sale", "percent@acme.example"), ("Back", "Sla\\sh", "slash@acme.example"),
            ("山田", "太郎", "yamada@acme.example"), ("Ünïcode", "Çase", "case@acme.example"),
            ("Emoji", "Fan🎉", "emoji@acme.example"), ("Long", String(repeating: "Abcdefghij", count: 4), "long@acme.example"),
        ]
        for (i, p) in people.enumerated() {
            _ = try dir.service.createUser(ActorRef(login: "alice"), NewUser(login: "hostile\(i)", firstName: p.0, lastName: p.1, email: p.2,
                                                                             grants: [Grant(groupID: web, roleID: viewer)]))
        }
        let queries = ["ë", "Ë", "zoë", "ZOË", "o\"b", "\"", "100%", "%", "f_s", "_", "\\", "a\\s", "山田", "田 太", "太郎", "🎉",
                       "n🎉", "émile", "ÉMILE", "Émi", "ñuñ", "Ñuñ", "çase", "ÇASE", "jabcdefghija", "abcdefghijabcdefghij"]
        for query in queries {
            try assertSame(dir.store, ListSpec(list: .users, accountID: acme, filter: query))
        }
    }

    /// After every kind of write (create, edit each indexed field, lock, transfer, rename, delete)
    /// the index answers for the new values and no longer for the old ones.
    func testTheIndexStaysRightAfterEveryKindOfWrite() throws {
        let dir = try TestDirectory()
        let alice = ActorRef(login: "alice")
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        func check(_ list: DirectoryList, _ queries: [String], line: UInt = #line) throws {
            for q in queries { try assertSame(dir.store, ListSpec(list: list, accountID: acme, filter: q), line: line) }
        }
        let web = try dir.store.read { db in try Q.group(db, account: acme, key: "Acme Web").id }
        let viewer = try dir.store.read { db in try Q.role(db, account: acme, key: "Property Viewer").id }
        let made = try dir.service.createUser(alice, NewUser(login: "quokka", firstName: "Quentin", lastName: "Okafor", email: "qo@acme.example",
                                                             grants: [Grant(groupID: web, roleID: viewer)]))
        try check(.users, ["quo", "okaf", "qo@", "tin ok"])
        _ = try dir.service.editUser(alice, user: made.id, UserProfileEdit(firstName: "Quincy", lastName: "Oyelaran", email: "qy@acme.example"))
        try check(.users, ["quo", "okaf", "qo@", "tin ok", "quincy", "oyel", "qy@", "ncy oy"])
        _ = try dir.service.lockUser(alice, user: made.id)
        try check(.users, ["quincy"])
        let mike = try dir.store.read { db in try Q.user(db, login: "mike")! }
        let pipeline = try dir.store.read { db in try Q.client(db, account: acme, key: "purge-pipeline")! }
        try check(.clients, ["pur", "mik", "ge-pi"])
        try dir.service.editDetails(alice, client: pipeline.id, ClientDetailsEdit(name: "flush-conveyor", description: pipeline.description,
                                                                                 notificationEmails: pipeline.notificationEmails, ipAllowlist: pipeline.ipAllowlist))
        try check(.clients, ["pur", "ge-pi", "flush", "conv", "sh-co"])
        try dir.service.transferOwnership(alice, client: pipeline.id, to: "ivan")
        try check(.clients, ["mik", "iva", "flush"])
        try dir.service.deactivateAllCredentials(alice, client: pipeline.id)
        try dir.service.deleteClient(alice, client: pipeline.id)
        try check(.clients, ["flush", "iva"])
        try dir.service.deleteUser(alice, user: made.id)
        try check(.users, ["quincy", "qy@"])
        _ = mike
        let leftover = try dir.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_search WHERE user_search MATCH ?", arguments: [FilterPlan.quote("qui")]) ?? -1
        }
        XCTAssertEqual(leftover, 0, "a deleted user leaves nothing in the index")
    }

    /// A database from before the index: opening it migrates, and the index holds every row.
    func testTheMigrationBuildsTheIndexOnAnOlderDatabase() throws {
        let dir = try TestDirectory()
        let path = dir.store.path
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        // Back to v7: no index tables, no triggers, the migration not recorded.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for t in FilterIndex.all {
                try db.execute(sql: "DROP TRIGGER \(t.name)_insert; DROP TRIGGER \(t.name)_delete; DROP TRIGGER \(t.name)_update; DROP TABLE \(t.terms); DROP TABLE \(t.name)")
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-filter-index'")
        }
        try queue.close()
        let reopened = try Store(path: path)
        let indexed = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_search WHERE user_search MATCH ?", arguments: [FilterPlan.quote("acm")]) }
        let users = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE email LIKE '%acm%'") }
        XCTAssertEqual(indexed, users)
        for q in ["mik", "ali", "acme", "pur", "e"] {
            try assertSame(reopened, ListSpec(list: .users, accountID: acme, filter: q))
            try assertSame(reopened, ListSpec(list: .clients, accountID: acme, filter: q))
        }
    }

    /// The window of `spec` and its first page's statement, as the console runs them.
    func firstPage(_ spec: ListSpec) throws -> (ListWindow, String, StatementArguments) {
        let window = ListWindow(store: big.store, spec: spec)
        let plan = try window.plan(total: window.count())
        let (page, arguments) = plan.keysStatement(seek: .forward(from: nil, skip: 0), limit: 50)
        return (window, page, arguments)
    }

    /// What SQLite's plan for `sql` says, line by line.
    func details(_ sql: String, _ arguments: StatementArguments) throws -> [String] {
        try big.store.read { db in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String } }
    }

    /// Few rows named: looked up by id through the index; many: the login index walked alone
    /// (it holds what the filter tests). The count stops at the cap either way. No full scan,
    /// no sort of the whole list.
    func testFilterStatementsUseTheIndexes() throws {
        let account = try big.account(LargeSeed.bigAccount)
        let rare = try big.store.read { db in try String.fetchOne(db, sql: "SELECT lower(email) FROM user WHERE id = 1500")! }
        // Every address shares the domain: the index names every user.
        let domain = String(rare[rare.index(after: rare.firstIndex(of: "@")!)...].prefix(5))
        for (query, lookup) in [(String(rare.prefix(9)), true), (domain, false)] {
            let spec = ListSpec(list: .users, accountID: account, filter: query)
            let (window, page, arguments) = try firstPage(spec)
            let pageDetails = try details(page, arguments)
            let text = "\(query): \(page)\n" + pageDetails.joined(separator: "\n")
            if lookup {
                XCTAssertTrue(pageDetails.contains { $0.contains("VIRTUAL TABLE") }, text)
                XCTAssertTrue(pageDetails.contains { $0.contains("INTEGER PRIMARY KEY") }, text)
            } else {
                // Many named: the login index alone, which holds what the filter tests.
                XCTAssertFalse(pageDetails.contains { $0.contains("VIRTUAL TABLE") }, text)
                XCTAssertTrue(pageDetails.contains { $0.contains("INDEX user_account_login") }, text)
                XCTAssertFalse(pageDetails.contains { $0.contains("TEMP B-TREE") }, text)
            }
            var countArguments = try window.countArgumentsForTests()
            countArguments["cap"] = FilterPlan.countCap + 1
            let counted = try details(try window.countStatementForTests(), StatementArguments(countArguments))
            // The rows the index names, looked up (past `FilterPlan.dense` of them, which 3,000
            // users never reach, a Users count walks the login index instead).
            XCTAssertTrue(counted.contains { $0.contains("INTEGER PRIMARY KEY") }, counted.joined(separator: "\n"))
            try assertSame(big.store, spec)
        }
    }

    /// A one-character query has no trigram to look up: the Users list walks its login
    /// index, which holds what the filter tests (`UserHaystack`), for the page and the capped
    /// count alike; no sort, and the answer is still the LIKE's.
    func testShortUserQueriesWalkTheLoginIndexAlone() throws {
        let account = try big.account(LargeSeed.bigAccount)
        for query in ["e", "Z", "o"] {
            let spec = ListSpec(list: .users, accountID: account, filter: query)
            let (window, page, arguments) = try firstPage(spec)
            XCTAssertTrue(page.contains("instr(u.haystack"), page)
            var countArguments = try window.countArgumentsForTests()
            countArguments["cap"] = FilterPlan.countCap + 1
            for (name, statement, args) in [("page", page, arguments), ("count", try window.countStatementForTests(), StatementArguments(countArguments))] {
                let shown = try details(statement, args)
                let text = "\(query) \(name): \(statement)\n" + shown.joined(separator: "\n")
                XCTAssertTrue(shown.contains { $0.contains("INDEX user_account_login") }, text)
                XCTAssertFalse(shown.contains { $0.contains("TEMP B-TREE") }, text)
            }
            try assertSame(big.store, spec)
        }
    }
}
