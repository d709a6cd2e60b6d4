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

    public var isAdmin: Bool { byGroup.values.contains { $0.role.isAdmin } }

    /// Whether any role the user holds carries the permission (Admin implies every IDM one).
    public func has(_ permission: Permission) -> Bool {
        byGroup.values.contains { $0.role.grants(permission) }
    }

    /// May manage API clients at all: Admin, IDM Admin or IDM Non-Admin [FAQ].
    public var canManageAPIClients: Bool { has(.apiClientsAdmin) || has(.apiClientsUser) }

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
