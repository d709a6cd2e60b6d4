extension Policy {
    /// Managing users (create, edit, lock): Admin or IDM: Manage Users.
    public static func manageUsers(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change users"),
            notLockedActor(actor),
            .require(actor.access.has(.usersAdmin), "You need the Admin role or a role with IDM: Manage Users.")
        )
    }

    /// Rule 10: a user who owns an API client cannot be deleted until ownership is transferred.
    /// Migrated read-only `User` records are not API clients the user owns: they cannot be
    /// transferred, so counting them would make such a user impossible to delete.
    public static func deleteUser(_ actor: ActorContext, target: User, ownedClients: [APIClient]) -> Decision {
        let ownedClients = ownedClients.filter { $0.kind == .api }
        let names = ownedClients.map(\.name).sorted()
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        return .first(
            manageUsers(actor),
            sameAccount(actor, target.accountID, "User \(target.login)"),
            .require(target.id != actor.user.id, "You cannot delete your own user."),
            .require(ownedClients.isEmpty,
                     "\(target.login) owns \(names.count) API client\(names.count == 1 ? "" : "s") (\(shown)); transfer ownership first.")
        )
    }

    /// Browsing another account: a reseller's user with the browse permission, into an account
    /// its own account manages.
    public static func browseAccount(user: User, homeAccount: Account, homeAccess: UserAccess, target: Account) -> Decision {
        if target.id == homeAccount.id { return .allowed }
        return .first(
            .require(target.managedBy == homeAccount.id,
                     "\(target.name) is not managed by \(homeAccount.name)."),
            .require(homeAccess.has(.resellerBrowse) || homeAccess.isAdmin,
                     "You need a role with Reseller: Browse Managed Accounts to open \(target.name).")
        )
    }
}

extension Policy {
    /// Reading the audit log: anyone with the Admin role or an IDM permission; a reseller's
    /// user browsing a managed account may read it too (looking is what browsing is for).
    public static func readAuditLog(_ actor: ActorContext) -> Decision {
        if actor.isBrowsingManagedAccount { return .allowed }
        let idm: [Permission] = [.apiClientsAdmin, .apiClientsUser, .usersAdmin, .groupsAdmin, .rolesAdmin]
        return .require(idm.contains { actor.access.has($0) },
                        "You need the Admin role or an IDM permission to read the audit log of \(actor.account.name).")
    }

    /// Creating, renaming, moving and deleting groups: Admin or IDM: Manage Groups.
    public static func manageGroups(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change groups"),
            notLockedActor(actor),
            .require(actor.access.has(.groupsAdmin), "You need the Admin role or a role with IDM: Manage Groups.")
        )
    }

    /// Creating, editing and deleting custom roles: Admin or IDM: Manage Roles.
    public static func manageRoles(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change roles"),
            notLockedActor(actor),
            .require(actor.access.has(.rolesAdmin), "You need the Admin role or a role with IDM: Manage Roles.")
        )
    }
}
