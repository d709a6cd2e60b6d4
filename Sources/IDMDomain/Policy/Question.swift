/// Every question the policy answers, once: the console's hint bar and `?`, the client page,
/// `idm can-i`, `idm who-can` and the service's own check all ask through `Policy.decide`, so a
/// dimmed action, a "no" and a refusal cannot disagree. Questions that carry a proposed change
/// (grants, permissions) answer for that change; with nil they answer "may I try at all".
public enum Question: Equatable, Sendable {
    // API clients (rules 1-9, 15, 16)
    case createClientForSelf
    case createClientForOthers
    case createClientFor(owner: UserID)
    case generateCredential(ClientID)
    case rotateCredential(ClientID)
    /// Some credential of the client (`idm can-i enable-credential CLIENT`).
    case activateCredentials(ClientID)
    /// Some credential of the client (`disable-credential`, `deactivate-credential`).
    case deactivateCredentials(ClientID)
    case activateCredential(CredentialID)
    case deactivateCredential(CredentialID)
    case deactivateAllCredentials(ClientID)
    /// Expiry or description of one credential.
    case editCredential(CredentialID)
    case deleteCredential(CredentialID)
    case editAuthorization(ClientID)
    case editClientDetails(ClientID)
    case transferClient(ClientID, to: UserID?)
    case lockClient(ClientID)
    case unlockClient(ClientID)
    case deleteClient(ClientID)
    // Users (rules 10, 12-14, 17)
    case createUser(grants: [Grant]?)
    /// The profile or the access of a user, whichever may be edited (the console's `E`).
    case editUser(UserID)
    case editUserProfile(UserID, changesEmail: Bool)
    /// Grants and blocks becoming these (nil: may they be changed at all).
    case editUserAccess(UserID, grants: [Grant]?, blocked: Set<GroupID>?)
    case blockGroup(UserID, GroupID)
    case unblockGroup(UserID, GroupID)
    case lockUser(UserID)
    case unlockUser(UserID)
    /// With a new owner: their clients are transferred first, in the same transaction.
    case deleteUser(UserID, transferTo: UserID?)
    /// Lock, and transfer every owned client to the new owner (nil: may they be offboarded at all).
    case offboardUser(UserID, to: UserID?)
    /// Add or remove the user's SSH public keys (issue 13).
    case manageSSHKeys(UserID)
    // Groups (rules 11, 12)
    case createGroup(parent: GroupID)
    case renameGroup(GroupID)
    case moveGroup(GroupID, to: GroupID?)
    case deleteGroup(GroupID)
    // Roles (rules 11, 13)
    case createRole(permissions: Set<Permission>?)
    case editRole(RoleID, permissions: Set<Permission>?)
    case deleteRole(RoleID)
    // Reads and migration
    case readAuditLog
    case readMigrationReport
    case migrateLegacy
    /// `idm import akamai`: the act as a whole (its entries are asked one by one as it plans).
    case importAkamai
    /// `idm export akamai`: the whole account in v3 shape.
    case exportAkamai
}

/// Everything the policy needs about one client, read in one snapshot.
public struct ClientFacts: Sendable {
    public let client: APIClient
    public let owner: User
    public let creator: User
    public let ownerAccess: UserAccess
    /// Not deleted, oldest first.
    public let credentials: [Credential]

    public init(client: APIClient, owner: User, creator: User, ownerAccess: UserAccess, credentials: [Credential]) {
        self.client = client
        self.owner = owner
        self.creator = creator
        self.ownerAccess = ownerAccess
        self.credentials = credentials
    }
}

/// A user the question is about, with what their decisions need.
public struct UserFacts: Sendable {
    public let user: User
    public let access: UserAccess
    public let owned: [APIClient]
    public let created: [APIClient]
    /// Every owned client as the policy needs it (offboarding and delete-with-transfer).
    public let ownedFacts: [ClientFacts]

    public init(user: User, access: UserAccess, owned: [APIClient] = [], created: [APIClient] = [], ownedFacts: [ClientFacts] = []) {
        self.user = user
        self.access = access
        self.owned = owned
        self.created = created
        self.ownedFacts = ownedFacts
    }
}

/// The facts a question needs, loaded by the store for that question only. Fields a question
/// does not use stay empty; a missing target is the loader's "not found", never a "no".
public struct DecisionFacts: Sendable {
    public var roles: [RoleID: Role] = [:]
    public var roster: AdminRoster = .empty
    /// Logins of the users the roster and reasons name.
    public var logins: [UserID: String] = [:]
    public var services: [ServiceID: APIService] = [:]
    public var products: Set<ProductID> = []
    public var client: ClientFacts?
    public var credential: Credential?
    /// The user the question is about (owner, target).
    public var user: UserFacts?
    /// The other user: a transfer's or an offboarding's new owner.
    public var other: UserFacts?
    public var group: Group?
    public var parent: Group?
    public var groupUse: (subgroups: Int, clients: Int, userRoles: Int) = (0, 0, 0)
    public var role: Role?
    /// Who holds the role, on which group.
    public var roleGrants: [(user: UserID, group: GroupID)] = []

    public init() {}
}

extension Policy {
    /// The one decision table (DESIGN.md): each question mapped to its rule and facts.
    public static func decide(_ q: Question, _ actor: ActorContext, _ f: DecisionFacts) -> Decision {
        switch q {
        case .createClientForSelf: return createClientForSelf(actor)
        case .createClientForOthers: return createClientForOthers(actor)
        case .createClientFor:
            guard let owner = f.user else { return missing }
            return createClient(actor, owner: owner.user, ownerAccess: owner.access)
        case .generateCredential, .rotateCredential, .activateCredentials, .deactivateCredentials, .activateCredential,
             .deactivateCredential, .deactivateAllCredentials, .editCredential, .deleteCredential, .editAuthorization,
             .editClientDetails, .transferClient, .lockClient, .unlockClient, .deleteClient:
            guard let facts = f.client else { return missing }
            return decideClient(q, actor, facts, f)
        case .createUser(let grants):
            guard let grants else { return manageUsers(actor) }
            return createUser(actor, grants: grants, roles: f.roles)
        case .editUser, .editUserProfile, .editUserAccess, .blockGroup, .unblockGroup, .lockUser, .unlockUser, .deleteUser, .offboardUser,
             .manageSSHKeys:
            guard let target = f.user else { return missing }
            return decideUser(q, actor, target, f)
        case .createGroup:
            guard let parent = f.parent ?? f.group else { return missing }
            return createGroup(actor, parent: parent, name: "", tree: actor.tree)
        case .renameGroup:
            guard let group = f.group else { return missing }
            return renameGroup(actor, group: group, newName: group.name, tree: actor.tree)
        case .moveGroup(_, let to):
            guard let group = f.group else { return missing }
            guard to != nil, let parent = f.parent else {
                return .first(manageGroups(actor), require(actor, .groups, on: [group.id] + (group.parentID.map { [$0] } ?? []), "to move \(group.name)"),
                              .require(group.parentID != nil, "\(group.name) is the root group of contract \(group.contractID); it cannot be moved."))
            }
            return moveGroup(actor, group: group, to: parent, tree: actor.tree)
        case .deleteGroup:
            guard let group = f.group else { return missing }
            return deleteGroup(actor, group: group, subgroups: f.groupUse.subgroups, clients: f.groupUse.clients, userRoles: f.groupUse.userRoles)
        case .createRole(let permissions):
            guard let permissions else { return manageRoles(actor) }
            return .first(manageRoles(actor), rolePermissions(actor, permissions, products: f.products))
        case .editRole(_, let permissions):
            guard let role = f.role else { return missing }
            let grantedOn = Set(f.roleGrants.map(\.group))
            return .first(
                editRole(actor, role: role, grantedOn: grantedOn),
                permissions.map { rolePermissions(actor, $0, previous: role.permissions, products: f.products, grants: f.roleGrants,
                                                  roster: f.roster, logins: f.logins) } ?? .allowed)
        case .deleteRole:
            guard let role = f.role else { return missing }
            return deleteRole(actor, role: role, holders: Set(f.roleGrants.map(\.user)).count, grantedOn: Set(f.roleGrants.map(\.group)))
        case .readAuditLog: return readAuditLog(actor)
        case .readMigrationReport: return readMigrationReport(actor)
        case .migrateLegacy: return migrateLegacy(actor)
        case .importAkamai: return importAkamai(actor)
        case .exportAkamai: return exportAkamai(actor)
        }
    }

    static let missing = Decision.denied("The target of this question was not loaded.")

    static func decideClient(_ q: Question, _ actor: ActorContext, _ facts: ClientFacts, _ f: DecisionFacts) -> Decision {
        let (c, owner, creator, credentials) = (facts.client, facts.owner, facts.creator, facts.credentials)
        func status(_ wanted: Credential.Status, _ what: String) -> Decision {
            guard let credential = f.credential else { return .denied("\(c.name) has no credential; generate one first.") }
            if credential.status == .deleted { return .denied("That credential is deleted; deleted is final.") }
            return .require(credential.status == wanted,
                            "The selected credential is \(credential.status.rawValue.lowercased()); \(what).")
        }
        switch q {
        case .generateCredential: return generateCredential(actor, client: c, owner: owner, credentials: credentials)
        case .rotateCredential:
            let atCap = credentials.count >= Credential.maximumPerClient
            return rotateCredential(actor, client: c, owner: owner, credentials: credentials,
                                    makingRoom: atCap && credentials.contains { $0.status == .inactive })
        case .activateCredentials:
            return .first(setCredentialStatus(actor, client: c, owner: owner, creator: creator, activate: true),
                          .require(credentials.contains { $0.status == .inactive }, "\(c.name) has no inactive credential to activate."))
        case .deactivateCredentials:
            return deactivateAllCredentials(actor, client: c, owner: owner, creator: creator, credentials: credentials)
        case .activateCredential:
            return .first(setCredentialStatus(actor, client: c, owner: owner, creator: creator, activate: true),
                          status(.inactive, "only an inactive one can be activated"))
        case .deactivateCredential:
            return .first(setCredentialStatus(actor, client: c, owner: owner, creator: creator, activate: false),
                          status(.active, "only an active one can be deactivated"))
        case .deactivateAllCredentials:
            return deactivateAllCredentials(actor, client: c, owner: owner, creator: creator, credentials: credentials)
        case .editCredential:
            guard let credential = f.credential else { return .denied("\(c.name) has no credential; generate one first.") }
            return .first(editCredential(actor, client: c, owner: owner, creator: creator),
                          .require(credential.status != .deleted, "That credential is deleted; deleted is final."))
        case .deleteCredential:
            guard let credential = f.credential else { return .denied("\(c.name) has no credential; generate one first.") }
            return deleteCredential(actor, client: c, owner: owner, creator: creator, credential: credential)
        case .editAuthorization: return editAuthorization(actor, client: c, owner: owner, ownerAccess: facts.ownerAccess)
        case .editClientDetails: return editDetails(actor, client: c, owner: owner, creator: creator)
        case .transferClient(_, let to):
            let may = transferOwnership(actor, client: c, creator: creator)
            guard to != nil else { return may }
            guard let newOwner = f.other else { return missing }
            let preview = transferPreview(client: c, newOwnerAccess: newOwner.access, services: f.services)
            return .first(may, transferTarget(actor, client: c, newOwner: newOwner.user, preview: preview))
        case .lockClient: return lockClient(actor, client: c, owner: owner, creator: creator)
        case .unlockClient: return unlockClient(actor, client: c)
        case .deleteClient: return deleteClient(actor, client: c, owner: owner, creator: creator, credentials: credentials)
        default: return missing
        }
    }

    static func decideUser(_ q: Question, _ actor: ActorContext, _ t: UserFacts, _ f: DecisionFacts) -> Decision {
        let target = t.user
        switch q {
        case .editUser:
            let profile = editUserProfile(actor, target: target, targetAccess: t.access)
            return profile.isAllowed ? profile : editUserGrants(actor, target: target).isAllowed ? .allowed : profile
        case .editUserProfile(_, let changesEmail):
            return editUserProfile(actor, target: target, targetAccess: t.access, changesEmail: changesEmail)
        case .editUserAccess(_, let grants, let blocked):
            guard grants != nil || blocked != nil else { return editUserGrants(actor, target: target) }
            return changeUserAccess(actor, target: target, grants: grants ?? target.grants, blocked: blocked ?? target.blockedGroups,
                                    roles: f.roles, roster: f.roster, logins: f.logins)
        case .blockGroup(_, let group): return blockGroup(actor, target: target, group: group, roles: f.roles)
        case .unblockGroup(_, let group): return unblockGroup(actor, target: target, group: group, roles: f.roles)
        case .lockUser: return lockUser(actor, target: target, targetAccess: t.access, roster: f.roster, logins: f.logins)
        case .unlockUser: return unlockUser(actor, target: target, targetAccess: t.access)
        case .manageSSHKeys: return manageSSHKeys(actor, target: target, targetAccess: t.access)
        case .deleteUser(_, let transferTo):
            guard transferTo != nil else {
                return deleteUser(actor, target: target, targetAccess: t.access, ownedClients: t.owned, createdClients: t.created,
                                  roster: f.roster, logins: f.logins)
            }
            guard let newOwner = f.other else { return missing }
            return .first(
                deleteUser(actor, target: target, targetAccess: t.access, ownedClients: [], createdClients: t.created,
                           roster: f.roster, logins: f.logins),
                transfersAll(actor, t, to: newOwner, f))
        case .offboardUser(_, let to):
            let lock = lockUser(actor, target: target, targetAccess: t.access, roster: f.roster, logins: f.logins)
            guard to != nil else { return lock }
            guard let newOwner = f.other else { return missing }
            return .first(lock, transfersAll(actor, t, to: newOwner, f))
        default: return missing
        }
    }

    /// Every API client the user owns may be transferred to `newOwner` by the actor.
    static func transfersAll(_ actor: ActorContext, _ t: UserFacts, to newOwner: UserFacts, _ f: DecisionFacts) -> Decision {
        for facts in t.ownedFacts where facts.client.kind == .api {
            let preview = transferPreview(client: facts.client, newOwnerAccess: newOwner.access, services: f.services)
            let decision = Decision.first(transferOwnership(actor, client: facts.client, creator: facts.creator),
                                          transferTarget(actor, client: facts.client, newOwner: newOwner.user, preview: preview))
            if !decision.isAllowed { return decision }
        }
        return .allowed
    }
}
