import XCTest
@testable import IDMDomain

/// Shared by the Validation*Tests files: unwrap a validator's result without a switch per test.
extension Result where Failure == ValidationError {
    var validValue: Success? { try? get() }
    var validationError: ValidationError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// `Validate.text` and the named text fields, and `Validate.login`.
final class ValidationTests: XCTestCase {
    private func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    // MARK: - Trimming

    func testTrimsSurroundingWhitespace() {
        XCTAssertEqual(Validate.groupName("  Ops  ").validValue, "Ops")
        XCTAssertEqual(Validate.groupName("\tOps\n").validValue, "Ops")
        XCTAssertEqual(Validate.groupName("\r\nOps\r\n").validValue, "Ops")
        XCTAssertEqual(Validate.groupName("\u{00A0}Ops\u{3000}").validValue, "Ops", "NBSP and ideographic space trim too")
        XCTAssertEqual(Validate.groupName("Web  Ops").validValue, "Web  Ops", "inner spaces are kept")
    }

    func testEmptyAndBlankAreRequired() {
        for input in ["", "   ", "\n\t "] {
            let error = Validate.groupName(input).validationError
            XCTAssertEqual(error, ValidationError(field: "name", message: "Group name is required; enter 1-50 characters."), "input \(input.debugDescription)")
        }
        XCTAssertEqual(Validate.roleDescription(" ").validationError?.message, "Role description is required; enter 1-250 characters.")
    }

    func testOptionalFieldMayBeEmpty() {
        XCTAssertEqual(Validate.clientDescription("").validValue, "")
        XCTAssertEqual(Validate.clientDescription("   ").validValue, "")
    }

    // MARK: - Length limits at the boundaries

    func testGroupNameBoundaries() {
        XCTAssertEqual(Validate.groupName(repeated("a", 49)).validValue, repeated("a", 49))
        XCTAssertEqual(Validate.groupName(repeated("a", 50)).validValue, repeated("a", 50))
        XCTAssertEqual(Validate.groupName(repeated("a", 51)).validationError,
                       ValidationError(field: "name", message: "Group name must be 1-50 characters (it has 51)."))
        XCTAssertEqual(Validate.groupName("a").validValue, "a")
    }

    func testLengthIsCountedAfterTrimming() {
        XCTAssertNotNil(Validate.groupName("   " + repeated("a", 50) + "   ").validValue)
    }

    func testRoleNameBoundaries() {
        XCTAssertNotNil(Validate.roleName(repeated("r", 69)).validValue)
        XCTAssertNotNil(Validate.roleName(repeated("r", 70)).validValue)
        XCTAssertEqual(Validate.roleName(repeated("r", 71)).validationError?.message, "Role name must be 1-70 characters (it has 71).")
    }

    func testRoleDescriptionBoundaries() {
        XCTAssertNotNil(Validate.roleDescription(repeated("d", 249)).validValue)
        XCTAssertNotNil(Validate.roleDescription(repeated("d", 250)).validValue)
        let error = Validate.roleDescription(repeated("d", 251)).validationError
        XCTAssertEqual(error, ValidationError(field: "description", message: "Role description must be 1-250 characters (it has 251)."))
    }

    func testClientNameBoundaries() {
        XCTAssertNotNil(Validate.clientName(repeated("c", 99)).validValue)
        XCTAssertNotNil(Validate.clientName(repeated("c", 100)).validValue)
        XCTAssertEqual(Validate.clientName(repeated("c", 101)).validationError?.message, "Client name must be 1-100 characters (it has 101).")
        XCTAssertEqual(Validate.clientName("").validationError?.message, "Client name is required; enter 1-100 characters.")
    }

    func testClientDescriptionBoundaries() {
        XCTAssertNotNil(Validate.clientDescription(repeated("d", 250)).validValue)
        XCTAssertEqual(Validate.clientDescription(repeated("d", 251)).validationError,
                       ValidationError(field: "description", message: "Client description must be at most 250 characters (it has 251)."))
    }

    func testFieldLimitsMatchTheSpec() {
        XCTAssertEqual(FieldLimits.groupName, 1...50)
        XCTAssertEqual(FieldLimits.roleName, 1...70)
        XCTAssertEqual(FieldLimits.roleDescription, 1...250)
        XCTAssertEqual(FieldLimits.firstName, 1...50)
        XCTAssertEqual(FieldLimits.lastName, 1...50)
        XCTAssertEqual(FieldLimits.jobTitle, 0...75)
        XCTAssertEqual(FieldLimits.clientName, 1...100)
        XCTAssertEqual(FieldLimits.clientDescription, 0...250)
        XCTAssertEqual(FieldLimits.login, 1...64)
        XCTAssertEqual(FieldLimits.credentialDescription, 0...250)
    }

    func testGenericTextUsesFieldAndLabel() {
        XCTAssertEqual(Validate.text("Jo", field: "firstName", label: "First name", limits: FieldLimits.firstName).validValue, "Jo")
        XCTAssertEqual(Validate.text(repeated("t", 76), field: "jobTitle", label: "Job title", limits: FieldLimits.jobTitle).validationError,
                       ValidationError(field: "jobTitle", message: "Job title must be at most 75 characters (it has 76)."))
        XCTAssertEqual(Validate.text("abc", field: "code", label: "Code", limits: 4...4).validationError?.message,
                       "Code must be exactly 4 characters (it has 3).")
        XCTAssertEqual(Validate.text("", field: "code", label: "Code", limits: 4...4).validationError?.message,
                       "Code is required; enter exactly 4 characters.")
        XCTAssertEqual(Validate.text("ab", field: "code", label: "Code", limits: 3...8).validationError?.message,
                       "Code must be 3-8 characters (it has 2).")
    }

    // MARK: - Characters are counted as people see them

    func testEmojiCountsAsOneCharacter() {
        XCTAssertEqual(Validate.groupName(repeated("🙂", 50)).validValue, repeated("🙂", 50))
        XCTAssertEqual(Validate.groupName(repeated("🙂", 51)).validationError?.message, "Group name must be 1-50 characters (it has 51).")
        // ZWJ sequences, skin tones, flags and keycaps: each is one character.
        for emoji in ["👨‍👩‍👧‍👦", "👩🏽‍💻", "🇫🇷", "1️⃣", "❤️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "👩‍❤️‍👨"] {
            XCTAssertEqual(Validate.groupName(repeated(emoji, 50)).validValue, repeated(emoji, 50), "emoji \(emoji)")
            XCTAssertEqual(Validate.groupName(repeated(emoji, 51)).validationError?.message,
                           "Group name must be 1-50 characters (it has 51).", "emoji \(emoji)")
        }
    }

    func testCombiningMarksCountWithTheirBase() {
        let decomposedE = "e\u{301}"   // é as e + COMBINING ACUTE ACCENT
        XCTAssertNotNil(Validate.groupName(repeated(decomposedE, 50)).validValue)
        XCTAssertNil(Validate.groupName(repeated(decomposedE, 51)).validValue)
    }

    func testNonLatinNamesAreAccepted() {
        for name in ["Équipe réseau", "運用チーム", "فريق العمليات", "צוות", "Команда", "Ops – EMEA"] {
            XCTAssertEqual(Validate.groupName(name).validValue, name)
        }
    }

    // MARK: - Characters that must not reach a terminal

    func testControlCharactersAreRefused() {
        let cases: [(String, String)] = [
            ("Ops\u{07}", "U+0007"),
            ("Op\ts", "U+0009"),
            ("Op\ns", "U+000A"),
            ("Op\rs", "U+000D"),
            ("\u{1B}[31mRed", "U+001B"),
            ("Op\u{7F}s", "U+007F"),            // DEL
            ("Op\u{85}s", "U+0085"),            // C1 NEXT LINE
            ("Op\u{9B}s", "U+009B"),            // C1 CSI
            ("Op\u{00}s", "U+0000"),
        ]
        for (input, code) in cases {
            let error = Validate.groupName(input).validationError
            XCTAssertEqual(error?.field, "name", "input \(input.debugDescription)")
            XCTAssertTrue(error?.message.hasPrefix("Group name contains a control character (\(code)") == true,
                          "input \(input.debugDescription): \(error?.message ?? "accepted")")
        }
    }

    func testControlCharacterMessageGivesThePosition() {
        XCTAssertEqual(Validate.groupName("Ops\u{07}").validationError?.message,
                       "Group name contains a control character (U+0007) at position 4; remove it.")
        XCTAssertEqual(Validate.groupName("🙂🙂\u{07}x").validationError?.message,
                       "Group name contains a control character (U+0007) at position 3; remove it.",
                       "positions count characters, not bytes")
    }

    func testRightToLeftOverrideIsRefused() {
        XCTAssertEqual(Validate.groupName("abc\u{202E}fdp.exe").validationError,
                       ValidationError(field: "name", message: "Group name contains an invisible formatting character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 4; remove it."))
    }

    func testFormatCharactersAreRefused() {
        let cases = [
            "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",   // embeddings and overrides
            "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",               // isolates
            "\u{200E}", "\u{200F}", "\u{061C}",                           // marks
            "\u{200B}", "\u{2060}", "\u{FEFF}", "\u{00AD}",               // zero-width space, word joiner, BOM, soft hyphen
            "\u{200C}", "\u{200D}",                                       // ZWNJ, ZWJ outside emoji
            "\u{E0041}",                                                  // tag outside an emoji
        ]
        for format in cases {
            for input in ["a\(format)b", "\(format)ab", "ab\(format)"] {
                let message = Validate.groupName(input).validationError?.message
                XCTAssertTrue(message?.contains("invisible formatting character") == true,
                              "input \(input.unicodeScalars.map { String($0.value, radix: 16) }): \(message ?? "accepted")")
            }
        }
    }

    func testLineSeparatorsAreRefused() {
        for input in ["a\u{2028}b", "a\u{2029}b"] {
            XCTAssertNotNil(Validate.groupName(input).validationError, input.debugDescription)
        }
    }

    func testJoinerBetweenEmojiAndTextIsRefused() {
        // A joiner after an emoji but before a letter is not an emoji sequence.
        XCTAssertNotNil(Validate.groupName("🙂\u{200D}a").validationError)
        // Nor after a digit, which Unicode also marks as an emoji (keycap base).
        XCTAssertNotNil(Validate.groupName("1\u{200D}🙂").validationError)
    }

    func testNamedValidatorsUseTheirFields() {
        XCTAssertEqual(Validate.roleName("a\u{202E}").validationError?.field, "name")
        XCTAssertEqual(Validate.roleDescription("a\u{202E}").validationError?.field, "description")
        XCTAssertEqual(Validate.clientName("a\u{202E}").validationError?.field, "name")
        XCTAssertEqual(Validate.clientDescription("a\u{202E}").validationError?.field, "description")
    }

    func testErrorDescriptionIsTheMessage() {
        let error = ValidationError(field: "name", message: "Something is wrong.")
        XCTAssertEqual(error.description, "Something is wrong.")
        XCTAssertEqual("\(error)", "Something is wrong.")
    }

    // MARK: - Login

    func testLoginAcceptedAndLowercased() {
        XCTAssertEqual(Validate.login("alice").validValue, "alice")
        XCTAssertEqual(Validate.login("Alice.Smith").validValue, "alice.smith")
        XCTAssertEqual(Validate.login("  bob_jones-2 ").validValue, "bob_jones-2")
        XCTAssertEqual(Validate.login("0ps").validValue, "0ps")
        XCTAssertEqual(Validate.login("a").validValue, "a")
        XCTAssertEqual(Validate.login("a.").validValue, "a.")
    }

    func testLoginLengthBoundaries() {
        XCTAssertNotNil(Validate.login(repeated("a", 63)).validValue)
        XCTAssertNotNil(Validate.login(repeated("a", 64)).validValue)
        XCTAssertEqual(Validate.login(repeated("a", 65)).validationError,
                       ValidationError(field: "login", message: "Login must be 1-64 characters (it has 65)."))
        XCTAssertEqual(Validate.login("  ").validationError?.message, "Login is required; enter 1-64 characters.")
    }

    func testLoginMustStartWithLetterOrDigit() {
        for input in [".alice", "_alice", "-alice"] {
            XCTAssertEqual(Validate.login(input).validationError?.message,
                           "Login must start with a letter or digit (it starts with \"\(input.first!)\").")
        }
    }

    func testLoginRefusesOtherCharacters() {
        XCTAssertEqual(Validate.login("al ice").validationError,
                       ValidationError(field: "login", message: "Login may use only letters a-z, digits 0-9, '.', '_' and '-', or be an email address; \" \" is not allowed."))
        for input in ["al ice", "ålice", "alicé", "ａlice", "１23", "al+ice", "al\u{202E}ice", "al\u{07}ice", "al\nice"] {
            XCTAssertNotNil(Validate.login(input).validationError, input.debugDescription)
        }
    }

    /// IAM v3 usernames are often addresses: `jsmith@example.com` from the spec's own example.
    func testEmailShapedLoginsAreAcceptedAndLowercased() {
        XCTAssertEqual(Validate.login("jsmith@example.com").validValue, "jsmith@example.com")
        XCTAssertEqual(Validate.login(" J.Kowalski@Example.COM ").validValue, "j.kowalski@example.com")
        XCTAssertEqual(Validate.login("ops+idm@mail.example.co.uk").validValue, "ops+idm@mail.example.co.uk")
        XCTAssertEqual(Validate.login("0ps_team-1@example.com").validValue, "0ps_team-1@example.com")
        let long = repeated("a", 64) + "@" + repeated("b", 60) + ".com"
        XCTAssertEqual(Validate.login(long).validValue, long, "an address longer than a plain login's 64 characters")
    }

    /// An address the notification fields would take can still be refused as a login: quotes,
    /// `$`, `|` and backquotes would need quoting in sshd's forced command and every script.
    func testEmailShapedLoginsRefuseWhatAddressesAllowButShellsDoNot() {
        XCTAssertEqual(Validate.login("o'brien@example.com").validationError?.message,
                       "An email-shaped login may use only letters a-z, digits 0-9, '.', '_', '-' and '+' before the @; \"'\" is not allowed.")
        for input in ["a$b@example.com", "a|b@example.com", "a`b@example.com", "a&b@example.com", "a*b@example.com"] {
            XCTAssertNotNil(Validate.login(input).validationError, input)
        }
        XCTAssertEqual(Validate.login("+ops@example.com").validationError?.message,
                       "Login must start with a letter or digit (it starts with \"+\").")
        for input in ["a@@example.com", "@example.com", "alice@", "alice@localhost", "alice@exa mple.com",
                      "alice@example.com\u{1B}[2J", "alice@-example.com", "al..ice@example.com", "ålice@example.com"] {
            let error = Validate.login(input).validationError
            XCTAssertNotNil(error, input.debugDescription)
            XCTAssertEqual(error?.field, "login")
            XCTAssertFalse(error?.message.unicodeScalars.contains("\u{1B}") ?? false)
        }
        XCTAssertEqual(Validate.login("a@@example.com").validationError?.message,
                       "Login \"a@@example.com\" is not a valid email address: it has more than one @.")
    }

    func testLoginMessageEscapesControlCharacters() {
        let message = Validate.login("al\u{1B}ice").validationError?.message ?? ""
        XCTAssertFalse(message.unicodeScalars.contains("\u{1B}"), "the message must not carry the escape to the terminal")
        XCTAssertTrue(message.contains("\\u{001B}"), message)
    }
}
