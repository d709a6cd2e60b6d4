import Crypto
import Foundation
import GRDB
import IDMDomain

extension Q {
    /// A user's keys, oldest first.
    public static func sshKeys(_ db: Database, user: UserID) throws -> [SSHKey] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT \(SSHKeys.columns) FROM ssh_key WHERE user_id = ? ORDER BY id"),
                         arguments: [user]).map(Decode.sshKey)
    }

    /// The key with this fingerprint, whoever holds it (one row at most: the column is UNIQUE).
    public static func sshKey(_ db: Database, fingerprint: String) throws -> SSHKey? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(SSHKeys.columns) FROM ssh_key WHERE fingerprint = ?"),
                         arguments: [fingerprint]).map(Decode.sshKey)
    }
}

/// `SHA256:` and the unpadded base64 of the SHA-256 of the key's wire form: what `ssh-keygen -l`
/// prints and sshd logs, so an admin can match the two.
public enum SSHFingerprint {
    public static func of(_ key: SSHPublicKey) -> String {
        let digest = Data(SHA256.hash(data: key.blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}
