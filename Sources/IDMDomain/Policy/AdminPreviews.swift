/// How one user's access changes: groups gained, groups lost, and groups where the role they
/// hold there changes (a different ancestor's grant now reaches it).
public struct AccessChange: Equatable, Sendable {
    public struct RoleSwap: Equatable, Sendable {
        public let groupID: GroupID
        public let from: RoleID
        public let to: RoleID
    }

    public let userID: UserID
    public let login: String
    public var gained: [GroupID] = []
    public var lost: [GroupID] = []
    public var changedRole: [RoleSwap] = []

    public var isEmpty: Bool { gained.isEmpty && lost.isEmpty && changedRole.isEmpty }

    /// The difference between two resolved accesses of one user.
    public static func between(_ before: UserAccess, _ after: UserAccess, user: User) -> AccessChange {
        var change = AccessChange(userID: user.id, login: user.login)
        change.gained = after.groupIDs.subtracting(before.groupIDs).sorted()
        change.lost = before.groupIDs.subtracting(after.groupIDs).sorted()
        for id in before.groupIDs.intersection(after.groupIDs).sorted() {
            let from = before.byGroup[id]!.role.id, to = after.byGroup[id]!.role.id
            if from != to { change.changedRole.append(RoleSwap(groupID: id, from: from, to: to)) }
        }
        return change
    }
}

/// An API client whose stored access would exceed its owner's after a change, and what it
/// loses to fit again (the same reduction a transfer applies, rule 5).
public struct ClientImpact: Equatable, Sendable {
    public let clientID: ClientID
    public let name: String
    public let ownerID: UserID
    public let preview: TransferPreview

    public init(clientID: ClientID, name: String, ownerID: UserID, preview: TransferPreview) {
        self.clientID = clientID
        self.name = name
        self.ownerID = ownerID
        self.preview = preview
    }
}

/// What moving a group does to everyone's access, before it happens: the users who gain or lose
/// access to which groups (the moved group and its subtree inherit from new ancestors), and the
/// clients that must shrink because their owner lost access.
public struct GroupMovePreview: Equatable, Sendable {
    public let groupID: GroupID
    public let fromParent: GroupID?
    public let toParent: GroupID
    /// Only users whose access changes, by login.
    public var users: [AccessChange] = []
    public var clients: [ClientImpact] = []

    public var changesNothing: Bool { users.isEmpty && clients.isEmpty }
}

/// What changing a role's permissions does: who holds it, and which of their clients would
/// exceed the owner's new access.
public struct RoleChangeImpact: Equatable, Sendable {
    public let roleID: RoleID
    public var added: [Permission] = []
    public var removed: [Permission] = []
    /// Users holding the role on some group, by login.
    public var holders: [UserID] = []
    public var clients: [ClientImpact] = []

    public var userCount: Int { holders.count }
    public var clientCount: Int { clients.count }
    /// True when no permission changes, or no one holds the role.
    public var changesNothing: Bool { (added.isEmpty && removed.isEmpty) || holders.isEmpty }
}

extension Policy {
    /// Resolves every user's access before and after `group` moves under `newParent`.
    /// `clients` and `services` are optional: without them the preview lists users only.
    public static func groupMovePreview(group: GroupID, to newParent: GroupID, tree: GroupTree, users: [User],
                                        roles: [RoleID: Role], clients: [APIClient] = [],
                                        services: [ServiceID: APIService] = [:]) -> GroupMovePreview {
        var preview = GroupMovePreview(groupID: group, fromParent: tree[group]?.parentID, toParent: newParent)
        let moved = GroupTree(tree.groups.values.map { g -> Group in
            var copy = g
            if g.id == group { copy.parentID = newParent }
            return copy
        })
        var after: [UserID: UserAccess] = [:]
        var before: [UserID: UserAccess] = [:]
        for user in users.sorted(by: { $0.login < $1.login }) {
            let b = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree, roles: roles)
            let a = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: moved, roles: roles)
            before[user.id] = b
            after[user.id] = a
            let change = AccessChange.between(b, a, user: user)
            if !change.isEmpty { preview.users.append(change) }
        }
        let changed = Set(preview.users.map(\.userID))
        preview.clients = shrinking(clients.filter { changed.contains($0.ownerID) }, before: before, after: after, services: services)
        return preview
    }

    /// Holders of `role` and their clients, if its permissions became `newPermissions`.
    public static func roleChangeImpact(role: Role, newPermissions: Set<Permission>, users: [User], clients: [APIClient],
                                        tree: GroupTree, roles: [RoleID: Role],
                                        services: [ServiceID: APIService]) -> RoleChangeImpact {
        var impact = RoleChangeImpact(roleID: role.id)
        impact.added = newPermissions.subtracting(role.permissions).sorted()
        impact.removed = role.permissions.subtracting(newPermissions).sorted()
        let holders = users.filter { $0.grants.contains { $0.roleID == role.id } }.sorted { $0.login < $1.login }
        impact.holders = holders.map(\.id)
        var edited = role
        edited.permissions = newPermissions
        var newRoles = roles
        newRoles[role.id] = edited
        var before: [UserID: UserAccess] = [:]
        var after: [UserID: UserAccess] = [:]
        for user in holders {
            before[user.id] = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree, roles: roles)
            after[user.id] = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree, roles: newRoles)
        }
        impact.clients = shrinking(clients.filter { after[$0.ownerID] != nil }, before: before, after: after, services: services)
        return impact
    }

    /// API clients (not migrated `User` records) that lose something under the owner's new
    /// access and did not already under the old one: those the change itself shrinks.
    static func shrinking(_ clients: [APIClient], before: [UserID: UserAccess], after: [UserID: UserAccess],
                          services: [ServiceID: APIService]) -> [ClientImpact] {
        clients.filter { $0.kind == .api }.sorted { $0.name < $1.name }.compactMap { client in
            guard let b = before[client.ownerID], let a = after[client.ownerID] else { return nil }
            let next = transferPreview(client: client, newOwnerAccess: a, services: services)
            if next.losesNothing || next == transferPreview(client: client, newOwnerAccess: b, services: services) { return nil }
            return ClientImpact(clientID: client.id, name: client.name, ownerID: client.ownerID, preview: next)
        }
    }
}

extension Policy {
    /// Rule 17: the owner's clients that shrink if the user's grants and blocks become `grants`
    /// and `blocked` (a grant edit, a block).
    public static func accessChangeImpact(user: User, grants: [Grant], blocked: Set<GroupID>, tree: GroupTree,
                                          roles: [RoleID: Role], clients: [APIClient],
                                          services: [ServiceID: APIService]) -> [ClientImpact] {
        let before = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree, roles: roles)
        let after = UserAccess.resolve(grants: grants, blocked: blocked, tree: tree, roles: roles)
        return shrinking(clients.filter { $0.ownerID == user.id }, before: [user.id: before], after: [user.id: after], services: services)
    }
}
