extension Policy {
    /// The client can be changed at all: same account, an API client (not a migrated User
    /// record), and, unless `evenIfLocked`, not locked (rule 9).
    static func changeable(_ actor: ActorContext, _ client: APIClient, evenIfLocked: Bool = false) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change API clients"),
            notLockedActor(actor),
            sameAccount(actor, client.accountID, client.name),
            .require(client.kind == .api,
                     "\(client.name) is a read-only User record migrated from Manage APIs; it cannot be changed."),
            .require(evenIfLocked || !client.locked, "\(client.name) is locked; an Admin or IDM Admin must unlock it first.")
        )
    }

    static func isOwner(_ actor: ActorContext, _ client: APIClient) -> Bool { actor.user.id == client.ownerID }
    static func isCreator(_ actor: ActorContext, _ client: APIClient) -> Bool { actor.user.id == client.creatorID }
    static func isClientAdmin(_ actor: ActorContext) -> Bool { actor.access.has(.apiClientsAdmin) }

    /// Rule 4: only the owner generates credentials; at most two non-deleted per client [ours].
    public static func generateCredential(_ actor: ActorContext, client: APIClient, owner: User, credentials: [Credential]) -> Decision {
        let live = credentials.filter { $0.status != .deleted }.count
        return .first(
            changeable(actor, client),
            .require(isOwner(actor, client),
                     "Only the owner (\(owner.login)) can generate credentials for \(client.name)."),
            .require(live < Credential.maximumPerClient,
                     "\(client.name) already has \(live) credentials, the most a client may have; delete an inactive one first.")
        )
    }

    /// Rule 5: the creator and the owner enable and disable credentials.
    public static func setCredentialStatus(_ actor: ActorContext, client: APIClient, owner: User, creator: User, activate: Bool) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client),
                     "Only the owner (\(owner.login)) or the creator (\(creator.login)) can \(activate ? "activate" : "deactivate") credentials of \(client.name).")
        )
    }

    /// Changing a credential's expiry or description, or deleting it: owner or creator.
    public static func editCredential(_ actor: ActorContext, client: APIClient, owner: User, creator: User) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client),
                     "Only the owner (\(owner.login)) or the creator (\(creator.login)) can change credentials of \(client.name).")
        )
    }

    /// Deleting one credential: only an inactive one; DELETED is final [v3].
    public static func deleteCredential(_ actor: ActorContext, client: APIClient, owner: User, creator: User, credential: Credential) -> Decision {
        .first(
            editCredential(actor, client: client, owner: owner, creator: creator),
            .require(credential.status != .deleted, "That credential is already deleted."),
            .require(credential.status == .inactive, "Only an inactive credential can be deleted; deactivate it first.")
        )
    }

    /// Rule 4: only the owner edits the client's authorization (APIs, groups), and only while
    /// the owner's roles grant IDM Admin or IDM Non-Admin.
    public static func editAuthorization(_ actor: ActorContext, client: APIClient, owner: User, ownerAccess: UserAccess) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client),
                     "Only the owner (\(owner.login)) can edit the API access of \(client.name)."),
            .require(ownerAccess.canManageAPIClients,
                     "The owner (\(owner.login)) needs the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients to edit its API access.")
        )
    }

    /// Name, description, notification emails and IP allowlist: owner, creator or IDM Admin [ours].
    public static func editDetails(_ actor: ActorContext, client: APIClient, owner: User, creator: User) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client) || isClientAdmin(actor),
                     "Only the owner (\(owner.login)), the creator (\(creator.login)) or an IDM Admin can edit \(client.name).")
        )
    }

    /// Rule 5: the creator manages ownership; an Admin may too.
    public static func transferOwnership(_ actor: ActorContext, client: APIClient, creator: User) -> Decision {
        .first(
            changeable(actor, client),
            .require(isCreator(actor, client) || actor.access.isAdmin,
                     "Only the creator (\(creator.login)) or an Admin can transfer ownership of \(client.name).")
        )
    }

    /// Locking: owner, creator or IDM Admin [ours].
    public static func lockClient(_ actor: ActorContext, client: APIClient, owner: User, creator: User) -> Decision {
        .first(
            changeable(actor, client, evenIfLocked: true),
            .require(!client.locked, "\(client.name) is already locked."),
            .require(isOwner(actor, client) || isCreator(actor, client) || isClientAdmin(actor),
                     "Only the owner (\(owner.login)), the creator (\(creator.login)) or an IDM Admin can lock \(client.name).")
        )
    }

    /// Rule 9: a client cannot unlock itself; an Admin or IDM Admin unlocks it.
    public static func unlockClient(_ actor: ActorContext, client: APIClient) -> Decision {
        .first(
            changeable(actor, client, evenIfLocked: true),
            .require(client.locked, "\(client.name) is not locked."),
            .require(isClientAdmin(actor),
                     "Only an Admin or a user with IDM Admin: Manage API Clients can unlock \(client.name).")
        )
    }

    /// Rule 9: delete only without an active credential; owner, creator or IDM Admin.
    public static func deleteClient(_ actor: ActorContext, client: APIClient, owner: User, creator: User, credentials: [Credential]) -> Decision {
        let active = credentials.filter { $0.status == .active }.count
        return .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client) || isClientAdmin(actor),
                     "Only the owner (\(owner.login)), the creator (\(creator.login)) or an IDM Admin can delete \(client.name)."),
            .require(active == 0,
                     "\(client.name) has \(active) active credential\(active == 1 ? "" : "s"); deactivate \(active == 1 ? "it" : "them") before deleting the client.")
        )
    }
}

extension Policy {
    /// Rotation: a new credential (owner only, rule 4) while the old one runs out. It needs a
    /// free slot under the cap of two.
    public static func rotateCredential(_ actor: ActorContext, client: APIClient, owner: User, credentials: [Credential]) -> Decision {
        .first(
            generateCredential(actor, client: client, owner: owner, credentials: credentials),
            .require(credentials.contains { $0.status == .active }, "\(client.name) has no active credential to rotate; generate one instead.")
        )
    }

    /// Deactivating every credential at once (a suspected leak): owner or creator.
    public static func deactivateAllCredentials(_ actor: ActorContext, client: APIClient, owner: User, creator: User, credentials: [Credential]) -> Decision {
        .first(
            setCredentialStatus(actor, client: client, owner: owner, creator: creator, activate: false),
            .require(credentials.contains { $0.status == .active }, "\(client.name) has no active credential.")
        )
    }
}
