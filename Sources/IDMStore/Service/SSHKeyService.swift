import Foundation
import GRDB
import IDMDomain

/// SSH keys (issue 13): added and removed through the user's change template, so each is one
/// transaction with the policy, the user's version and an audit event whose before and after
/// name the keys (`sshKeys`: fingerprints and comments).
extension DirectoryService {
    /// At most this many keys per user [ours]: a laptop, a desktop, a security key and spares.
    public static let maximumSSHKeysPerUser = 16

    @discardableResult
    public func addSSHKey(_ actor: ActorRef, user id: UserID, line: String, expectedVersion: Int64? = nil) throws -> SSHKey {
        let parsed: SSHPublicKey
        switch SSHPublicKey.parse(line: line) {
        case .success(let key): parsed = key
        case .failure(let error): throw IDMError.invalid(error)
        }
        let fingerprint = SSHFingerprint.of(parsed)
        _ = try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.ssh-key.add") { db, ctx, user in
            try Decide.enforce(db, ctx, .manageSSHKeys(id))
            if let held = try Q.sshKey(db, fingerprint: fingerprint) {
                // Who holds it is not said for another user: a key names one person only.
                throw IDMError.alreadyExists(held.userID == id
                    ? "\(user.login) already has the key \(fingerprint)."
                    : "The key \(fingerprint) is already registered to another user; a key lets in one user only, so each person needs their own.")
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ssh_key WHERE user_id = ?", arguments: [id]) ?? 0
            guard count < Self.maximumSSHKeysPerUser else {
                throw IDMError.invalid(ValidationError(field: "sshKey",
                    message: "\(user.login) has \(count) SSH keys, the most a user may have; remove one first."))
            }
            try db.execute(sql: """
                INSERT INTO ssh_key (user_id, type, key, comment, fingerprint, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, parsed.type.rawValue, parsed.base64, parsed.comment, fingerprint, ctx.login, now.timeIntervalSince1970])
            return []
        }
        return try store.read { db in try Q.sshKey(db, fingerprint: fingerprint) }!
    }

    /// `fingerprint` as `ssh-keygen -l` prints it, with or without `SHA256:`.
    public func removeSSHKey(_ actor: ActorRef, user id: UserID, fingerprint typed: String, expectedVersion: Int64? = nil) throws {
        guard let fingerprint = SSHPublicKey.normalizedFingerprint(typed) else {
            throw IDMError.invalid(ValidationError(field: "fingerprint",
                message: "A fingerprint looks like SHA256: and 43 characters (`idm ssh keys list LOGIN` shows them)."))
        }
        _ = try changeUser(actor, id, expectedVersion: expectedVersion, action: "user.ssh-key.remove") { db, ctx, user in
            try Decide.enforce(db, ctx, .manageSSHKeys(id))
            guard let key = try Q.sshKey(db, fingerprint: fingerprint), key.userID == id else {
                throw IDMError.notFound("\(user.login) has no key \(fingerprint); `idm ssh keys list \(user.login)` shows theirs.")
            }
            try db.execute(sql: "DELETE FROM ssh_key WHERE id = ?", arguments: [key.id])
            return []
        }
    }

    /// A login through idm's forced command: the key must still be `login`'s and the user not
    /// locked (sshd asked `idm ssh authorized-keys` a moment ago; either may have changed since).
    /// Records when the key was last used; that is no change to the directory, so no event.
    public func sshLogin(login: String, fingerprint: String) throws {
        try store.write { db in
            guard let user = try Q.user(db, login: login), let key = try Q.sshKey(db, fingerprint: fingerprint), key.userID == user.id else {
                throw IDMError.denied("The key \(fingerprint) is not \(login)'s (it was removed); ask an admin to add yours.")
            }
            guard !user.locked else { throw IDMError.denied("\(user.login) is locked; ask an admin to unlock you.") }
            try db.execute(sql: "UPDATE ssh_key SET last_used_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, key.id])
        }
    }
}
