/// The login (username): ASCII so it can be typed anywhere and compared without Unicode
/// normalization; lowercased so `Alice` and `alice` are the same person.
extension Validate {
    /// Letters a-z (upper case accepted and lowercased), digits 0-9, '.', '_' and '-'; starts
    /// with a letter or digit; 1-64 characters after trimming. Returns the lowercased login.
    public static func login(_ s: String) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(s)
        func fail(_ message: String) -> Result<String, ValidationError> {
            .failure(ValidationError(field: "login", message: message))
        }

        for character in trimmed where !isLoginCharacter(character) {
            return fail("Login may use only letters a-z, digits 0-9, '.', '_' and '-'; \(TextScan.quoted(String(character))) is not allowed.")
        }
        let count = trimmed.count
        guard FieldLimits.login.contains(count) else {
            return fail(lengthMessage(label: "Login", count: count, limits: FieldLimits.login))
        }
        if let first = trimmed.first, !(first.isASCII && (first.isLetter || first.isNumber)) {
            return fail("Login must start with a letter or digit (it starts with \(TextScan.quoted(String(first)))).")
        }
        return .success(trimmed.lowercased())
    }

    private static func isLoginCharacter(_ c: Character) -> Bool {
        guard c.isASCII, let v = c.asciiValue else { return false }
        switch v {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
