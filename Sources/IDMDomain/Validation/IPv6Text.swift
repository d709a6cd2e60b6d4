/// IPv6 text: parsed per RFC 4291 §2.2 (full, "::"-compressed, and with an embedded IPv4 tail),
/// printed per RFC 5952 so one network always has one spelling in lists and diffs.
enum IPv6Text {
    /// The sixteen bytes, or the reason (a sentence ending in a period) the text is not an
    /// address. Zone ids ("%eth0") are refused by the caller before this is reached.
    static func parse(_ text: Substring) -> Result<[UInt8], ParseReason> {
        if text.contains(":::") { return .failure("it has three colons in a row.") }

        // Split around the one "::" if any: head groups, then zeros, then tail groups.
        let head: [Substring], tail: [Substring]?
        if let gap = doubleColon(in: text) {
            if doubleColon(in: text[gap.upperBound...]) != nil { return .failure("\"::\" may appear only once.") }
            head = groups(text[..<gap.lowerBound])
            tail = groups(text[gap.upperBound...])
        } else {
            head = groups(text)
            tail = nil
        }

        let all = head + (tail ?? [])
        if all.first?.isEmpty == true && text.hasPrefix(":") { return .failure("it starts with a single ':'.") }
        if all.last?.isEmpty == true && text.hasSuffix(":") { return .failure("it ends with a single ':'.") }
        if all.contains(where: \.isEmpty) { return .failure("it has an empty group.") }

        // An embedded IPv4 address may only be the last thing in the text (not before "::").
        let endsWithGroup = tail.map { !$0.isEmpty } ?? true
        for (index, part) in all.enumerated() where part.contains(".") {
            if !(endsWithGroup && index == all.count - 1) {
                return .failure("the IPv4 part \(TextScan.quoted(String(part))) may only come at the end.")
            }
        }

        var headBytes: [UInt8] = [], tailBytes: [UInt8] = []
        for (parts, isTail) in [(head, false), (tail ?? [], true)] {
            for part in parts {
                switch parseGroup(part) {
                case .failure(let reason): return .failure(reason)
                case .success(let bytes):
                    if isTail { tailBytes += bytes } else { headBytes += bytes }
                }
            }
        }

        let groupCount = (headBytes.count + tailBytes.count) / 2
        if tail == nil {
            if groupCount != 8 {
                return .failure("it has \(groupCount) groups; an IPv6 address has 8 (use \"::\" for a run of zero groups).")
            }
            return .success(headBytes)
        }
        // "::" stands for at least one zero group (RFC 4291), so at most 7 may be written.
        if groupCount > 7 {
            return .failure("it has \(groupCount) groups besides \"::\"; with \"::\" there can be at most 7.")
        }
        return .success(headBytes + [UInt8](repeating: 0, count: 16 - headBytes.count - tailBytes.count) + tailBytes)
    }

    /// Where the first "::" is (no Foundation `range(of:)` in this module).
    private static func doubleColon(in text: Substring) -> Range<Substring.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if next < text.endIndex && text[index] == ":" && text[next] == ":" {
                return index..<text.index(after: next)
            }
            index = next
        }
        return nil
    }

    private static func groups(_ text: Substring) -> [Substring] {
        text.isEmpty ? [] : text.split(separator: ":", omittingEmptySubsequences: false)
    }

    /// A hex group (2 bytes) or an embedded IPv4 address (4 bytes).
    private static func parseGroup(_ part: Substring) -> Result<[UInt8], ParseReason> {
        if part.contains(".") {
            return IPv4Text.parse(part).mapError { "in the IPv4 part, \($0.text)" }
        }
        guard part.utf8.allSatisfy(isHexDigit) else {
            return .failure("\(TextScan.quoted(String(part))) is not a hexadecimal group (0-9, a-f).")
        }
        guard part.count <= 4, let value = UInt16(part, radix: 16) else {
            return .failure("the group \(TextScan.quoted(String(part))) has more than 4 hex digits.")
        }
        return .success([UInt8(value >> 8), UInt8(value & 0xFF)])
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
    }

    /// RFC 5952: lowercase hex, no leading zeros, the longest run of two or more zero groups
    /// written "::" (the first such run on a tie), and an IPv4-mapped address (::ffff:0:0/96)
    /// written with its IPv4 part dotted (§5).
    static func format(_ bytes: [UInt8]) -> String {
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return "::ffff:" + IPv4Text.format(Array(bytes[12..<16]))
        }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }

        var best: Range<Int>? = nil
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index >= 2 && end - index > (best?.count ?? 0) { best = index..<end }
            index = end
        }

        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard let run = best else { return hex(0..<8) }
        return hex(0..<run.lowerBound) + "::" + hex(run.upperBound..<8)
    }
}
