import Foundation

/// One recorded change: who, what, when, and the fields before and after (never a secret).
public struct AuditEvent: Equatable, Sendable, Codable {
    public let id: Int64
    public let time: Date
    public let actorLogin: String
    public let accountID: AccountID?
    public let action: String
    public let targetType: String
    public let targetID: String
    public let targetName: String
    /// Changed fields only, as JSON objects (empty object when there is no before or after).
    public let before: [String: String]
    public let after: [String: String]
    /// The operating-system user who acted as `actorLogin` without being bound to it (the
    /// database file's owner); nil for a user acting as themselves.
    public let osUser: String?
    /// Made over SSH under idm's forced command: the client's address and port, and the
    /// fingerprint of the key it logged in with.
    public let sshClient: String?
    public let sshKey: String?
    /// What brought the change in ("import akamai"), nil for an ordinary act.
    public let via: String?

    public init(id: Int64, time: Date, actorLogin: String, accountID: AccountID?, action: String, targetType: String,
                targetID: String, targetName: String, before: [String: String], after: [String: String], osUser: String? = nil,
                sshClient: String? = nil, sshKey: String? = nil, via: String? = nil) {
        self.via = via
        self.osUser = osUser
        self.sshClient = sshClient
        self.sshKey = sshKey
        self.id = id
        self.time = time
        self.actorLogin = actorLogin
        self.accountID = accountID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.targetName = targetName
        self.before = before
        self.after = after
    }
}
