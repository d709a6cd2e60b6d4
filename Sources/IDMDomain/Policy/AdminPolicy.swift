/// Administration of users, groups and roles: one function per rule, each answering allowed or
/// denied with a reason a person can act on. The service asks the same functions again inside
/// the transaction that writes.
extension Policy {
    // MARK: - Users

    /// Profile fields (names, email, job title, phone, time zone): Admin or IDM: Manage Users,
    /// or the user themselves [ours, as v3's own `/user-profile/basic-info`].
    public static func editUserProfile(_ actor: ActorContext, target: User) -> Decision {
        if target.id == actor.user.id && !actor.isBrowsingManagedAccount { return notLockedActor(actor) }
        return .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)")
        )
    }

    /// Roles on groups, and blocked subgroups: Admin or IDM: Manage Users, never on yourself
    /// [ours]: a user cannot raise or cut their own access.
    public static func editUserGrants(_ actor: ActorContext, target: User) -> Decision {
        .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            .require(target.id != actor.user.id, "You cannot change your own roles; ask another admin.")
        )
    }

    /// The grants themselves: at least one [v3]; groups and roles of the account; one role per
    /// group; and a role carrying Admin handed out only by an Admin [ours], so IDM: Manage Users
    /// is not a way to become Admin.
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
            if role.isAdmin && !actor.access.isAdmin {
                return .denied("Only an Admin can grant the \(role.name) role, which carries Admin.")
            }
        }
        return .allowed
    }

    /// Locking stops a user from acting; unlocking lets them act again. Admin or IDM: Manage
    /// Users, and not on yourself.
    public static func lockUser(_ actor: ActorContext, target: User) -> Decision {
        .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            .require(target.id != actor.user.id, "You cannot lock your own user."),
            .require(!target.locked, "\(target.login) is already locked.")
        )
    }

    public static func unlockUser(_ actor: ActorContext, target: User) -> Decision {
        .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            .require(target.id != actor.user.id, "You cannot unlock your own user."),
            .require(target.locked, "\(target.login) is not locked.")
        )
    }

    /// Rule 10, and the creator [ours]: a client records who created it (rule 5 gives the creator
    /// rights over it), so the user row stays while any client names them as creator. Locking
    /// is how such a user is taken out of service. The user's own migrated `User` record is not
    /// counted: it is deleted with them.
    public static func deleteUser(_ actor: ActorContext, target: User, ownedClients: [APIClient], createdClients: [APIClient]) -> Decision {
        let created = createdClients.filter { !($0.kind == .user && $0.ownerID == target.id) }
        let names = created.map(\.name).sorted()
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        return .first(
            deleteUser(actor, target: target, ownedClients: ownedClients),
            .require(created.isEmpty,
                     "\(target.login) created \(names.count) API client\(names.count == 1 ? "" : "s") (\(shown)), which keep\(names.count == 1 ? "s" : "") its creator; " +
                     "delete \(names.count == 1 ? "it" : "them") first, or lock \(target.login) instead.")
        )
    }

    /// Blocking a subgroup stops the access the user inherits from above there [v3]. Only a
    /// subgroup the user reaches by inheritance can be blocked.
    public static func blockGroup(_ actor: ActorContext, target: User, group id: GroupID, tree: GroupTree, roles: [RoleID: Role]) -> Decision {
        if case .denied(let reason) = editUserGrants(actor, target: target) { return .denied(reason) }
        guard let group = tree[id] else { return .denied("Group #\(id) is not a group of \(actor.account.name).") }
        if group.parentID == nil {
            return .denied("\(group.name) is the root group of contract \(group.contractID); it inherits nothing to block.")
        }
        if target.grants.contains(where: { $0.groupID == id }) {
            return .denied("\(target.login) has a role directly on \(tree.path(of: id)); remove that role instead of blocking.")
        }
        if target.blockedGroups.contains(id) { return .denied("\(tree.path(of: id)) is already blocked for \(target.login).") }
        let access = UserAccess.resolve(grants: target.grants, blocked: target.blockedGroups, tree: tree, roles: roles)
        return .require(access.byGroup[id]?.isInherited == true,
                        "\(target.login) inherits no access on \(tree.path(of: id)); there is nothing to block.")
    }

    public static func unblockGroup(_ actor: ActorContext, target: User, group id: GroupID, tree: GroupTree) -> Decision {
        .first(
            editUserGrants(actor, target: target),
            .require(target.blockedGroups.contains(id), "\(tree[id].map { tree.path(of: $0.id) } ?? "#\(id)") is not blocked for \(target.login).")
        )
    }

    // MARK: - Groups

    /// A new subgroup: Admin or IDM: Manage Groups; the name unique among its siblings [ours],
    /// so a path names one group.
    public static func createGroup(_ actor: ActorContext, parent: Group, name: String, tree: GroupTree) -> Decision {
        .first(
            manageGroups(actor),
            sameAccount(actor, parent.accountID, "Group \(parent.name)"),
            uniqueSibling(name, under: parent.id, tree: tree, except: nil)
        )
    }

    public static func renameGroup(_ actor: ActorContext, group: Group, newName: String, tree: GroupTree) -> Decision {
        .first(
            manageGroups(actor),
            sameAccount(actor, group.accountID, "Group \(group.name)"),
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

    /// Standard roles are read-only [v3]; custom roles are changed by Admin or IDM: Manage Roles.
    public static func editRole(_ actor: ActorContext, role: Role) -> Decision {
        .first(
            manageRoles(actor),
            sameAccount(actor, role.accountID, "Role \(role.name)"),
            .require(!role.isStandard, "\(role.name) is a standard role; standard roles are read-only.")
        )
    }

    /// A custom role can be deleted only while no one holds it [v3].
    public static func deleteRole(_ actor: ActorContext, role: Role, holders: Int) -> Decision {
        .first(
            editRole(actor, role: role),
            .require(holders == 0,
                     "\(role.name) is held by \(holders) user\(holders == 1 ? "" : "s"); give them other roles first.")
        )
    }

    /// The permissions of a new or edited role: at least one; each one known (`products` are
    /// the product ids of the catalogue); and only permissions the actor holds themselves may be
    /// added [ours], so IDM: Manage Roles is not a way to gain more. Permissions the role had
    /// before (`previous`) may stay.
    public static func rolePermissions(_ actor: ActorContext, _ permissions: Set<Permission>, previous: Set<Permission> = [],
                                       products: Set<ProductID>) -> Decision {
        if permissions.isEmpty { return .denied("A role needs at least one permission.") }
        for permission in permissions.sorted() where !isKnown(permission, products: products) {
            return .denied("Unknown permission \(permission.rawValue); use admin, idm.*, reseller.browse or product.<product>.read|write.")
        }
        for permission in permissions.subtracting(previous).sorted() where !holds(actor.access, permission) {
            return .denied("You cannot give a role \(permission.label) (\(permission.rawValue)): you do not hold it yourself.")
        }
        return .allowed
    }

    static let knownFlat: Set<Permission> = [.admin, .apiClientsAdmin, .apiClientsUser, .usersAdmin, .groupsAdmin, .rolesAdmin, .resellerBrowse]

    static func isKnown(_ p: Permission, products: Set<ProductID>) -> Bool {
        if knownFlat.contains(p) { return true }
        guard let (product, _) = productLevel(p) else { return false }
        return products.contains(product)
    }

    /// `product.<id>.read` -> (id, READ-ONLY), `product.<id>.write` -> (id, READ-WRITE).
    static func productLevel(_ p: Permission) -> (ProductID, AccessLevel)? {
        let parts = p.rawValue.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "product", !parts[1].isEmpty else { return nil }
        switch parts[2] {
        case "read": return (String(parts[1]), .readOnly)
        case "write": return (String(parts[1]), .readWrite)
        default: return nil
        }
    }

    static func holds(_ access: UserAccess, _ p: Permission) -> Bool {
        if access.isAdmin { return true }
        if let (product, level) = productLevel(p) { return access.bestLevel(for: product).map { $0 >= level } ?? false }
        return access.has(p)
    }
}
