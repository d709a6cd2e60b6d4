extension Policy {
    /// The client can be changed at all: same account, an API client (not a migrated User
    /// record), and, unless `evenIfLocked`, not locked (rule 9).
    static func changeable(_ actor: ActorContext, _ client: APIClient) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "change API clients"),
            notLockedActor(actor),
            sameAccount(actor, client.accountID, client.name),
            .require(client.kind == .api,
                     "\(client.name) is a read-only User record migrated from Manage APIs; it cannot be changed.")
        )
    }

    /// Rule 9, asked after who may act: someone who could not act on it unlocked hears that
    /// first, not a lock they cannot lift.
    static func unlocked(_ client: APIClient) -> Decision {
        .require(!client.locked, "\(client.name) is locked; an Admin or IDM Admin must unlock it first.")
    }

    /// The groups decisions about a client are asked on (rule 12): its groups, or, once it has
    /// shrunk to none, the root groups of the contracts it was on (rule 17).
    public static func scope(of client: APIClient, tree: GroupTree) -> Set<GroupID> {
        if !client.groupIDs.isEmpty { return client.groupIDs }
        return Set(client.homeContracts.flatMap { tree.rootGroups(of: $0) })
    }

    /// "the owner (nora), the creator (ivan)", or "the owner and creator (mike)".
    static func ownerAndCreator(_ owner: User, _ creator: User) -> String {
        owner.id == creator.id ? "the owner and creator (\(owner.login))" : "the owner (\(owner.login)), the creator (\(creator.login))"
    }

    /// "the owner (nora) or the creator (ivan)", or "the owner and creator (mike)".
    static func ownerOrCreator(_ owner: User, _ creator: User) -> String {
        owner.id == creator.id ? "the owner and creator (\(owner.login))" : "the owner (\(owner.login)) or the creator (\(creator.login))"
    }

    static func isOwner(_ actor: ActorContext, _ client: APIClient) -> Bool { actor.user.id == client.ownerID }
    static func isCreator(_ actor: ActorContext, _ client: APIClient) -> Bool { actor.user.id == client.creatorID }

    /// Admin or IDM Admin on every group of the client.
    static func isClientAdmin(_ actor: ActorContext, _ client: APIClient) -> Bool {
        firstLacking(.clientAdmin, actor.access, on: scope(of: client, tree: actor.tree), actor.tree) == nil
            && !scope(of: client, tree: actor.tree).isEmpty
    }

    /// Rule 15: managing a client needs the FAQ's permission on its groups, on top of who may.
    static func managesClients(_ actor: ActorContext, _ client: APIClient, _ what: String) -> Decision {
        require(actor, .manageClients, on: scope(of: client, tree: actor.tree), "to \(what) \(client.name)")
    }

    /// Rule 4: only the owner generates credentials; at most two non-deleted per client [ours].
    /// The FAQ gives this to the owner with or without a Manage API Clients permission.
    public static func generateCredential(_ actor: ActorContext, client: APIClient, owner: User, credentials: [Credential]) -> Decision {
        let live = credentials.filter { $0.status != .deleted }.count
        return .first(
            changeable(actor, client),
            .require(isOwner(actor, client),
                     "Only the owner (\(owner.login)) can generate credentials for \(client.name)."),
            unlocked(client),
            .require(live < Credential.maximumPerClient,
                     "\(client.name) already has \(live) credentials, the most a client may have; delete an inactive one first.")
        )
    }

    /// Rule 16: an Admin or IDM Admin on any of the client's groups may deactivate its
    /// credentials in an incident, also while it is locked.
    public static func isIncidentResponder(_ actor: ActorContext, client: APIClient) -> Bool {
        guard !actor.isBrowsingManagedAccount, !actor.user.locked, client.accountID == actor.account.id, client.kind == .api else { return false }
        return scope(of: client, tree: actor.tree).contains { Need.clientAdmin.held(by: actor.access, on: $0) }
    }

    /// Rule 5: the creator and the owner enable and disable credentials; rule 16: an Admin or
    /// IDM Admin on one of its groups disables them, locked or not.
    public static func setCredentialStatus(_ actor: ActorContext, client: APIClient, owner: User, creator: User, activate: Bool) -> Decision {
        if !activate && isIncidentResponder(actor, client: client) { return .allowed }
        let who = activate
            ? "Only \(ownerOrCreator(owner, creator)) can activate credentials of \(client.name)."
            : "Only \(ownerAndCreator(owner, creator)), an Admin or an IDM Admin can deactivate credentials of \(client.name)."
        return .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client), who),
            unlocked(client)
        )
    }

    /// Changing a credential's expiry or description, or deleting it: owner or creator.
    public static func editCredential(_ actor: ActorContext, client: APIClient, owner: User, creator: User) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client),
                     "Only \(ownerOrCreator(owner, creator)) can change credentials of \(client.name)."),
            unlocked(client)
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
    /// the owner's roles grant IDM Admin or IDM Non-Admin on the client's groups (rules 12, 15).
    public static func editAuthorization(_ actor: ActorContext, client: APIClient, owner: User, ownerAccess: UserAccess) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client),
                     "Only the owner (\(owner.login)) can edit the API access of \(client.name)."),
            unlocked(client),
            ownerManages(actor, client, owner: owner, ownerAccess: ownerAccess)
        )
    }

    /// The owner's Manage API Clients permission on the client's groups, naming the first group
    /// where it is missing.
    static func ownerManages(_ actor: ActorContext, _ client: APIClient, owner: User, ownerAccess: UserAccess) -> Decision {
        let groups = scope(of: client, tree: actor.tree)
        guard !ownerAccess.canManageAPIClients(onAll: groups) else { return .allowed }
        let lacking = firstLacking(.manageClients, ownerAccess, on: groups, actor.tree).map { " on \(path(actor.tree, $0))" } ?? ""
        return .denied("The owner (\(owner.login)) needs the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients\(lacking) to edit its API access.")
    }

    /// Name, description, notification emails and IP allowlist: owner, creator or IDM Admin
    /// [ours], with Manage API Clients on its groups (rule 15).
    public static func editDetails(_ actor: ActorContext, client: APIClient, owner: User, creator: User) -> Decision {
        .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client) || isClientAdmin(actor, client),
                     "Only \(ownerAndCreator(owner, creator)), an Admin or an IDM Admin can edit \(client.name)."),
            managesClients(actor, client, "edit"),
            unlocked(client)
        )
    }

    /// Rule 5: the creator manages ownership; an Admin on the client's groups may too.
    public static func transferOwnership(_ actor: ActorContext, client: APIClient, creator: User) -> Decision {
        let scope = scope(of: client, tree: actor.tree)
        return .first(
            changeable(actor, client),
            .require(isCreator(actor, client) || actor.access.isAdmin(onAll: scope),
                     "Only the creator (\(creator.login)) or an Admin can transfer ownership of \(client.name)."),
            managesClients(actor, client, "transfer"),
            unlocked(client)
        )
    }

    /// Locking: owner, creator or IDM Admin [ours], with Manage API Clients on its groups (rule 15).
    public static func lockClient(_ actor: ActorContext, client: APIClient, owner: User, creator: User) -> Decision {
        .first(
            changeable(actor, client),
            .require(!client.locked, "\(client.name) is already locked."),
            .require(isOwner(actor, client) || isCreator(actor, client) || isClientAdmin(actor, client),
                     "Only \(ownerAndCreator(owner, creator)), an Admin or an IDM Admin can lock \(client.name)."),
            managesClients(actor, client, "lock")
        )
    }

    /// Rule 9: a client cannot unlock itself; an Admin or IDM Admin on its groups unlocks it.
    public static func unlockClient(_ actor: ActorContext, client: APIClient) -> Decision {
        .first(
            changeable(actor, client),
            .require(client.locked, "\(client.name) is not locked."),
            .require(isClientAdmin(actor, client),
                     "Only an Admin or a user with IDM Admin: Manage API Clients can unlock \(client.name).")
        )
    }

    /// Rule 9: delete only without an active credential; owner, creator or IDM Admin, with
    /// Manage API Clients on its groups (rule 15).
    public static func deleteClient(_ actor: ActorContext, client: APIClient, owner: User, creator: User, credentials: [Credential]) -> Decision {
        let active = credentials.filter { $0.status == .active }.count
        return .first(
            changeable(actor, client),
            .require(isOwner(actor, client) || isCreator(actor, client) || isClientAdmin(actor, client),
                     "Only \(ownerAndCreator(owner, creator)), an Admin or an IDM Admin can delete \(client.name)."),
            managesClients(actor, client, "delete"),
            unlocked(client),
            .require(active == 0,
                     "\(client.name) has \(active) active credential\(active == 1 ? "" : "s"); deactivate \(active == 1 ? "it" : "them") before deleting the client.")
        )
    }
}

extension Policy {
    /// Rotation: a new credential (owner only, rule 4) while the old one runs out. It needs a
    /// free slot under the cap of two, or an inactive credential that the same step deletes
    /// (`makingRoom`).
    public static func rotateCredential(_ actor: ActorContext, client: APIClient, owner: User, credentials: [Credential],
                                        makingRoom: Bool = false) -> Decision {
        let remaining = makingRoom ? credentials.filter { $0.status != .inactive } : credentials
        return .first(
            generateCredential(actor, client: client, owner: owner, credentials: remaining),
            .require(credentials.contains { $0.status == .active }, "\(client.name) has no active credential to rotate; generate one instead.")
        )
    }

    /// Deactivating every credential at once (a suspected leak): owner or creator, or an Admin
    /// or IDM Admin on one of its groups (rule 16).
    public static func deactivateAllCredentials(_ actor: ActorContext, client: APIClient, owner: User, creator: User, credentials: [Credential]) -> Decision {
        .first(
            setCredentialStatus(actor, client: client, owner: owner, creator: creator, activate: false),
            .require(credentials.contains { $0.status == .active }, "\(client.name) has no active credential.")
        )
    }
}
