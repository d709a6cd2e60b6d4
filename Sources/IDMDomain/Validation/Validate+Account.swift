/// The account a directory is made for, and its contracts: named once, by `idm init`, and then
/// printed in every heading, error ("No user ... in <account>") and list, so they follow the
/// same rules as every other name.
extension Validate {
    /// `Validate.text` on the whole name (the root group is named after it, cut to a group
    /// name's length, but the account keeps all of it): 1-100 characters, no control, line
    /// separator or invisible formatting character anywhere. Returns the trimmed name.
    public static func accountName(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "account", label: "Account name", limits: FieldLimits.accountName)
    }

    /// A contract id, e.g. `C-ACME-WEB` or `ctr_1-5C13O2`: ASCII letters, digits, '-' and '_',
    /// starting with a letter or digit, 1-50 characters after trimming. Case is kept.
    public static func contractID(_ s: String) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(s)
        func fail(_ message: String) -> Result<String, ValidationError> {
            .failure(ValidationError(field: "contract", message: message))
        }
        for character in trimmed where !isContractCharacter(character) {
            return fail("Contract id may use only letters A-Z, digits 0-9, '-' and '_'; \(TextScan.quoted(String(character))) is not allowed.")
        }
        let count = trimmed.count
        guard FieldLimits.contractID.contains(count) else {
            return fail(lengthMessage(label: "Contract id", count: count, limits: FieldLimits.contractID))
        }
        if let first = trimmed.first, !(first.isASCII && (first.isLetter || first.isNumber)) {
            return fail("Contract id must start with a letter or digit (it starts with \(TextScan.quoted(String(first)))).")
        }
        return .success(trimmed)
    }

    private static func isContractCharacter(_ c: Character) -> Bool {
        guard c.isASCII, let v = c.asciiValue else { return false }
        switch v {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
