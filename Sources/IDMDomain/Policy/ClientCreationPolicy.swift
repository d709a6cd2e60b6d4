extension Policy {
    /// Rule 1 and 2: "New API Client for Me". Opening the wizard is the one account-wide
    /// question: a Manage API Clients permission on some group.
    public static func createClientForSelf(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "create API clients"),
            notLockedActor(actor),
            .require(actor.access.canManageAPIClientsSomewhere, needsClientPermission)
        )
    }

    /// Rule 3: "New API client for another user" (the admin picks the owner).
    public static func createClientForOthers(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "create API clients"),
            notLockedActor(actor),
            .require(actor.access.holdsSomewhere(.apiClientsAdmin),
                     "You need the Admin role or a role with IDM Admin: Manage API Clients to create a client for another user.")
        )
    }

    /// Creating a client owned by `owner`: for oneself, or for another user of the account who
    /// can hold one (not locked, with some group access).
    public static func createClient(_ actor: ActorContext, owner: User, ownerAccess: UserAccess) -> Decision {
        if owner.id == actor.user.id { return createClientForSelf(actor) }
        return .first(
            createClientForOthers(actor),
            sameAccount(actor, owner.accountID, "User \(owner.login)"),
            .require(!owner.locked, "\(owner.login) is locked and cannot own an API client."),
            .require(!ownerAccess.groupIDs.isEmpty, "\(owner.login) has no group access in \(actor.account.name) to derive a client's access from.")
        )
    }

    /// The groups of a new client (rule 12): for yourself, a Manage API Clients permission on
    /// each; for another user, IDM Admin on each (rule 3, scoped).
    public static func createClient(_ actor: ActorContext, owner: User, on groups: Set<GroupID>) -> Decision {
        owner.id == actor.user.id
            ? require(actor, .manageClients, on: groups, "to create an API client there")
            : require(actor, .clientAdmin, on: groups, "to create an API client there for \(owner.login)")
    }
}
