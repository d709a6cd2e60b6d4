import Foundation
import GRDB
import IDMDomain

/// The read side of the decision table: loads what a question needs, in the caller's snapshot
/// (inside the service's transaction, or a read), and asks `Policy.decide`. The console's hints,
/// the client page, `idm can-i`, `idm who-can` and the service all come through here.
public enum Decide {
    /// What several questions asked in one read share (the account's roles, the users they
    /// name), read once for all of them: a row's four decisions do not read its user four times.
    public final class Memo {
        var roles: [RoleID: Role]?
        var users: [UserID: User?] = [:]

        public init() {}

        func roles(_ db: Database, account: AccountID) throws -> [RoleID: Role] {
            if let roles { return roles }
            let read = try Q.rolesByID(db, account: account)
            roles = read
            return read
        }

        var roleGrants: [RoleID: [(user: UserID, group: GroupID)]] = [:]

        /// Who holds the role, on which group: a cursor read by position (a custom role of a
        /// large directory has 87,000 grants), once for its edit and delete decisions.
        func grants(_ db: Database, role: RoleID) throws -> [(user: UserID, group: GroupID)] {
            if let known = roleGrants[role] { return known }
            var out: [(user: UserID, group: GroupID)] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT user_id, group_id FROM user_grant WHERE role_id = ?"), arguments: [role])
            while let row = try rows.next() { out.append((user: row[0], group: row[1])) }
            roleGrants[role] = out
            return out
        }

        func user(_ db: Database, id: UserID) throws -> User? {
            if let known = users[id] { return known }
            let read = try Q.user(db, id: id)
            users[id] = read
            return read
        }
    }

    /// `memo` shares reads between the questions of one read transaction (never across two).
    public static func decision(_ db: Database, _ ctx: ActorContext, _ question: Question, memo: Memo = Memo()) throws -> Decision {
        Policy.decide(question, ctx, try facts(db, ctx, question, memo: memo))
    }

    /// Throws the denial, so the service refuses with the very reason the console shows.
    static func enforce(_ db: Database, _ ctx: ActorContext, _ question: Question) throws {
        try decision(db, ctx, question).enforce()
    }

    /// The facts for one question; a target that does not exist (or is of another account) is
    /// `notFound`, never a "no".
    public static func facts(_ db: Database, _ ctx: ActorContext, _ q: Question, memo: Memo = Memo()) throws -> DecisionFacts {
        var f = DecisionFacts()
        f.roles = try memo.roles(db, account: ctx.account.id)
        func user(_ id: UserID, owned: Bool = false) throws -> UserFacts {
            guard let user = try memo.user(db, id: id), user.accountID == ctx.account.id else {
                throw IDMError.notFound("No user with id \(id) in \(ctx.account.name).")
            }
            let access = access(of: user, ctx, f.roles)
            guard owned else { return UserFacts(user: user, access: access) }
            let clients = try Q.clients(db, ownedBy: id)
            return UserFacts(user: user, access: access, owned: clients, created: try Q.clients(db, createdBy: id),
                             ownedFacts: try clients.map { try clientFacts(db, ctx, $0, f.roles) })
        }
        func client(_ id: ClientID) throws {
            guard let found = try Q.client(db, id: id), found.accountID == ctx.account.id else {
                throw IDMError.notFound("No API client with id \(id) in \(ctx.account.name).")
            }
            f.client = try clientFacts(db, ctx, found, f.roles)
        }
        func credential(_ id: CredentialID) throws {
            guard let found = try Q.credential(db, id: id) else { throw IDMError.notFound("No credential with id \(id).") }
            f.credential = found
            try client(found.clientID)
        }
        func group(_ id: GroupID) throws -> Group {
            guard let found = ctx.tree[id] else { throw IDMError.notFound("No group with id \(id) in \(ctx.account.name).") }
            return found
        }
        func roster() throws {
            f.roster = try adminRoster(db, account: ctx.account.id)
            try rosterLogins()
        }
        /// Rule 14's roster matters only when the target holds Admin directly on a contract root
        /// (the roster's Admins): otherwise no change to them can leave a root without one. So
        /// a move on a large Users tab does not read every root grant of the account.
        func rosterIfRootAdmin(_ user: User) throws {
            let rootAdmin = user.grants.contains { ctx.tree[$0.groupID]?.parentID == nil && f.roles[$0.roleID]?.permissions.contains(.admin) == true }
            if rootAdmin { try roster() }
        }
        func rosterLogins() throws {
            for row in try Row.fetchAll(db, sql: "SELECT id, login FROM user WHERE id IN (\(f.roster.holders.map(String.init).joined(separator: ",")))") {
                f.logins[row["id"]] = row["login"]
            }
        }
        func services() throws {
            f.services = Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) })
        }

        switch q {
        case .createClientForSelf, .createClientForOthers, .readAuditLog, .readMigrationReport, .migrateLegacy, .importAkamai, .exportAkamai, .createUser:
            break
        case .createClientFor(let owner):
            f.user = try user(owner)
        case .generateCredential(let id), .rotateCredential(let id), .activateCredentials(let id), .deactivateCredentials(let id),
             .deactivateAllCredentials(let id), .editAuthorization(let id), .editClientDetails(let id), .lockClient(let id),
             .unlockClient(let id), .deleteClient(let id):
            try client(id)
            if case .activateCredentials = q { f.credential = f.client?.credentials.first { $0.status == .inactive } }
            if case .deactivateCredentials = q { f.credential = f.client?.credentials.first { $0.status == .active } }
        case .activateCredential(let id), .deactivateCredential(let id), .editCredential(let id), .deleteCredential(let id):
            try credential(id)
        case .transferClient(let id, let to):
            try client(id)
            try services()
            if let to { f.other = try user(to) }
        case .editUser(let id), .editUserProfile(let id, _), .blockGroup(let id, _), .unblockGroup(let id, _), .unlockUser(let id),
             .manageSSHKeys(let id):
            f.user = try user(id)
        case .editUserAccess(let id, _, _), .lockUser(let id):
            f.user = try user(id)
            try rosterIfRootAdmin(f.user!.user)
        case .deleteUser(let id, let to), .offboardUser(let id, let to):
            f.user = try user(id, owned: true)
            try rosterIfRootAdmin(f.user!.user)
            try services()
            if let to { f.other = try user(to) }
        case .createGroup(let parent):
            f.parent = try group(parent)
        case .renameGroup(let id):
            f.group = try group(id)
        case .moveGroup(let id, let to):
            f.group = try group(id)
            if let to { f.parent = try group(to) }
        case .deleteGroup(let id):
            f.group = try group(id)
            let use = try Q.groupUse(db, group: id)
            f.groupUse = (use.subgroups, use.clients, use.userRoles)
        case .createRole:
            f.products = Set(try Q.products(db).keys)
        case .editRole(let id, _), .deleteRole(let id):
            guard let role = try Q.role(db, id: id), role.accountID == ctx.account.id else {
                throw IDMError.notFound("No role with id \(id) in \(ctx.account.name).")
            }
            f.role = role
            // A standard role is refused as read-only before its holders matter, so the 100,000
            // grants of a large directory's Property Viewer are not read on every move.
            guard !role.isStandard else { break }
            f.products = Set(try Q.products(db).keys)
            f.roleGrants = try memo.grants(db, role: id)
            // Rule 14's roster matters only for new permissions (taking Admin out of a role).
            if case .editRole(_, _?) = q { try roster() }
        }
        return f
    }

    /// A user's access resolved over the actor's account tree (the one every decision of this
    /// context is about), without reading the tree again.
    static func access(of user: User, _ ctx: ActorContext, _ roles: [RoleID: Role]) -> UserAccess {
        UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: ctx.tree, roles: roles)
    }

    /// Everything the client page's decisions need, read once when the page opens or reloads.
    public static func clientFacts(_ db: Database, _ ctx: ActorContext, client id: ClientID) throws -> ClientFacts? {
        guard let client = try Q.client(db, id: id), client.accountID == ctx.account.id else { return nil }
        return try clientFacts(db, ctx, client, try Q.rolesByID(db, account: ctx.account.id))
    }

    static func clientFacts(_ db: Database, _ ctx: ActorContext, _ client: APIClient, _ roles: [RoleID: Role]) throws -> ClientFacts {
        guard let owner = try Q.user(db, id: client.ownerID), let creator = try Q.user(db, id: client.creatorID) else {
            throw IDMError.notFound("The owner or creator of \(client.name) is missing.")
        }
        return ClientFacts(client: client, owner: owner, creator: creator, ownerAccess: access(of: owner, ctx, roles),
                           credentials: try Q.credentials(db, client: client.id))
    }

    /// Rule 14: each contract root of the account and the unlocked users holding a role with
    /// Admin directly on it (a root has no ancestor to inherit from).
    public static func adminRoster(_ db: Database, account: AccountID) throws -> AdminRoster {
        var admins: [GroupID: Set<UserID>] = [:]
        for root in try GroupID.fetchAll(db, sql: "SELECT id FROM grp WHERE account_id = ? AND parent_id IS NULL", arguments: [account]) {
            admins[root] = []
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT ug.group_id, ug.user_id FROM user_grant ug
            JOIN grp g ON g.id = ug.group_id AND g.parent_id IS NULL AND g.account_id = ?
            JOIN role_permission rp ON rp.role_id = ug.role_id AND rp.permission = 'admin'
            JOIN user u ON u.id = ug.user_id AND u.locked = 0
            """, arguments: [account]) {
            admins[row["group_id"], default: []].insert(row["user_id"])
        }
        return AdminRoster(admins: admins)
    }
}
