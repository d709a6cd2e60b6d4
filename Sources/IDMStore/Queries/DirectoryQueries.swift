import Foundation
import GRDB
import IDMDomain

/// Reads of whole entities, used by the service (inside its transaction) and by the screens.
public enum Q {
    // MARK: Accounts

    public static func account(_ db: Database, id: AccountID) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(Decode.account)
    }

    /// By name (case-insensitive) or numeric id.
    public static func account(_ db: Database, named key: String) throws -> Account? {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [key]) {
            return Decode.account(row)
        }
        if let id = Int64(key) { return try account(db, id: id) }
        return nil
    }

    public static func accounts(_ db: Database) throws -> [Account] {
        try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map(Decode.account)
    }

    public static func managedAccounts(_ db: Database, by reseller: AccountID) throws -> [Account] {
        try Row.fetchAll(db, sql: "SELECT * FROM account WHERE managed_by = ? ORDER BY name", arguments: [reseller]).map(Decode.account)
    }

    // MARK: Catalogue

    public static func contracts(_ db: Database, account: AccountID) throws -> [Contract] {
        try Row.fetchAll(db, sql: "SELECT * FROM contract WHERE account_id = ? ORDER BY id", arguments: [account]).map(Decode.contract)
    }

    public static func products(_ db: Database) throws -> [ProductID: Product] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM product").map { (Decode.product($0).id, Decode.product($0)) })
    }

    public static func services(_ db: Database) throws -> [APIService] {
        try Row.fetchAll(db, sql: "SELECT * FROM api_service ORDER BY name").map(Decode.service)
    }

    // MARK: Groups and roles

    public static func groups(_ db: Database, account: AccountID) throws -> [Group] {
        // Through a cursor: the large directory's 19,000 rows are decoded as they are stepped,
        // never copied into rows first.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(Decode.groupColumns) FROM grp WHERE account_id = ? ORDER BY name, id"),
                                       arguments: [account])
        var groups: [Group] = []
        while let row = try rows.next() { groups.append(Decode.group(row)) }
        return groups
    }

    /// The account's groups as a tree; read again only when they changed (`TreeCache`).
    public static func tree(_ db: Database, account: AccountID) throws -> GroupTree {
        try TreeCache.shared.tree(db, account: account) { db in GroupTree(try groups(db, account: account)) }
    }

    public static func group(_ db: Database, id: GroupID) throws -> Group? {
        try Row.fetchOne(db, sql: "SELECT \(Decode.groupColumns) FROM grp WHERE id = ?", arguments: [id]).map(Decode.group)
    }

    public static func roles(_ db: Database, account: AccountID) throws -> [Role] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM role WHERE account_id = ? ORDER BY name"), arguments: [account])
        var permissions: [RoleID: Set<Permission>] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT rp.role_id, rp.permission FROM role_permission rp JOIN role r ON r.id = rp.role_id WHERE r.account_id = ?
            """), arguments: [account]) {
            permissions[row["role_id"], default: []].insert(Permission(row["permission"] as String))
        }
        return rows.map { Decode.role($0, permissions: permissions[$0["id"]] ?? []) }
    }

    /// How many users hold each role of the account (on any group): one statement, a range of
    /// the user_grant_role index per role.
    public static func roleHolderCounts(_ db: Database, account: AccountID) throws -> [RoleID: Int] {
        var out: [RoleID: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT role_id, COUNT(DISTINCT user_id) FROM user_grant WHERE role_id IN (SELECT id FROM role WHERE account_id = ?) GROUP BY role_id
            """, arguments: [account]) {
            out[row[0]] = row[1]
        }
        return out
    }

    public static func rolesByID(_ db: Database, account: AccountID) throws -> [RoleID: Role] {
        Dictionary(uniqueKeysWithValues: try roles(db, account: account).map { ($0.id, $0) })
    }

    // MARK: Users

    // The statements a decision runs for each selected row are cached: prepared once per
    // connection, not parsed and authorized on every move.

    static func userRow(_ db: Database, _ row: Row) throws -> User {
        let id: UserID = row[0]
        let grants = try Row.fetchAll(db.cachedStatement(sql: "SELECT group_id, role_id FROM user_grant WHERE user_id = ? ORDER BY group_id"), arguments: [id])
            .map { Grant(groupID: $0["group_id"], roleID: $0["role_id"]) }
        let blocked = try GroupID.fetchSet(db.cachedStatement(sql: "SELECT group_id FROM user_blocked_group WHERE user_id = ?"), arguments: [id])
        return Decode.user(row, grants: grants, blocked: blocked)
    }

    public static func user(_ db: Database, id: UserID) throws -> User? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Decode.userColumns) FROM user WHERE id = ?"), arguments: [id]) else { return nil }
        return try userRow(db, row)
    }

    public static func user(_ db: Database, login: String) throws -> User? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Decode.userColumns) FROM user WHERE login = ?"), arguments: [login]) else { return nil }
        return try userRow(db, row)
    }

    public static func user(_ db: Database, osLogin: String) throws -> User? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(Decode.userColumns) FROM user WHERE os_login = ?", arguments: [osLogin]) else { return nil }
        return try userRow(db, row)
    }

    public static func users(_ db: Database, account: AccountID, limit: Int? = nil) throws -> [User] {
        var sql = "SELECT \(Decode.userColumns) FROM user WHERE account_id = ? ORDER BY login"
        if let limit { sql += " LIMIT \(limit)" }
        return try Row.fetchAll(db, sql: sql, arguments: [account]).map { try userRow(db, $0) }
    }

    /// The user's resolved access in their account.
    public static func access(_ db: Database, of user: User) throws -> UserAccess {
        UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups,
                           tree: try tree(db, account: user.accountID), roles: try rolesByID(db, account: user.accountID))
    }

    // MARK: API clients

    static func clientRow(_ db: Database, _ row: Row) throws -> APIClient {
        let id: ClientID = row[0]
        let groups = try GroupID.fetchSet(db.cachedStatement(sql: "SELECT group_id FROM client_group WHERE client_id = ?"), arguments: [id])
        let apis = try Row.fetchAll(db.cachedStatement(sql: "SELECT service_id, level FROM client_api WHERE client_id = ? ORDER BY service_id"), arguments: [id])
            .map { APIGrant(serviceID: $0["service_id"], level: AccessLevel(rawValue: $0["level"]) ?? .readOnly) }
        return Decode.client(row, groups: groups, apis: apis)
    }

    public static func client(_ db: Database, id: ClientID) throws -> APIClient? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Decode.clientColumns) FROM api_client WHERE id = ?"), arguments: [id]) else { return nil }
        return try clientRow(db, row)
    }

    /// By name within the account, by client key, or by numeric id.
    public static func client(_ db: Database, account: AccountID, key: String) throws -> APIClient? {
        if let row = try Row.fetchOne(db, sql: "SELECT \(Decode.clientColumns) FROM api_client WHERE account_id = ? AND (name = ? OR client_key = ?)",
                                      arguments: [account, key, key]) {
            return try clientRow(db, row)
        }
        if let id = Int64(key), let found = try client(db, id: id), found.accountID == account { return found }
        return nil
    }

    public static func clients(_ db: Database, account: AccountID, limit: Int? = nil) throws -> [APIClient] {
        var sql = "SELECT \(Decode.clientColumns) FROM api_client WHERE account_id = ? ORDER BY name"
        if let limit { sql += " LIMIT \(limit)" }
        return try Row.fetchAll(db, sql: sql, arguments: [account]).map { try clientRow(db, $0) }
    }

    public static func clients(_ db: Database, ownedBy owner: UserID) throws -> [APIClient] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Decode.clientColumns) FROM api_client WHERE owner_id = ? ORDER BY name"), arguments: [owner]).map { try clientRow(db, $0) }
    }

    public static func credentials(_ db: Database, client: ClientID, includeDeleted: Bool = false) throws -> [Credential] {
        let filter = includeDeleted ? "" : " AND status <> 'DELETED'"
        return try Row.fetchAll(db, sql: "SELECT \(Decode.credentialColumns) FROM credential WHERE client_id = ?\(filter) ORDER BY id", arguments: [client])
            .map(Decode.credential)
    }

    public static func credential(_ db: Database, id: CredentialID) throws -> Credential? {
        try Row.fetchOne(db, sql: "SELECT \(Decode.credentialColumns) FROM credential WHERE id = ?", arguments: [id]).map(Decode.credential)
    }

    // MARK: Audit

    /// Which audit events to read. Every condition is optional; they combine with AND.
    public struct AuditFilter: Equatable, Sendable {
        /// The actor's login, exactly.
        public var actor: String?
        /// The target's name or id, exactly (a credential's events carry its client's name).
        public var target: String?
        /// An action, exactly ("client.create"), or a family: "credential" matches "credential"
        /// and every "credential.…"; a trailing "." or "*" ("credential.", "cred*") is a prefix.
        public var action: String?
        /// On or after (inclusive).
        public var since: Date?
        /// Before (exclusive).
        public var until: Date?
        public var limit: Int?
        /// Keyset paging, newest first: only events with an id below this one (the next page
        /// after the oldest event on screen).
        public var beforeID: Int64?
        /// With an account: also the events of no account (catalogue, settings), as the command
        /// line shows them. The console's audit screen shows the account's own events only.
        public var includeGlobal: Bool

        public init(actor: String? = nil, target: String? = nil, action: String? = nil, since: Date? = nil, until: Date? = nil,
                    limit: Int? = nil, beforeID: Int64? = nil, includeGlobal: Bool = true) {
            self.actor = actor
            self.target = target
            self.action = action
            self.since = since
            self.until = until
            self.limit = limit
            self.beforeID = beforeID
            self.includeGlobal = includeGlobal
        }

        /// Whether any condition besides the account narrows the events.
        public var isEmpty: Bool {
            actor == nil && target == nil && action == nil && since == nil && until == nil
        }

        /// The WHERE conditions (without `limit` and `beforeID`) and their arguments.
        func conditions(account: AccountID?) -> (clauses: [String], arguments: [(any DatabaseValueConvertible)?]) {
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let account {
                clauses.append(includeGlobal ? "(account_id = ? OR account_id IS NULL)" : "account_id = ?")
                arguments.append(account)
            }
            if let actor { clauses.append("actor_login = ?"); arguments.append(actor) }
            if let target { clauses.append("(target_name = ? OR target_id = ?)"); arguments += [target, target] }
            if let action, !action.isEmpty {
                let escaped = action.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                if action.hasSuffix("*") || action.hasSuffix(".") {
                    let prefix = action.hasSuffix("*") ? String(escaped.dropLast()) : escaped
                    clauses.append("action LIKE ? ESCAPE '\\'")
                    arguments.append(prefix + "%")
                } else {
                    clauses.append("(action = ? OR action LIKE ? ESCAPE '\\')")
                    arguments += [action, escaped + ".%"]
                }
            }
            if let since { clauses.append("time >= ?"); arguments.append(since.timeIntervalSince1970) }
            if let until { clauses.append("time < ?"); arguments.append(until.timeIntervalSince1970) }
            return (clauses, arguments)
        }
    }

    /// Newest first (by id). With `filter.beforeID` and `filter.limit`, one page of a keyset walk.
    public static func audit(_ db: Database, account: AccountID?, filter: AuditFilter = AuditFilter()) throws -> [AuditEvent] {
        var (clauses, arguments) = filter.conditions(account: account)
        if let before = filter.beforeID { clauses.append("id < ?"); arguments.append(before) }
        var sql = "SELECT * FROM audit_event"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = filter.limit { sql += " LIMIT \(limit)" }
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Decode.audit)
    }

    /// How many events match (`limit` and `beforeID` ignored).
    public static func auditCount(_ db: Database, account: AccountID?, filter: AuditFilter = AuditFilter()) throws -> Int {
        let (clauses, arguments) = filter.conditions(account: account)
        let condition = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event" + condition, arguments: StatementArguments(arguments)) ?? 0
    }

    /// The distinct values of one column among the account's events (for filter suggestions),
    /// most frequent first, then alphabetical.
    public enum AuditColumn: String, Sendable { case action, actor = "actor_login", targetType = "target_type" }

    public static func auditDistinct(_ db: Database, _ column: AuditColumn, account: AccountID?, includeGlobal: Bool = false,
                                     limit: Int = 50) throws -> [String] {
        let (clauses, arguments) = AuditFilter(includeGlobal: includeGlobal).conditions(account: account)
        let condition = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return try String.fetchAll(db, sql: """
            SELECT \(column.rawValue) FROM audit_event\(condition) GROUP BY \(column.rawValue) ORDER BY COUNT(*) DESC, \(column.rawValue) LIMIT \(limit)
            """, arguments: StatementArguments(arguments))
    }

    /// The newest event about a target: who changed it last, and when (for conflict messages).
    public static func lastChange(_ db: Database, targetType: String, targetID: String) throws -> AuditEvent? {
        try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE target_type = ? AND target_id = ? ORDER BY id DESC LIMIT 1",
                         arguments: [targetType, targetID]).map(Decode.audit)
    }

    public static func setting(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }
}
