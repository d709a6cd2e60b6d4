import Foundation
import GRDB
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The defects a new user met in the first console (issue 10's D-numbers), each as it would
/// be met again.
final class DefectRegressionTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }
    func hintBar(_ console: Console) -> String { console.render().textLines().last ?? "" }

    /// D1: the last line of a page is reachable, and the cursor never leaves the screen.
    func testD1PagesScrollToTheirLastLine() throws {
        let console = try Golden.console("alice", width: 100, height: 30)
        console.press(.character("2"), .down, .enter)
        for _ in 0..<6 { console.press(.character("j")) }
        console.press(.character("G"))
        Golden.assert(console, "detail-client-purge-pipeline-last-line")
        let screen = text(console)
        XCTAssertTrue(screen.contains("ACTIVE") && screen.contains("INACTIVE"), screen)
        XCTAssertTrue(screen.contains("28-28/28") || screen.contains("/28"), screen)
        let page = try XCTUnwrap(console.topScreen(ClientPageScreen.self))
        XCTAssertEqual(page.page?.cursor.selected, page.page!.lines.count - 1)
        XCTAssertNotNil(page.selectedCredential, "the last line is a credential, under the cursor")
    }

    /// D2: at the cap, R is offered (it makes room), and `?` agrees.
    func testD2RotateAtTheCapIsOfferedWhereItWorks() throws {
        let console = try Golden.console("mike")
        console.press(.character("2"), .down, .enter)
        let page = try XCTUnwrap(console.topScreen(ClientPageScreen.self))
        XCTAssertEqual(page.facts?.credentials.count, Credential.maximumPerClient)
        XCTAssertTrue(page.decide(.client(.rotate), console.env).isAllowed)
        let rotate = page.help(console.env)[0].lines.first { $0.key == "R" }
        XCTAssertNotNil(rotate)
        XCTAssertNil(rotate?.reason, "? lists R as available")
    }

    /// D3: the transfer picker lists the users as it opens.
    func testD3PickersListTheirRowsAtOnce() throws {
        let console = try Golden.console("ivan")
        console.press(.character("2"), .down, .down, .enter, .character("t"))
        let screen = text(console)
        XCTAssertTrue(screen.contains("6 users"), screen)
        for login in ["alice", "ivan", "mike", "nora", "pat", "vera"] { XCTAssertTrue(screen.contains(login), "\(login) listed:\n\(screen)") }
    }

    /// D7: a credential generated on the page is not headed "Created".
    func testD7TheCredentialScreenSaysWhatHappened() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("nora", store: store)
        console.press(.character("2"), .down, .down, .enter, .character("g"))
        let screen = text(console)
        XCTAssertTrue(screen.contains("New credential for reporting-bot"), screen)
        XCTAssertFalse(screen.contains("Created:"), screen)
    }

    /// D10: no key does nothing silently.
    func testD10KeysThatUsedToDoNothing() throws {
        let store = try Golden.freshDemo()
        // n and N work from every tab.
        let console = try Golden.console("mike", store: store)
        console.press(.character("n"))
        XCTAssertTrue(console.crumbs.contains("New API Client for Me"), console.crumbs)
        // e and m say where they work.
        let alice = try Golden.console("alice", store: store)
        alice.press(.character("e"))
        XCTAssertTrue(text(alice).contains("API Clients tab (2)"), text(alice))
        alice.press(.escape, .character("m"))
        XCTAssertEqual(alice.crumbs, "Manage Users & Groups › Migration report", "m opens the report from any tab")
        alice.press(.escape)
        // On a user's page, E, l and X act on that user.
        alice.press(.down, .enter, .character("E"))
        XCTAssertTrue(text(alice).contains("Edit ivan"), text(alice))
        alice.press(.escape, .character("l"))
        XCTAssertTrue(text(alice).contains("Lock ivan"), text(alice))
        alice.press(.character("n"), .character("X"))
        XCTAssertTrue(text(alice).contains("ivan created 1 API client"), "refused, with the reason: \(text(alice))")
        alice.press(.escape)
        // Any other key says it is not one.
        alice.press(.character(":"))
        XCTAssertTrue(text(alice).contains(": is not a key here; ? lists them."), text(alice))
    }

    /// D11: no text cut where it matters.
    func testD11NothingCutWhereItMatters() throws {
        let console = try Golden.console("mike", width: 100, height: 30)
        console.press(.character("n"))
        let footer = try XCTUnwrap(console.render().textLines().first { $0.contains("groups in 2 contracts") }, text(console))
        XCTAssertFalse(footer.contains("…"), footer)
        XCTAssertTrue(footer.contains("one contract."), footer)
        let rotate = try Golden.console("mike", width: 80, height: 24, store: try Golden.freshDemo())
        rotate.press(.character("2"), .down, .enter, .character("R"), .character("y"))
        XCTAssertTrue(text(rotate).contains("Description"), text(rotate))
        XCTAssertFalse(text(rotate).contains("des…"), text(rotate))
        // Help lines wrap instead of being cut.
        let help = try Golden.console("vera", width: 100, height: 40)
        help.press(.character("2"), .character("?"))
        XCTAssertFalse(text(help).contains("…"), text(help))
    }

    /// D12: wording.
    func testD12Wording() throws {
        let console = try Golden.console("alice")
        console.press(.character("4"))
        for _ in 0..<5 { console.press(.down) }
        console.press(.enter)
        XCTAssertFalse(text(console).contains("(1 users)"), text(console))
        XCTAssertFalse(text(console).contains("1 users"), text(console))
        let edit = try Golden.console("nora", store: try Golden.freshDemo())
        edit.press(.character("2"), .down, .down, .enter, .character("m"))
        XCTAssertFalse(text(edit).contains("3 Details"), text(edit))
        XCTAssertTrue(text(edit).contains("Details"), text(edit))
        // A role typed wrong names the tab, not a command.
        let form = try Golden.console("alice", store: try Golden.freshDemo())
        form.press(.character("c"))
        form.type("olga"); form.press(.tab); form.type("Olga"); form.press(.tab); form.type("Orlova"); form.press(.tab)
        form.type("olga@acme.example"); form.press(.tab, .tab); form.type("Acme Web=No Such Role")
        form.press(.enter)
        XCTAssertTrue(text(form).contains("The Roles tab (4) lists"), text(form))
        XCTAssertFalse(text(form).contains("idm roles list"), text(form))
    }

    /// D13: the expiring-only filter shows a marker.
    func testD13ExpiringOnlyIsMarked() throws {
        let console = try Golden.console("alice")
        console.press(.character("2"), .character("e"))
        XCTAssertTrue(console.render().textLines()[2].contains("Expiring within 30 days only"), text(console))
    }

    /// D14: at 80 columns the hint bar keeps every enabled key; an inactive credential offers Activate.
    func testD14HintBarShowsWhatApplies() throws {
        let console = try Golden.console("mike", width: 80, height: 24)
        console.press(.character("2"), .down, .enter, .character("G"))
        let page = try XCTUnwrap(console.topScreen(ClientPageScreen.self))
        let bar = hintBar(console)
        if page.selectedCredential?.status == .inactive {
            XCTAssertTrue(bar.contains("a Activate"), bar)
            XCTAssertFalse(bar.contains("d Deactivate"), bar)
        } else {
            XCTAssertTrue(bar.contains("d Deactivate"), bar)
        }
        XCTAssertTrue(bar.contains("p API access"), "enabled keys are kept: \(bar)")
        // Not all fit: dimmed keys are left out before enabled ones; the ones shown
        // keep the table's order, so a key does not move when another one dims.
        let hints = page.hints(console.env)
        let shown = hints.filter { bar.contains("\($0.key) \($0.label)") }
        if shown.contains(where: { !$0.enabled }) {
            XCTAssertTrue(hints.filter(\.enabled).allSatisfy(shown.contains), "a dimmed key only when every enabled one fits: \(bar)")
        }
        let positions = shown.map { bar.range(of: "\($0.key) \($0.label)")!.lowerBound }
        XCTAssertEqual(positions, positions.sorted(), "in the table's order: \(bar)")
    }

    /// D15: saving details unchanged writes nothing.
    func testD15SavingUnchangedDetailsChangesNothing() throws {
        let store = try Golden.freshDemo()
        let before = try DirectoryDigest.of(store)
        let console = try Golden.console("nora", store: store)
        console.press(.character("2"), .down, .down, .enter, .character("m"), .enter)
        XCTAssertTrue(text(console).contains("Nothing changed."), text(console))
        XCTAssertEqual(try DirectoryDigest.of(store), before)
    }

    /// D17: after deleting a client the selection stays where it was; a new user is selected.
    func testD17SelectionAfterDeleteAndCreate() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("mike", store: store)
        console.press(.character("2"), .down, .enter, .character("D"), .character("y"), .character("X"))
        console.type("purge-pipeline")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("Deleted purge-pipeline."), text(console))
        XCTAssertEqual(console.manage?.windows[.clients]?.list.selected, 1, "the row that took its place")
        let alice = try Golden.console("alice", store: store)
        alice.press(.character("c"))
        alice.type("olga"); alice.press(.tab); alice.type("Olga"); alice.press(.tab); alice.type("Orlova"); alice.press(.tab)
        alice.type("olga@acme.example"); alice.press(.tab, .tab); alice.type("Web APIs=Property Viewer")
        alice.press(.enter)
        XCTAssertEqual(alice.manage?.windows[.users]?.selectedRow?.cells[0], "olga", text(alice))
    }

    /// D18: one client per contract is not offered when editing API access.
    func testD18PerContractIsNotOfferedWhenEditing() throws {
        let console = try Golden.console("mike", store: try Golden.freshDemo())
        console.press(.character("2"), .down, .enter, .character("p"), .enter)
        XCTAssertFalse(hintBar(console).contains("Per contract"), hintBar(console))
        console.press(.character("o"))
        XCTAssertTrue(text(console).contains("one client per contract applies only when"), text(console))
    }

    /// Hovering over "Unavailable" in step 2 shows its tooltip, as the FAQ describes.
    func testHoverOverUnavailableShowsItsTooltip() throws {
        let console = try Golden.console("mike", width: 100, height: 30)
        console.press(.character("n"), .enter)
        let wizard = try XCTUnwrap(console.topScreen(WizardScreen.self))
        let rows = wizard.wizard.apis.rows
        let unavailable = try XCTUnwrap(rows.firstIndex { !$0.availability.isAvailable }, "mike's step 2 has an unavailable API")
        // The cursor on an available row, away from the one hovered.
        let available = try XCTUnwrap(rows.firstIndex { $0.availability.isAvailable })
        for _ in 0..<available { console.press(.down) }
        let cursor = try XCTUnwrap(console.topScreen(WizardScreen.self)).row
        XCTAssertNotEqual(unavailable, cursor, "the cursor is elsewhere")
        let lines = console.render().textLines()
        let y = try XCTUnwrap(lines.firstIndex { $0.contains(rows[unavailable].service.name) && $0.contains("Unavailable") })
        let x = try XCTUnwrap(lines[y].range(of: "Unavailable")).lowerBound.utf16Offset(in: lines[y])
        console.handle(.motion(x: x + 2, y: y))
        Golden.assert(console, "wizard-2-apis-hover-unavailable")
        let reason = rows[unavailable].availability.decision.reason ?? ""
        XCTAssertTrue(text(console).contains(String(reason.prefix(18))), text(console))
        XCTAssertEqual(console.topScreen(WizardScreen.self)?.row, cursor, "hovering moves no cursor")
    }
}
