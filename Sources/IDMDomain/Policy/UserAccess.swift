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
public struct UserAccess: Sendable {
    public let byGroup: [GroupID: GroupAccess]

    public init(byGroup: [GroupID: GroupAccess]) {
        self.byGroup = byGroup
    }

    /// No access at all: a reseller's user browsing a managed account has this.
    public static let none = UserAccess(byGroup: [:])

    public static func resolve(grants: [Grant], blocked: Set<GroupID> = [], tree: GroupTree, roles: [RoleID: Role]) -> UserAccess {
        var byGroup: [GroupID: GroupAccess] = [:]
        // Shallow grants first, so a deeper direct grant overrides what it inherits.
        let ordered = grants.sorted { tree.lineage(of: $0.groupID).count < tree.lineage(of: $1.groupID).count }
        for grant in ordered {
            guard let role = roles[grant.roleID], tree[grant.groupID] != nil else { continue }
            var stack = [grant.groupID]
            while let id = stack.popLast() {
                if id != grant.groupID && blocked.contains(id) { continue }
                guard let group = tree[id] else { continue }
                byGroup[id] = GroupAccess(groupID: id, contractID: group.contractID, role: role, grantedOn: grant.groupID)
                stack.append(contentsOf: tree.children(of: id))
            }
        }
        return UserAccess(byGroup: byGroup)
    }

    public var groupIDs: Set<GroupID> { Set(byGroup.keys) }
    public var contractIDs: Set<ContractID> { Set(byGroup.values.map(\.contractID)) }
    public var roles: [Role] {
        var seen = Set<RoleID>()
        return byGroup.values.map(\.role).filter { seen.insert($0.id).inserted }.sorted { $0.name < $1.name }
    }

    // MARK: Permissions, held on groups (rule 12)

    /// Whether the effective role on `group` carries the permission.
    public func holds(_ permission: Permission, on group: GroupID) -> Bool {
        byGroup[group]?.role.grants(permission) ?? false
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
        byGroup.values.contains { $0.role.grants(permission) }
    }

    /// The groups where the permission is held.
    public func groups(holding permission: Permission) -> Set<GroupID> {
        Set(byGroup.values.filter { $0.role.grants(permission) }.map(\.groupID))
    }

    public func isAdmin(on group: GroupID) -> Bool { byGroup[group]?.role.isAdmin ?? false }

    public func isAdmin(onAll groups: some Collection<GroupID>) -> Bool {
        !groups.isEmpty && groups.allSatisfy { isAdmin(on: $0) }
    }

    public var isAdminSomewhere: Bool { byGroup.values.contains { $0.role.isAdmin } }

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
            guard let level = byGroup[id]?.role.level(for: product) else { return nil }
            lowest = min(lowest, level)
        }
        return lowest
    }

    /// The user's best level on a product anywhere in the account.
    public func bestLevel(for product: ProductID) -> AccessLevel? {
        byGroup.values.compactMap { $0.role.level(for: product) }.max()
    }

    /// Groups of `groups` where the user has no access to the product.
    public func groupsLacking(_ product: ProductID, in groups: Set<GroupID>) -> [GroupID] {
        groups.filter { byGroup[$0]?.role.level(for: product) == nil }.sorted()
    }
}
