/// The login (username): ASCII so it can be typed anywhere and compared without Unicode
/// normalization; lowercased so `Alice` and `alice` are the same person. IAM v3 usernames
/// (`uiUserName`) are often email addresses (`jsmith@example.com`), so a login is either a plain
/// name or an email address.
extension Validate {
    /// A plain login: letters a-z (upper case accepted and lowercased), digits 0-9, '.', '_' and
    /// '-'; starts with a letter or digit; 1-64 characters after trimming. Or an email-shaped
    /// one: an address `Validate.email` accepts, whose part before the @ uses only those
    /// characters and '+' [ours: none of atext's quotes, `$`, `|` or backquote, which would need
    /// quoting in every shell line a login reaches, such as sshd's forced command]. Returns the
    /// whole login lowercased.
    public static func login(_ s: String) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(s)
        func fail(_ message: String) -> Result<String, ValidationError> {
            .failure(ValidationError(field: "login", message: message))
        }
        if trimmed.contains("@") { return emailLogin(trimmed) }

        for character in trimmed where !isLoginCharacter(character) {
            return fail("Login may use only letters a-z, digits 0-9, '.', '_' and '-', or be an email address; \(TextScan.quoted(String(character))) is not allowed.")
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

    /// `name@example.com` as a login: the address's own rules (one @, the domain's labels, 254
    /// characters in all), then the narrower local part.
    private static func emailLogin(_ trimmed: String) -> Result<String, ValidationError> {
        switch email(trimmed) {
        case .failure(let error):
            return .failure(ValidationError(field: "login", message: "Login \(error.message)"))
        case .success(let address):
            let local = address.prefix(while: { $0 != "@" })
            if let bad = local.first(where: { !isLoginCharacter($0) && $0 != "+" }) {
                return .failure(ValidationError(field: "login",
                    message: "An email-shaped login may use only letters a-z, digits 0-9, '.', '_', '-' and '+' before the @; \(TextScan.quoted(String(bad))) is not allowed."))
            }
            if let first = local.first, !(first.isLetter || first.isNumber) {
                return .failure(ValidationError(field: "login",
                    message: "Login must start with a letter or digit (it starts with \(TextScan.quoted(String(first))))."))
            }
            return .success(address.lowercased())
        }
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
