import Foundation

/// A user's SSH public key as the directory keeps it: the key OpenSSH offers at login is looked
/// up by its fingerprint (`idm ssh authorized-keys`), and lands its holder in the console as
/// themselves.
public struct SSHKey: Equatable, Sendable, Codable {
    public let id: Int64
    public let userID: UserID
    public let type: String
    /// The key's wire form in base64.
    public let key: String
    public let comment: String
    /// `SHA256:` and the unpadded base64 of the SHA-256 of the wire form, as `ssh-keygen -l` prints.
    public let fingerprint: String
    public let addedBy: String
    public let addedAt: Date
    public let lastUsedAt: Date?

    public init(id: Int64, userID: UserID, type: String, key: String, comment: String, fingerprint: String,
                addedBy: String, addedAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.userID = userID
        self.type = type
        self.key = key
        self.comment = comment
        self.fingerprint = fingerprint
        self.addedBy = addedBy
        self.addedAt = addedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// Where an act came from, as its audit event records it: the OS user acting as someone else
/// (the database file's owner), and under the SSH forced command the client's address and the
/// fingerprint of the key it logged in with.
public struct Origin: Equatable, Sendable {
    public let osUser: String?
    /// `SSH_CONNECTION`'s first two fields: the client's address and port.
    public let sshClient: String?
    /// The key's fingerprint, as the forced command (written by `idm ssh authorized-keys`, never
    /// by the client) gives it with `--ssh-key`.
    public let sshKey: String?
    /// What brought the change in besides a person at a prompt: "import akamai" for every event
    /// of an Akamai IAM v3 import. Nil for an ordinary act.
    public let via: String?

    public init(osUser: String? = nil, sshClient: String? = nil, sshKey: String? = nil, via: String? = nil) {
        self.osUser = osUser
        self.sshClient = sshClient
        self.sshKey = sshKey
        self.via = via
    }

    /// The same origin, brought in by `via` (an import).
    public func via(_ channel: String) -> Origin {
        Origin(osUser: osUser, sshClient: sshClient, sshKey: sshKey, via: channel)
    }

    /// "203.0.113.7 52144" from `SSH_CONNECTION` ("client port server port"); nil when unset or
    /// not of that shape.
    public static func sshClient(fromConnection value: String?) -> String? {
        guard let parts = value?.split(separator: " "), parts.count == 4 else { return nil }
        let address = String(parts[0]), port = String(parts[1])
        guard !address.isEmpty, address.count <= 64, address.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" || $0 == "%" }),
              let p = Int(port), (0...65535).contains(p) else { return nil }
        return "\(address) \(port)"
    }
}
