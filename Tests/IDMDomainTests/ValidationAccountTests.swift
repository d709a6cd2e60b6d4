import XCTest
@testable import IDMDomain

/// `Validate.accountName` and `Validate.contractID`, which `idm init` applies (issue 11): the
/// whole name, not its first 50 characters, and a contract id of a sensible shape.
final class ValidationAccountTests: XCTestCase {
    func testAccountNameIsTrimmedAndMayBeAnyVisibleText() {
        XCTAssertEqual(Validate.accountName("  Acme Media ").validValue, "Acme Media")
        XCTAssertEqual(Validate.accountName("Ümlaut 株式会社 👩‍💻").validValue, "Ümlaut 株式会社 👩‍💻", "an emoji's joiner is part of it")
        XCTAssertEqual(Validate.accountName(String(repeating: "a", count: 100)).validValue?.count, 100)
    }

    func testAccountNameIsCheckedWhole() {
        let padded = String(repeating: "A", count: 55)
        for (input, kind) in [
            (padded + "\u{1B}]0;title\u{07}", "a control character (U+001B)"), (padded + "\u{202E}x", "an invisible formatting character (U+202E"),
            ("Acme\u{9B}2J", "a control character (U+009B"), ("Acme\u{200B}Media", "an invisible formatting character (U+200B"),
            ("Acme\u{2028}Media", "a control character (U+2028"), ("Acme\u{7F}", "a control character (U+007F"),
        ] {
            let error = Validate.accountName(input).validationError
            XCTAssertEqual(error?.field, "account", input.debugDescription)
            XCTAssertTrue(error?.message.hasPrefix("Account name contains \(kind)") ?? false, "\(input.debugDescription): \(error?.message ?? "valid")")
        }
        XCTAssertEqual(Validate.accountName(String(repeating: "a", count: 101)).validationError?.message,
                       "Account name must be 1-100 characters (it has 101).")
        XCTAssertEqual(Validate.accountName("  ").validationError?.message, "Account name is required; enter 1-100 characters.")
    }

    func testContractIDs() {
        for good in ["C-MAIN", "C-ACME-WEB", "ctr_1-5C13O2", "1", String(repeating: "C", count: 50)] {
            XCTAssertEqual(Validate.contractID(good).validValue, good)
        }
        XCTAssertEqual(Validate.contractID(" C-MAIN\n").validValue, "C-MAIN", "trimmed")
        XCTAssertEqual(Validate.contractID("C MAIN").validationError?.message,
                       "Contract id may use only letters A-Z, digits 0-9, '-' and '_'; \" \" is not allowed.")
        XCTAssertEqual(Validate.contractID("C-\u{1B}]52;c;x\u{07}").validationError?.message,
                       "Contract id may use only letters A-Z, digits 0-9, '-' and '_'; \"\\u{001B}\" is not allowed.",
                       "the message shows the control character, and cannot act on a terminal itself")
        XCTAssertEqual(Validate.contractID("C-\u{202E}").validationError?.field, "contract")
        XCTAssertEqual(Validate.contractID("C-ÄCME").validationError?.message,
                       "Contract id may use only letters A-Z, digits 0-9, '-' and '_'; \"Ä\" is not allowed.")
        XCTAssertEqual(Validate.contractID("-C").validationError?.message, "Contract id must start with a letter or digit (it starts with \"-\").")
        XCTAssertEqual(Validate.contractID("").validationError?.message, "Contract id is required; enter 1-50 characters.")
        XCTAssertEqual(Validate.contractID(String(repeating: "C", count: 51)).validationError?.message,
                       "Contract id must be 1-50 characters (it has 51).")
    }
}
