/// Turns text into a `CIDR`, or into the message that says what is wrong with it. Both
/// `CIDR(parsing:)` and `Validate.cidr` go through here, so they can never disagree.
enum CIDRParser {
    static func parse(_ input: String) -> Result<CIDR, ValidationError> {
        let text = TextScan.trimmingWhitespace(input)
        let shown = TextScan.quoted(text)
        func fail(_ message: String) -> Result<CIDR, ValidationError> {
            .failure(ValidationError(field: "cidr", message: message))
        }
        if text.isEmpty {
            return fail("Enter an IP address or CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32.")
        }

        let pieces = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let addressText = pieces[0]
        let prefixText = pieces.count == 2 ? pieces[1] : nil

        // The family decides the messages, so find it from the characters used.
        let family: CIDR.Family
        if addressText.contains(":") {
            family = .ipv6
            if let percent = addressText.firstIndex(of: "%") {
                return fail("\(shown) is not a valid IPv6 address: zone ids are not allowed in an allowlist; remove \(TextScan.quoted(String(addressText[percent...]))).")
            }
        } else if !addressText.isEmpty, addressText.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            family = .ipv4
        } else {
            return fail("\(shown) is not an IP address or CIDR block; enter e.g. 192.0.2.0/24 or 2001:db8::/32.")
        }
        let familyName = family == .ipv4 ? "IPv4" : "IPv6"
        let maxPrefix = family == .ipv4 ? 32 : 128

        let parsed = family == .ipv4 ? IPv4Text.parse(addressText) : IPv6Text.parse(addressText)
        let address: [UInt8]
        switch parsed {
        case .failure(let reason): return fail("\(shown) is not a valid \(familyName) address: \(reason.text)")
        case .success(let bytes): address = bytes
        }

        var prefix = maxPrefix
        if let prefixText {
            switch parsePrefix(prefixText, max: maxPrefix) {
            case .failure(let reason): return fail("\(shown) is not a valid \(familyName) CIDR block: \(reason.text)")
            case .success(let value): prefix = value
            }
        }

        let network = CIDRBits.masked(address, prefix: prefix)
        let cidr = CIDR(family: family, address: network, prefix: prefix)
        if network != address {
            // Refused rather than silently masked: "10.1.2.3/8" usually means a typo in the
            // prefix, and quietly allowing all of 10.0.0.0/8 would widen access.
            return fail("\(text) has host bits set; did you mean \(cidr)?")
        }
        return .success(cidr)
    }

    /// Decimal 0...max without leading zeros ("/08" is refused like the octet "08").
    private static func parsePrefix(_ text: Substring, max: Int) -> Result<Int, ParseReason> {
        if text.isEmpty { return .failure("there is nothing after the '/'; give a prefix length 0-\(max).") }
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return .failure("the prefix \(TextScan.quoted(String(text))) is not a number 0-\(max).")
        }
        if text.count > 1 && text.hasPrefix("0") {
            return .failure("the prefix \(TextScan.quoted(String(text))) has a leading zero; write it without the zero.")
        }
        guard text.count <= 3, let value = Int(text), value <= max else {
            return .failure("the prefix \(text) is above \(max), the maximum for \(max == 32 ? "IPv4" : "IPv6").")
        }
        return .success(value)
    }
}

/// Why a piece of address text was refused: a sentence ending in a period, to follow
/// "\"x\" is not a valid IPv4 address: ". Written as a string literal at the failure site.
struct ParseReason: Error, Equatable, ExpressibleByStringInterpolation {
    let text: String
    init(stringLiteral value: String) { text = value }
}
