import Foundation
import GRDB
import IDMDomain
import XCTest
@testable import IDMStore

/// The group tree is read from `grp` once and reused until the account's groups change
/// (`TreeCache`, `GroupTreeStamp`): a reused tree is never stale, whatever wrote the change,
/// and a change rolled back leaves the stamp it found.
final class TreeCacheTests: XCTestCase {
    func acme(_ dir: TestDirectory) throws -> AccountID {
        try dir.store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
    }

    func stamp(_ dir: TestDirectory, _ account: AccountID) throws -> Int64? {
        try dir.store.read { db in try GroupTreeStamp.current(db, account: account) }
    }

    func testATreeIsReusedUntilItsGroupsChangeAndIsNeverStale() throws {
        let dir = try TestDirectory()
        let account = try acme(dir)
        let alice = ActorRef(login: "alice")
        let first = try dir.store.read { db in try Q.tree(db, account: account) }
        let loads = TreeCache.shared.loadCount
        for _ in 0..<5 { _ = try dir.store.read { db in try Q.tree(db, account: account) } }
        XCTAssertEqual(TreeCache.shared.loadCount, loads, "an unchanged tree is not read again")

        // Every kind of change to a group moves the stamp, and the next tree shows it.
        let web = try dir.group("Acme Web")
        var before = try stamp(dir, account)
        let made = try dir.service.createGroup(alice, parent: web, name: "Fresh")
        XCTAssertNotEqual(try stamp(dir, account), before)
        XCTAssertEqual(try dir.store.read { db in try Q.tree(db, account: account) }[made.id]?.name, "Fresh")
        before = try stamp(dir, account)
        _ = try dir.service.renameGroup(alice, group: made.id, to: "Renamed")
        XCTAssertNotEqual(try stamp(dir, account), before)
        XCTAssertEqual(try dir.store.read { db in try Q.tree(db, account: account) }.path(of: made.id), "Acme Web > Renamed")
        try dir.service.deleteGroup(alice, group: made.id)
        XCTAssertNil(try dir.store.read { db in try Q.tree(db, account: account) }[made.id])
        XCTAssertEqual(first[made.id], nil)

        // A write outside idm (the sqlite3 shell) moves it too: the triggers are in the file.
        let writer = try DatabaseQueue(path: dir.path)
        try writer.write { db in try db.execute(sql: "UPDATE grp SET name = 'Shell Name' WHERE id = ?", arguments: [web]) }
        XCTAssertEqual(try dir.store.read { db in try Q.tree(db, account: account) }[web]?.name, "Shell Name")

        // Inside one transaction, a tree read after a change sees it; a rollback restores the stamp.
        before = try stamp(dir, account)
        struct Undo: Error {}
        XCTAssertThrowsError(try dir.store.write { db in
            try db.execute(sql: "UPDATE grp SET name = 'Inside' WHERE id = ?", arguments: [web])
            XCTAssertEqual(try Q.tree(db, account: account)[web]?.name, "Inside")
            throw Undo()
        })
        XCTAssertEqual(try stamp(dir, account), before)
        XCTAssertEqual(try dir.store.read { db in try Q.tree(db, account: account) }[web]?.name, "Shell Name",
                       "the tree read inside the rolled-back transaction is not served again")
    }

    func testTheMigrationStampsEveryAccountAndAnotherFileHasItsOwnTree() throws {
        let one = try TestDirectory()
        let two = try TestDirectory()
        let accounts = try one.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account")! }
        let stamped = try one.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM group_tree_stamp")! }
        XCTAssertEqual(stamped, accounts)
        let account = try acme(one)
        let web = try one.group("Acme Web")
        try DatabaseQueue(path: two.path).write { db in try db.execute(sql: "UPDATE grp SET name = 'Two' WHERE id = ?", arguments: [web]) }
        XCTAssertEqual(try one.store.read { db in try Q.tree(db, account: account) }[web]?.name, "Acme Web")
        XCTAssertEqual(try two.store.read { db in try Q.tree(db, account: account) }[web]?.name, "Two")
    }

    /// The whole tree is one walk of the name index, which holds every column read: no
    /// lookup of each group's row, no sort (migration v12).
    func testTheTreeIsReadFromOneCoveringIndex() throws {
        let dir = try TestDirectory()
        let account = try acme(dir)
        let plan = try dir.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT \(Decode.groupColumns) FROM grp WHERE account_id = ? ORDER BY name, id",
                             arguments: [account]).map { $0["detail"] as String }
        }
        XCTAssertEqual(plan, ["SEARCH grp USING COVERING INDEX grp_account_name (account_id=?)"])
        let tree = try dir.store.read { db in try Q.groups(db, account: account) }
        XCTAssertEqual(tree.map(\.name), tree.map(\.name).sorted(), "in name order")
    }
}
