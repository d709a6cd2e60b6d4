import Foundation
import GRDB
import IDMDomain

/// Locking, unlocking and deleting clients (rule 9).
extension DirectoryService {
    public func lockClient(_ actor: ActorRef, client id: ClientID, expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.lock", Self.lockingClient)
    }

    /// The change that locks a client, asked of the decision table.
    static func lockingClient(_ db: Database, _ ctx: ActorContext, _ client: APIClient) throws {
        try Decide.enforce(db, ctx, .lockClient(client.id))
        try db.execute(sql: "UPDATE api_client SET locked = 1 WHERE id = ?", arguments: [client.id])
    }

    public func unlockClient(_ actor: ActorRef, client id: ClientID, expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.unlock") { db, ctx, client in
            try Decide.enforce(db, ctx, .unlockClient(client.id))
            try db.execute(sql: "UPDATE api_client SET locked = 0 WHERE id = ?", arguments: [id])
        }
    }

    /// Ownership moves to `newOwner` (rule 5): refused when the new owner could hold nothing.
    /// The grants the new owner cannot cover are dropped or lowered, as the preview showed.
    public func transferOwnership(_ actor: ActorRef, client id: ClientID, to newOwnerLogin: String,
                                  expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let client = try requireClient(db, id)
            try checkFresh(db, version: client.version, expected: expectedVersion, targetType: "api_client", id: id, name: client.name)
            guard let newOwner = try Q.user(db, login: newOwnerLogin), newOwner.accountID == ctx.account.id else {
                throw IDMError.notFound("No user \"\(newOwnerLogin)\" in \(ctx.account.name).")
            }
            try Decide.enforce(db, ctx, .transferClient(id, to: newOwner.id))
            try transfer(db, ctx, client, to: newOwner, action: "client.transfer", cause: nil, expectedVersion: expectedVersion)
        }
    }

    /// Moves one client to `newOwner`, shrunk to what they cover, with its audit event; the
    /// caller has asked the decision table.
    func transfer(_ db: Database, _ ctx: ActorContext, _ client: APIClient, to newOwner: User, action: String, cause: String?,
                  expectedVersion: Int64? = nil) throws {
        let before = try auditFields(db, client)
        let preview = Policy.transferPreview(client: client, newOwnerAccess: Decide.access(of: newOwner, ctx, try Q.rolesByID(db, account: ctx.account.id)),
                                             services: try servicesByID(db))
        let groups = client.groupIDs.subtracting(preview.lostGroups)
        let lowered = Dictionary(uniqueKeysWithValues: preview.loweredAPIs.map { ($0.0, $0.to) })
        let apis = client.apis.filter { !preview.lostAPIs.contains($0.serviceID) }
            .map { APIGrant(serviceID: $0.serviceID, level: lowered[$0.serviceID] ?? $0.level) }
        try db.execute(sql: "UPDATE api_client SET owner_id = ? WHERE id = ?", arguments: [newOwner.id, client.id])
        try writeAuthorization(db, client: client.id, groups: groups, apis: apis)
        try bumpVersion(db, table: "api_client", id: client.id, expected: expectedVersion, targetType: "api_client", name: client.name)
        var diff = Audit.diff(before, try auditFields(db, try requireClient(db, client.id)))
        if let cause { diff.after["cause"] = cause }
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: action, targetType: "api_client",
                         targetID: String(client.id), targetName: client.name, before: diff.before, after: diff.after)
    }

    /// Rule 9: only without an active credential. The event keeps the client's last state.
    public func deleteClient(_ actor: ActorRef, client id: ClientID, expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let client = try requireClient(db, id)
            try checkFresh(db, version: client.version, expected: expectedVersion, targetType: "api_client", id: id, name: client.name)
            try Decide.enforce(db, ctx, .deleteClient(id))
            try bumpVersion(db, table: "api_client", id: id, expected: expectedVersion, targetType: "api_client", name: client.name)
            let before = try auditFields(db, client)
            let credentials = try Q.credentials(db, client: id, includeDeleted: true)
            try db.execute(sql: "DELETE FROM api_client WHERE id = ?", arguments: [id])
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "client.delete",
                             targetType: "api_client", targetID: String(id), targetName: client.name, before: before,
                             also: credentials.map { DirectoryState.Entity(kind: .credential, id: $0.id) })
        }
    }

    /// One change to a client: policy inside `change`, then the version check, then the audit
    /// event with the fields that changed (none changed: nothing is written).
    func changeClient(_ actor: ActorRef, _ id: ClientID, expectedVersion: Int64?, action: String,
                      _ change: (Database, ActorContext, APIClient) throws -> Void) throws {
        try store.write { db in
            try changeClient(db, try Self.context(db, actor), id, expectedVersion: expectedVersion, action: action, change)
        }
    }

    /// The same, inside the caller's transaction (an import makes many changes in one).
    func changeClient(_ db: Database, _ ctx: ActorContext, _ id: ClientID, expectedVersion: Int64?, action: String,
                      _ change: (Database, ActorContext, APIClient) throws -> Void) throws {
        let client = try requireClient(db, id)
        try checkFresh(db, version: client.version, expected: expectedVersion, targetType: "api_client", id: id, name: client.name)
        let before = try auditFields(db, client)
        try change(db, ctx, client)
        let diff = Audit.diff(before, try auditFields(db, try requireClient(db, id)))
        // Saving what is already there changes nothing: no version, no event.
        guard !diff.before.isEmpty || !diff.after.isEmpty else { return }
        try bumpVersion(db, table: "api_client", id: id, expected: expectedVersion, targetType: "api_client", name: client.name)
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: action, targetType: "api_client",
                         targetID: String(id), targetName: client.name, before: diff.before, after: diff.after)
    }
}
