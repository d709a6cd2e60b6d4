import Foundation
import GRDB
import IDMDomain

/// Renaming, moving and deleting groups (rule 11), each in one transaction with its audit event.
extension DirectoryService {
    @discardableResult
    public func renameGroup(_ actor: ActorRef, group id: GroupID, to newName: String, expectedVersion: Int64? = nil) throws -> Group {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let group = try requireGroup(db, id)
            try checkFresh(db, version: group.version, expected: expectedVersion, targetType: "group", id: id, name: group.name)
            let tree = try Q.tree(db, account: group.accountID)
            try Decide.enforce(db, ctx, .renameGroup(id))
            try Policy.renameGroup(ctx, group: group, newName: newName, tree: tree).enforce()
            let name = try Validate.groupName(newName).valid()
            try db.execute(sql: "UPDATE grp SET name = ? WHERE id = ?", arguments: [name, id])
            try bumpVersion(db, table: "grp", id: id, expected: expectedVersion, targetType: "group", name: group.name)
            let after = try Q.tree(db, account: group.accountID)
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "group.rename",
                             targetType: "group", targetID: String(id), targetName: name,
                             before: ["name": group.name, "path": tree.path(of: id)],
                             after: ["name": name, "path": after.path(of: id)])
            return try requireGroup(db, id)
        }
    }

    /// What moving `group` under `parent` would do, without doing it (the policy is asked first:
    /// a move that would be refused has no preview).
    public func previewGroupMove(_ actor: ActorRef, group id: GroupID, to parent: GroupID) throws -> GroupMovePreview {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            return try checkedMovePreview(db, ctx, group: try requireGroup(db, id), to: parent)
        }
    }

    /// Moves the group and applies its preview: users' access follows the tree by itself; API
    /// clients whose owner lost access shrink as a transfer would shrink them, each with its own
    /// audit event. With `confirming`, refuses when the effect is no longer the one shown.
    @discardableResult
    public func moveGroup(_ actor: ActorRef, group id: GroupID, to parent: GroupID, expectedVersion: Int64? = nil,
                          confirming shown: GroupMovePreview? = nil) throws -> GroupMovePreview {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let group = try requireGroup(db, id)
            try checkFresh(db, version: group.version, expected: expectedVersion, targetType: "group", id: id, name: group.name)
            let preview = try checkedMovePreview(db, ctx, group: group, to: parent)
            if let shown, shown != preview {
                throw IDMError.conflict(target: "The effect of moving \(group.name)", changedBy: nil, at: nil)
            }
            let tree = try Q.tree(db, account: group.accountID)
            try db.execute(sql: "UPDATE grp SET parent_id = ? WHERE id = ?", arguments: [parent, id])
            try bumpVersion(db, table: "grp", id: id, expected: expectedVersion, targetType: "group", name: group.name)
            let moved = try Q.tree(db, account: group.accountID)
            let logins = Dictionary(uniqueKeysWithValues: preview.users.map { ($0.userID, $0.login) })
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "group.move",
                             targetType: "group", targetID: String(id), targetName: group.name,
                             before: ["parent": group.parentID.map { tree.path(of: $0) } ?? "", "path": tree.path(of: id)],
                             after: ["parent": moved.path(of: parent), "path": moved.path(of: id),
                                     "access": Self.summary(preview.users, tree: moved),
                                     "clients": preview.clients.map(\.name).joined(separator: ", ")].filter { !$0.value.isEmpty })
            for impact in preview.clients {
                try shrinkClient(db, ctx, impact, cause: "\(logins[impact.ownerID] ?? "its owner") lost access when \(group.name) moved")
            }
            return preview
        }
    }

    /// Rule 11: only without subgroups, clients and user roles. Blocks users had set on the
    /// group go with it (they block nothing once it is gone).
    public func deleteGroup(_ actor: ActorRef, group id: GroupID, expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let group = try requireGroup(db, id)
            try checkFresh(db, version: group.version, expected: expectedVersion, targetType: "group", id: id, name: group.name)
            let use = try Q.groupUse(db, group: id)
            _ = use
            try Decide.enforce(db, ctx, .deleteGroup(id))
            try bumpVersion(db, table: "grp", id: id, expected: expectedVersion, targetType: "group", name: group.name)
            let tree = try Q.tree(db, account: group.accountID)
            let blockedBy = try String.fetchAll(db, sql: """
                SELECT u.login FROM user_blocked_group b JOIN user u ON u.id = b.user_id WHERE b.group_id = ? ORDER BY u.login
                """, arguments: [id])
            let unblocked = try Int64.fetchAll(db, sql: "SELECT user_id FROM user_blocked_group WHERE group_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM user_blocked_group WHERE group_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM grp WHERE id = ?", arguments: [id])
            var before = ["name": group.name, "path": tree.path(of: id), "contract": group.contractID]
            if !blockedBy.isEmpty { before["blockedFor"] = blockedBy.joined(separator: ", ") }
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "group.delete",
                             targetType: "group", targetID: String(id), targetName: group.name, before: before,
                             also: unblocked.map { DirectoryState.Entity(kind: .user, id: $0) })
        }
    }

    func checkedMovePreview(_ db: Database, _ ctx: ActorContext, group: Group, to parentID: GroupID) throws -> GroupMovePreview {
        let tree = try Q.tree(db, account: group.accountID)
        guard let parent = try Q.group(db, id: parentID) else { throw IDMError.notFound("No group with id \(parentID).") }
        _ = parent
        try Decide.enforce(db, ctx, .moveGroup(group.id, to: parentID))
        // Only grants above the old or the new place, or inside the moved subtree, can reach it.
        let near = Set(tree.lineage(of: parentID) + (group.parentID.map { tree.lineage(of: $0) } ?? []) + tree.subtree(of: group.id))
        let users = try Q.users(db, withGrantsOn: near)
        return Policy.groupMovePreview(group: group.id, to: parentID, tree: tree, users: users,
                                       roles: try Q.rolesByID(db, account: group.accountID),
                                       clients: try Q.clients(db, ownedByAny: users.map(\.id)), services: try servicesByID(db))
    }

    func requireGroup(_ db: Database, _ id: GroupID) throws -> Group {
        guard let group = try Q.group(db, id: id) else { throw IDMError.notFound("No group with id \(id).") }
        return group
    }

    func servicesByID(_ db: Database) throws -> [ServiceID: APIService] {
        Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) })
    }

    /// "nora +Staging; wendy -Staging" for the audit event.
    static func summary(_ changes: [AccessChange], tree: GroupTree) -> String {
        changes.map { change in
            let parts = change.gained.map { "+" + (tree[$0]?.name ?? "#\($0)") } + change.lost.map { "-" + (tree[$0]?.name ?? "#\($0)") }
                + change.changedRole.map { "~" + (tree[$0.groupID]?.name ?? "#\($0.groupID)") }
            return "\(change.login) \(parts.joined(separator: " "))"
        }.joined(separator: "; ")
    }

    /// Shrinks a client to what its owner can still cover (the reduction of rule 5's transfer),
    /// with its own audit event naming the cause.
    func shrinkClient(_ db: Database, _ ctx: ActorContext, _ impact: ClientImpact, cause: String) throws {
        let client = try requireClient(db, impact.clientID)
        let before = try auditFields(db, client)
        let preview = impact.preview
        let groups = client.groupIDs.subtracting(preview.lostGroups)
        let lowered = Dictionary(uniqueKeysWithValues: preview.loweredAPIs.map { ($0.0, $0.to) })
        let apis = client.apis.filter { !preview.lostAPIs.contains($0.serviceID) }
            .map { APIGrant(serviceID: $0.serviceID, level: lowered[$0.serviceID] ?? $0.level) }
        try writeAuthorization(db, client: client.id, groups: groups, apis: apis)
        try bumpVersion(db, table: "api_client", id: client.id, expected: nil, targetType: "api_client", name: client.name)
        var diff = Audit.diff(before, try auditFields(db, try requireClient(db, client.id)))
        diff.after["cause"] = cause
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "client.shrink", targetType: "api_client",
                         targetID: String(client.id), targetName: client.name, before: diff.before, after: diff.after)
    }
}
