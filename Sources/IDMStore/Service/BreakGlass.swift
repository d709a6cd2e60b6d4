import Foundation
import GRDB
import IDMDomain

/// Rule 14's way back from a lost last Admin: the operating-system user who owns the database
/// file (who can rewrite the file anyway, as root can) grants Admin on every contract root of
/// a user's account and unlocks them. No idm user acts, so no policy is asked; the file's
/// ownership is the authority, and the audit event says so and names that OS user.
extension DirectoryService {
    /// The owner's uid of the database file.
    public func databaseOwner() throws -> uid_t {
        var info = stat()
        guard stat(store.path, &info) == 0 else {
            throw IDMError.notFound("Cannot read the owner of \(store.path): \(String(cString: strerror(errno))).")
        }
        return info.st_uid
    }

    /// Grants the account's standard Admin role on every contract root to `login` and unlocks
    /// them, in one transaction. `callerUID` must own the database file.
    @discardableResult
    public func recoverAdmin(login: String, osUser: String, callerUID: uid_t) throws -> [String] {
        let owner = try databaseOwner()
        guard owner == callerUID else {
            let name = getpwuid(owner).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(owner)"
            throw IDMError.denied("Only the owner of \(store.path) (\(name)) can recover an Admin; you are \(osUser).")
        }
        return try store.write { db in
            guard let user = try Q.user(db, login: login) else {
                throw IDMError.notFound("No user \"\(login)\" in this directory.")
            }
            guard let adminRole = try RoleID.fetchOne(db, sql: """
                SELECT r.id FROM role r JOIN role_permission p ON p.role_id = r.id AND p.permission = 'admin'
                WHERE r.account_id = ? AND r.is_standard = 1 ORDER BY r.id LIMIT 1
                """, arguments: [user.accountID]) else {
                throw IDMError.notFound("The account of \(user.login) has no standard Admin role.")
            }
            let tree = try Q.tree(db, account: user.accountID)
            let roots = tree.contractIDs.flatMap { tree.rootGroups(of: $0) }
            let before = try userFields(db, user)
            for root in roots {
                try db.execute(sql: "INSERT OR REPLACE INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)",
                               arguments: [user.id, root, adminRole])
            }
            try db.execute(sql: "UPDATE user SET locked = 0, version = version + 1 WHERE id = ?", arguments: [user.id])
            let diff = Audit.diff(before, try userFields(db, try requireUser(db, user.id)))
            var after = diff.after
            after["breakGlass"] = "Admin on every contract root, granted by the database file's owner"
            try Audit.append(db, time: now, actor: Self.systemActor, origin: Origin(osUser: osUser), account: user.accountID, action: "admin.recover",
                             targetType: "user", targetID: String(user.id), targetName: user.login, before: diff.before, after: after)
            return roots.map { tree.path(of: $0) }
        }
    }
}
