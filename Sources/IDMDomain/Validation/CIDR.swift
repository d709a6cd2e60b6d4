/// An IP network: an IPv4 or IPv6 address and a prefix length, always in network form (no bits
/// set past the prefix), so two equal networks compare and hash equal whatever their spelling.
public struct CIDR: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Family: Sendable { case ipv4, ipv6 }

    public let family: Family
    /// 4 bytes for IPv4, 16 for IPv6, network byte order.
    public let address: [UInt8]
    /// 0-32 for IPv4, 0-128 for IPv6.
    public let prefix: Int

    /// The parser is the only way in, so the invariants above always hold.
    init(family: Family, address: [UInt8], prefix: Int) {
        self.family = family
        self.address = address
        self.prefix = prefix
    }

    /// Strict parse of an address with an optional prefix ("192.0.2.0/24", "2001:db8::1"):
    /// surrounding whitespace is trimmed; nil when the text is not a valid network, including
    /// when host bits are set. `Validate.cidr` gives the reason.
    public init?(parsing text: String) {
        guard case .success(let cidr) = CIDRParser.parse(text) else { return nil }
        self = cidr
    }

    /// Canonical text, prefix always shown: "192.0.2.1/32", "2001:db8::/32" (RFC 5952),
    /// "::ffff:192.0.2.1/128" for an IPv4-mapped address.
    public var description: String {
        let text = family == .ipv4 ? IPv4Text.format(address) : IPv6Text.format(address)
        return "\(text)/\(prefix)"
    }

    /// Whether every address of `other` is in this network. Families never mix: an IPv4 network
    /// does not contain the IPv4-mapped IPv6 form of its addresses, because a client connects
    /// with one or the other and an allowlist entry matches only its own family.
    public func contains(_ other: CIDR) -> Bool {
        family == other.family
            && prefix <= other.prefix
            && CIDRBits.masked(other.address, prefix: prefix) == address
    }
}

/// Bit arithmetic on addresses, shared by the parser (host-bit check) and `contains`.
enum CIDRBits {
    /// `address` with every bit past the first `prefix` bits cleared.
    static func masked(_ address: [UInt8], prefix: Int) -> [UInt8] {
        address.enumerated().map { index, byte in
            let bitsKept = min(max(prefix - index * 8, 0), 8)
            let mask: UInt8 = bitsKept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsKept))
            return byte & mask
        }
    }
}
