import Foundation
import GRDB
import IDMDomain

/// The questions of the decision table by the names `idm can-i` and `idm who-can` take, each
/// resolved to a `Question` on named targets (logins, client names, group paths, role names)
/// and answered by `Decide`, the same table the console and the service ask.
public enum Ask {
    public enum Action: String, CaseIterable, Sendable {
        case createClient = "create-client"
        case createClientForUser = "create-client-for-user"
        case generateCredential = "generate-credential"
        case rotateCredential = "rotate-credential"
        case enableCredential = "enable-credential"
        case disableCredential = "disable-credential"
        case deactivateCredential = "deactivate-credential"
        case editAuthorization = "edit-authorization"
        case editClient = "edit-client"
        case transferOwnership = "transfer-ownership"
        case lockClient = "lock-client"
        case unlockClient = "unlock-client"
        case deleteClient = "delete-client"
        case createUser = "create-user"
        case editUser = "edit-user"
        case grantRole = "grant-role"
        case blockGroup = "block-group"
        case unblockGroup = "unblock-group"
        case lockUser = "lock-user"
        case unlockUser = "unlock-user"
        case deleteUser = "delete-user"
        case offboardUser = "offboard-user"
        case manageSSHKeys = "manage-ssh-keys"
        case createGroup = "create-group"
        case renameGroup = "rename-group"
        case moveGroup = "move-group"
        case deleteGroup = "delete-group"
        case createRole = "create-role"
        case editRole = "edit-role"
        case deleteRole = "delete-role"
        case readAudit = "read-audit"
        case readMigrationReport = "read-migration-report"
        case migrateLegacy = "migrate-legacy"
        case importAkamai = "import-akamai"
        case exportAkamai = "export-akamai"
        case grantAPI = "grant-api"

        /// What the target argument names, if anything ("LOGIN?" when it may be left out).
        public var targetKind: String? {
            switch self {
            case .createClient, .createUser, .createRole, .readAudit, .readMigrationReport, .migrateLegacy, .importAkamai, .exportAkamai: return nil
            case .createClientForUser: return "LOGIN?"
            case .editUser, .blockGroup, .unblockGroup, .lockUser, .unlockUser, .deleteUser, .offboardUser, .manageSSHKeys: return "LOGIN"
            case .grantRole, .editRole, .deleteRole: return "ROLE"
            case .createGroup, .renameGroup, .moveGroup, .deleteGroup: return "GROUP"
            case .grantAPI: return "API"
            default: return "CLIENT"
            }
        }

        /// How the options read for this action, for `--help`.
        public var usage: String {
            switch self {
            case .grantRole: return "grant-role ROLE --on GROUP --to LOGIN"
            case .blockGroup, .unblockGroup: return "\(rawValue) LOGIN --on GROUP"
            case .transferOwnership: return "transfer-ownership CLIENT [--to LOGIN]"
            case .deleteUser, .offboardUser: return "\(rawValue) LOGIN [--to NEWOWNER]"
            case .moveGroup: return "move-group GROUP [--to PARENT]"
            case .grantAPI: return "grant-api API [--owner LOGIN] [--groups NAME,NAME] [--level LEVEL]"
            default: return targetKind.map { "\(rawValue) \($0)" } ?? rawValue
            }
        }

        var targetRequired: Bool { targetKind != nil && targetKind?.hasSuffix("?") == false }
    }

    /// The named parts of a question besides its target.
    public struct Options: Sendable {
        public var on: String?
        public var to: String?
        public var owner: String?
        public var groups: [String] = []
        public var level: AccessLevel?

        public init(on: String? = nil, to: String? = nil, owner: String? = nil, groups: [String] = [], level: AccessLevel? = nil) {
            self.on = on
            self.to = to
            self.owner = owner
            self.groups = groups
            self.level = level
        }
    }

    public static func decision(_ db: Database, _ ctx: ActorContext, _ action: Action, target: String?,
                                options: Options = Options()) throws -> Decision {
        if action == .grantAPI {
            return try grantAPI(db, ctx, service: try required(target, action), owner: options.owner ?? ctx.login,
                                groups: options.groups, level: options.level)
        }
        return try Decide.decision(db, ctx, try question(db, ctx, action, target: target, options: options))
    }

    /// The question a command line names. Unknown targets are `notFound` (exit 2), never a "no".
    public static func question(_ db: Database, _ ctx: ActorContext, _ action: Action, target: String?,
                                options: Options = Options()) throws -> Question {
        if action.targetRequired { _ = try required(target, action) }
        let t = target ?? ""
        func userID(_ login: String) throws -> UserID { try user(db, ctx, login).id }
        func toUser() throws -> UserID? { try options.to.map(userID) }
        func groupID(_ key: String) throws -> GroupID { try Q.group(db, account: ctx.account.id, key: key).id }
        func onGroup() throws -> GroupID {
            guard let on = options.on else { throw IDMError.notFound("\(action.rawValue) needs --on GROUP.") }
            return try groupID(on)
        }
        func roleID(_ key: String) throws -> RoleID { try Q.role(db, account: ctx.account.id, key: key).id }
        func clientID() throws -> ClientID { try client(db, ctx, t).id }
        switch action {
        case .createClient: return .createClientForSelf
        case .createClientForUser: return try target.map { .createClientFor(owner: try userID($0)) } ?? .createClientForOthers
        case .generateCredential: return .generateCredential(try clientID())
        case .rotateCredential: return .rotateCredential(try clientID())
        case .enableCredential: return .activateCredentials(try clientID())
        case .disableCredential, .deactivateCredential: return .deactivateCredentials(try clientID())
        case .editAuthorization: return .editAuthorization(try clientID())
        case .editClient: return .editClientDetails(try clientID())
        case .transferOwnership: return .transferClient(try clientID(), to: try toUser())
        case .lockClient: return .lockClient(try clientID())
        case .unlockClient: return .unlockClient(try clientID())
        case .deleteClient: return .deleteClient(try clientID())
        case .createUser: return .createUser(grants: nil)
        case .editUser: return .editUser(try userID(t))
        case .grantRole:
            guard let login = options.to else { throw IDMError.notFound("grant-role needs --to LOGIN.") }
            let target = try user(db, ctx, login)
            let group = try onGroup(), role = try roleID(t)
            let grants = target.grants.filter { $0.groupID != group } + [Grant(groupID: group, roleID: role)]
            return .editUserAccess(target.id, grants: grants, blocked: target.blockedGroups.subtracting([group]))
        case .blockGroup: return .blockGroup(try userID(t), try onGroup())
        case .unblockGroup: return .unblockGroup(try userID(t), try onGroup())
        case .lockUser: return .lockUser(try userID(t))
        case .manageSSHKeys: return .manageSSHKeys(try userID(t))
        case .unlockUser: return .unlockUser(try userID(t))
        case .deleteUser: return .deleteUser(try userID(t), transferTo: try toUser())
        case .offboardUser: return .offboardUser(try userID(t), to: try toUser())
        case .createGroup: return .createGroup(parent: try groupID(t))
        case .renameGroup: return .renameGroup(try groupID(t))
        case .moveGroup: return .moveGroup(try groupID(t), to: try options.to.map(groupID))
        case .deleteGroup: return .deleteGroup(try groupID(t))
        case .createRole: return .createRole(permissions: nil)
        case .editRole: return .editRole(try roleID(t), permissions: nil)
        case .deleteRole: return .deleteRole(try roleID(t))
        case .readAudit: return .readAuditLog
        case .readMigrationReport: return .readMigrationReport
        case .migrateLegacy: return .migrateLegacy
        case .importAkamai: return .importAkamai
        case .exportAkamai: return .exportAkamai
        case .grantAPI: throw IDMError.notFound("grant-api is answered by the wizard's step 2, not the decision table.")
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
        let tree = ctx.tree
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
