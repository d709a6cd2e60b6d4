import Foundation
import GRDB
import IDMDomain

/// The questions `idm can-i` and the console ask, answered by loading what the policy needs
/// and asking it: the same functions the service enforces.
public enum Ask {
    public enum Action: String, CaseIterable, Sendable {
        case createClient = "create-client"
        case createClientForUser = "create-client-for-user"
        case generateCredential = "generate-credential"
        case enableCredential = "enable-credential"
        case disableCredential = "disable-credential"
        case editAuthorization = "edit-authorization"
        case transferOwnership = "transfer-ownership"
        case lockClient = "lock-client"
        case unlockClient = "unlock-client"
        case deleteClient = "delete-client"
        case deleteUser = "delete-user"
        case grantAPI = "grant-api"

        /// What the target argument names, if anything.
        public var targetKind: String? {
            switch self {
            case .createClient: return nil
            case .createClientForUser, .deleteUser: return "LOGIN"
            case .grantAPI: return "API"
            default: return "CLIENT"
            }
        }
    }

    public static func decision(_ db: Database, _ ctx: ActorContext, _ action: Action, target: String?,
                                owner: String? = nil, groups: [String] = [], level: AccessLevel? = nil) throws -> Decision {
        switch action {
        case .createClient:
            return Policy.createClientForSelf(ctx)
        case .createClientForUser:
            guard let target else { return Policy.createClientForOthers(ctx) }
            let owner = try user(db, ctx, target)
            return Policy.createClient(ctx, owner: owner, ownerAccess: try Q.access(db, of: owner))
        case .deleteUser:
            let user = try user(db, ctx, try required(target, action))
            return Policy.deleteUser(ctx, target: user, ownedClients: try Q.clients(db, ownedBy: user.id),
                                     createdClients: try Q.clients(db, createdBy: user.id))
        case .grantAPI:
            return try grantAPI(db, ctx, service: try required(target, action), owner: owner ?? ctx.login, groups: groups, level: level)
        default:
            let client = try self.client(db, ctx, try required(target, action))
            let owner = try Q.user(db, id: client.ownerID)!
            let creator = try Q.user(db, id: client.creatorID)!
            let credentials = try Q.credentials(db, client: client.id)
            switch action {
            case .generateCredential:
                return Policy.generateCredential(ctx, client: client, owner: owner, credentials: credentials)
            case .enableCredential, .disableCredential:
                return Policy.setCredentialStatus(ctx, client: client, owner: owner, creator: creator, activate: action == .enableCredential)
            case .editAuthorization:
                return Policy.editAuthorization(ctx, client: client, owner: owner, ownerAccess: try Q.access(db, of: owner))
            case .transferOwnership:
                return Policy.transferOwnership(ctx, client: client, creator: creator)
            case .lockClient:
                return Policy.lockClient(ctx, client: client, owner: owner, creator: creator)
            case .unlockClient:
                return Policy.unlockClient(ctx, client: client)
            default:
                return Policy.deleteClient(ctx, client: client, owner: owner, creator: creator, credentials: credentials)
            }
        }
    }

    /// The wizard's step-2 answer for one API, the owner, and the groups of step 1.
    public static func grantAPI(_ db: Database, _ ctx: ActorContext, service serviceID: String, owner login: String,
                                groups names: [String], level: AccessLevel?) throws -> Decision {
        let owner = try user(db, ctx, login)
        guard let service = try Q.services(db).first(where: { $0.id == serviceID || $0.name.caseInsensitiveCompare(serviceID) == .orderedSame }) else {
            throw IDMError.notFound("No API service \"\(serviceID)\". Known: \(try Q.services(db).map(\.id).joined(separator: ", ")).")
        }
        let access = try Q.access(db, of: owner)
        let tree = try Q.tree(db, account: ctx.account.id)
        var selected = Set<GroupID>()
        for name in names {
            let matches = tree.groups(named: name)
            guard !matches.isEmpty else { throw IDMError.notFound("No group named \"\(name)\" in \(ctx.account.name).") }
            guard matches.count == 1 else {
                throw IDMError.notFound("\"\(name)\" names \(matches.count) groups: \(matches.map { tree.path(of: $0.id) }.joined(separator: "; ")).")
            }
            selected.insert(matches[0].id)
        }
        if names.isEmpty { selected = access.groupIDs }
        let availability = Policy.apiAvailability(of: service, owner: owner, ownerAccess: access, selectedGroups: selected,
                                                  tree: tree, products: try Q.products(db))
        guard let level else { return availability.decision }
        return Policy.grantAPI(availability, level: level)
    }

    static func required(_ target: String?, _ action: Action) throws -> String {
        guard let target, !target.isEmpty else {
            throw IDMError.notFound("\(action.rawValue) needs a \(action.targetKind ?? "target").")
        }
        return target
    }

    static func user(_ db: Database, _ ctx: ActorContext, _ login: String) throws -> User {
        guard let user = try Q.user(db, login: login), user.accountID == ctx.account.id else {
            throw IDMError.notFound("No user \"\(login)\" in \(ctx.account.name).")
        }
        return user
    }

    static func client(_ db: Database, _ ctx: ActorContext, _ key: String) throws -> APIClient {
        guard let client = try Q.client(db, account: ctx.account.id, key: key) else {
            throw IDMError.notFound("No API client \"\(key)\" in \(ctx.account.name).")
        }
        return client
    }
}
