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

    /// Pages of row ids in the list's order, after the row whose first sort column is `after`
    /// (a user's login, a client's name: a cursor that stays valid when that row is gone).
    /// `body` returns false to stop.
    public func ids(after: String?, pageSize: Int, _ body: ([Int64]) throws -> Bool) throws {
        // The filter's plan as the console's window chooses it; no count (a stream has no cap).
        let sql = try ListWindow(store: store, spec: spec).statements().page
        let plan = ListPlan(sql: sql, userDriven: false)
        var from: [DatabaseValue]? = after.map { [$0.databaseValue, Int64.max.databaseValue] }
        var first = from == nil
        while true {
            let keys = try store.read { db in
                try plan.keys(db, seek: first ? .forward(from: nil, skip: 0) : .forward(from: from, skip: 0), limit: pageSize)
            }
            first = false
            // The seek is inclusive: drop the row the last page ended on.
            let fresh = keys.filter { from == nil || $0 != from! }
            guard !fresh.isEmpty else { return }
            guard try body(fresh.map(ListSQL.id(of:))) else { return }
            from = keys.last
            if keys.count < pageSize { return }
        }
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

    /// The listings of `ids`, in that order: one cached statement for the users and their
    /// grants together (a user with several grants is several rows, one after the other).
    public static func userListings(_ db: Database, ids: [Int64]) throws -> [UserListing] {
        guard !ids.isEmpty else { return [] }
        var out: [UserListing] = []
        out.reserveCapacity(ids.count)
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT u.id, u.login, u.first_name, u.last_name, u.email, u.job_title, u.locked, g.group_id, g.role_id
            FROM json_each(?) AS j CROSS JOIN user AS u ON u.id = j.value LEFT JOIN user_grant AS g ON g.user_id = u.id
            ORDER BY j.key, g.group_id
            """), arguments: idList(ids))
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

    /// `Decode.clientColumns` of `c`, then the owner's and the creator's login.
    static let clientsWithLogins = "SELECT " + Decode.clientColumns.split(separator: ",").map { "c." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ") + ", o.login, k.login FROM api_client AS c LEFT JOIN user AS o ON o.id = c.owner_id "
        + "LEFT JOIN user AS k ON k.id = c.creator_id WHERE c.id IN (SELECT value FROM json_each(?))"

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
        let apiRows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT client_id, service_id, level FROM client_api WHERE client_id IN (SELECT value FROM json_each(?)) ORDER BY client_id, service_id
            """), arguments: list)
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

    /// Ids as one JSON array argument, for `IN (SELECT value FROM json_each(?))`: one statement
    /// text for any number of ids, so it is prepared once.
    static func idList(_ ids: [Int64]) -> StatementArguments {
        ["[" + ids.map(String.init).joined(separator: ",") + "]"]
    }
}
