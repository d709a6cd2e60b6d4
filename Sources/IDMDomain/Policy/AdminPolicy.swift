/// Administration of users, groups and roles: one function per rule, each answering allowed or
/// denied with a reason a person can act on. The service asks the same functions again inside
/// the transaction that writes.
extension Policy {
    // MARK: - Users

    /// The groups a decision about another user's profile, lock or deletion asks on (rule 12):
    /// every group where they hold a grant.
    public static func grantGroups(_ user: User) -> Set<GroupID> { Set(user.grants.map(\.groupID)) }

    /// Rule 14: the target holds Admin somewhere, so only an Admin on their groups may act.
    static func protectedAdmin(_ actor: ActorContext, target: User, targetAccess: UserAccess, _ what: String) -> Decision {
        guard targetAccess.isAdminSomewhere else { return .allowed }
        let groups = grantGroups(target)
        guard let lacking = firstInOrder(groups, actor.tree, where: { !actor.access.isAdmin(on: $0) }) else { return .allowed }
        return .denied("\(target.login) holds the Admin role; only an Admin on \(path(actor.tree, lacking)) can \(what).")
    }

    /// Another user of this account, managed on the groups where they hold a grant.
    static func managedUser(_ actor: ActorContext, target: User, _ what: String) -> Decision {
        .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            require(actor, .users, on: grantGroups(target), what)
        )
    }

    /// Profile fields (names, email, job title, phone, time zone): the user themselves [ours, as
    /// v3's own `/user-profile/basic-info`], or Manage Users on every group where they hold a
    /// grant; a changed email of a user holding Admin only by an Admin there (rule 14).
    public static func editUserProfile(_ actor: ActorContext, target: User, targetAccess: UserAccess, changesEmail: Bool = false) -> Decision {
        if target.id == actor.user.id && !actor.isBrowsingManagedAccount { return notLockedActor(actor) }
        return .first(
            managedUser(actor, target: target, "to edit \(target.login)'s profile"),
            changesEmail ? protectedAdmin(actor, target: target, targetAccess: targetAccess, "change their email") : .allowed
        )
    }

    /// Roles on groups, and blocked subgroups, at all: Manage Users somewhere, never on yourself
    /// [ours]: a user cannot raise or cut their own access. What a change may touch is asked by
    /// `changeUserAccess`.
    public static func editUserGrants(_ actor: ActorContext, target: User) -> Decision {
        .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            .require(target.id != actor.user.id, "You cannot change your own roles; ask another admin.")
        )
    }

    /// The grants themselves: at least one [v3]; groups and roles of the account; one role per group.
    public static func assignGrants(_ actor: ActorContext, grants: [Grant], tree: GroupTree, roles: [RoleID: Role]) -> Decision {
        if grants.isEmpty { return .denied("A user needs at least one group role.") }
        var seen = Set<GroupID>()
        for grant in grants {
            guard let group = tree[grant.groupID], group.accountID == actor.account.id else {
                return .denied("Group #\(grant.groupID) is not a group of \(actor.account.name).")
            }
            guard let role = roles[grant.roleID], role.accountID == actor.account.id else {
                return .denied("Role #\(grant.roleID) is not a role of \(actor.account.name).")
            }
            if !seen.insert(grant.groupID).inserted {
                return .denied("\(tree.path(of: group.id)) is listed twice; a user holds one role per group.")
            }
        }
        return .allowed
    }

    /// A user's grants and blocks becoming `grants` and `blocked` (rules 12-14): valid grants, Manage
    /// Users wherever the effective role changes, no permission handed out that the actor lacks
    /// there, Admin taken away only by an Admin, and never from the last Admin of a contract.
    public static func changeUserAccess(_ actor: ActorContext, target: User, grants: [Grant], blocked: Set<GroupID>,
                                        roles: [RoleID: Role], roster: AdminRoster, logins: [UserID: String]) -> Decision {
        let before = UserAccess.resolve(grants: target.grants, blocked: target.blockedGroups, tree: actor.tree, roles: roles)
        let after = UserAccess.resolve(grants: grants, blocked: blocked, tree: actor.tree, roles: roles)
        let isSelf = target.id == actor.user.id
        // Another actor hears first what they lack; the target themself, that they are the last Admin.
        return .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            isSelf ? .allowed : assignGrants(actor, grants: grants, tree: actor.tree, roles: roles),
            isSelf ? .allowed : accessChange(actor, target: target, before: before, after: after),
            keepsAnAdmin(roster, losing: adminLosses(roster, user: target, after: after, locked: target.locked), tree: actor.tree,
                         logins: logins, verb: "demoted"),
            editUserGrants(actor, target: target),
            assignGrants(actor, grants: grants, tree: actor.tree, roles: roles)
        )
    }

    /// A new user with `grants`: Manage Users, and every permission handed out held by the
    /// actor on the groups it reaches (rule 13).
    public static func createUser(_ actor: ActorContext, grants: [Grant], roles: [RoleID: Role]) -> Decision {
        let draft = User(id: -1, accountID: actor.account.id, login: "the new user", firstName: "", lastName: "", email: "")
        return .first(
            manageUsers(actor),
            assignGrants(actor, grants: grants, tree: actor.tree, roles: roles),
            accessChange(actor, target: draft, before: .none,
                         after: UserAccess.resolve(grants: grants, tree: actor.tree, roles: roles))
        )
    }

    /// Locking stops a user from acting. Manage Users on their groups, Admin there for a user
    /// holding Admin, never the last Admin of a contract, and not yourself.
    public static func lockUser(_ actor: ActorContext, target: User, targetAccess: UserAccess, roster: AdminRoster,
                                logins: [UserID: String]) -> Decision {
        let isSelf = target.id == actor.user.id
        return .first(
            manageUsers(actor),
            .require(!target.locked, "\(target.login) is already locked."),
            isSelf ? .allowed : managedUser(actor, target: target, "to lock \(target.login)"),
            isSelf ? .allowed : protectedAdmin(actor, target: target, targetAccess: targetAccess, "lock them"),
            keepsAnAdmin(roster, losing: adminLosses(roster, user: target, after: targetAccess, locked: true), tree: actor.tree,
                         logins: logins, verb: "locked"),
            .require(!isSelf, "You cannot lock your own user.")
        )
    }

    /// Unlocking hands every permission of the user back, so it is checked as granting them all
    /// (rule 13): the actor holds them on the groups concerned.
    public static func unlockUser(_ actor: ActorContext, target: User, targetAccess: UserAccess) -> Decision {
        .first(
            managedUser(actor, target: target, "to unlock \(target.login)"),
            .require(target.id != actor.user.id, "You cannot unlock your own user."),
            .require(target.locked, "\(target.login) is not locked."),
            accessChange(actor, target: target, before: .none, after: targetAccess)
        )
    }

    /// Rule 10, and the creator [ours]: a client records who created it (rule 5 gives the creator
    /// rights over it), so the user row stays while any client names them as creator. Locking
    /// is how such a user is taken out of service. The user's own migrated `User` record is not
    /// counted: it is deleted with them. Rule 14 as for locking.
    public static func deleteUser(_ actor: ActorContext, target: User, targetAccess: UserAccess, ownedClients: [APIClient],
                                  createdClients: [APIClient], roster: AdminRoster, logins: [UserID: String]) -> Decision {
        let created = createdClients.filter { !($0.kind == .user && $0.ownerID == target.id) }
        let names = created.map(\.name).sorted()
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        let isSelf = target.id == actor.user.id
        return .first(
            manageUsers(actor),
            isSelf ? .allowed : managedUser(actor, target: target, "to delete \(target.login)"),
            isSelf ? .allowed : protectedAdmin(actor, target: target, targetAccess: targetAccess, "delete them"),
            keepsAnAdmin(roster, losing: adminLosses(roster, user: target, after: nil, locked: true), tree: actor.tree,
                         logins: logins, verb: "deleted"),
            .require(!isSelf, "You cannot delete your own user."),
            ownsNoClient(target, ownedClients: ownedClients),
            .require(created.isEmpty,
                     "\(target.login) created \(names.count) API client\(names.count == 1 ? "" : "s") (\(shown)), which keep\(names.count == 1 ? "s" : "") its creator; " +
                     "delete \(names.count == 1 ? "it" : "them") first, or lock \(target.login) instead.")
        )
    }

    /// Blocking a subgroup stops the access the user inherits from above there [v3]. Only a
    /// subgroup the user reaches by inheritance can be blocked; what it takes away is checked as
    /// any change of access (rules 12 and 14).
    public static func blockGroup(_ actor: ActorContext, target: User, group id: GroupID, roles: [RoleID: Role]) -> Decision {
        let tree = actor.tree
        if case .denied(let reason) = editUserGrants(actor, target: target) { return .denied(reason) }
        guard let group = tree[id] else { return .denied("Group #\(id) is not a group of \(actor.account.name).") }
        if group.parentID == nil {
            return .denied("\(group.name) is the root group of contract \(group.contractID); it inherits nothing to block.")
        }
        if target.grants.contains(where: { $0.groupID == id }) {
            return .denied("\(target.login) has a role directly on \(tree.path(of: id)); remove that role instead of blocking.")
        }
        if target.blockedGroups.contains(id) { return .denied("\(tree.path(of: id)) is already blocked for \(target.login).") }
        let before = UserAccess.resolve(grants: target.grants, blocked: target.blockedGroups, tree: tree, roles: roles)
        guard before.access(on: id)?.isInherited == true else {
            return .denied("\(target.login) inherits no access on \(tree.path(of: id)); there is nothing to block.")
        }
        let after = UserAccess.resolve(grants: target.grants, blocked: target.blockedGroups.union([id]), tree: tree, roles: roles)
        return accessChange(actor, target: target, before: before, after: after)
    }

    /// Unblocking gives the inherited access back: checked as granting it (rule 13).
    public static func unblockGroup(_ actor: ActorContext, target: User, group id: GroupID, roles: [RoleID: Role]) -> Decision {
        let tree = actor.tree
        let before = UserAccess.resolve(grants: target.grants, blocked: target.blockedGroups, tree: tree, roles: roles)
        let after = UserAccess.resolve(grants: target.grants, blocked: target.blockedGroups.subtracting([id]), tree: tree, roles: roles)
        return .first(
            editUserGrants(actor, target: target),
            .require(target.blockedGroups.contains(id), "\(tree[id].map { tree.path(of: $0.id) } ?? "#\(id)") is not blocked for \(target.login)."),
            accessChange(actor, target: target, before: before, after: after)
        )
    }

    // MARK: - Groups

    /// A new subgroup: Admin or IDM: Manage Groups; the name unique among its siblings [ours],
    /// so a path names one group.
    public static func createGroup(_ actor: ActorContext, parent: Group, name: String, tree: GroupTree) -> Decision {
        .first(
            manageGroups(actor),
            sameAccount(actor, parent.accountID, "Group \(parent.name)"),
            require(actor, .groups, on: [parent.id], "to create a subgroup there"),
            uniqueSibling(name, under: parent.id, tree: tree, except: nil)
        )
    }

    public static func renameGroup(_ actor: ActorContext, group: Group, newName: String, tree: GroupTree) -> Decision {
        .first(
            manageGroups(actor),
            sameAccount(actor, group.accountID, "Group \(group.name)"),
            require(actor, .groups, on: [group.id], "to rename it"),
            group.parentID.map { uniqueSibling(newName, under: $0, tree: tree, except: group.id) } ?? .allowed
        )
    }

    /// A group moves under another group of the same contract [v3 "within the same parent
    /// hierarchy"], never into its own subtree; a contract's root group stays where it is.
    public static func moveGroup(_ actor: ActorContext, group: Group, to parent: Group, tree: GroupTree) -> Decision {
        .first(
            manageGroups(actor),
            sameAccount(actor, group.accountID, "Group \(group.name)"),
            sameAccount(actor, parent.accountID, "Group \(parent.name)"),
            require(actor, .groups, on: [group.id, parent.id] + (group.parentID.map { [$0] } ?? []), "to move \(group.name) from there or to there"),
            .require(group.parentID != nil,
                     "\(group.name) is the root group of contract \(group.contractID); it cannot be moved."),
            .require(parent.contractID == group.contractID,
                     "\(group.name) is in contract \(group.contractID) and \(parent.name) in \(parent.contractID): a group moves only within its own contract."),
            .require(parent.id != group.id, "A group cannot be moved under itself."),
            .require(!tree.subtree(of: group.id).contains(parent.id),
                     "\(parent.name) is inside \(group.name); a group cannot be moved into its own subtree."),
            .require(group.parentID != parent.id, "\(group.name) is already directly under \(parent.name)."),
            uniqueSibling(group.name, under: parent.id, tree: tree, except: group.id)
        )
    }

    /// Rule 11: only an empty group can be deleted: no subgroups, no API clients on it, no user
    /// holding a role on it. The reason counts each.
    public static func deleteGroup(_ actor: ActorContext, group: Group, subgroups: Int, clients: Int, userRoles: Int) -> Decision {
        func count(_ n: Int, _ noun: String) -> String? { n == 0 ? nil : "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let parts = [count(subgroups, "subgroup"), count(clients, "API client"), count(userRoles, "user role")].compactMap { $0 }
        let list = parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return .first(
            manageGroups(actor),
            sameAccount(actor, group.accountID, "Group \(group.name)"),
            require(actor, .groups, on: [group.id], "to delete it"),
            .require(group.parentID != nil,
                     "\(group.name) is the root group of contract \(group.contractID); it cannot be deleted."),
            .require(parts.isEmpty,
                     "\(group.name) still has \(list); move or delete the subgroups, take the group off the clients and change those users' roles first.")
        )
    }

    static func uniqueSibling(_ name: String, under parent: GroupID, tree: GroupTree, except: GroupID?) -> Decision {
        let trimmed = TextScan.trimmingWhitespace(name)
        let clash = tree.children(of: parent).contains {
            $0 != except && tree[$0]?.name.caseInsensitiveCompare(trimmed) == .orderedSame
        }
        return .require(!clash, "\(tree.path(of: parent)) already has a subgroup named \(trimmed).")
    }

    // MARK: - Roles

    /// Standard roles are read-only [v3]; a custom role is account-wide, so editing it needs
    /// Manage Roles on every group where it is granted (rule 13; `grantedOn`, empty when no one
    /// holds it: then Manage Roles somewhere is enough).
    public static func editRole(_ actor: ActorContext, role: Role, grantedOn: Set<GroupID>) -> Decision {
        .first(
            manageRoles(actor),
            sameAccount(actor, role.accountID, "Role \(role.name)"),
            .require(!role.isStandard, "\(role.name) is a standard role; standard roles are read-only."),
            require(actor, .roles, on: grantedOn, "to change \(role.name), which is granted there")
        )
    }

    /// A custom role can be deleted only while no one holds it [v3].
    public static func deleteRole(_ actor: ActorContext, role: Role, holders: Int, grantedOn: Set<GroupID>) -> Decision {
        .first(
            editRole(actor, role: role, grantedOn: grantedOn),
            .require(holders == 0,
                     "\(role.name) is held by \(holders) user\(holders == 1 ? "" : "s"); give them other roles first.")
        )
    }

    /// The permissions of a new or edited role: at least one; each one known (`products` are
    /// the product ids of the catalogue); an added permission held by the actor on every group
    /// where the role is granted (for a new or unheld role: on some group), so Manage Roles is
    /// not a way to gain more (rule 13). Taking Admin out of a role is taking it from its
    /// holders: only an Admin on those groups, never from the last Admin of a contract (rule 14).
    /// `grants` are the role's current holders and groups.
    public static func rolePermissions(_ actor: ActorContext, _ permissions: Set<Permission>, previous: Set<Permission> = [],
                                       products: Set<ProductID>, grants: [(user: UserID, group: GroupID)] = [],
                                       roster: AdminRoster = .empty, logins: [UserID: String] = [:]) -> Decision {
        if permissions.isEmpty { return .denied("A role needs at least one permission.") }
        for permission in permissions.sorted() where !isKnown(permission, products: products) {
            return .denied("Unknown permission \(permission.rawValue); use admin, idm.*, reseller.browse or product.<product>.read|write.")
        }
        let grantedOn = Set(grants.map(\.group))
        for permission in permissions.subtracting(previous).sorted() {
            if grantedOn.isEmpty {
                if !actor.access.holdsSomewhere(permission) {
                    return .denied("You cannot give a role \(permission.label) (\(permission.rawValue)): you do not hold it yourself.")
                }
            } else if let lacking = firstInOrder(grantedOn, actor.tree, where: { !actor.access.holds(permission, on: $0) }) {
                return .denied("You cannot add \(permission.label) (\(permission.rawValue)) to a role granted on \(path(actor.tree, lacking)): " +
                               "you do not hold it there yourself.")
            }
        }
        let losesAdmin = previous.contains(.admin) && !permissions.contains(.admin)
        if losesAdmin {
            if let lacking = firstInOrder(grantedOn, actor.tree, where: { !actor.access.isAdmin(on: $0) }) {
                return .denied("Taking Admin out of this role takes it from its holders; only an Admin on \(path(actor.tree, lacking)) can.")
            }
            var losing: [GroupID: Set<UserID>] = [:]
            for grant in grants where roster.admins[grant.group]?.contains(grant.user) == true { losing[grant.group, default: []].insert(grant.user) }
            if case .denied(let reason) = keepsAnAdmin(roster, losing: losing, tree: actor.tree, logins: logins, verb: "demoted") {
                return .denied(reason)
            }
        }
        return .allowed
    }

    static let knownFlat: Set<Permission> = [.admin, .apiClientsAdmin, .apiClientsUser, .usersAdmin, .groupsAdmin, .rolesAdmin, .resellerBrowse]

    static func isKnown(_ p: Permission, products: Set<ProductID>) -> Bool {
        if knownFlat.contains(p) { return true }
        guard let (product, _) = p.productAccess else { return false }
        return products.contains(product)
    }
}
