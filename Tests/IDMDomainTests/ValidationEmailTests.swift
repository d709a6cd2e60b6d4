import XCTest
@testable import IDMDomain

/// `Validate.email` and `Validate.emailList`.
final class ValidationEmailTests: XCTestCase {
    private func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    private func assertRefused(_ input: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        let error = Validate.email(input).validationError
        XCTAssertEqual(error?.field, "email", file: file, line: line)
        XCTAssertEqual(error?.message, "\"\(input)\" is not a valid email address: \(reason)", file: file, line: line)
    }

    // MARK: - Accepted

    func testAcceptedAddresses() {
        for address in [
            "alice@example.com",
            "a.b+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "x@a-b.io",
            "1@2.example",
            "!#$%&'*+-/=?^_`{|}~@example.com",
            "user@xn--bcher-kva.de",
        ] {
            XCTAssertEqual(Validate.email(address).validValue, address, address)
        }
    }

    func testDomainIsLowercasedLocalPartKept() {
        XCTAssertEqual(Validate.email("Alice.Smith@Example.COM").validValue, "Alice.Smith@example.com")
    }

    func testTrimmed() {
        XCTAssertEqual(Validate.email("  alice@example.com\n").validValue, "alice@example.com")
    }

    func testLengthBoundaries() {
        // Long input is cut in the message (see testMessageEscapesUnsafeCharactersAndCutsLongInput),
        // so these check the reason only.
        func reason(_ input: String) -> String? {
            Validate.email(input).validationError?.message.components(separatedBy: " is not a valid email address: ").last
        }
        let local64 = repeated("l", 64)
        XCTAssertNotNil(Validate.email("\(local64)@example.com").validValue)
        XCTAssertEqual(reason("\(local64)l@example.com"), "the part before the @ has 65 characters; the limit is 64.")

        let label63 = repeated("d", 63)
        XCTAssertNotNil(Validate.email("a@\(label63).com").validValue)
        XCTAssertEqual(reason("a@\(label63)d.com"), "the domain part \"\(repeated("d", 60))…\" has 64 characters; the limit is 63.")

        // 254 in all: "ab@" + 4 labels of 61 and their dots + "com" = 3 + 4 * 62 + 3 = 254.
        let domain = (0..<4).map { _ in repeated("d", 61) }.joined(separator: ".") + ".com"
        let address254 = "ab@" + domain
        XCTAssertEqual(address254.count, 254)
        XCTAssertEqual(Validate.email(address254).validValue, address254)
        XCTAssertEqual(reason("abc@" + domain), "it has 255 characters; the limit is 254.")
    }

    // MARK: - Refused

    func testEmpty() {
        XCTAssertEqual(Validate.email("  ").validationError,
                       ValidationError(field: "email", message: "Enter an email address, e.g. name@example.com."))
    }

    func testAtSign() {
        assertRefused("alice", "it has no @.")
        assertRefused("alice.example.com", "it has no @.")
        assertRefused("a@b@example.com", "it has more than one @.")
        assertRefused("@example.com", "there is nothing before the @.")
        assertRefused("alice@", "there is nothing after the @.")
    }

    func testLocalPart() {
        assertRefused(".alice@example.com", "the part before the @ starts with a dot.")
        assertRefused("alice.@example.com", "the part before the @ ends with a dot.")
        assertRefused("al..ice@example.com", "the part before the @ has two dots in a row.")
        assertRefused("al ice@example.com", "the part before the @ contains \" \", which is not allowed.")
        assertRefused("al\"ice@example.com", "the part before the @ contains \"\"\", which is not allowed.")
        assertRefused("al(ice)@example.com", "the part before the @ contains \"(\", which is not allowed.")
        assertRefused("jörg@example.de", "the part before the @ contains \"ö\", which is not allowed.")
    }

    func testDomain() {
        assertRefused("alice@localhost", "the domain \"localhost\" has no dot.")
        assertRefused("alice@example..com", "the domain has two dots in a row.")
        assertRefused("alice@.example.com", "the domain starts with a dot.")
        assertRefused("alice@example.com.", "the domain ends with a dot.")
        assertRefused("alice@-example.com", "the domain part \"-example\" starts with '-'.")
        assertRefused("alice@example-.com", "the domain part \"example-\" ends with '-'.")
        assertRefused("alice@exa_mple.com", "the domain contains \"_\"; use letters, digits, '-' and dots (an internationalized domain in its xn-- form).")
        assertRefused("alice@bücher.de", "the domain contains \"ü\"; use letters, digits, '-' and dots (an internationalized domain in its xn-- form).")
        assertRefused("alice@[192.0.2.1]", "the domain contains \"[\"; use letters, digits, '-' and dots (an internationalized domain in its xn-- form).")
        assertRefused("alice@192.0.2.1", "the last part of the domain, \"1\", is all digits.")
    }

    func testMessageEscapesUnsafeCharactersAndCutsLongInput() {
        let message = Validate.email("a\u{1B}[2J@example.com").validationError?.message ?? ""
        XCTAssertFalse(message.unicodeScalars.contains("\u{1B}"))
        XCTAssertTrue(message.hasPrefix("\"a\\u{001B}[2J@example.com\" is not a valid email address"), message)

        let rtl = Validate.email("alice@exa\u{202E}mple.com").validationError?.message ?? ""
        XCTAssertFalse(rtl.unicodeScalars.contains("\u{202E}"))

        let long = Validate.email(repeated("x", 300)).validationError?.message ?? ""
        XCTAssertTrue(long.hasPrefix("\"" + repeated("x", 60) + "…\" is not a valid email address: it has no @."), long)
    }

    // MARK: - Lists

    func testListSeparators() {
        XCTAssertEqual(Validate.emailList("a@x.com, b@y.com;c@z.com\n d@w.com\te@v.com").validValue,
                       ["a@x.com", "b@y.com", "c@z.com", "d@w.com", "e@v.com"])
    }

    func testListEmptyIsValid() {
        XCTAssertEqual(Validate.emailList("").validValue, [])
        XCTAssertEqual(Validate.emailList(" ,; \n,").validValue, [])
    }

    func testListDeduplicatesPreservingOrder() {
        XCTAssertEqual(Validate.emailList("b@y.com, a@x.com, A@X.COM, b@y.com, c@z.com").validValue,
                       ["b@y.com", "a@x.com", "c@z.com"])
        XCTAssertEqual(Validate.emailList("Bob@Y.com bob@y.com").validValue, ["Bob@y.com"], "first spelling kept")
    }

    func testListNamesTheBadEntry() {
        XCTAssertEqual(Validate.emailList("a@x.com, bob@localhost, c@z.com").validationError,
                       ValidationError(field: "notificationEmails", message: "\"bob@localhost\" is not a valid email address: the domain \"localhost\" has no dot."))
        XCTAssertEqual(Validate.emailList("a@x.com bad").validationError?.message,
                       "\"bad\" is not a valid email address: it has no @.")
    }
}
