import Foundation
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// Every step of the New API Client wizard, as a person sees it.
final class WizardGoldenTests: XCTestCase {
    /// Rows of step 2, by name: the Property Manager API is the seventh.
    static let papiRow = 6

    func down(_ console: Console, _ n: Int) { for _ in 0..<n { console.press(.down) } }

    func testMikeSeesPAPIUnavailableWithItsTooltipThenFixesItInStep1() throws {
        let console = try Golden.console("mike")
        console.press(.character("2"), .character("n"))
        Golden.assert(console, "wizard-1-groups-mike")
        console.press(.enter)
        down(console, Self.papiRow)
        Golden.assert(console, "wizard-2-apis-mike-papi-unavailable")
        var text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Not Available due to multiple groups selected in"), text)
        XCTAssertTrue(text.contains("Unavailable"), text)

        // Back to step 1: keep one contract (uncheck C-ACME-STREAM, the first row).
        console.press(.escape, .home, .character(" "))
        Golden.assert(console, "wizard-1-groups-mike-one-contract")
        console.press(.enter)
        Golden.assert(console, "wizard-2-apis-mike-papi-available")
        console.press(.character(" "))
        text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("[x] Property Manager API (papi)"), text)
        XCTAssertTrue(text.contains("READ-WRITE"), text)
    }

    func testPatHasNoPropertyManagerReadSoPAPIIsUnavailableForThatReason() throws {
        let console = try Golden.console("pat")
        console.press(.character("2"), .character("n"), .character(" "), .enter) // one contract: the reason is not the contracts
        down(console, Self.papiRow)
        Golden.assert(console, "wizard-2-apis-pat-papi-no-read")
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("The owner (pat) needs at least read access to"), text)
    }

    func testStep3ValidationErrorKeepsWhatWasTyped() throws {
        let console = try Golden.console("nora")
        console.press(.character("2"), .character("n"), .enter)
        down(console, Self.papiRow)
        console.press(.character(" "), .enter)
        console.type("reporting-bot")
        console.press(.tab)
        console.type("Team's web reports")
        console.press(.tab)
        console.type("web-team@acme, nora@acme.example")
        console.press(.tab)
        console.type("10.1.2.3/8")
        console.press(.tab)
        Golden.assert(console, "wizard-3-details-errors")
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("already exists"), text)
        XCTAssertTrue(text.contains("web-team@acme, nora@acme.example"), "what was typed stays:\n\(text)")
        // Enter does not leave the step while errors remain.
        console.press(.enter)
        XCTAssertTrue(console.render().textLines().joined().contains("Correct the fields marked in red"))
    }

    func testReviewOfOneClientPerContractThenCreateAllInOneGo() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("mike", store: store)
        console.press(.character("2"), .character("n"), .enter)
        console.press(.character("o"))
        down(console, Self.papiRow)
        console.press(.character(" "))
        Golden.assert(console, "wizard-2-apis-mike-per-contract")
        console.press(.enter)
        console.type("deployer")
        console.press(.enter)
        Golden.assert(console, "wizard-4-review-per-contract")
        console.press(.enter)
        Golden.assert(console, "wizard-5-credentials-per-contract")
        let names = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM api_client WHERE name LIKE 'deployer%' ORDER BY name") }
        XCTAssertEqual(names, ["deployer-c-acme-stream", "deployer-c-acme-web"])
    }

    func testCredentialsScreenAsksBeforeLeavingUnsaved() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("nora", store: store)
        console.press(.character("2"), .character("n"), .enter)
        down(console, Self.papiRow)
        console.press(.character(" "), .enter)
        console.type("web-reports")
        console.press(.enter, .enter)
        Golden.assert(console, "wizard-5-credentials")
        console.press(.enter)
        Golden.assert(console, "wizard-5-credentials-leave-unsaved")
        console.press(.character("y"))
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("web-reports"), "back on the list, with the new client:\n\(text)")
    }

    func testOwnerPickerForAnotherUser() throws {
        let console = try Golden.console("ivan")
        console.press(.character("2"), .character("N"))
        Golden.assert(console, "wizard-0-owner-picker")
        console.type("nor")
        console.press(.enter)
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("New API client for nora"), text)
    }

    func testCancelAsksWhenTheDraftChanged() throws {
        let console = try Golden.console("mike")
        console.press(.character("2"), .character("n"), .character(" "), .escape)
        Golden.assert(console, "wizard-1-cancel-confirm")
        console.press(.character("n"))
        XCTAssertTrue(console.render().textLines().joined().contains("New API Client for Me"), "n keeps editing")
        console.press(.escape, .character("y"))
        XCTAssertTrue(console.render().textLines().joined().contains("nothing was created"))
    }

    func testClickingAnUnavailableRowShowsItsTooltip() throws {
        let console = try Golden.console("mike")
        console.press(.character("2"), .character("n"), .enter)
        // Rows start under the header at y = 5; PAPI is the seventh row.
        console.press(.click(x: 10, y: 5 + Self.papiRow, button: 1))
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Property Manager API can be tied to one contract"), text)
    }

    func testSomethingChangedUnderTheWizardIsExplainedAndNothingIsCreated() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("mike", store: store)
        console.press(.character("2"), .character("n"), .character(" "), .enter)   // Acme Web only
        down(console, Self.papiRow)
        console.press(.character(" "), .enter)
        console.type("deployer")
        console.press(.enter)
        // Meanwhile another admin takes the name.
        let alice = try store.read { db in try Q.user(db, login: "alice")! }
        let web = try store.read { db in try Q.tree(db, account: alice.accountID).groups(named: "Acme Web")[0].id }
        try DirectoryService(store: store).createClient(ActorRef(login: "alice"), ClientDraft(
            ownerID: alice.id, name: "deployer", groupIDs: [web], apis: [APIGrant(serviceID: "papi", level: .readOnly)]))
        console.press(.enter)
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Not created: An API client named deployer already"), text)
        Golden.assert(console, "wizard-4-review-name-taken-meanwhile")
        XCTAssertTrue(text.contains("4 Review"), "still on the review, nothing lost:\n\(text)")
        let count = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_client WHERE owner_id = (SELECT id FROM user WHERE login = 'mike')") }
        XCTAssertEqual(count, 1, "only purge-pipeline: nothing half-created")
    }
}
