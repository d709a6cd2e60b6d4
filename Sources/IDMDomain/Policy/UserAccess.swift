import Foundation

/// The role a user holds on one group, directly or inherited from an ancestor.
public struct GroupAccess: Equatable, Sendable {
    public let groupID: GroupID
    public let contractID: ContractID
    public let role: Role
    /// The group the grant was made on (itself when direct).
    public let grantedOn: GroupID
    public var isInherited: Bool { grantedOn != groupID }
}

/// What one user may do in one account, resolved from their grants over the group tree.
/// A direct grant on a subgroup overrides the role inherited from above; a blocked subgroup
/// stops inheritance for that user [v3].
///
/// Resolved group by group, when asked: the role on a group is that of the nearest direct
/// grant on the way up to its root, unless a blocked group comes first. An Admin granted on
/// a top-level group of 19,000 groups costs nothing until a question names a group, and then
/// a walk up that group's lineage; only what truly needs every group (`byGroup`) resolves
/// them all, once.
public struct UserAccess: Sendable {
    /// The role on each group with a direct grant (whose group and role are known).
    private let direct: [GroupID: Role]
    private let blocked: Set<GroupID>
    /// Nil when the map was given whole (`init(byGroup:)`).
    private let tree: GroupTree?
    private let everyGroup: Resolved

    public init(byGroup: [GroupID: GroupAccess]) {
        direct = Dictionary(byGroup.values.filter { !$0.isInherited }.map { ($0.groupID, $0.role) }, uniquingKeysWith: { _, b in b })
        blocked = []
        tree = nil
        everyGroup = Resolved(byGroup)
    }

    private init(direct: [GroupID: Role], blocked: Set<GroupID>, tree: GroupTree) {
        self.direct = direct
        self.blocked = blocked
        self.tree = tree
        everyGroup = Resolved(nil)
    }

    /// No access at all: a reseller's user browsing a managed account has this.
    public static let none = UserAccess(byGroup: [:])

    public static func resolve(grants: [Grant], blocked: Set<GroupID> = [], tree: GroupTree, roles: [RoleID: Role]) -> UserAccess {
        var direct: [GroupID: Role] = [:]
        // Later grants on the same group win, as they did when every group was resolved.
        for grant in grants {
            guard let role = roles[grant.roleID], tree[grant.groupID] != nil else { continue }
            direct[grant.groupID] = role
        }
        return UserAccess(direct: direct, blocked: blocked, tree: tree)
    }

    /// The role on `group` and where it was granted; nil for no access there.
    public func access(on group: GroupID) -> GroupAccess? {
        guard let tree else { return byGroup[group] }
        guard let target = tree[group] else { return nil }
        var current: GroupID? = group
        // Bounded: a parent cycle (which the store never writes) cannot loop.
        var steps = 0
        while let id = current, let node = tree[id], steps <= tree.groups.count {
            if let role = direct[id] { return GroupAccess(groupID: group, contractID: target.contractID, role: role, grantedOn: id) }
            if blocked.contains(id) { return nil }
            current = node.parentID
            steps += 1
        }
        return nil
    }

    /// Every group with access: each direct grant walked down its subtree, shallow grants
    /// first so that a deeper direct grant overrides what it inherits.
    public var byGroup: [GroupID: GroupAccess] {
        // A map given whole is already there; `compute` runs only for a resolved access.
        everyGroup.map { [direct, blocked] in
            guard let tree else { return [:] }
            var byGroup: [GroupID: GroupAccess] = [:]
            let ordered = direct.keys.sorted { (tree.lineage(of: $0).count, $0) < (tree.lineage(of: $1).count, $1) }
            for granted in ordered {
                let role = direct[granted]!
                var stack = [granted]
                while let id = stack.popLast() {
                    if id != granted && blocked.contains(id) { continue }
                    guard let group = tree[id] else { continue }
                    byGroup[id] = GroupAccess(groupID: id, contractID: group.contractID, role: role, grantedOn: granted)
                    stack.append(contentsOf: tree.children(of: id))
                }
            }
            return byGroup
        }
    }

    /// The groups with a direct grant.
    public var grantedGroups: [GroupID] { direct.keys.sorted() }

    public var groupIDs: Set<GroupID> { Set(byGroup.keys) }
    public var contractIDs: Set<ContractID> { Set(byGroup.values.map(\.contractID)) }
    /// The roles held somewhere: each at least on the group it was granted on.
    private var rolesHeld: [Role] { tree == nil ? byGroup.values.map(\.role) : Array(direct.values) }

    public var roles: [Role] {
        var seen = Set<RoleID>()
        return rolesHeld.filter { seen.insert($0.id).inserted }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    // MARK: Permissions, held on groups (rule 12)

    /// Whether the effective role on `group` carries the permission.
    public func holds(_ permission: Permission, on group: GroupID) -> Bool {
        access(on: group)?.role.grants(permission) ?? false
    }

    /// Whether the permission is held on every one of `groups` (none: false).
    public func holds(_ permission: Permission, onAll groups: some Collection<GroupID>) -> Bool {
        !groups.isEmpty && groups.allSatisfy { holds(permission, on: $0) }
    }

    /// Whether on each of `groups` at least one of `permissions` is held (none: false).
    public func holdsOneOf(_ permissions: [Permission], onAll groups: some Collection<GroupID>) -> Bool {
        !groups.isEmpty && groups.allSatisfy { group in permissions.contains { holds($0, on: group) } }
    }

    /// The account-wide question, asked only where a rule is truly account-wide ("may this user
    /// open the wizard at all", rule 1): is the permission held on some group?
    public func holdsSomewhere(_ permission: Permission) -> Bool {
        rolesHeld.contains { $0.grants(permission) }
    }

    /// The groups where the permission is held.
    public func groups(holding permission: Permission) -> Set<GroupID> {
        Set(byGroup.values.filter { $0.role.grants(permission) }.map(\.groupID))
    }

    public func isAdmin(on group: GroupID) -> Bool { access(on: group)?.role.isAdmin ?? false }

    public func isAdmin(onAll groups: some Collection<GroupID>) -> Bool {
        !groups.isEmpty && groups.allSatisfy { isAdmin(on: $0) }
    }

    public var isAdminSomewhere: Bool { rolesHeld.contains { $0.isAdmin } }

    /// May manage API clients on every one of `groups`: Admin, IDM Admin or IDM Non-Admin there [FAQ].
    public func canManageAPIClients(onAll groups: some Collection<GroupID>) -> Bool {
        holdsOneOf([.apiClientsAdmin, .apiClientsUser], onAll: groups)
    }

    /// May manage API clients somewhere: what opening the wizard needs (rule 1).
    public var canManageAPIClientsSomewhere: Bool { holdsSomewhere(.apiClientsAdmin) || holdsSomewhere(.apiClientsUser) }

    /// The user's level on a product across `groups`: the lowest of their levels there, so that a
    /// client on those groups never exceeds the owner anywhere. Nil when some group has none.
    public func level(for product: ProductID, on groups: Set<GroupID>) -> AccessLevel? {
        guard !groups.isEmpty else { return nil }
        var lowest: AccessLevel = .readWrite
        for id in groups {
            guard let level = access(on: id)?.role.level(for: product) else { return nil }
            lowest = min(lowest, level)
        }
        return lowest
    }

    /// The user's best level on a product anywhere in the account.
    public func bestLevel(for product: ProductID) -> AccessLevel? {
        rolesHeld.compactMap { $0.level(for: product) }.max()
    }

    /// Groups of `groups` where the user has no access to the product.
    public func groupsLacking(_ product: ProductID, in groups: Set<GroupID>) -> [GroupID] {
        groups.filter { access(on: $0)?.role.level(for: product) == nil }.sorted()
    }
}

/// The whole map, computed once on first use and shared by copies of the access.
private final class Resolved: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [GroupID: GroupAccess]?

    init(_ value: [GroupID: GroupAccess]?) { self.value = value }

    func map(_ compute: () -> [GroupID: GroupAccess]) -> [GroupID: GroupAccess] {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let computed = compute()
        value = computed
        return computed
    }
}
