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

/// A change to who a user is and what they reach, as one user intent: the profile, and the
/// grants and blocks (nil leaves them).
public struct UserEdit: Sendable, Equatable {
    public var profile: UserProfileEdit
    public var grants: [Grant]?
    public var blocked: Set<GroupID>?

    public init(profile: UserProfileEdit = UserProfileEdit(), grants: [Grant]? = nil, blocked: Set<GroupID>? = nil) {
        self.profile = profile
        self.grants = grants
        self.blocked = blocked
    }
}

/// Users, changed by an admin of the account (or, for the profile, by themselves): each user
/// intent one transaction with the decision table asked again, a version check and an audit
/// event; API clients whose owner loses access shrink in the same transaction (rule 17).
extension DirectoryService {
    @discardableResult
    public func editUser(_ actor: ActorRef, user id: UserID, _ edit: UserProfileEdit, expectedVersion: Int64? = nil) throws -> User {
        try editUser(actor, user: id, UserEdit(profile: edit), expectedVersion: expectedVersion)
    }

    /// The profile and the access in one transaction: a refusal of either changes nothing.
    /// With `confirming`, refuses when the clients that would shrink are no longer those shown.
    @discardableResult
    public func editUser(_ actor: ActorRef, user id: UserID, _ edit: UserEdit, expectedVersion: Int64? = nil,
                         confirming shown: [ClientImpact]? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: edit.grants == nil && edit.blocked == nil ? "user.edit" : "user.grants") { db, ctx, user in
            let profile = edit.profile
            if !profile.isEmpty {
                let changesEmail = profile.email.map { $0.caseInsensitiveCompare(user.email) != .orderedSame } ?? false
                try Decide.enforce(db, ctx, .editUserProfile(id, changesEmail: changesEmail))
            }
            var impacts: [ClientImpact] = []
            if edit.grants != nil || edit.blocked != nil {
                impacts = try changeAccess(db, ctx, user, grants: edit.grants ?? user.grants, blocked: edit.blocked ?? user.blockedGroups,
                                           confirming: shown)
            }
            try writeProfile(db, user, profile)
            return impacts.map { ($0, "\(user.login)'s roles changed") }
        }
    }

    /// A user's grants and blocks becoming these, asked of the decision table and written; the
    /// clients that shrink are returned for the caller's `changeUser` to shrink (rule 17). With
    /// `confirming`, refuses when they are no longer those shown.
    func changeAccess(_ db: Database, _ ctx: ActorContext, _ user: User, grants: [Grant], blocked: Set<GroupID>,
                      confirming shown: [ClientImpact]?) throws -> [ClientImpact] {
        let blocked = blocked.subtracting(grants.map(\.groupID))
        try Decide.enforce(db, ctx, .editUserAccess(user.id, grants: grants, blocked: blocked))
        let impacts = try accessImpact(db, ctx, user, grants: grants, blocked: blocked)
        if let shown, shown != impacts {
            throw IDMError.conflict(target: "The API clients \(user.login)'s new access shrinks", changedBy: nil, at: nil)
        }
        try writeAccess(db, user: user.id, grants: grants, blocked: blocked)
        return impacts
    }

    /// Replaces every role the user holds (at least one, rule [v3]).
    @discardableResult
    public func setUserGrants(_ actor: ActorRef, user id: UserID, grants: [Grant], expectedVersion: Int64? = nil,
                              confirming shown: [ClientImpact]? = nil) throws -> User {
        try editUser(actor, user: id, UserEdit(grants: grants), expectedVersion: expectedVersion, confirming: shown)
    }

    /// The API clients a change of the user's grants or blocks would shrink (rule 17), without
    /// making it; refused, as the change would be, when the actor may not make it.
    public func previewUserAccess(_ actor: ActorRef, user id: UserID, grants: [Grant]? = nil, blocked: Set<GroupID>? = nil) throws -> [ClientImpact] {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            let user = try requireUser(db, id)
            let grants = grants ?? user.grants
            let blocked = (blocked ?? user.blockedGroups).subtracting(grants.map(\.groupID))
            try Decide.enforce(db, ctx, .editUserAccess(id, grants: grants, blocked: blocked))
            return try accessImpact(db, ctx, user, grants: grants, blocked: blocked)
        }
    }

    /// Stops the access the user inherits on a subgroup [v3 blocked]; the owner's clients there shrink.
    @discardableResult
    public func blockGroup(_ actor: ActorRef, user id: UserID, group: GroupID, expectedVersion: Int64? = nil,
                           confirming shown: [ClientImpact]? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.block") { db, ctx, user in
            try Decide.enforce(db, ctx, .blockGroup(id, group))
            let impacts = try accessImpact(db, ctx, user, grants: user.grants, blocked: user.blockedGroups.union([group]))
            if let shown, shown != impacts {
                throw IDMError.conflict(target: "The API clients blocking shrinks", changedBy: nil, at: nil)
            }
            try db.execute(sql: "INSERT INTO user_blocked_group (user_id, group_id) VALUES (?, ?)", arguments: [id, group])
            return impacts.map { ($0, "\(user.login) was blocked on \(ctx.tree[group]?.name ?? "#\(group)")") }
        }
    }

    /// What blocking would shrink, without blocking.
    public func previewBlock(_ actor: ActorRef, user id: UserID, group: GroupID) throws -> [ClientImpact] {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            let user = try requireUser(db, id)
            try Decide.enforce(db, ctx, .blockGroup(id, group))
            return try accessImpact(db, ctx, user, grants: user.grants, blocked: user.blockedGroups.union([group]))
        }
    }

    @discardableResult
    public func unblockGroup(_ actor: ActorRef, user id: UserID, group: GroupID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.unblock") { db, ctx, user in
            try Decide.enforce(db, ctx, .unblockGroup(id, group))
            try db.execute(sql: "DELETE FROM user_blocked_group WHERE user_id = ? AND group_id = ?", arguments: [id, group])
            return []
        }
    }

    /// Locking shrinks nothing (rule 17): a locked owner's clients keep their access, and the
    /// owner can no longer act.
    @discardableResult
    public func lockUser(_ actor: ActorRef, user id: UserID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.lock", Self.locking(id))
    }

    /// The change that locks a user, asked of the decision table.
    static func locking(_ id: UserID) -> (Database, ActorContext, User) throws -> [(ClientImpact, String)] {
        { db, ctx, _ in
            try Decide.enforce(db, ctx, .lockUser(id))
            try db.execute(sql: "UPDATE user SET locked = 1 WHERE id = ?", arguments: [id])
            return []
        }
    }

    @discardableResult
    public func unlockUser(_ actor: ActorRef, user id: UserID, expectedVersion: Int64? = nil) throws -> User {
        try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.unlock") { db, ctx, _ in
            try Decide.enforce(db, ctx, .unlockUser(id))
            try db.execute(sql: "UPDATE user SET locked = 0 WHERE id = ?", arguments: [id])
            return []
        }
    }

    /// Rule 10: refused while the user owns an API client, and while a client names them as its
    /// creator (README, "Deleting a user"). With `transferTo`, their clients go to that user
    /// first, in the same transaction: a refusal of the deletion transfers nothing. Their own
    /// migrated `User` record goes with them.
    public func deleteUser(_ actor: ActorRef, user id: UserID, transferTo newOwner: UserID? = nil, expectedVersion: Int64? = nil) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let user = try requireUser(db, id)
            try checkFresh(db, version: user.version, expected: expectedVersion, targetType: "user", id: id, name: user.login)
            try Decide.enforce(db, ctx, .deleteUser(id, transferTo: newOwner))
            if let newOwner {
                for client in try Q.clients(db, ownedBy: id) where client.kind == .api {
                    try transfer(db, ctx, client, to: try requireUser(db, newOwner), action: "client.transfer",
                                 cause: "\(user.login) was deleted")
                }
            }
            try bumpVersion(db, table: "user", id: id, expected: expectedVersion, targetType: "user", name: user.login)
            let before = try userFields(db, user)
            let records = try Q.clients(db, ownedBy: id).filter { $0.kind == .user }
            for record in records {
                try db.execute(sql: "DELETE FROM api_client WHERE id = ?", arguments: [record.id])
                try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "client.delete",
                                 targetType: "api_client", targetID: String(record.id), targetName: record.name,
                                 before: ["name": record.name, "type": record.kind.rawValue, "owner": user.login],
                                 after: ["cause": "its user \(user.login) was deleted"])
            }
            try db.execute(sql: "DELETE FROM user WHERE id = ?", arguments: [id])
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "user.delete",
                             targetType: "user", targetID: String(id), targetName: user.login, before: before)
        }
    }

    /// Taking a user out of service as one intent: lock them and transfer every API client they
    /// own to `newOwner` (each shrunk to what the new owner covers, as a transfer is). Returns the
    /// clients transferred. A refusal of any step changes nothing.
    @discardableResult
    public func offboardUser(_ actor: ActorRef, user id: UserID, to newOwner: UserID, expectedVersion: Int64? = nil) throws -> [String] {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let user = try requireUser(db, id)
            try checkFresh(db, version: user.version, expected: expectedVersion, targetType: "user", id: id, name: user.login)
            try Decide.enforce(db, ctx, .offboardUser(id, to: newOwner))
            let owner = try requireUser(db, newOwner)
            let clients = try Q.clients(db, ownedBy: id).filter { $0.kind == .api }
            for client in clients {
                try transfer(db, ctx, client, to: owner, action: "client.transfer", cause: "\(user.login) was offboarded")
            }
            try db.execute(sql: "UPDATE user SET locked = 1 WHERE id = ?", arguments: [id])
            try bumpVersion(db, table: "user", id: id, expected: expectedVersion, targetType: "user", name: user.login)
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "user.offboard",
                             targetType: "user", targetID: String(id), targetName: user.login,
                             before: ["locked": String(user.locked)],
                             after: ["locked": "true", "clientsTo": owner.login, "clients": clients.map(\.name).joined(separator: ", ")])
            return clients.map(\.name)
        }
    }

    /// What handing a user's API clients to `newOwner` would cut (each as a transfer would),
    /// without doing it: offboarding and deleting with a transfer show it first. Refused, as the
    /// change would be, when the actor may not make it.
    public func previewHandover(_ actor: ActorRef, user id: UserID, to newOwner: UserID, deleting: Bool = false) throws -> [ClientImpact] {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            try Decide.enforce(db, ctx, deleting ? .deleteUser(id, transferTo: newOwner) : .offboardUser(id, to: newOwner))
            let access = Decide.access(of: try requireUser(db, newOwner), ctx, try Q.rolesByID(db, account: ctx.account.id))
            let services = try servicesByID(db)
            return try Q.clients(db, ownedBy: id).filter { $0.kind == .api }.compactMap { client in
                let preview = Policy.transferPreview(client: client, newOwnerAccess: access, services: services)
                return preview.losesNothing ? nil : ClientImpact(clientID: client.id, name: client.name, ownerID: newOwner, preview: preview)
            }
        }
    }

    func accessImpact(_ db: Database, _ ctx: ActorContext, _ user: User, grants: [Grant], blocked: Set<GroupID>) throws -> [ClientImpact] {
        Policy.accessChangeImpact(user: user, grants: grants, blocked: blocked, tree: ctx.tree,
                                  roles: try Q.rolesByID(db, account: ctx.account.id),
                                  clients: try Q.clients(db, ownedBy: user.id), services: try servicesByID(db))
    }

    func writeAccess(_ db: Database, user id: UserID, grants: [Grant], blocked: Set<GroupID>) throws {
        try db.execute(sql: "DELETE FROM user_grant WHERE user_id = ?", arguments: [id])
        for grant in grants {
            try db.execute(sql: "INSERT INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)",
                           arguments: [id, grant.groupID, grant.roleID])
        }
        try db.execute(sql: "DELETE FROM user_blocked_group WHERE user_id = ?", arguments: [id])
        for group in blocked.sorted() {
            try db.execute(sql: "INSERT INTO user_blocked_group (user_id, group_id) VALUES (?, ?)", arguments: [id, group])
        }
    }

    func writeProfile(_ db: Database, _ user: User, _ edit: UserProfileEdit) throws {
        guard !edit.isEmpty else { return }
        let first = try edit.firstName.map { try Validate.firstName($0).valid() } ?? user.firstName
        let last = try edit.lastName.map { try Validate.lastName($0).valid() } ?? user.lastName
        let email = try edit.email.map { try Validate.email($0).valid() } ?? user.email
        let title = try edit.jobTitle.map { try Validate.jobTitle($0).valid() } ?? user.jobTitle
        let phone = try edit.phone.map { try Validate.phone($0).valid() } ?? user.phone
        let zone = try edit.timeZone.map { try Validate.timeZone($0).valid() } ?? user.timeZone
        try db.execute(sql: """
            UPDATE user SET first_name = ?, last_name = ?, email = ?, job_title = ?, phone = ?, time_zone = ? WHERE id = ?
            """, arguments: [first, last, email, title, phone, zone, user.id])
    }

    /// One change to a user: the policy inside `change`, then the version check, then the audit
    /// event with the fields that changed, then the clients the change shrinks (`change` returns
    /// them with their cause), each with its own event. A change that changes nothing writes
    /// nothing. Returns the user as written.
    func changeUser(_ actor: ActorRef, _ id: UserID, expectedVersion: Int64?, action: String,
                    _ change: (Database, ActorContext, User) throws -> [(ClientImpact, String)]) throws -> User {
        try store.write { db in
            try changeUser(db, try Self.context(db, actor), id, expectedVersion: expectedVersion, action: action, change)
        }
    }

    /// The same, inside the caller's transaction (an import makes many changes in one).
    func changeUser(_ db: Database, _ ctx: ActorContext, _ id: UserID, expectedVersion: Int64?, action: String,
                    _ change: (Database, ActorContext, User) throws -> [(ClientImpact, String)]) throws -> User {
        let user = try requireUser(db, id)
        try checkFresh(db, version: user.version, expected: expectedVersion, targetType: "user", id: id, name: user.login)
        let before = try userFields(db, user)
        let shrinks = try change(db, ctx, user)
        let diff = Audit.diff(before, try userFields(db, try requireUser(db, id)))
        guard !diff.before.isEmpty || !diff.after.isEmpty else { return user }
        try bumpVersion(db, table: "user", id: id, expected: expectedVersion, targetType: "user", name: user.login)
        try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: action, targetType: "user",
                         targetID: String(id), targetName: user.login, before: diff.before, after: diff.after)
        for (impact, cause) in shrinks { try shrinkClient(db, ctx, impact, cause: cause) }
        return try requireUser(db, id)
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
        fields["sshKeys"] = try Q.sshKeys(db, user: user.id).map { $0.comment.isEmpty ? $0.fingerprint : "\($0.fingerprint) \($0.comment)" }
            .joined(separator: "; ")
        return fields
    }
}
