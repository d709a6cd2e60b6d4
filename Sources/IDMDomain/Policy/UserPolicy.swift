extension Policy {
    /// Managing users at all (the create form, the edit key): Admin or IDM: Manage Users on some
    /// group. Each change then asks on the groups it touches (rule 12).
    public static func manageUsers(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change users"),
            notLockedActor(actor),
            requireSomewhere(actor, .users, "")
        )
    }

    /// Rule 10: a user who owns an API client cannot be deleted until ownership is transferred.
    /// Migrated read-only `User` records are not API clients the user owns: they cannot be
    /// transferred, so counting them would make such a user impossible to delete.
    static func ownsNoClient(_ target: User, ownedClients: [APIClient]) -> Decision {
        let ownedClients = ownedClients.filter { $0.kind == .api }
        let names = ownedClients.map(\.name).sorted()
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        return .require(ownedClients.isEmpty,
                        "\(target.login) owns \(names.count) API client\(names.count == 1 ? "" : "s") (\(shown)); transfer ownership first.")
    }

    /// Browsing another account: a reseller's user with the browse permission, into an account
    /// its own account manages.
    public static func browseAccount(user: User, homeAccount: Account, homeAccess: UserAccess, target: Account) -> Decision {
        if target.id == homeAccount.id { return .allowed }
        return .first(
            .require(target.managedBy == homeAccount.id,
                     "\(target.name) is not managed by \(homeAccount.name)."),
            .require(homeAccess.holdsSomewhere(.resellerBrowse) || homeAccess.isAdminSomewhere,
                     "You need a role with Reseller: Browse Managed Accounts to open \(target.name).")
        )
    }
}

extension Policy {
    static let idmPermissions: [Permission] = [.apiClientsAdmin, .apiClientsUser, .usersAdmin, .groupsAdmin, .rolesAdmin]

    /// Reading the audit log: anyone with the Admin role or an IDM permission; a reseller's
    /// user browsing a managed account may read it too (looking is what browsing is for).
    public static func readAuditLog(_ actor: ActorContext) -> Decision {
        if case .denied(let reason) = notLockedActor(actor) { return .denied(reason) }
        if actor.isBrowsingManagedAccount { return .allowed }
        return .require(idmPermissions.contains { actor.access.holdsSomewhere($0) },
                        "You need the Admin role or an IDM permission to read the audit log of \(actor.account.name).")
    }

    /// The stored migration report names every legacy client and its owner: the same readers
    /// as the audit log, which records the same migration event by event.
    public static func readMigrationReport(_ actor: ActorContext) -> Decision {
        if case .denied(let reason) = notLockedActor(actor) { return .denied(reason) }
        if actor.isBrowsingManagedAccount { return .allowed }
        return .require(idmPermissions.contains { actor.access.holdsSomewhere($0) },
                        "You need the Admin role or an IDM permission to read the migration report of \(actor.account.name).")
    }

    /// Managing groups at all: Admin or IDM: Manage Groups on some group.
    public static func manageGroups(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change groups"),
            notLockedActor(actor),
            requireSomewhere(actor, .groups, "")
        )
    }

    /// Managing custom roles at all: Admin or IDM: Manage Roles on some group.
    public static func manageRoles(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change roles"),
            notLockedActor(actor),
            requireSomewhere(actor, .roles, "")
        )
    }
}
