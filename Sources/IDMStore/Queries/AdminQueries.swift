import Foundation
import GRDB
import IDMDomain

/// Reads the administration of users, groups and roles needs: what blocks a deletion, who holds
/// a role, and groups and roles named the way people name them.
extension Q {
    public static func clients(_ db: Database, createdBy creator: UserID) throws -> [APIClient] {
        try Row.fetchAll(db, sql: "SELECT \(Decode.clientColumns) FROM api_client WHERE creator_id = ? ORDER BY name", arguments: [creator])
            .map { try clientRow(db, $0) }
    }

    /// Users holding a role on any of `groups` (the only ones a move near those groups can
    /// change), without loading the whole account.
    public static func users(_ db: Database, withGrantsOn groups: Set<GroupID>) throws -> [User] {
        guard !groups.isEmpty else { return [] }
        let list = groups.sorted().map(String.init).joined(separator: ",")
        return try Row.fetchAll(db, sql: """
            SELECT \(Decode.userColumns) FROM user WHERE id IN (SELECT user_id FROM user_grant WHERE group_id IN (\(list))) ORDER BY login
            """).map { try userRow(db, $0) }
    }

    public static func users(_ db: Database, holding role: RoleID) throws -> [User] {
        try Row.fetchAll(db, sql: "SELECT \(Decode.userColumns) FROM user WHERE id IN (SELECT user_id FROM user_grant WHERE role_id = ?) ORDER BY login",
                         arguments: [role]).map { try userRow(db, $0) }
    }

    public static func clients(_ db: Database, ownedByAny owners: [UserID]) throws -> [APIClient] {
        try owners.flatMap { try clients(db, ownedBy: $0) }
    }

    /// What keeps a group from being deleted (rule 11).
    public struct GroupUse: Equatable, Sendable {
        public let subgroups: Int
        public let clients: Int
        public let userRoles: Int
    }

    public static func groupUse(_ db: Database, group: GroupID) throws -> GroupUse {
        GroupUse(
            subgroups: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grp WHERE parent_id = ?", arguments: [group]) ?? 0,
            clients: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM client_group WHERE group_id = ?", arguments: [group]) ?? 0,
            userRoles: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_grant WHERE group_id = ?", arguments: [group]) ?? 0)
    }

    /// Users holding the role on at least one group.
    public static func roleHolders(_ db: Database, role: RoleID) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT user_id) FROM user_grant WHERE role_id = ?", arguments: [role]) ?? 0
    }

    public static func role(_ db: Database, id: RoleID) throws -> Role? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM role WHERE id = ?", arguments: [id]) else { return nil }
        let permissions = try String.fetchAll(db, sql: "SELECT permission FROM role_permission WHERE role_id = ?", arguments: [id])
        return Decode.role(row, permissions: Set(permissions.map(Permission.init(rawValue:))))
    }

    /// A group named by its id, its path ("Acme Web > Staging") or its name. A name several
    /// groups share is an error that lists their paths, so the person can pick one.
    public static func group(_ db: Database, account: AccountID, key: String) throws -> Group {
        let tree = try tree(db, account: account)
        if let id = Int64(key), let group = tree[id] { return group }
        let byPath = tree.groups.values.filter { tree.path(of: $0.id).caseInsensitiveCompare(key) == .orderedSame }
        if byPath.count == 1 { return byPath[0] }
        let named = tree.groups(named: key)
        switch named.count {
        case 1: return named[0]
        case 0: throw IDMError.notFound("No group \"\(key)\" in this account. `idm groups list` shows them.")
        default:
            let paths = named.map { "\(tree.path(of: $0.id)) (id \($0.id))" }.sorted().joined(separator: "; ")
            throw IDMError.notFound("\"\(key)\" names \(named.count) groups: \(paths). Name one by its path or id.")
        }
    }

    /// A role of the account by name (case-insensitive) or id.
    public static func role(_ db: Database, account: AccountID, key: String) throws -> Role {
        let roles = try roles(db, account: account)
        if let found = roles.first(where: { $0.name.caseInsensitiveCompare(key) == .orderedSame }) { return found }
        if let id = Int64(key), let found = roles.first(where: { $0.id == id }) { return found }
        throw IDMError.notFound("No role \"\(key)\" in this account. `idm roles list` shows them.")
    }
}
