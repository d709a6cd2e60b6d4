import Foundation
import GRDB
import IDMDomain

/// `idm import akamai`: Akamai IAM v3 payloads into the actor's account, as one administrative
/// act in one transaction. The actor must be an Admin of the account (`Policy.importAkamai`);
/// the plan is made inside the transaction (so it is of the state it writes to), then written
/// through the same inserts and decision-table checks as every other change, each with its
/// audit event, every event marked as coming from the import (`Origin.via`). A refusal anywhere
/// rolls all of it back. A dry run plans in a read and writes nothing; so does a run with
/// nothing new (the same payloads again).
extension DirectoryService {
    public func importAkamai(_ actor: ActorRef, files: [AkamaiFile], dryRun: Bool = false) throws -> ImportReport {
        let importing = ActorRef(login: actor.login, accountID: actor.accountID, origin: actor.origin.via(Akamai.via))
        let planning = { (db: Database) throws -> ImportPlan in
            let ctx = try Self.context(db, importing)
            try Decide.enforce(db, ctx, .importAkamai)
            return ImportPlanner.plan(files, into: try Q.akamaiDirectory(db, account: ctx.account), actor: ctx, now: self.now, dryRun: dryRun)
        }
        if dryRun { return try store.read { db in try planning(db).report } }
        return try store.write { db in
            let plan = try planning(db)
            if !plan.changesNothing { try applyImport(db, importing, plan) }
            return plan.report
        }
    }

    /// Writes the plan: contracts and groups (the actor Admin on each new top-level group),
    /// roles, users and their access, clients and credential metadata, then the locks, then one
    /// summary event.
    private func applyImport(_ db: Database, _ actor: ActorRef, _ plan: ImportPlan) throws {
        var ctx = try Self.context(db, actor)
        var ids: [Int64: Int64] = [:]
        func real(_ id: Int64) throws -> Int64 {
            guard id < 0 else { return id }
            guard let found = ids[id] else { throw IDMError.notFound("The import's plan names an entity it did not create (#\(id)).") }
            return found
        }

        var newContracts = Dictionary(uniqueKeysWithValues: plan.contracts.map { ($0.id, $0) })
        for group in plan.groups {
            if let parent = group.parentID {
                let parentID = try real(parent)
                if ctx.tree[parentID] == nil { ctx = try Self.context(db, actor) }
                guard let parentGroup = ctx.tree[parentID] else { throw IDMError.notFound("No group \(parentID) in \(ctx.account.name).") }
                try Decide.enforce(db, ctx, .createGroup(parent: parentID))
                try Policy.createGroup(ctx, parent: parentGroup, name: group.name, tree: ctx.tree).enforce()
                ids[group.id] = try insertGroup(db, ctx, name: group.name, parent: parentID, contract: group.contractID)
                continue
            }
            let root: GroupID
            if let contract = newContracts.removeValue(forKey: group.contractID) {
                root = try insertContract(db, account: ctx.account.id, spec: ContractSpec(id: contract.id, name: contract.name, rootGroup: group.name),
                                          actor: ctx.login, origin: ctx.origin)
            } else {
                root = try insertGroup(db, ctx, name: group.name, parent: nil, contract: group.contractID)
            }
            ids[group.id] = root
            if plan.actorAdminOn.contains(group.id), let admin = plan.adminRole {
                try grantImportAdmin(db, ctx, root: root, name: group.name, role: admin)
            }
        }
        ctx = try Self.context(db, actor)

        for role in plan.roles {
            try Decide.enforce(db, ctx, .createRole(permissions: role.permissions.isEmpty ? nil : role.permissions))
            ids[role.id] = try insertRole(db, account: ctx.account.id, name: role.name, description: role.description, standard: false,
                                          permissions: role.permissions, actor: ctx.login, origin: ctx.origin, importedFrom: Akamai.importedFrom)
        }

        for user in plan.users {
            let grants = try user.grants.map { Grant(groupID: try real($0.groupID), roleID: try real($0.roleID)) }
            try Decide.enforce(db, ctx, .createUser(grants: grants))
            let made = try insertUser(db, account: ctx.account.id, user: NewUser(login: user.login, firstName: user.firstName, lastName: user.lastName,
                                                                                 email: user.email, grants: grants),
                                      actor: ctx.login, origin: ctx.origin, action: "user.import")
            ids[user.id] = made.id
            if !user.blocked.isEmpty {
                try setImportedAccess(db, ctx, made.id, grants: grants, blocked: Set(try user.blocked.map(real)))
            }
        }
        for change in plan.access {
            let grants = try change.grants.map { Grant(groupID: try real($0.groupID), roleID: try real($0.roleID)) }
            try setImportedAccess(db, ctx, change.userID, grants: grants, blocked: Set(try change.blocked.map(real)))
        }

        var clients: [String: APIClient] = [:]
        for client in plan.clients {
            let draft = ClientDraft(ownerID: try real(client.ownerID), name: client.name, description: client.description,
                                    groupIDs: Set(try client.groupIDs.map(real)), apis: client.apis, ipAllowlist: client.ipAllowlist,
                                    notificationEmails: client.notificationEmails)
            clients[client.name.lowercased()] = try insertClient(db, ctx, draft, creator: try real(client.creatorID), action: "client.import")
        }
        for credential in plan.credentials {
            guard let client = clients[credential.clientName.lowercased()] else { continue }
            try insertImportedCredential(db, ctx, credential, client: client)
        }
        for client in plan.clients where client.locked {
            guard let made = clients[client.name.lowercased()] else { continue }
            try changeClient(db, ctx, made.id, expectedVersion: nil, action: "client.lock", Self.lockingClient)
        }
        for id in plan.lockUsers {
            let user = try real(id)
            _ = try changeUser(db, ctx, user, expectedVersion: nil, action: "user.lock", Self.locking(user))
        }

        let report = plan.report
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "import.akamai",
                         targetType: "import", targetID: "-", targetName: report.files.map(\.name).joined(separator: ", "),
                         after: ["summary": report.summary, "contracts": report.contracts,
                                 "files": report.files.map { "\($0.name): \($0.kind ?? "skipped")" }.joined(separator: "; ")])
    }

    private func insertGroup(_ db: Database, _ ctx: ActorContext, name: String, parent: GroupID?, contract: ContractID) throws -> GroupID {
        let name = try Validate.groupName(name).valid()
        try db.execute(sql: "INSERT INTO grp (account_id, contract_id, parent_id, name) VALUES (?, ?, ?, ?)",
                       arguments: [ctx.account.id, contract, parent, name])
        let id = db.lastInsertedRowID
        let tree = try Q.tree(db, account: ctx.account.id)
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "group.create",
                         targetType: "group", targetID: String(id), targetName: name,
                         after: ["name": name, "path": tree.path(of: id), "contract": contract])
        return id
    }

    /// The import's authority (as `idm init` makes its first admin): the actor is Admin on each
    /// top-level group the import creates.
    private func grantImportAdmin(_ db: Database, _ ctx: ActorContext, root: GroupID, name: String, role: RoleID) throws {
        try db.execute(sql: "INSERT INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)", arguments: [ctx.user.id, root, role])
        try bumpVersion(db, table: "user", id: ctx.user.id, expected: nil, targetType: "user", name: ctx.login)
        let roleName = try String.fetchOne(db, sql: "SELECT name FROM role WHERE id = ?", arguments: [role]) ?? "Admin"
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "user.grant", targetType: "user",
                         targetID: String(ctx.user.id), targetName: ctx.login, after: ["grant": "\(name): \(roleName)"])
    }

    /// An imported user's grants and blocks, asked of the decision table as any access change,
    /// with the clients it shrinks (rule 17).
    private func setImportedAccess(_ db: Database, _ ctx: ActorContext, _ id: UserID, grants: [Grant], blocked: Set<GroupID>) throws {
        _ = try changeUser(db, ctx, id, expectedVersion: nil, action: "user.grants") { db, ctx, user in
            try self.changeAccess(db, ctx, user, grants: grants, blocked: blocked, confirming: nil).map { ($0, "\(user.login)'s imported access") }
        }
    }

    /// A credential's metadata with no secret: the salted hash of nothing is no hash any secret
    /// has (it is empty), so the record authorizes nothing; the owner generates a new credential.
    private func insertImportedCredential(_ db: Database, _ ctx: ActorContext, _ c: ImportPlan.NewCredential, client: APIClient) throws {
        try uniquely("A credential with client token \(c.clientToken.prefix(12))… already exists.") {
            try db.execute(sql: """
                INSERT INTO credential (client_id, client_token, access_token, secret_salt, secret_hash, secret_last4, status,
                                        created_at, expires_at, description)
                VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)
                """, arguments: [client.id, c.clientToken, c.accessToken ?? factory.token(prefix: "atok"), Data(factory.salt()), Data(),
                                 c.status.rawValue, c.createdAt.timeIntervalSince1970, c.expiresAt.timeIntervalSince1970, c.description])
        }
        let credential = try Q.credential(db, id: db.lastInsertedRowID)!
        var fields = AuditFields.credential(credential)
        fields["secret"] = "none (imported metadata)"
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "credential.import",
                         targetType: "credential", targetID: String(credential.id), targetName: client.name, after: fields)
    }
}
