import Foundation

/// An OpenSSH public key, parsed and checked (never trusted as text): the line an admin pastes
/// (`ssh-ed25519 AAAA... alice@laptop`, as in a `.pub` file) or the type and base64 that sshd
/// hands `AuthorizedKeysCommand` (`%t %k`). The base64 decodes to the key's wire form (RFC 4253
/// §6.6), whose own type must be the line's and whose fields must have their sizes; nothing
/// may follow them.
public struct SSHPublicKey: Equatable, Sendable {
    public enum KeyType: String, CaseIterable, Sendable {
        case ed25519 = "ssh-ed25519"
        case rsa = "ssh-rsa"
        case ecdsa256 = "ecdsa-sha2-nistp256"
        case ecdsa384 = "ecdsa-sha2-nistp384"
        case ecdsa521 = "ecdsa-sha2-nistp521"
        case skEd25519 = "sk-ssh-ed25519@openssh.com"
        case skEcdsa256 = "sk-ecdsa-sha2-nistp256@openssh.com"

        /// For narrow columns: "ed25519", "rsa", "ecdsa-p256", "sk-ed25519".
        public var shortName: String {
            switch self {
            case .ed25519: return "ed25519"
            case .rsa: return "rsa"
            case .ecdsa256: return "ecdsa-p256"
            case .ecdsa384: return "ecdsa-p384"
            case .ecdsa521: return "ecdsa-p521"
            case .skEd25519: return "sk-ed25519"
            case .skEcdsa256: return "sk-ecdsa"
            }
        }
    }

    public let type: KeyType
    /// The wire form (what the fingerprint hashes).
    public let blob: [UInt8]
    /// `blob` in base64, as the line and `authorized_keys` write it.
    public let base64: String
    public let comment: String
    /// RSA: the modulus's length in bits; others: the curve's.
    public let bits: Int

    /// RSA keys shorter than this are refused [ours: NIST SP 800-131A's floor; OpenSSH's own is 1024].
    public static let minimumRSABits = 2048
    public static let maximumCommentLength = 200
    /// A line longer than any key idm accepts (an RSA key of 16,384 bits is about 2,800 characters).
    public static let maximumLineLength = 8192

    static func fail(_ message: String) -> ValidationError { ValidationError(field: "sshKey", message: message) }

    /// A public key line: `TYPE BASE64 [COMMENT]`, one line, no `authorized_keys` options.
    public static func parse(line raw: String) -> Result<SSHPublicKey, ValidationError> {
        let text = TextScan.trimmingWhitespace(raw)
        if text.isEmpty { return .failure(fail("Paste a public key line, such as the contents of ~/.ssh/id_ed25519.pub.")) }
        if text.utf8.count > maximumLineLength {
            return .failure(fail("That is \(text.utf8.count) bytes; a public key line is at most \(maximumLineLength)."))
        }
        if text.contains("PRIVATE KEY") {
            return .failure(fail("That is a private key: never paste it anywhere. Give the public key, the line in the .pub file."))
        }
        if text.contains(where: { $0 == "\n" || $0 == "\r" }) {
            return .failure(fail("One key per line: the text holds more than one line."))
        }
        let parts = text.split(maxSplits: 2, omittingEmptySubsequences: true, whereSeparator: { $0 == " " || $0 == "\t" })
        let first = String(parts[0])
        guard let type = KeyType(rawValue: first) else {
            if first.contains("=") || first.contains(",") || optionNames.contains(first.lowercased()) {
                return .failure(fail("The line starts with authorized_keys options (\(TextScan.quoted(String(first.prefix(40))))); give the public key alone: idm writes the options itself."))
            }
            if first.hasSuffix("-cert-v01@openssh.com") {
                return .failure(fail("SSH certificates are not accepted; give the plain public key."))
            }
            return .failure(fail("Unknown key type \(TextScan.quoted(String(first.prefix(40)))); idm accepts \(KeyType.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        guard parts.count >= 2 else { return .failure(fail("The line has the key type but no key after it.")) }
        let comment = parts.count == 3 ? TextScan.trimmingWhitespace(String(parts[2])) : ""
        if let bad = comment.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0 == "\"" || $0 == "\\" }) {
            let what = bad == "\"" ? "a double quote" : bad == "\\" ? "a backslash" : "a control character"
            return .failure(fail("The key's comment may not contain \(what)."))
        }
        if comment.count > maximumCommentLength {
            return .failure(fail("The key's comment is \(comment.count) characters; at most \(maximumCommentLength)."))
        }
        return parse(type: type, base64: String(parts[1]), comment: comment)
    }

    /// What sshd gives `AuthorizedKeysCommand`: the type (`%t`) and the base64 key (`%k`).
    public static func parse(type: String, base64: String) -> Result<SSHPublicKey, ValidationError> {
        guard let type = KeyType(rawValue: type) else {
            return .failure(fail("Unknown key type \(TextScan.quoted(String(type.prefix(40))))."))
        }
        return parse(type: type, base64: base64, comment: "")
    }

    private static func parse(type: KeyType, base64: String, comment: String) -> Result<SSHPublicKey, ValidationError> {
        // Canonical base64 only: decoding and encoding again gives the same text, so one key
        // has one spelling (and one row).
        guard let data = Data(base64Encoded: base64), data.base64EncodedString() == base64 else {
            return .failure(fail("The key is not valid base64; copy the whole line from the .pub file."))
        }
        var reader = WireReader(bytes: [UInt8](data))
        do {
            let named = try reader.string()
            guard named == Array(type.rawValue.utf8) else {
                let inside = String(decoding: named.prefix(40), as: UTF8.self)
                return .failure(fail("The key says it is \(TextScan.quoted(inside)) but the line says \(type.rawValue)."))
            }
            let bits = try fields(of: type, &reader)
            guard reader.atEnd else { return .failure(fail("The key has \(reader.remaining) bytes after its end; it is not a \(type.rawValue) key.")) }
            return .success(SSHPublicKey(type: type, blob: reader.bytes, base64: base64, comment: comment, bits: bits))
        } catch let error as ValidationError {
            return .failure(error)
        } catch {
            return .failure(fail("The key is cut short; copy the whole line from the .pub file."))
        }
    }

    /// Reads the fields after the type; returns the key's size in bits.
    private static func fields(of type: KeyType, _ r: inout WireReader) throws -> Int {
        switch type {
        case .ed25519, .skEd25519:
            let key = try r.string()
            guard key.count == 32 else { throw fail("An ed25519 key is 32 bytes; this one is \(key.count).") }
            if type == .skEd25519 { _ = try r.string() }  // the FIDO application ("ssh:")
            return 256
        case .rsa:
            let e = try r.string(), n = try r.string()
            guard !e.isEmpty, !n.isEmpty, n[0] & 0x80 == 0, e[0] & 0x80 == 0 else { throw fail("The RSA key's numbers are malformed.") }
            let bits = mpintBits(n)
            guard bits >= minimumRSABits else { throw fail("The RSA key has \(bits) bits; idm accepts \(minimumRSABits) or more (ed25519 is better).") }
            return bits
        case .ecdsa256, .ecdsa384, .ecdsa521, .skEcdsa256:
            let (curve, size, bits): (String, Int, Int) = switch type {
            case .ecdsa384: ("nistp384", 97, 384)
            case .ecdsa521: ("nistp521", 133, 521)
            default: ("nistp256", 65, 256)
            }
            guard try r.string() == Array(curve.utf8) else { throw fail("The key's curve is not \(curve).") }
            let point = try r.string()
            guard point.count == size, point.first == 0x04 else { throw fail("The ECDSA key's point is not an uncompressed \(curve) point.") }
            if type == .skEcdsa256 { _ = try r.string() }
            return bits
        }
    }

    private static func mpintBits(_ n: [UInt8]) -> Int {
        guard let first = n.firstIndex(where: { $0 != 0 }) else { return 0 }
        return (n.count - first - 1) * 8 + (8 - n[first].leadingZeroBitCount)
    }

    /// `authorized_keys` option names, so a line that starts with one gets the right message.
    static let optionNames: Set<String> = [
        "agent-forwarding", "cert-authority", "command", "environment", "expiry-time", "from", "no-agent-forwarding",
        "no-port-forwarding", "no-pty", "no-user-rc", "no-x11-forwarding", "permitlisten", "permitopen", "port-forwarding",
        "principals", "pty", "no-touch-required", "verify-required", "restrict", "tunnel", "user-rc", "x11-forwarding",
    ]

    /// A SHA-256 fingerprint as typed, with or without `SHA256:`; nil when it cannot be one.
    public static func normalizedFingerprint(_ typed: String) -> String? {
        let text = TextScan.trimmingWhitespace(typed)
        let body = text.hasPrefix("SHA256:") ? text.dropFirst(7) : Substring(text)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        guard body.count == 43, body.allSatisfy(alphabet.contains) else { return nil }
        return "SHA256:" + body
    }

    /// The line as a `.pub` file holds it.
    public var line: String { comment.isEmpty ? "\(type.rawValue) \(base64)" : "\(type.rawValue) \(base64) \(comment)" }
}

/// Length-prefixed fields of the SSH wire format.
struct WireReader {
    let bytes: [UInt8]
    private var at = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    struct Short: Error {}

    var atEnd: Bool { at == bytes.count }
    var remaining: Int { bytes.count - at }

    mutating func string() throws -> [UInt8] {
        guard remaining >= 4 else { throw Short() }
        let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
        at += 4
        guard length <= remaining else { throw Short() }
        defer { at += length }
        return Array(bytes[at..<at + length])
    }
}
