/// IPv4 dotted-quad text, strictly: exactly four decimal octets 0-255. Leading zeros are refused
/// because inet_aton and many tools read "010" as octal 8 while others read it as 10; an
/// allowlist entry must not mean different networks to different readers. The short forms
/// inet_aton accepts ("10.1", "0x0a.0.0.1", "167772161") are refused for the same reason.
enum IPv4Text {
    /// The four bytes, or the reason (a sentence ending in a period) the text is not an address.
    static func parse(_ text: Substring) -> Result<[UInt8], ParseReason> {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count != 4 {
            return .failure("it has \(parts.count) \(parts.count == 1 ? "part" : "parts"); an IPv4 address has exactly 4 octets separated by dots.")
        }
        var bytes: [UInt8] = []
        for part in parts {
            if part.isEmpty { return .failure("it has an empty octet (two dots in a row, or a dot at an end).") }
            guard part.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                return .failure("\(TextScan.quoted(String(part))) is not a decimal octet.")
            }
            if part.count > 1 && part.hasPrefix("0") {
                return .failure("octet \(TextScan.quoted(String(part))) has a leading zero, which some systems read as octal; write it without the zero.")
            }
            // Longer than 3 digits cannot be 0-255; checking first also keeps Int parsing safe.
            guard part.count <= 3, let value = Int(part), value <= 255 else {
                return .failure("octet \(part) is above 255.")
            }
            bytes.append(UInt8(value))
        }
        return .success(bytes)
    }

    static func format(_ bytes: [UInt8]) -> String {
        bytes.map(String.init).joined(separator: ".")
    }
}
