import Foundation
import GRDB
import IDMDomain

/// A change to a user's profile: nil leaves a field as it is.
public struct UserProfileEdit: Sendable, Equatable {
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var jobTitle: String?
    public var phone: String?
    public var timeZone: String?

    public init(firstName: String? = nil, lastName: String? = nil, email: String? = nil, jobTitle: String? = nil,
                phone: String? = nil, timeZone: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.jobTitle = jobTitle
        self.phone = phone
        self.timeZone = timeZone
    }

    public var isEmpty: Bool { self == UserProfileEdit() }
}

/// Users, changed by an admin of the account (or, for the profile, by themselves): each change
/// one transaction with the policy asked again, a version check and an audit event.
extension DirectoryService {
    @discardableResult
    public func editUser(_ actor: ActorRef, user id: UserID, _ edit: UserProfileEdit, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.edit") { db, ctx, user in
            try Policy.editUserProfile(ctx, target: user).enforce()
            let first = try edit.firstName.map { try Validate.firstName($0).valid() } ?? user.firstName
            let last = try edit.lastName.map { try Validate.lastName($0).valid() } ?? user.lastName
            let email = try edit.email.map { try Validate.email($0).valid() } ?? user.email
            let title = try edit.jobTitle.map { try Validate.jobTitle($0).valid() } ?? user.jobTitle
            let phone = try edit.phone.map { try Validate.phone($0).valid() } ?? user.phone
            let zone = try edit.timeZone.map { try Validate.timeZone($0).valid() } ?? user.timeZone
            try db.execute(sql: """
                UPDATE user SET first_name = ?, last_name = ?, email = ?, job_title = ?, phone = ?, time_zone = ? WHERE id = ?
                """, arguments: [first, last, email, title, phone, zone, id])
        }
    }

    /// Replaces every role the user holds (at least one, rule [v3]).
    @discardableResult
    public func setUserGrants(_ actor: ActorRef, user id: UserID, grants: [Grant], expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.grants") { db, ctx, user in
            try Policy.editUserGrants(ctx, target: user).enforce()
            try Policy.assignGrants(ctx, grants: grants, tree: try Q.tree(db, account: user.accountID),
                                    roles: try Q.rolesByID(db, account: user.accountID)).enforce()
            try db.execute(sql: "DELETE FROM user_grant WHERE user_id = ?", arguments: [id])
            for grant in grants {
                try db.execute(sql: "INSERT INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)",
                               arguments: [id, grant.groupID, grant.roleID])
            }
        }
    }

    /// Stops the access the user inherits on a subgroup [v3 blocked].
    @discardableResult
    public func blockGroup(_ actor: ActorRef, user id: UserID, group: GroupID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.block") { db, ctx, user in
            try Policy.blockGroup(ctx, target: user, group: group, tree: try Q.tree(db, account: user.accountID),
                                  roles: try Q.rolesByID(db, account: user.accountID)).enforce()
            try db.execute(sql: "INSERT INTO user_blocked_group (user_id, group_id) VALUES (?, ?)", arguments: [id, group])
        }
    }

    @discardableResult
    public func unblockGroup(_ actor: ActorRef, user id: UserID, group: GroupID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.unblock") { db, ctx, user in
            try Policy.unblockGroup(ctx, target: user, group: group, tree: try Q.tree(db, account: user.accountID)).enforce()
            try db.execute(sql: "DELETE FROM user_blocked_group WHERE user_id = ? AND group_id = ?", arguments: [id, group])
        }
    }

    @discardableResult
    public func lockUser(_ actor: ActorRef, user id: UserID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.lock") { db, ctx, user in
            try Policy.lockUser(ctx, target: user).enforce()
            try db.execute(sql: "UPDATE user SET locked = 1 WHERE id = ?", arguments: [id])
        }
    }

    @discardableResult
    public func unlockUser(_ actor: ActorRef, user id: UserID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.unlock") { db, ctx, user in
            try Policy.unlockUser(ctx, target: user).enforce()
            try db.execute(sql: "UPDATE user SET locked = 0 WHERE id = ?", arguments: [id])
        }
    }

    /// Rule 10: refused while the user owns an API client, and while a client names them as its
    /// creator (README, "Deleting a user"). Their own migrated `User` record goes with them.
    public func deleteUser(_ actor: ActorRef, user id: UserID, expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let user = try requireUser(db, id)
            try checkFresh(db, version: user.version, expected: expectedVersion, targetType: "user", id: id, name: user.login)
            try Policy.deleteUser(ctx, target: user, ownedClients: try Q.clients(db, ownedBy: id),
                                  createdClients: try Q.clients(db, createdBy: id)).enforce()
            try bumpVersion(db, table: "user", id: id, expected: expectedVersion, targetType: "user", name: user.login)
            let before = try userFields(db, user)
            let records = try Q.clients(db, ownedBy: id).filter { $0.kind == .user }
            for record in records {
                try db.execute(sql: "DELETE FROM api_client WHERE id = ?", arguments: [record.id])
                try Audit.append(db, time: now, actor: ctx.login, account: ctx.account.id, action: "client.delete",
                                 targetType: "api_client", targetID: String(record.id), targetName: record.name,
                                 before: ["name": record.name, "type": record.kind.rawValue, "owner": user.login],
                                 after: ["cause": "its user \(user.login) was deleted"])
            }
            try db.execute(sql: "DELETE FROM user WHERE id = ?", arguments: [id])
            try Audit.append(db, time: now, actor: ctx.login, account: ctx.account.id, action: "user.delete",
                             targetType: "user", targetID: String(id), targetName: user.login, before: before)
        }
    }

    /// One change to a user: the policy inside `change`, then the version check, then the audit
    /// event with the fields that changed. Returns the user as written.
    func changeUser(_ actor: ActorRef, _ id: UserID, expectedVersion: Int64?, action: String,
                    _ change: (Database, ActorContext, User) throws -> Void) throws -> User {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let user = try requireUser(db, id)
            try checkFresh(db, version: user.version, expected: expectedVersion, targetType: "user", id: id, name: user.login)
            let before = try userFields(db, user)
            try change(db, ctx, user)
            try bumpVersion(db, table: "user", id: id, expected: expectedVersion, targetType: "user", name: user.login)
            let after = try requireUser(db, id)
            let diff = Audit.diff(before, try userFields(db, after))
            try Audit.append(db, time: now, actor: ctx.login, account: ctx.account.id, action: action, targetType: "user",
                             targetID: String(id), targetName: user.login, before: diff.before, after: diff.after)
            return after
        }
    }

    /// A user's fields as the audit log shows them: roles by name on groups by path.
    func userFields(_ db: Database, _ user: User) throws -> [String: String] {
        let tree = try Q.tree(db, account: user.accountID)
        let roles = try Q.rolesByID(db, account: user.accountID)
        var fields = AuditFields.user(user)
        fields["phone"] = user.phone
        fields["timeZone"] = user.timeZone
        fields["grants"] = user.grants.map { "\(tree.path(of: $0.groupID)): \(roles[$0.roleID]?.name ?? "#\($0.roleID)")" }
            .sorted().joined(separator: "; ")
        fields["blocked"] = user.blockedGroups.map { tree.path(of: $0) }.sorted().joined(separator: "; ")
        return fields
    }
}
