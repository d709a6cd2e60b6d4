import XCTest
@testable import IDMDomain

/// Step 3 of the wizard: each field is checked as the user leaves it, the error stays beside the
/// field, and nothing typed is lost.
final class ClientDetailsTests: XCTestCase {
    typealias C = DemoCast

    private let takenInAcme: (String) -> Bool = { name in DemoCast.clients.contains { $0.name == name } }

    func testStartsEmptyWithoutErrors() {
        let d = ClientDetails()
        for field in ClientDetails.Field.allCases { XCTAssertEqual(d[field], "", field.rawValue) }
        XCTAssertTrue(d.errors.isEmpty)
        XCTAssertEqual(ClientDetails.Field.allCases.map(\.label),
                       ["Name", "Description", "Notification emails", "IP allowlist (CIDRs)"])
    }

    func testOnlyTheFieldLeftIsChecked() {
        var d = ClientDetails()
        XCTAssertFalse(d.validate(.name))
        XCTAssertEqual(d.errors, [.name: "Client name is required; enter 1-100 characters."])
        XCTAssertNil(d.errors[.notificationEmails], "untouched fields show no error")
    }

    // MARK: - Name

    func testTooLongNameIsRefusedAndTheTextKept() {
        var d = ClientDetails()
        let long = String(repeating: "n", count: 101)
        d[.name] = long
        XCTAssertFalse(d.validate(.name))
        XCTAssertEqual(d.errors[.name], "Client name must be 1-100 characters (it has 101).")
        XCTAssertEqual(d[.name], long, "nothing typed is lost")
        XCTAssertEqual(d.name, long)
    }

    func testTheErrorStaysUntilTheFieldIsCheckedAgain() {
        var d = ClientDetails()
        d[.name] = ""
        d.validate(.name)
        d[.name] = "deployer"
        XCTAssertEqual(d.errors[.name], "Client name is required; enter 1-100 characters.", "kept while typing")
        XCTAssertTrue(d.validate(.name))
        XCTAssertNil(d.errors[.name])
    }

    func testNameIsTrimmed() {
        var d = ClientDetails()
        d[.name] = "  deployer \t"
        XCTAssertTrue(d.validate(.name))
        XCTAssertEqual(d.name, "deployer")
        XCTAssertEqual(d[.name], "  deployer \t", "the text as typed is kept")
    }

    func testANameTakenInTheAccountIsRefused() {
        var d = ClientDetails()
        var asked: [String] = []
        d[.name] = " reporting-bot "
        XCTAssertFalse(d.validate(.name, nameTaken: { asked.append($0); return self.takenInAcme($0) }))
        XCTAssertEqual(asked, ["reporting-bot"], "asked about the trimmed name")
        XCTAssertEqual(d.errors[.name], "An API client named reporting-bot already exists in this account.")
        XCTAssertEqual(d[.name], " reporting-bot ")

        d[.name] = "reporting-bot-2"
        XCTAssertTrue(d.validate(.name, nameTaken: takenInAcme))
        XCTAssertNil(d.errors[.name])
    }

    func testAnInvalidNameIsNotLookedUp() {
        var d = ClientDetails()
        d[.name] = "bad\u{202E}name"
        var asked = false
        XCTAssertFalse(d.validate(.name, nameTaken: { _ in asked = true; return false }))
        XCTAssertFalse(asked)
        XCTAssertEqual(d.errors[.name],
                       "Client name contains an invisible formatting character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 4; remove it.")
    }

    // MARK: - Description

    func testDescriptionIsOptionalUpTo250Characters() {
        var d = ClientDetails()
        XCTAssertTrue(d.validate(.description))
        d[.description] = String(repeating: "d", count: 251)
        XCTAssertFalse(d.validate(.description))
        XCTAssertEqual(d.errors[.description], "Client description must be at most 250 characters (it has 251).")
        XCTAssertEqual(d[.description].count, 251)
        d[.description] = "  Deploys.  "
        XCTAssertTrue(d.validate(.description))
        XCTAssertEqual(d.description, "Deploys.")
    }

    // MARK: - Emails

    func testEmailsAreParsedIntoAList() {
        var d = ClientDetails()
        d[.notificationEmails] = "Web-Team@ACME.example, ops@acme.example; web-team@acme.example\nmike@acme.example"
        XCTAssertTrue(d.validate(.notificationEmails))
        XCTAssertEqual(d.emails, ["Web-Team@acme.example", "ops@acme.example", "mike@acme.example"])
    }

    func testNoEmailsIsFine() {
        var d = ClientDetails()
        XCTAssertTrue(d.validate(.notificationEmails))
        XCTAssertEqual(d.emails, [])
    }

    func testABadEmailIsNamedAndTheListKept() {
        var d = ClientDetails()
        let typed = "mike@acme.example, ops@acme"
        d[.notificationEmails] = typed
        XCTAssertFalse(d.validate(.notificationEmails))
        XCTAssertEqual(d.errors[.notificationEmails], "\"ops@acme\" is not a valid email address: the domain \"acme\" has no dot.")
        XCTAssertEqual(d[.notificationEmails], typed)
        XCTAssertEqual(d.emails, [], "no list while one entry is wrong")
    }

    // MARK: - IP allowlist

    func testCIDRsAreParsedCanonicalAndWithoutDuplicates() {
        var d = ClientDetails()
        d[.ipAllowlist] = "192.0.2.1, 198.51.100.0/24 2001:DB8::/32;\n198.51.100.0/24"
        XCTAssertTrue(d.validate(.ipAllowlist))
        XCTAssertEqual(d.cidrs, ["192.0.2.1/32", "198.51.100.0/24", "2001:db8::/32"])
    }

    func testACIDRWithHostBitsIsRefusedWithTheNetworkSuggested() {
        var d = ClientDetails()
        d[.ipAllowlist] = "10.1.2.3/8"
        XCTAssertFalse(d.validate(.ipAllowlist))
        XCTAssertEqual(d.errors[.ipAllowlist], "10.1.2.3/8 has host bits set; did you mean 10.0.0.0/8?")
        XCTAssertEqual(d[.ipAllowlist], "10.1.2.3/8")
        XCTAssertEqual(d.cidrs, [])
    }

    func testNotAnAddressIsRefused() {
        var d = ClientDetails()
        d[.ipAllowlist] = "192.0.2.0/24, office"
        XCTAssertFalse(d.validate(.ipAllowlist))
        XCTAssertEqual(d.errors[.ipAllowlist], "\"office\" is not an IP address or CIDR block; enter e.g. 192.0.2.0/24 or 2001:db8::/32.")
    }

    // MARK: - validateAll

    func testValidateAllMarksEveryBadFieldAtOnce() {
        var d = ClientDetails()
        d[.name] = "reporting-bot"
        d[.description] = String(repeating: "x", count: 300)
        d[.notificationEmails] = "nobody"
        d[.ipAllowlist] = "300.1.1.1"
        XCTAssertFalse(d.validateAll(nameTaken: takenInAcme))
        XCTAssertEqual(Set(d.errors.keys), Set(ClientDetails.Field.allCases))
        XCTAssertEqual(d.errors[.name], "An API client named reporting-bot already exists in this account.")
        XCTAssertEqual(d.errors[.notificationEmails], "\"nobody\" is not a valid email address: it has no @.")
        XCTAssertEqual(d[.ipAllowlist], "300.1.1.1")

        d[.name] = "deployer"
        d[.description] = ""
        d[.notificationEmails] = "mike@acme.example"
        d[.ipAllowlist] = "203.0.113.0/24"
        XCTAssertTrue(d.validateAll(nameTaken: takenInAcme))
        XCTAssertTrue(d.errors.isEmpty)
    }

    func testValidateAllCatchesAnEmptyNameNeverLeft() {
        var d = ClientDetails()
        XCTAssertFalse(d.validateAll())
        XCTAssertEqual(d.errors, [.name: "Client name is required; enter 1-100 characters."])
    }
}
