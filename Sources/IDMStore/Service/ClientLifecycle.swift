import Foundation
import GRDB
import IDMDomain

/// Locking, unlocking and deleting clients (rule 9).
extension DirectoryService {
    public func lockClient(_ actor: ActorRef, client id: ClientID, expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.lock") { db, ctx, client in
            try Policy.lockClient(ctx, client: client, owner: try requireUser(db, client.ownerID),
                                  creator: try requireUser(db, client.creatorID)).enforce()
            try db.execute(sql: "UPDATE api_client SET locked = 1 WHERE id = ?", arguments: [id])
        }
    }

    public func unlockClient(_ actor: ActorRef, client id: ClientID, expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.unlock") { db, ctx, client in
            try Policy.unlockClient(ctx, client: client).enforce()
            try db.execute(sql: "UPDATE api_client SET locked = 0 WHERE id = ?", arguments: [id])
        }
    }

    /// Ownership moves to `newOwner` (rule 5): refused when the new owner could hold nothing.
    /// The grants the new owner cannot cover are dropped or lowered, as the preview showed.
    public func transferOwnership(_ actor: ActorRef, client id: ClientID, to newOwnerLogin: String,
                                  expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.transfer") { db, ctx, client in
            try Policy.transferOwnership(ctx, client: client, creator: try requireUser(db, client.creatorID)).enforce()
            guard let newOwner = try Q.user(db, login: newOwnerLogin) else {
                throw IDMError.notFound("No user \"\(newOwnerLogin)\".")
            }
            let access = try Q.access(db, of: newOwner)
            let services = Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) })
            let preview = Policy.transferPreview(client: client, newOwnerAccess: access, services: services)
            try Policy.transferTarget(ctx, client: client, newOwner: newOwner, preview: preview).enforce()
            let groups = client.groupIDs.subtracting(preview.lostGroups)
            let lowered = Dictionary(uniqueKeysWithValues: preview.loweredAPIs.map { ($0.0, $0.to) })
            let apis = client.apis.filter { !preview.lostAPIs.contains($0.serviceID) }
                .map { APIGrant(serviceID: $0.serviceID, level: lowered[$0.serviceID] ?? $0.level) }
            try db.execute(sql: "UPDATE api_client SET owner_id = ? WHERE id = ?", arguments: [newOwner.id, id])
            try writeAuthorization(db, client: id, groups: groups, apis: apis)
        }
    }

    /// Rule 9: only without an active credential. The event keeps the client's last state.
    public func deleteClient(_ actor: ActorRef, client id: ClientID, expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let client = try requireClient(db, id)
            try checkFresh(db, version: client.version, expected: expectedVersion, targetType: "api_client", id: id, name: client.name)
            try Policy.deleteClient(ctx, client: client, owner: try requireUser(db, client.ownerID),
                                    creator: try requireUser(db, client.creatorID),
                                    credentials: try Q.credentials(db, client: id)).enforce()
            try bumpVersion(db, table: "api_client", id: id, expected: expectedVersion, targetType: "api_client", name: client.name)
            let before = try auditFields(db, client)
            try db.execute(sql: "DELETE FROM api_client WHERE id = ?", arguments: [id])
            try Audit.append(db, time: now, actor: ctx.login, account: ctx.account.id, action: "client.delete",
                             targetType: "api_client", targetID: String(id), targetName: client.name, before: before)
        }
    }

    /// One change to a client: policy inside `change`, then the version check, then the audit
    /// event with the fields that changed.
    func changeClient(_ actor: ActorRef, _ id: ClientID, expectedVersion: Int64?, action: String,
                      _ change: (Database, ActorContext, APIClient) throws -> Void) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let client = try requireClient(db, id)
            try checkFresh(db, version: client.version, expected: expectedVersion, targetType: "api_client", id: id, name: client.name)
            let before = try auditFields(db, client)
            try change(db, ctx, client)
            try bumpVersion(db, table: "api_client", id: id, expected: expectedVersion, targetType: "api_client", name: client.name)
            let diff = Audit.diff(before, try auditFields(db, try requireClient(db, id)))
            try Audit.append(db, time: now, actor: ctx.login, account: ctx.account.id, action: action, targetType: "api_client",
                             targetID: String(id), targetName: client.name, before: diff.before, after: diff.after)
        }
    }
}
