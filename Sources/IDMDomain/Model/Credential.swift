import Foundation

/// A client token and secret. The secret itself is never stored: only a salted hash and its last
/// four characters, so a person can recognise it.
public struct Credential: Equatable, Hashable, Sendable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active = "ACTIVE"
        case inactive = "INACTIVE"
        /// Final: a deleted credential never comes back [v3].
        case deleted = "DELETED"
    }

    public let id: CredentialID
    public let clientID: ClientID
    public var clientToken: String
    public var secretLast4: String
    public var status: Status
    public var createdAt: Date
    public var expiresAt: Date
    public var description: String
    public var version: Int64

    public init(id: CredentialID, clientID: ClientID, clientToken: String, secretLast4: String, status: Status,
                createdAt: Date, expiresAt: Date, description: String = "", version: Int64 = 1) {
        self.id = id
        self.clientID = clientID
        self.clientToken = clientToken
        self.secretLast4 = secretLast4
        self.status = status
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.description = description
        self.version = version
    }

    /// At most this many non-deleted credentials per client [ours]: two allow a rotation with overlap.
    public static let maximumPerClient = 2
    /// Default lifetime: two years from creation [v3].
    public static let defaultLifetimeDays = 730
    /// The longest a credential may live [ours]: the default lifetime.
    public static let maximumLifetimeDays = 730

    /// The first characters of the token, enough to tell credentials apart on screen.
    public var tokenPrefix: String { String(clientToken.prefix(12)) }
}
