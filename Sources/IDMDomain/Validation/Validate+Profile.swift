/// A user's profile fields [v3 basic-info]: first and last name 1-50, job title up to 75, an
/// E.164 phone number (optional), a time zone.
extension FieldLimits {
    /// [ours] E.164 allows at most 15 digits; with '+' 16 characters. Optional.
    public static let phoneDigits = 7...15
    /// [ours] The longest IANA zone name is under 40 characters.
    public static let timeZone = 1...40
}

extension Validate {
    public static func firstName(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "firstName", label: "First name", limits: FieldLimits.firstName)
    }

    public static func lastName(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "lastName", label: "Last name", limits: FieldLimits.lastName)
    }

    public static func jobTitle(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "jobTitle", label: "Job title", limits: FieldLimits.jobTitle)
    }

    /// [v3] "ITU-T E.164 format, that is, +country code-area code-subscriber number", or for
    /// Canada and the US ten digits without the country code. Spaces, dashes, dots and
    /// parentheses are accepted as typed and dropped; the stored value is `+` and digits, or the
    /// ten digits. Empty is allowed (the field is optional).
    public static func phone(_ s: String) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(s)
        if trimmed.isEmpty { return .success("") }
        func fail(_ reason: String) -> Result<String, ValidationError> {
            .failure(ValidationError(field: "phone", message: "\(TextScan.quoted(trimmed)) is not a phone number: \(reason)"))
        }
        var digits = ""
        for (i, c) in trimmed.enumerated() {
            if c == "+" && i == 0 { continue }
            if c.isASCII && c.isNumber { digits.append(c); continue }
            if " -.()".contains(c) { continue }
            return fail("\(TextScan.quoted(String(c))) is not allowed; use + and digits, e.g. +441234567891.")
        }
        if trimmed.hasPrefix("+") {
            guard FieldLimits.phoneDigits.contains(digits.count) else {
                return fail("an international number has 7-15 digits after the + (it has \(digits.count)).")
            }
            guard digits.first != "0" else { return fail("the country code cannot start with 0.") }
            return .success("+" + digits)
        }
        guard digits.count == 10 else {
            return fail("start with + and the country code, e.g. +441234567891 (only US and Canadian numbers may be ten digits without it).")
        }
        return .success(digits)
    }

    /// An IANA time zone name such as `UTC`, `Europe/Paris` or `America/Argentina/Buenos_Aires`,
    /// checked by its shape (the domain library reads no zone database): letters, digits, '_',
    /// '-' and '+' in parts separated by '/'.
    public static func timeZone(_ s: String) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(s)
        func fail(_ reason: String) -> Result<String, ValidationError> {
            .failure(ValidationError(field: "timeZone", message: reason))
        }
        guard FieldLimits.timeZone.contains(trimmed.count) else {
            return fail(lengthMessage(label: "Time zone", count: trimmed.count, limits: FieldLimits.timeZone))
        }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            guard let first = part.first, first.isASCII, first.isLetter,
                  part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-+".contains($0)) }) else {
                return fail("\(TextScan.quoted(trimmed)) is not a time zone name; use one like UTC or Europe/Paris.")
            }
        }
        return .success(trimmed)
    }
}
