import Foundation
import GRDB
import IDMDomain

/// The command line's lists, read a page at a time in the console's order (the same keyset
/// statements as `ListWindow`, filter index and all) and handed over page by page, so a list of
/// 200,000 users is written as it is read, in constant memory. Each page is one statement for
/// its keys, then one per kind of detail for all of its rows (no query per row).
public struct ListStream: Sendable {
    public let store: Store
    public let spec: ListSpec

    public init(store: Store, spec: ListSpec) {
        self.store = store
        self.spec = spec
    }

    /// One page of a stream: its rows' ids and first sort values (a user's login, a client's
    /// name), in the list's order.
    public struct Page: Sendable {
        public let ids: [Int64]
        /// The first column of each row's key, as text (empty for a NULL).
        public let sortValues: [String]
        /// Every row of the list from the first of the page to its last is in it (no filter
        /// left rows out between them): the page is a range of the list's index.
        public let isRange: Bool
    }

    /// Pages of rows in the list's order, after the row whose first sort column is `after`
    /// (a user's login, a client's name: a cursor that stays valid when that row is gone).
    /// `read` reads what a page shows, in the same read as its keys; `body` gets it outside
    /// the read (so a slow reader of the output holds no snapshot open) and returns false to stop.
    ///
    /// The next page is read on another thread while `body` writes this one: reading and
    /// writing a page take about as long, so with two cores a long list is out in less time
    /// (`clients list --json` on the large seed: median of 5, 4.47 s -> 3.21 s). One read at a time,
    /// each in its own snapshot as before, so `read` is never called twice at once; it may run
    /// off the caller's thread, and must share no unsynchronized state with `body`. No page is
    /// read ahead once `rowsNeeded` rows have been read (a `--limit`, plus the row that says
    /// more follow); a `body` that stops early otherwise drops the one page read ahead.
    ///
    /// `pageSize` is at least 2: a page after the first starts with the row the last one ended
    /// on and drops it.
    public func pages<T>(after: String?, pageSize: Int, rowsNeeded: Int? = nil, read: (Database, Page) throws -> T,
                         _ body: (Page, T) throws -> Bool) throws {
        precondition(pageSize >= 2, "a page of one row would only repeat the row the last page ended on")
        // The filter's plan as the console's window chooses it; no count (a stream has no cap).
        let sql = try ListWindow(store: store, spec: spec).statements().page
        let plan = ListPlan(sql: sql, userDriven: false)
        // No filter term (text, expiring only): every row between a page's first and last is in it.
        let isRange = sql.filterTerm.isEmpty
        let store = self.store
        try withoutActuallyEscaping(read) { read in
            /// The page after `from` (the key the last page ended on; nil: the list's start).
            func readPage(from: [DatabaseValue]?) throws -> (keys: [[DatabaseValue]], page: (Page, T)?) {
                try store.read { db in
                    let keys = try plan.keys(db, seek: .forward(from: from, skip: 0), limit: pageSize, cached: true)
                    // The seek is inclusive: drop the row the last page ended on.
                    let fresh = keys.filter { from == nil || $0 != from! }
                    guard !fresh.isEmpty else { return (keys, nil) }
                    let page = Page(ids: fresh.map(ListSQL.id(of:)), sortValues: fresh.map { String.fromDatabaseValue($0[0]) ?? "" }, isRange: isRange)
                    return (keys, (page, try read(db, page)))
                }
            }
            var page = try readPage(from: after.map { [$0.databaseValue, Int64.max.databaseValue] })
            var rowsRead = 0
            while true {
                guard let (rows, value) = page.page else { return }
                rowsRead += rows.ids.count
                let more = page.keys.count >= pageSize && rowsRead < (rowsNeeded ?? .max)
                let next = more ? page.keys.last.map { last in InFlight { try readPage(from: last) } } : nil
                // Whatever `body` does, the read in flight ends before this returns (`read` is
                // only borrowed for this call).
                defer { next?.wait() }
                guard try body(rows, value), let next else { return }
                page = try next.get()
            }
        }
    }

    /// Whether more than `count` rows of the list follow `after` (as `pages` reads them): one
    /// keys statement that skips `count` entries of the list's index and reads one more. A table
    /// asks it to know, before reading rows, whether it can hold them all to set its widths.
    public func hasRows(beyond count: Int, after: String?) throws -> Bool {
        let plan = ListPlan(sql: try ListWindow(store: store, spec: spec).statements().page, userDriven: false)
        let from: [DatabaseValue]? = after.map { [$0.databaseValue, Int64.max.databaseValue] }
        return try store.read { db in try !plan.keys(db, seek: .forward(from: from, skip: count), limit: 1).isEmpty }
    }

    /// What `users list` prints of a user: no blocked groups, phone or time zone.
    public struct UserListing: Sendable {
        public let id: Int64
        public let login, firstName, lastName, email, jobTitle: String
        public let locked: Bool
        /// By group id, as `User.grants` lists them.
        public fileprivate(set) var grants: [Grant]

        public var fullName: String { "\(firstName) \(lastName)" }
    }

    /// The listings of the users of `page` (of the list in login order, of `account`), in its
    /// order: one cached statement for the users and their grants together (a user with several
    /// grants is several rows, one after the other). `user_listing` holds what is printed, so no
    /// user row is read: the page is a run of neighbouring entries of that index, read as a
    /// range when it is one, else looked up by login (logins are unique).
    public static func userListings(_ db: Database, account: AccountID, page: Page) throws -> [UserListing] {
        guard let first = page.sortValues.first, let last = page.sortValues.last else { return [] }
        var out: [UserListing] = []
        out.reserveCapacity(page.ids.count)
        let rows = try page.isRange
            ? Row.fetchCursor(db.cachedStatement(sql: userRangeSQL), arguments: [account, first, last])
            : Row.fetchCursor(db.cachedStatement(sql: userLookupSQL), arguments: [textList(page.sortValues), account])
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if out.last?.id != id {
                out.append(UserListing(id: id, login: row[1], firstName: row[2], lastName: row[3], email: row[4], jobTitle: row[5],
                                       locked: row[6], grants: []))
            }
            if let group: Int64 = row[7], let role: Int64 = row[8] { out[out.count - 1].grants.append(Grant(groupID: group, roleID: role)) }
        }
        return out
    }

    static let userListingColumns = "u.id, u.login, u.first_name, u.last_name, u.email, u.job_title, u.locked, g.group_id, g.role_id"
    /// A page of users that is a range of the login order: arguments account, first and last login.
    static let userRangeSQL = """
        SELECT \(userListingColumns) FROM user AS u INDEXED BY user_listing LEFT JOIN user_grant AS g ON g.user_id = u.id
        WHERE u.account_id = ? AND u.login BETWEEN ? AND ? AND \(ListingIndexes.term("u")) ORDER BY u.login, u.id, g.group_id
        """
    /// A page of users by login: arguments the logins (`textList`) and the account.
    static let userLookupSQL = """
        SELECT \(userListingColumns) FROM json_each(?) AS j CROSS JOIN user AS u INDEXED BY user_listing
            ON u.account_id = ? AND u.login = j.value AND \(ListingIndexes.term("u"))
        LEFT JOIN user_grant AS g ON g.user_id = u.id ORDER BY j.key, g.group_id
        """

    /// The rows of `select` (its one argument the JSON array of `ids`, its first column the
    /// id), made by `make`, in the order of `ids`.
    static func inOrder<T>(_ db: Database, _ select: String, ids: [Int64], _ make: (Row, Int64) -> T) throws -> [T] {
        var byID: [Int64: T] = [:]
        byID.reserveCapacity(ids.count)
        let rows = try Row.fetchCursor(db.cachedStatement(sql: select), arguments: idList(ids))
        while let row = try rows.next() {
            let id: Int64 = row[0]
            byID[id] = make(row, id)
        }
        return ids.compactMap { byID[$0] }
    }

    /// A client as `clients list` prints it: with its owner's and creator's logins.
    public struct ClientListing: Sendable {
        public let client: APIClient
        public let owner, creator: String?
    }

    /// The listings of `ids`, in that order: the clients' statements of `clients`, with the two
    /// logins joined in the clients' own statement (no second pass over the ids).
    public static func clientListings(_ db: Database, ids: [Int64]) throws -> [ClientListing] {
        var logins: [Int64: (String?, String?)] = [:]
        logins.reserveCapacity(ids.count)
        let clients = try clients(db, ids: ids, select: Self.clientsWithLogins) { row, id in
            logins[id] = (row[13], row[14])
        }
        return clients.map { ClientListing(client: $0, owner: logins[$0.id]?.0, creator: logins[$0.id]?.1) }
    }

    /// A client as the `clients list` table prints it: no groups, description or lists.
    public struct ClientTableListing: Sendable {
        public let id: Int64
        public let name, kind: String
        public let locked: Bool
        public let owner, creator: String?
        /// (service id, level), by service id.
        public fileprivate(set) var apis: [(service: String, level: String)] = []
        /// (status, last four of the secret) of the credentials not deleted, in id order.
        public fileprivate(set) var credentials: [(status: String, secretLast4: String)] = []
    }

    /// The table listings of the clients of `page` (of the list in name order, of `account`),
    /// in its order: a range of `api_client_listing` or its names looked up (names are unique in
    /// an account), as `userListings`. The indexes of migration v15 hold what is printed: three
    /// cached statements, and no client, user or credential row is read.
    public static func clientTableListings(_ db: Database, account: AccountID, page: Page) throws -> [ClientTableListing] {
        guard let first = page.sortValues.first, let last = page.sortValues.last else { return [] }
        var out: [ClientTableListing] = []
        out.reserveCapacity(page.ids.count)
        var at: [Int64: Int] = [:]
        at.reserveCapacity(page.ids.count)
        let rows = try page.isRange
            ? Row.fetchCursor(db.cachedStatement(sql: clientRangeSQL), arguments: [account, first, last])
            : Row.fetchCursor(db.cachedStatement(sql: clientLookupSQL), arguments: [textList(page.sortValues), account])
        while let row = try rows.next() {
            at[row[0]] = out.count
            out.append(ClientTableListing(id: row[0], name: row[1], kind: row[2], locked: row[3], owner: row[4], creator: row[5]))
        }
        let ids = idList(out.map(\.id))
        let apis = try Row.fetchCursor(db.cachedStatement(sql: clientAPIsSQL), arguments: ids)
        while let r = try apis.next() { if let i = at[r[0]] { out[i].apis.append((r[1], r[2])) } }
        let credentials = try Row.fetchCursor(db.cachedStatement(sql: clientCredentialsSQL), arguments: ids)
        while let r = try credentials.next() { if let i = at[r[0]] { out[i].credentials.append((r[1], r[2])) } }
        return out
    }

    /// The owner's and the creator's logins, from the small (id, login) index. Subqueries, not
    /// LEFT JOINs: SQLite takes a partial index for a join's right side only from its WHERE.
    static let clientListingLogins = """
        (SELECT login FROM user INDEXED BY user_login_by_id WHERE id = c.owner_id AND \(ListingIndexes.term("user"))),
        (SELECT login FROM user INDEXED BY user_login_by_id WHERE id = c.creator_id AND \(ListingIndexes.term("user")))
        """
    /// A page of clients that is a range of the name order: arguments account, first and last name.
    static let clientRangeSQL = """
        SELECT c.id, c.name, c.kind, c.locked, \(clientListingLogins) FROM api_client AS c INDEXED BY api_client_listing
        WHERE c.account_id = ? AND c.name BETWEEN ? AND ? AND \(ListingIndexes.term("c")) ORDER BY c.name, c.id
        """
    /// A page of clients by name: arguments the names (`textList`) and the account.
    static let clientLookupSQL = """
        SELECT c.id, c.name, c.kind, c.locked, \(clientListingLogins)
        FROM json_each(?) AS j CROSS JOIN api_client AS c INDEXED BY api_client_listing
            ON c.account_id = ? AND c.name = j.value AND \(ListingIndexes.term("c"))
        ORDER BY j.key
        """
    /// The APIs of a page's clients (`idList`).
    static let clientAPIsSQL = """
        SELECT client_id, service_id, level FROM client_api WHERE client_id IN (SELECT value FROM json_each(?)) ORDER BY client_id, service_id
        """
    /// The credentials not deleted of a page's clients (`idList`), from their index alone.
    static let clientCredentialsSQL = """
        SELECT client_id, status, secret_last4 FROM credential INDEXED BY credential_client
        WHERE client_id IN (SELECT value FROM json_each(?)) AND status <> 'DELETED' ORDER BY client_id, id
        """

    /// `Decode.clientColumns` of `c`, then the owner's and the creator's login (from `user_login_by_id`).
    static let clientsWithLogins = "SELECT " + Decode.clientColumns.split(separator: ",").map { "c." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ") + ", \(clientListingLogins) FROM api_client AS c WHERE c.id IN (SELECT value FROM json_each(?))"

    /// The clients of `ids`, in that order, with their groups and APIs: three cached statements.
    public static func clients(_ db: Database, ids: [Int64]) throws -> [APIClient] {
        try clients(db, ids: ids, select: "SELECT \(Decode.clientColumns) FROM api_client WHERE id IN (SELECT value FROM json_each(?))") { _, _ in }
    }

    /// `clients` through `select` (the client columns first, the ids as its one argument);
    /// `extra` sees each row for what it adds.
    static func clients(_ db: Database, ids: [Int64], select: String, extra: (Row, Int64) -> Void) throws -> [APIClient] {
        guard !ids.isEmpty else { return [] }
        let list = idList(ids)
        var groups: [Int64: Set<GroupID>] = [:]
        let groupRows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT client_id, group_id FROM client_group WHERE client_id IN (SELECT value FROM json_each(?))
            """), arguments: list)
        while let r = try groupRows.next() { groups[r[0], default: []].insert(r[1]) }
        var apis: [Int64: [APIGrant]] = [:]
        let apiRows = try Row.fetchCursor(db.cachedStatement(sql: clientAPIsSQL), arguments: list)
        while let r = try apiRows.next() {
            apis[r[0], default: []].append(APIGrant(serviceID: r[1], level: AccessLevel(rawValue: r[2]) ?? .readOnly))
        }
        return try inOrder(db, select, ids: ids) { row, id in
            extra(row, id)
            return Decode.client(row, groups: groups[id] ?? [], apis: apis[id] ?? [])
        }
    }

    /// The credentials (not deleted) of `clients`, by client, each client's in id order.
    public static func credentials(_ db: Database, clients: [Int64]) throws -> [Int64: [Credential]] {
        var out: [Int64: [Credential]] = [:]
        guard !clients.isEmpty else { return out }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT \(Decode.credentialColumns) FROM credential WHERE client_id IN (SELECT value FROM json_each(?)) AND status <> 'DELETED' ORDER BY client_id, id
            """), arguments: idList(clients))
        while let row = try rows.next() {
            let credential = Decode.credential(row)
            out[credential.clientID, default: []].append(credential)
        }
        return out
    }

    /// Logins of `users`, by id.
    public static func logins(_ db: Database, users: some Collection<Int64>) throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        guard !users.isEmpty else { return out }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, login FROM user WHERE id IN (SELECT value FROM json_each(?))"),
                                       arguments: idList(Array(users)))
        while let r = try rows.next() { out[r[0]] = r[1] }
        return out
    }

    /// Texts as one JSON array argument, for `json_each(?)`. Only what JSON must escape is
    /// escaped (`JSONList.encode`, which stored lists use, also writes `/` as `\/`).
    static func textList(_ texts: [String]) -> String {
        var out = "["
        for (i, text) in texts.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            if text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "\"": out += "\\\""
                    case "\\": out += "\\\\"
                    case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                    default: out.unicodeScalars.append(scalar)
                    }
                }
            } else {
                out += text
            }
            out += "\""
        }
        return out + "]"
    }

    /// Ids as one JSON array argument, for `IN (SELECT value FROM json_each(?))`: one statement
    /// text for any number of ids, so it is prepared once.
    static func idList(_ ids: [Int64]) -> StatementArguments {
        ["[" + ids.map(String.init).joined(separator: ",") + "]"]
    }
}
