import Foundation
import GRDB
import IDMDomain

/// A change to a custom role: nil leaves a field as it is; `permissions` replaces them all.
public struct RoleEdit: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var permissions: Set<Permission>?

    public init(name: String? = nil, description: String? = nil, permissions: Set<Permission>? = nil) {
        self.name = name
        self.description = description
        self.permissions = permissions
    }
}

/// Editing and deleting custom roles. Standard roles are read-only; a role is deleted only
/// when no one holds it [v3].
extension DirectoryService {
    /// Who a permission change reaches, without making it (the policy is asked first).
    public func previewRoleEdit(_ actor: ActorRef, role id: RoleID, permissions: Set<Permission>) throws -> RoleChangeImpact {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            let role = try requireRole(db, id)
            try Decide.enforce(db, ctx, .editRole(id, permissions: permissions))
            return try impact(db, role, permissions)
        }
    }

    /// Applies the edit; the holders' API clients that would exceed their owner's new access
    /// shrink to fit, each with its own audit event. With `confirming`, refuses when the impact
    /// is no longer the one shown.
    @discardableResult
    public func editRole(_ actor: ActorRef, role id: RoleID, _ edit: RoleEdit, expectedVersion: Int64? = nil,
                         confirming shown: RoleChangeImpact? = nil) throws -> RoleChangeImpact {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let role = try requireRole(db, id)
            try checkFresh(db, version: role.version, expected: expectedVersion, targetType: "role", id: id, name: role.name)
            try Decide.enforce(db, ctx, .editRole(id, permissions: edit.permissions))
            let name = try edit.name.map { try Validate.roleName($0).valid() } ?? role.name
            let description = try edit.description.map { try Validate.roleDescription($0).valid() } ?? role.description
            let permissions = edit.permissions ?? role.permissions
            let impact = try impact(db, role, permissions)
            if let shown, shown != impact {
                throw IDMError.conflict(target: "The impact of editing \(role.name)", changedBy: nil, at: nil)
            }
            try uniquely("A role named \(name) already exists in \(ctx.account.name).") {
                try db.execute(sql: "UPDATE role SET name = ?, description = ? WHERE id = ?", arguments: [name, description, id])
            }
            if permissions != role.permissions {
                try db.execute(sql: "DELETE FROM role_permission WHERE role_id = ?", arguments: [id])
                for permission in permissions.sorted() {
                    try db.execute(sql: "INSERT INTO role_permission (role_id, permission) VALUES (?, ?)", arguments: [id, permission.rawValue])
                }
            }
            try bumpVersion(db, table: "role", id: id, expected: expectedVersion, targetType: "role", name: role.name)
            var after = Self.roleFields(try requireRole(db, id))
            if !impact.changesNothing {
                after["impact"] = "\(impact.userCount) user\(impact.userCount == 1 ? "" : "s"), \(impact.clientCount) API client\(impact.clientCount == 1 ? "" : "s")"
            }
            let diff = Audit.diff(Self.roleFields(role), after)
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "role.edit", targetType: "role",
                             targetID: String(id), targetName: name, before: diff.before, after: diff.after)
            for client in impact.clients {
                try shrinkClient(db, ctx, client, cause: "role \(name) changed")
            }
            return impact
        }
    }

    public func deleteRole(_ actor: ActorRef, role id: RoleID, expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let role = try requireRole(db, id)
            try checkFresh(db, version: role.version, expected: expectedVersion, targetType: "role", id: id, name: role.name)
            try Decide.enforce(db, ctx, .deleteRole(id))
            try bumpVersion(db, table: "role", id: id, expected: expectedVersion, targetType: "role", name: role.name)
            try db.execute(sql: "DELETE FROM role WHERE id = ?", arguments: [id])
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "role.delete", targetType: "role",
                             targetID: String(id), targetName: role.name, before: Self.roleFields(role))
        }
    }

    func impact(_ db: Database, _ role: Role, _ permissions: Set<Permission>) throws -> RoleChangeImpact {
        let holders = try Q.users(db, holding: role.id)
        return Policy.roleChangeImpact(role: role, newPermissions: permissions, users: holders,
                                clients: try Q.clients(db, ownedByAny: holders.map(\.id)), tree: try Q.tree(db, account: role.accountID),
                                roles: try Q.rolesByID(db, account: role.accountID), services: try servicesByID(db))
    }

    func requireRole(_ db: Database, _ id: RoleID) throws -> Role {
        guard let role = try Q.role(db, id: id) else { throw IDMError.notFound("No role with id \(id).") }
        return role
    }

    static func roleFields(_ role: Role) -> [String: String] {
        ["name": role.name, "description": role.description, "standard": String(role.isStandard),
         "permissions": role.permissions.sorted().map(\.rawValue).joined(separator: ", ")]
    }
}
