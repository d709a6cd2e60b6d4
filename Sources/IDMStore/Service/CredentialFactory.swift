import Crypto
import Foundation

/// A credential as issued: the only moment the secret exists outside the caller's hands.
public struct IssuedCredential: Sendable {
    public let credentialID: Int64
    public let clientName: String
    public let host: String
    public let clientToken: String
    public let accessToken: String
    public let secret: String
    public let expiresAt: Date

    /// As an `.edgerc` section holds it.
    public var edgerc: EdgercCredential {
        EdgercCredential(host: host, clientToken: clientToken, clientSecret: secret, accessToken: accessToken)
    }
}

/// Makes tokens and secrets, and the salted hash that is all the database keeps of a secret.
struct CredentialFactory {
    let entropy: Entropy

    func token(prefix: String) -> String {
        let hex = entropy.bytes(16).map { String(format: "%02x", $0) }.joined()
        return "\(prefix)-\(hex.prefix(16))-\(hex.suffix(16))"
    }

    /// 33 random bytes: 44 base64 characters with no padding, so the last four recognise it.
    func secret() -> String {
        Data(entropy.bytes(33)).base64EncodedString()
    }

    func salt() -> [UInt8] { entropy.bytes(16) }

    static func hash(secret: String, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Data(secret.utf8))
        return Array(hasher.finalize())
    }

    /// The host a client calls: a setting of the directory (the console is not any vendor's).
    func host(suffix: String) -> String {
        let hex = entropy.bytes(8).map { String(format: "%02x", $0) }.joined()
        return "idm-\(hex).\(suffix)"
    }
}
