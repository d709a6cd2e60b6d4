import Foundation
import GRDB
import IDMDomain

/// The read API the console uses: every read it makes is one method here, one snapshot each,
/// so the console holds no SQL and no GRDB. Reads are scoped to the actor's account (the
/// context's), as the service's writes are.
public struct DirectoryReader: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    // MARK: The session

    public func session(_ ref: ActorRef) throws -> SessionFacts {
        try store.read { db in
            let context = try DirectoryService.context(db, ref)
            let home = context.homeAccount
            let homeAccess = context.isBrowsingManagedAccount ? try Q.access(db, of: context.user) : context.access
            let managed = try Q.managedAccounts(db, by: home.id).filter {
                Policy.browseAccount(user: context.user, homeAccount: home, homeAccess: homeAccess, target: $0).isAllowed
            }
            let summary: String
            if context.isBrowsingManagedAccount {
                summary = homeAccess.roles.map(\.name).joined(separator: ", ") + " (\(home.name))"
            } else {
                let names = context.access.roles.map(\.name)
                summary = names.isEmpty ? "no roles" : names.joined(separator: ", ")
            }
            let memo = Decide.Memo()
            func ask(_ q: Question) throws -> Decision { try Decide.decision(db, context, q, memo: memo) }
            return SessionFacts(context: context, browsable: [home] + managed, roleSummary: summary,
                                newClientForMe: try ask(.createClientForSelf), newClientForOther: try ask(.createClientForOthers),
                                auditLog: try ask(.readAuditLog), migrationReport: try ask(.readMigrationReport),
                                createUser: try ask(.createUser(grants: nil)), createRole: try ask(.createRole(permissions: nil)))
        }
    }

    // MARK: Decisions

    /// The decision table's answers to several questions, in one snapshot; a question about a
    /// target that is gone answers "no" with the reason.
    public func decisions(_ ctx: ActorContext, _ questions: [Question]) throws -> [Decision] {
        try store.read { db in
            let memo = Decide.Memo()
            return try questions.map { q in
                do { return try Decide.decision(db, ctx, q, memo: memo) } catch let error as IDMError { return .denied(error.description) }
            }
        }
    }

    public func decision(_ ctx: ActorContext, _ question: Question) throws -> Decision {
        try decisions(ctx, [question])[0]
    }

    // MARK: Rows

    /// The list cells of these rows (e.g. the Groups tree's visible groups), in that order.
    public func rows(_ list: DirectoryList, ids: [Int64], now: Date? = nil) throws -> [ListRow] {
        try store.read { db in try ListRowFormat.rows(db, list, ids: ids, now: now) }
    }

    // MARK: Entities

    public func user(_ id: UserID) throws -> User? { try store.read { db in try Q.user(db, id: id) } }
    public func group(_ id: GroupID) throws -> Group? { try store.read { db in try Q.group(db, id: id) } }
    public func role(_ id: RoleID) throws -> Role? { try store.read { db in try Q.role(db, id: id) } }
    public func client(_ id: ClientID) throws -> APIClient? { try store.read { db in try Q.client(db, id: id) } }
    public func rolesByID(_ account: AccountID) throws -> [RoleID: Role] { try store.read { db in try Q.rolesByID(db, account: account) } }
    public func services() throws -> [ServiceID: APIService] {
        try store.read { db in Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) }) }
    }
    /// The id of the user with this login in the account, if there is one.
    public func userID(login: String, account: AccountID) throws -> UserID? {
        try store.read { db in try Q.user(db, login: login).flatMap { $0.accountID == account ? $0.id : nil } }
    }

    public func ownedClients(_ user: UserID) throws -> [APIClient] { try store.read { db in try Q.clients(db, ownedBy: user) } }

    /// A group named by id, path or name (an ambiguous name is an error listing the paths).
    /// (The console's wording: it points at the tab that lists them, not at a command.)
    public func group(_ account: AccountID, key: String) throws -> Group {
        do {
            return try store.read { db in try Q.group(db, account: account, key: key) }
        } catch IDMError.notFound {
            throw IDMError.notFound("No group \"\(key)\" in this account. The Groups tab (3) lists them.")
        }
    }

    public func role(_ account: AccountID, key: String) throws -> Role {
        do {
            return try store.read { db in try Q.role(db, account: account, key: key) }
        } catch IDMError.notFound {
            throw IDMError.notFound("No role \"\(key)\" in this account. The Roles tab (4) lists them.")
        }
    }

    /// Whether a client of that name exists in the account (names are unique there).
    public func clientNameTaken(_ account: AccountID, _ name: String) throws -> Bool {
        try store.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_client WHERE account_id = ? AND name = ?)", arguments: [account, name]) ?? false
        }
    }

    // MARK: Pages

    public func userPage(_ ctx: ActorContext, _ id: UserID) throws -> UserPage? {
        try store.read { db in
            guard let user = try Q.user(db, id: id), user.accountID == ctx.account.id else { return nil }
            return UserPage(user: user, access: try Q.access(db, of: user), owned: try Q.clients(db, ownedBy: id),
                            created: try Q.clients(db, createdBy: id), sshKeys: try Q.sshKeys(db, user: id))
        }
    }

    /// A user's SSH keys, when the user is in the actor's account.
    public func sshKeys(_ ctx: ActorContext, _ id: UserID) throws -> [SSHKey]? {
        try store.read { db in
            guard let user = try Q.user(db, id: id), user.accountID == ctx.account.id else { return nil }
            return try Q.sshKeys(db, user: id)
        }
    }

    /// Who holds `key` (sshd's `AuthorizedKeysCommand`): the user and the key's fingerprint, or
    /// nil. One lookup by the UNIQUE fingerprint; the stored type and key must match too.
    public func sshKeyHolder(_ key: SSHPublicKey) throws -> (user: User, fingerprint: String)? {
        let fingerprint = SSHFingerprint.of(key)
        return try store.read { db in
            guard let held = try Q.sshKey(db, fingerprint: fingerprint), held.type == key.type.rawValue, held.key == key.base64,
                  let user = try Q.user(db, id: held.userID) else { return nil }
            return (user, fingerprint)
        }
    }

    public func groupPage(_ ctx: ActorContext, _ id: GroupID) throws -> GroupPage? {
        try store.read { db in
            guard let group = try Q.group(db, id: id), group.accountID == ctx.account.id else { return nil }
            let contract = try Q.contracts(db, account: group.accountID).first { $0.id == group.contractID }
            // Grants on this group or above it reach it (inheritance), unless blocked.
            let lineage = ctx.tree.lineage(of: id)
            let holders = try Row.fetchAll(db, sql: """
                SELECT u.id AS user_id, u.login, r.name AS role, g.group_id FROM user_grant g
                JOIN user u ON u.id = g.user_id JOIN role r ON r.id = g.role_id
                WHERE g.group_id IN (\(lineage.map(String.init).joined(separator: ","))) ORDER BY u.login, g.group_id
                """).map { GroupPage.Holder(userID: $0["user_id"], login: $0["login"], role: $0["role"], groupID: $0["group_id"]) }
            let clients = try Row.fetchAll(db, sql: """
                SELECT c.id, c.name, o.login FROM client_group cg JOIN api_client c ON c.id = cg.client_id JOIN user o ON o.id = c.owner_id
                WHERE cg.group_id = ? ORDER BY c.name
                """, arguments: [id]).map { GroupPage.ClientWithAccess(id: $0["id"], name: $0["name"], owner: $0["login"]) }
            return GroupPage(group: group, contract: contract, holders: holders, clients: clients)
        }
    }

    public func rolePage(_ ctx: ActorContext, _ id: RoleID) throws -> RolePage? {
        try store.read { db in
            guard let role = try Q.role(db, id: id), role.accountID == ctx.account.id || role.isStandard else { return nil }
            let holders = try Row.fetchAll(db, sql: """
                SELECT u.id AS user_id, u.login, g.group_id FROM user_grant g JOIN user u ON u.id = g.user_id
                WHERE g.role_id = ? AND u.account_id = ? ORDER BY u.login, g.group_id
                """, arguments: [id, ctx.account.id]).map { RolePage.Holder(userID: $0["user_id"], login: $0["login"], groupID: $0["group_id"]) }
            return RolePage(role: role, products: try Q.products(db), holders: holders)
        }
    }

    public func clientPage(_ ctx: ActorContext, _ id: ClientID) throws -> ClientPage? {
        try store.read { db in
            guard let facts = try Decide.clientFacts(db, ctx, client: id) else { return nil }
            return ClientPage(facts: facts, services: Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) }))
        }
    }

    // MARK: The wizard, transfers, audit and migration

    /// A new wizard for `owner`, with the owner's access and the account's catalogue.
    public func wizard(for owner: User) throws -> NewClientWizard {
        try store.read { db in
            NewClientWizard(owner: owner, ownerAccess: try Q.access(db, of: owner), tree: try Q.tree(db, account: owner.accountID),
                            services: try Q.services(db), products: try Q.products(db))
        }
    }

    /// What a client would keep under a new owner.
    public func transferPreview(_ client: APIClient, to newOwner: User) throws -> TransferPreview {
        try store.read { db in
            Policy.transferPreview(client: client, newOwnerAccess: try Q.access(db, of: newOwner),
                                   services: Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) }))
        }
    }

    /// The audit screen's opening facts: suggestions for its filter and the chain's state.
    public func auditOverview(account: AccountID) throws -> (actions: [String], actors: [String], chain: AuditChain.Verification) {
        try store.read { db in
            (try Q.auditDistinct(db, .action, account: account, limit: 40), try Q.auditDistinct(db, .actor, account: account, limit: 20),
             try AuditChain.verify(db))
        }
    }

    public func migrationReport(account: AccountID) throws -> MigrationReport? {
        try store.read { db in try Q.migrationReport(db, account: account) }
    }
}
