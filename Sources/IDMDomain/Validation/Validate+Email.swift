/// Email addresses, pragmatically: the dot-atom form of RFC 5322 that real mailboxes use, not
/// quoted local parts, comments or address literals, which no notification list needs and which
/// are hard to read back in a terminal. ASCII only (an internationalized domain must be given
/// in its xn-- form), so what is stored is exactly what is shown.
extension Validate {
    /// One address: exactly one @; local part 1-64 characters of atext and dots, no dot at either
    /// end nor two in a row; domain of dot-separated labels [a-z0-9-], 1-63 characters each, not
    /// starting or ending with '-', at least two labels, the last not all digits; 254 characters
    /// in all. Returns the trimmed address with the domain lowercased (the local part keeps its
    /// case: RFC 5321 lets the receiving server treat it as case-sensitive).
    public static func email(_ s: String) -> Result<String, ValidationError> {
        emailAddress(s, field: "email")
    }

    /// A pasted list of addresses separated by commas, semicolons, spaces or newlines. Empty
    /// entries are skipped; duplicates are dropped, first spelling kept. Duplicates are found
    /// ignoring case, since no mail system in practice delivers `Bob@x.com` and `bob@x.com` to
    /// different people and a notification should not arrive twice. The error names the first
    /// bad entry. An empty list is valid (`notificationEmails` may be empty in v3).
    public static func emailList(_ s: String) -> Result<[String], ValidationError> {
        var result: [String] = []
        var seen: Set<String> = []
        for entry in TextScan.splitList(s, separators: [",", ";"]) {
            switch emailAddress(entry, field: "notificationEmails") {
            case .failure(let error):
                return .failure(error)
            case .success(let address):
                if seen.insert(address.lowercased()).inserted { result.append(address) }
            }
        }
        return .success(result)
    }

    static let emailMaxLength = 254
    static let emailLocalMaxLength = 64
    static let domainLabelMaxLength = 63

    private static func emailAddress(_ s: String, field: String) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(s)
        func fail(_ reason: String) -> Result<String, ValidationError> {
            .failure(ValidationError(
                field: field,
                message: "\(TextScan.quoted(trimmed)) is not a valid email address: \(reason)"
            ))
        }
        if trimmed.isEmpty {
            return .failure(ValidationError(field: field, message: "Enter an email address, e.g. name@example.com."))
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1 { return fail("it has no @.") }
        if parts.count > 2 { return fail("it has more than one @.") }
        let local = parts[0], domain = parts[1]

        if local.isEmpty { return fail("there is nothing before the @.") }
        if domain.isEmpty { return fail("there is nothing after the @.") }
        if let bad = local.first(where: { !isAtext($0) && $0 != "." }) {
            return fail("the part before the @ contains \(TextScan.quoted(String(bad))), which is not allowed.")
        }
        if local.count > emailLocalMaxLength {
            return fail("the part before the @ has \(local.count) characters; the limit is \(emailLocalMaxLength).")
        }
        if local.hasPrefix(".") { return fail("the part before the @ starts with a dot.") }
        if local.hasSuffix(".") { return fail("the part before the @ ends with a dot.") }
        if local.contains("..") { return fail("the part before the @ has two dots in a row.") }

        if let reason = domainProblem(domain) { return fail(reason) }
        if trimmed.count > emailMaxLength {
            return fail("it has \(trimmed.count) characters; the limit is \(emailMaxLength).")
        }
        return .success("\(local)@\(domain.lowercased())")
    }

    /// Why `domain` is not a usable host name, or nil.
    private static func domainProblem(_ domain: Substring) -> String? {
        if let bad = domain.first(where: { !isHostCharacter($0) && $0 != "." }) {
            return "the domain contains \(TextScan.quoted(String(bad))); use letters, digits, '-' and dots (an internationalized domain in its xn-- form)."
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return "the domain \(TextScan.quoted(String(domain))) has no dot." }
        if domain.hasPrefix(".") { return "the domain starts with a dot." }
        if domain.hasSuffix(".") { return "the domain ends with a dot." }
        for label in labels {
            if label.isEmpty { return "the domain has two dots in a row." }
            if label.count > domainLabelMaxLength {
                return "the domain part \(TextScan.quoted(String(label))) has \(label.count) characters; the limit is \(domainLabelMaxLength)."
            }
            if label.hasPrefix("-") { return "the domain part \(TextScan.quoted(String(label))) starts with '-'." }
            if label.hasSuffix("-") { return "the domain part \(TextScan.quoted(String(label))) ends with '-'." }
        }
        // No top-level domain is numeric (RFC 3696 §2); "a@1.2.3.4" is an IP literal without its
        // brackets, which mail servers do not accept.
        if let tld = labels.last, tld.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "the last part of the domain, \(TextScan.quoted(String(tld))), is all digits."
        }
        return nil
    }

    /// RFC 5322 atext: ASCII letters, digits and !#$%&'*+-/=?^_`{|}~
    private static func isAtext(_ c: Character) -> Bool {
        guard c.isASCII, let v = c.asciiValue else { return false }
        if isAlphanumeric(v) { return true }
        return "!#$%&'*+-/=?^_`{|}~".utf8.contains(v)
    }

    private static func isHostCharacter(_ c: Character) -> Bool {
        guard c.isASCII, let v = c.asciiValue else { return false }
        return isAlphanumeric(v) || v == UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ v: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(v)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(v)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(v)
    }
}
