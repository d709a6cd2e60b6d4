import Foundation
import GRDB
import IDMDomain

/// Groups, roles and users, changed by an admin of the account.
extension DirectoryService {
    @discardableResult
    public func createGroup(_ actor: ActorRef, parent: GroupID, name: String) throws -> Group {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            guard let parentGroup = try Q.group(db, id: parent), parentGroup.accountID == ctx.account.id else {
                throw IDMError.notFound("No group \(parent) in \(ctx.account.name).")
            }
            try Decide.enforce(db, ctx, .createGroup(parent: parent))
            try Policy.createGroup(ctx, parent: parentGroup, name: name, tree: ctx.tree).enforce()
            let name = try Validate.groupName(name).valid()
            try db.execute(sql: "INSERT INTO grp (account_id, contract_id, parent_id, name) VALUES (?, ?, ?, ?)",
                           arguments: [ctx.account.id, parentGroup.contractID, parent, name])
            let group = try Q.group(db, id: db.lastInsertedRowID)!
            let tree = try Q.tree(db, account: ctx.account.id)
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "group.create",
                             targetType: "group", targetID: String(group.id), targetName: name,
                             after: ["name": name, "path": tree.path(of: group.id), "contract": group.contractID])
            return group
        }
    }

    @discardableResult
    public func createRole(_ actor: ActorRef, name: String, description: String, permissions: Set<Permission>) throws -> RoleID {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            try Decide.enforce(db, ctx, .createRole(permissions: permissions))
            return try insertRole(db, account: ctx.account.id, name: name, description: description, standard: false,
                                  permissions: permissions, actor: ctx.login)
        }
    }

    @discardableResult
    public func createUser(_ actor: ActorRef, _ draft: NewUser) throws -> User {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            try Decide.enforce(db, ctx, .createUser(grants: draft.grants))
            return try insertUser(db, account: ctx.account.id, user: draft, actor: ctx.login)
        }
    }
}
