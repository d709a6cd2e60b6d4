import Foundation
import GRDB
import IDMDomain

/// The four lists of "Manage Users & Groups".
public enum DirectoryList: String, CaseIterable, Sendable {
    case users, clients, groups, roles

    public var title: String {
        switch self {
        case .users: return "Users"
        case .clients: return "API Clients"
        case .groups: return "Groups"
        case .roles: return "Roles"
        }
    }
}

/// A column of a list as the screen lays it out.
public struct ListColumn: Equatable, Sendable {
    public let title: String
    /// Columns never narrower than this.
    public let minWidth: Int
    /// Share of the spare width (0: fixed at minWidth).
    public let flex: Int
    public let sortable: Bool

    public init(title: String, minWidth: Int, flex: Int, sortable: Bool) {
        self.title = title
        self.minWidth = minWidth
        self.flex = flex
        self.sortable = sortable
    }
}

/// What a tab shows: which list, in which account, filtered and sorted how.
public struct ListSpec: Equatable, Sendable {
    public var list: DirectoryList
    public var accountID: AccountID
    /// Typed by the user; matched case-insensitively as a substring of the searchable columns.
    public var filter: String
    /// Index into `columns` of a sortable column.
    public var sortColumn: Int

    public init(list: DirectoryList, accountID: AccountID, filter: String = "", sortColumn: Int = 0) {
        self.list = list
        self.accountID = accountID
        self.filter = filter
        self.sortColumn = sortColumn
    }

    public var columns: [ListColumn] { ListColumns.of(list) }

    /// The next sortable column after the current one.
    public func nextSort() -> Int {
        let cols = columns
        var next = sortColumn
        repeat { next = (next + 1) % cols.count } while !cols[next].sortable
        return next
    }
}

/// One row, already formatted for the screen (text only; the screen sanitizes and styles it).
public struct ListRow: Equatable, Sendable {
    public let id: Int64
    public let cells: [String]
    /// Locked users and clients show dimmed.
    public let locked: Bool
    /// A short mark for the row, e.g. "expiring" for a client with a credential expiring soon.
    public let flag: String?

    public init(id: Int64, cells: [String], locked: Bool = false, flag: String? = nil) {
        self.id = id
        self.cells = cells
        self.locked = locked
        self.flag = flag
    }
}

public enum ListColumns {
    public static func of(_ list: DirectoryList) -> [ListColumn] {
        switch list {
        case .users:
            return [ListColumn(title: "Login", minWidth: 10, flex: 1, sortable: true),
                    ListColumn(title: "Name", minWidth: 14, flex: 2, sortable: true),
                    ListColumn(title: "Email", minWidth: 16, flex: 2, sortable: true),
                    ListColumn(title: "Roles", minWidth: 5, flex: 0, sortable: false)]
        case .clients:
            return [ListColumn(title: "Name", minWidth: 14, flex: 2, sortable: true),
                    ListColumn(title: "Type", minWidth: 4, flex: 0, sortable: false),
                    ListColumn(title: "Owner", minWidth: 8, flex: 1, sortable: true),
                    ListColumn(title: "Creator", minWidth: 8, flex: 1, sortable: true),
                    ListColumn(title: "Credentials", minWidth: 11, flex: 0, sortable: false)]
        case .groups:
            return [ListColumn(title: "Group", minWidth: 16, flex: 3, sortable: true),
                    ListColumn(title: "Contract", minWidth: 12, flex: 1, sortable: true),
                    ListColumn(title: "Users", minWidth: 5, flex: 0, sortable: false),
                    ListColumn(title: "Clients", minWidth: 7, flex: 0, sortable: false)]
        case .roles:
            return [ListColumn(title: "Role", minWidth: 16, flex: 2, sortable: true),
                    ListColumn(title: "Type", minWidth: 8, flex: 0, sortable: true),
                    ListColumn(title: "Users", minWidth: 5, flex: 0, sortable: false),
                    ListColumn(title: "Permissions", minWidth: 11, flex: 3, sortable: false)]
        }
    }
}

/// A window over one list in SQL: the screen asks for the rows it shows, never the whole table.
/// Counting and filtering run in SQLite.
public final class ListWindow: @unchecked Sendable {
    public let spec: ListSpec
    let store: Store
    private var cachedCount: Int?

    public init(store: Store, spec: ListSpec) {
        self.store = store
        self.spec = spec
    }

    /// Rows matching the filter.
    public func count() throws -> Int {
        if let cachedCount { return cachedCount }
        let sql = ListSQL(spec)
        let n = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(sql.from) WHERE \(sql.where)", arguments: sql.arguments) ?? 0 }
        cachedCount = n
        return n
    }

    /// Rows `offset ..< offset + limit` in the list's order.
    public func rows(offset: Int, limit: Int) throws -> [ListRow] {
        guard limit > 0 else { return [] }
        let sql = ListSQL(spec)
        return try store.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT \(sql.idColumn) FROM \(sql.from) WHERE \(sql.where) ORDER BY \(sql.order) LIMIT ? OFFSET ?",
                                         arguments: sql.arguments + [limit, max(0, offset)])
            return try ids.map { try ListRowFormat.row(db, spec.list, id: $0) }
        }
    }
}

/// The SQL of one list spec.
struct ListSQL {
    let from: String
    let `where`: String
    let order: String
    let idColumn: String
    let arguments: StatementArguments

    init(_ spec: ListSpec) {
        let pattern = "%" + spec.filter.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let hasFilter = !spec.filter.isEmpty
        func like(_ columns: [String]) -> String {
            hasFilter ? " AND (" + columns.map { "lower(\($0)) LIKE :p ESCAPE '\\'" }.joined(separator: " OR ") + ")" : ""
        }
        var args: [String: DatabaseValueConvertible] = ["a": spec.accountID]
        if hasFilter { args["p"] = pattern }
        arguments = StatementArguments(args)
        switch spec.list {
        case .users:
            from = "user u"
            idColumn = "u.id"
            `where` = "u.account_id = :a" + like(["u.login", "u.first_name || ' ' || u.last_name", "u.email"])
            order = ["u.login, u.id", "u.last_name, u.first_name, u.id", "u.email, u.id", "u.login, u.id"][spec.sortColumn]
        case .clients:
            from = "api_client c JOIN user o ON o.id = c.owner_id JOIN user k ON k.id = c.creator_id"
            idColumn = "c.id"
            `where` = "c.account_id = :a" + like(["c.name", "o.login", "k.login"])
            order = ["c.name, c.id", "c.name, c.id", "o.login, c.name, c.id", "k.login, c.name, c.id", "c.name, c.id"][spec.sortColumn]
        case .groups:
            from = "grp g"
            idColumn = "g.id"
            `where` = "g.account_id = :a" + like(["g.name", "g.contract_id"])
            order = ["g.name, g.id", "g.contract_id, g.name, g.id", "g.name, g.id", "g.name, g.id"][spec.sortColumn]
        case .roles:
            from = "role r"
            idColumn = "r.id"
            `where` = "r.account_id = :a" + like(["r.name", "r.description"])
            order = ["r.name, r.id", "r.is_standard DESC, r.name, r.id", "r.name, r.id", "r.name, r.id"][spec.sortColumn]
        }
    }
}

/// One row's cells, read for the rows on screen only.
enum ListRowFormat {
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
