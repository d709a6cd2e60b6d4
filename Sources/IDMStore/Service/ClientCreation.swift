import Foundation
import GRDB
import IDMDomain

extension DirectoryService {
    @discardableResult
    public func createClient(_ actor: ActorRef, _ draft: ClientDraft) throws -> APIClient {
        try createClients(actor, [draft])[0]
    }

    /// Creates every client of `drafts` in one transaction (one client per contract, rule 8),
    /// checking every rule again: if anything changed under the wizard, nothing is created.
    public func createClients(_ actor: ActorRef, _ drafts: [ClientDraft]) throws -> [APIClient] {
        try createClients(actor, drafts, issueCredentials: false).map(\.client)
    }

    /// The same, and for each client the owner creates for themselves, its first credential in
    /// the same transaction (only an owner generates credentials, rule 4).
    public func createClients(_ actor: ActorRef, _ drafts: [ClientDraft], issueCredentials: Bool)
        throws -> [(client: APIClient, credential: IssuedCredential?)] {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            return try drafts.map { draft in
                let client = try insertClient(db, ctx, draft)
                guard issueCredentials, client.ownerID == ctx.user.id else { return (client, nil) }
                return (client, try issueCredential(db, ctx, client: client, description: "", expiresAt: nil))
            }
        }
    }

    /// `creator`: the actor unless an import names another (the payload's `createdBy`).
    func insertClient(_ db: Database, _ ctx: ActorContext, _ draft: ClientDraft, creator: UserID? = nil,
                      action: String = "client.create") throws -> APIClient {
        guard let owner = try Q.user(db, id: draft.ownerID), owner.accountID == ctx.account.id else {
            throw IDMError.notFound("No user with id \(draft.ownerID) in \(ctx.account.name).")
        }
        let ownerAccess = try Q.access(db, of: owner)
        try Decide.enforce(db, ctx, owner.id == ctx.user.id ? .createClientForSelf : .createClientFor(owner: owner.id))
        try Policy.createClient(ctx, owner: owner, on: draft.groupIDs).enforce()

        let name = try Validate.clientName(draft.name).valid()
        let description = try Validate.clientDescription(draft.description).valid()
        let emails = try draft.notificationEmails.map { try Validate.email($0).valid() }
        let cidrs = try draft.ipAllowlist.map { try Validate.cidr($0).valid() }
        try checkAuthorization(db, owner: owner, ownerAccess: ownerAccess, groups: draft.groupIDs, apis: draft.apis)

        let key = factory.token(prefix: "client")
        let id: ClientID = try uniquely("An API client named \(name) already exists in \(ctx.account.name).") {
            try db.execute(sql: """
                INSERT INTO api_client (account_id, client_key, name, description, kind, owner_id, creator_id, ip_allowlist, notification_emails)
                VALUES (?, ?, ?, ?, 'API', ?, ?, ?, ?)
                """, arguments: [ctx.account.id, key, name, description, owner.id, creator ?? ctx.user.id,
                                 JSONList.encode(cidrs), JSONList.encode(emails)])
            return db.lastInsertedRowID
        }
        try writeAuthorization(db, client: id, groups: draft.groupIDs, apis: draft.apis)
        let client = try requireClient(db, id)
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: action,
                         targetType: "api_client", targetID: String(id), targetName: name, after: try auditFields(db, client))
        return client
    }

    /// Groups must be the owner's; each API must be available on them (rules 6 and 7) at a
    /// level no higher than the owner's.
    func checkAuthorization(_ db: Database, owner: User, ownerAccess: UserAccess, groups: Set<GroupID>, apis: [APIGrant]) throws {
        guard !groups.isEmpty else {
            throw IDMError.invalid(ValidationError(field: "groups", message: "Select at least one group."))
        }
        let tree = try Q.tree(db, account: owner.accountID)
        let outside = groups.filter { ownerAccess.access(on: $0) == nil }.sorted()
        if let first = outside.first {
            throw IDMError.denied("The owner (\(owner.login)) has no access to group \(tree[first].map { tree.path(of: $0.id) } ?? "#\(first)").")
        }
        let services = Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) })
        let products = try Q.products(db)
        var seen = Set<ServiceID>()
        for grant in apis {
            guard seen.insert(grant.serviceID).inserted else {
                throw IDMError.invalid(ValidationError(field: "apis", message: "\(grant.serviceID) is listed twice."))
            }
            guard let service = services[grant.serviceID] else { throw IDMError.notFound("No API service \(grant.serviceID).") }
            let availability = Policy.apiAvailability(of: service, owner: owner, ownerAccess: ownerAccess,
                                                      selectedGroups: groups, tree: tree, products: products)
            if case .denied(let reason) = Policy.grantAPI(availability, level: grant.level) {
                throw IDMError.denied("\(service.name): \(reason)")
            }
        }
    }

    func writeAuthorization(_ db: Database, client: ClientID, groups: Set<GroupID>, apis: [APIGrant]) throws {
        try db.execute(sql: "DELETE FROM client_group WHERE client_id = ?", arguments: [client])
        try db.execute(sql: "DELETE FROM client_api WHERE client_id = ?", arguments: [client])
        for group in groups.sorted() {
            try db.execute(sql: "INSERT INTO client_group (client_id, group_id) VALUES (?, ?)", arguments: [client, group])
        }
        for api in apis {
            try db.execute(sql: "INSERT INTO client_api (client_id, service_id, level) VALUES (?, ?, ?)",
                           arguments: [client, api.serviceID, api.level.rawValue])
        }
        try Self.rememberContracts(db, clients: "id = \(client)")
    }

    /// Rule 17: the contracts of a client's groups, kept when it shrinks to none.
    static func rememberContracts(_ db: Database, clients condition: String) throws {
        try db.execute(sql: """
            UPDATE api_client SET home_contracts = (
                SELECT json_group_array(DISTINCT g.contract_id) FROM client_group cg JOIN grp g ON g.id = cg.group_id
                WHERE cg.client_id = api_client.id)
            WHERE \(condition) AND EXISTS (SELECT 1 FROM client_group WHERE client_id = api_client.id)
            """)
    }
}
