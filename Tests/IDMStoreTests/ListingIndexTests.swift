import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// The command line's whole-list reads (`users list`, `clients list`) come from the covering
/// indexes of migration v15: a page reads neighbouring index entries and no table row, and the
/// migration builds the indexes on a database made before it.
final class ListingIndexTests: XCTestCase {
    func plan(_ sql: String, _ arguments: StatementArguments, in dir: TestDirectory) throws -> [String] {
        try dir.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    func testListingsReadTheirIndexesAndNoRow() throws {
        let dir = try TestDirectory()
        let logins = ListStream.textList(["alice", "mike"])
        let userRange = try plan(ListStream.userRangeSQL, [1, "a", "z"], in: dir).joined(separator: "\n")
        XCTAssertTrue(userRange.contains("SEARCH u USING COVERING INDEX user_listing (account_id=? AND login>? AND login<?)"), userRange)
        XCTAssertFalse(userRange.contains("TEMP B-TREE"), "the range is read in its order:\n\(userRange)")
        let userLookup = try plan(ListStream.userLookupSQL, [logins, 1], in: dir).joined(separator: "\n")
        XCTAssertTrue(userLookup.contains("SEARCH u USING COVERING INDEX user_listing (account_id=? AND login=?)"), userLookup)
        for users in [userRange, userLookup] {
            XCTAssertTrue(users.contains("SEARCH g USING PRIMARY KEY (user_id=?)"), users)
        }

        let clientRange = try plan(ListStream.clientRangeSQL, [1, "a", "z"], in: dir).joined(separator: "\n")
        XCTAssertTrue(clientRange.contains("SEARCH c USING COVERING INDEX api_client_listing (account_id=? AND name>? AND name<?)"), clientRange)
        XCTAssertFalse(clientRange.contains("TEMP B-TREE"), clientRange)
        let clientLookup = try plan(ListStream.clientLookupSQL, [logins, 1], in: dir).joined(separator: "\n")
        XCTAssertTrue(clientLookup.contains("SEARCH c USING COVERING INDEX api_client_listing (account_id=? AND name=?)"), clientLookup)
        // `clients list --json` reads the clients' rows by id, and their logins from the index.
        let clientRows = try plan(ListStream.clientsWithLogins, ["[1,2]"], in: dir).joined(separator: "\n")
        XCTAssertTrue(clientRows.contains("USING INTEGER PRIMARY KEY (rowid=?)"), clientRows)
        for clients in [clientRange, clientLookup, clientRows] {
            // The owner and the creator from the small (id, login) index, not the user table.
            XCTAssertEqual(clients.components(separatedBy: "SEARCH user USING COVERING INDEX user_login_by_id (id=?)").count, 3, clients)
        }
        let credentials = try plan(ListStream.clientCredentialsSQL, ["[1,2]"], in: dir).joined(separator: "\n")
        XCTAssertTrue(credentials.contains("USING COVERING INDEX credential_client (client_id=?"), credentials)
        let apis = try plan(ListStream.clientAPIsSQL, ["[1,2]"], in: dir).joined(separator: "\n")
        XCTAssertTrue(apis.contains("USING PRIMARY KEY (client_id=?)"), apis)
    }

    /// `hasRows(beyond:after:)` counts as `pages` reads: by the list's order, after the cursor,
    /// through the filter. A table is told whether it may hold every row for its widths.
    func testHasRowsBeyondCountsTheRowsThePagesRead() throws {
        let dir = try TestDirectory()
        let acme = try dir.store.read { db in try Int64.fetchOne(db, sql: "SELECT account_id FROM user WHERE login = 'alice'")! }
        for (filter, after) in [("", nil), ("", "ivan"), ("a", nil), ("a", "mike"), ("zzz", nil)] as [(String, String?)] {
            let stream = ListStream(store: dir.store, spec: ListSpec(list: .users, accountID: acme, filter: filter))
            var count = 0
            try stream.pages(after: after, pageSize: 2, read: { _, page in page.ids.count }) { _, n in count += n; return true }
            XCTAssertEqual(try stream.hasRows(beyond: count, after: after), false, "\(filter) after \(after ?? "-"): \(count) rows")
            if count > 0 { XCTAssertEqual(try stream.hasRows(beyond: count - 1, after: after), true, "\(filter) after \(after ?? "-")") }
        }
    }

    /// Keys JSON must escape (quotes, backslashes, controls) survive `textList`: each page row is
    /// found by its own key.
    func testTextListKeepsEveryKeyFindable() throws {
        let dir = try TestDirectory()
        let odd = ["plain", "quo\"te", "back\\slash", "tab\tnew\nline\u{1}", "ünï 😀", "", "a/b"]
        let decoded = try dir.store.read { db in
            try String.fetchAll(db, sql: "SELECT value FROM json_each(?) ORDER BY key", arguments: [ListStream.textList(odd)])
        }
        XCTAssertEqual(decoded, odd)
        XCTAssertEqual(ListStream.textList([]), "[]")
    }

    func testTheMigrationBuildsTheIndexesOnAnOlderDatabase() throws {
        let dir = try TestDirectory()
        let queue = try DatabaseQueue(path: dir.path)
        // As a database from before v15: its indexes gone, its migration not recorded.
        try queue.write { db in
            try db.execute(sql: """
                DROP INDEX user_listing; DROP INDEX api_client_listing; DROP INDEX user_login_by_id; DROP INDEX credential_client;
                CREATE INDEX credential_client ON credential(client_id, status);
                DELETE FROM grdb_migrations WHERE identifier = 'v15-listing-indexes';
                """)
        }
        try queue.close()
        let reopened = try Store(path: dir.path)
        let indexes = try reopened.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ('user_listing', 'api_client_listing', 'user_login_by_id', 'credential_client')")
                .reduce(into: [String: String]()) { $0[$1["name"]] = $1["sql"] }
        }
        XCTAssertEqual(Set(indexes.keys), ["user_listing", "api_client_listing", "user_login_by_id", "credential_client"])
        XCTAssertTrue(indexes["credential_client"]?.contains("secret_last4") ?? false, "\(indexes)")
    }
}
