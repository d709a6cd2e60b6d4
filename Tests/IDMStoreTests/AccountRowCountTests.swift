import Foundation
import GRDB
import IDMDomain
import XCTest
@testable import IDMStore

/// The users and clients counts beside the console's tabs are kept by triggers
/// (`AccountRowCount`): they equal a `COUNT(*)` after every kind of write, by idm or by the
/// sqlite3 shell, roll back with what rolled back, and the migration counts an older file.
final class AccountRowCountTests: XCTestCase {
    let alice = ActorRef(login: "alice")

    struct Counts: Equatable, CustomStringConvertible {
        let account: String
        let keptUsers, users, keptClients, clients: Int
        var description: String { "\(account): users \(keptUsers) kept, \(users) counted; clients \(keptClients) kept, \(clients) counted" }
        var agree: Bool { keptUsers == users && keptClients == clients }
    }

    /// Every account's kept counts beside a `COUNT(*)` of its rows.
    func counts(_ store: Store) throws -> [Counts] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.name,
                       (SELECT COUNT(*) FROM user WHERE account_id = a.id) AS users,
                       (SELECT COUNT(*) FROM api_client WHERE account_id = a.id) AS clients
                FROM account a ORDER BY a.id
                """).map { row in
                let account: Int64 = row["id"]
                func kept(_ list: String) throws -> Int { try Int.fetchOne(db, sql: AccountRowCount.countSQL(list), arguments: ["a": account]) ?? -1 }
                return Counts(account: row["name"], keptUsers: try kept("user"), users: row["users"],
                              keptClients: try kept("api_client"), clients: row["clients"])
            }
        }
    }

    func assertKept(_ store: Store, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for counts in try counts(store) { XCTAssertTrue(counts.agree, "\(message): \(counts)", file: file, line: line) }
    }

    func testTheCountsFollowEveryWriteAndRollBackWithARefusal() throws {
        let dir = try TestDirectory()
        try assertKept(dir.store, "seeded")
        let viewer = try dir.store.read { db in try Q.role(db, account: 2, key: "Reporting Viewer").id }
        let web = try dir.group("Web APIs")
        let dana = try dir.service.createUser(alice, NewUser(login: "dana", firstName: "Dana", lastName: "Diaz", email: "dana@acme.example",
                                                             grants: [Grant(groupID: web, roleID: viewer)]))
        try assertKept(dir.store, "a user created")
        let mike = ActorRef(login: "mike")
        let pipeline = try dir.client("purge-pipeline")
        try dir.service.deactivateAllCredentials(mike, client: pipeline.id)
        try dir.service.deleteClient(mike, client: pipeline.id)
        try assertKept(dir.store, "a client deleted")
        try dir.service.deleteUser(alice, user: dana.id)
        try assertKept(dir.store, "a user deleted")

        // A refusal changes nothing, the count included: ivan is the last Admin.
        let before = try counts(dir.store)
        XCTAssertThrowsError(try dir.service.deleteUser(alice, user: try dir.user("ivan").id))
        XCTAssertEqual(try counts(dir.store), before)

        // The sqlite3 shell's writes go through the triggers too, and a rollback undoes them.
        let shell = try DatabaseQueue(path: dir.path)
        let insert = """
            INSERT INTO user (account_id, login, first_name, last_name, email)
            SELECT account_id, 'shell', 'Shell', 'User', 'shell@acme.example' FROM user WHERE login = 'alice'
            """
        try shell.write { db in try db.execute(sql: insert) }
        try assertKept(dir.store, "a row inserted from the shell")
        try shell.write { db in try db.execute(sql: "DELETE FROM user WHERE login = 'shell'") }
        try assertKept(dir.store, "a row deleted from the shell")
        struct Undo: Error {}
        let kept = try counts(dir.store)
        XCTAssertThrowsError(try shell.write { db in
            try db.execute(sql: insert)
            throw Undo()
        })
        XCTAssertEqual(try counts(dir.store), kept, "an insert rolled back")
        try shell.close()
    }

    /// A database from before v11: opening it migrates, and every account is counted.
    func testTheMigrationCountsAnOlderDatabase() throws {
        let dir = try TestDirectory()
        let expected = try counts(dir.store)
        let queue = try DatabaseQueue(path: dir.path)
        try queue.write { db in
            for table in AccountRowCount.tables {
                for event in ["insert", "delete", "move"] { try db.execute(sql: "DROP TRIGGER account_row_count_\(table)_\(event)") }
            }
            try db.execute(sql: "DROP TABLE account_row_count")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v11-account-row-count'")
            // A user added while the table did not exist is counted by the migration.
            try db.execute(sql: """
                INSERT INTO user (account_id, login, first_name, last_name, email)
                SELECT account_id, 'late', 'Late', 'Comer', 'late@acme.example' FROM user WHERE login = 'alice'
                """)
        }
        try queue.close()
        let reopened = try Store(path: dir.path)
        try assertKept(reopened, "migrated")
        XCTAssertNotEqual(try counts(reopened), expected, "the late user is counted")
    }

    /// The unfiltered count of a users or clients list is one read of the kept count: no
    /// scan of the account's rows.
    func testAnUnfilteredCountReadsTheKeptCount() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        for list in [DirectoryList.users, .clients] {
            let sql = ListSQL(ListSpec(list: list, accountID: acme))
            let plan = try dir.store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + AccountRowCount.countSQL(sql.table), arguments: ["a": acme])
                    .map { $0["detail"] as String }
            }
            XCTAssertEqual(plan, ["SCAN CONSTANT ROW", "SCALAR SUBQUERY 1", "SEARCH account_row_count USING PRIMARY KEY (account_id=? AND list=?)"],
                           "\(list): one row of the kept counts, no row of the list")
            let window = ListWindow(store: dir.store, spec: ListSpec(list: list, accountID: acme))
            let counted = try dir.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(sql.table) WHERE account_id = ?", arguments: [acme])
            }
            XCTAssertEqual(try window.count(), counted)
        }
    }

    /// A kept count edited from the sqlite3 shell is what `audit verify` reports.
    func testACountEditedBehindIdmsBackIsReported() throws {
        let dir = try TestDirectory()
        XCTAssertNil(try dir.store.read { db in try DirectoryState.verify(db) })
        let shell = try DatabaseQueue(path: dir.path)
        try shell.write { db in try db.execute(sql: "UPDATE account_row_count SET n = n + 100 WHERE list = 'user' AND account_id = 2") }
        try shell.close()
        let problem = try XCTUnwrap(try dir.store.read { db in try DirectoryState.verify(db) })
        XCTAssertTrue(problem.hasPrefix("The kept count of users of \(DemoSeed.acme) says 106, but it has 6"), problem)
    }
}
