import Foundation
import GRDB
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

final class ManageScreenGoldenTests: XCTestCase {
    func testEachTabAsAliceAt80x24And120x40() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            let console = try Golden.console("alice", width: w, height: h)
            for (i, name) in ["users", "clients", "groups", "roles"].enumerated() {
                if i > 0 { console.press(.character(Character(String(i + 1)))) }
                Golden.assert(console, "tab-\(name)-alice-\(w)x\(h)")
            }
        }
    }

    func testVeraSeesNewClientDimmedAndItsReasonWhenPressed() throws {
        let console = try Golden.console("vera")
        console.press(.character("2"))
        Golden.assert(console, "clients-vera-inactive")
        console.press(.character("n"))
        Golden.assert(console, "clients-vera-n-reason")
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("IDM Admin or IDM"), text)
    }

    func testRheaBrowsingAcmeMediaThroughTheAccountSwitcher() throws {
        let console = try Golden.console("rhea")
        console.press(.character("A"))
        Golden.assert(console, "accounts-rhea-switcher")
        console.type("acme")
        console.press(.enter, .character("2"))
        Golden.assert(console, "clients-rhea-in-acme")
        console.press(.character("n"))
        Golden.assert(console, "clients-rhea-in-acme-n-reason")
    }

    func testUserAndClientDetails() throws {
        let console = try Golden.console("alice")
        console.press(.down, .enter)   // ivan
        Golden.assert(console, "detail-user-ivan")
        console.press(.escape, .character("2"), .down, .enter)   // purge-pipeline
        Golden.assert(console, "detail-client-purge-pipeline")
        console.press(.pageDown)
        Golden.assert(console, "detail-client-purge-pipeline-credentials")
    }

    func testGroupAndRoleDetails() throws {
        let console = try Golden.console("alice")
        console.press(.character("3"), .character("/"))
        console.type("live")
        console.press(.enter, .enter)
        Golden.assert(console, "detail-group-live")
        console.press(.escape, .character("4"), .enter)
        Golden.assert(console, "detail-role-first")
    }

    func testHelpOverlayListsInactiveActionsWithTheirReason() throws {
        let console = try Golden.console("vera")
        console.press(.character("2"), .character("?"))
        Golden.assert(console, "help-vera")
    }

    func testTerminalTooSmall() throws {
        let console = try Golden.console("alice")
        console.press(.resize(width: 30, height: 8))
        Golden.assert(console, "too-small-30x8")
        console.press(.resize(width: 80, height: 24))
        Golden.assert(console, "tab-users-alice-80x24")
    }

    func testFilterAndSort() throws {
        let console = try Golden.console("alice")
        console.press(.character("/"))
        console.type("a")
        Golden.assert(console, "users-filter-editing")
        console.press(.enter, .character("s"))
        Golden.assert(console, "users-filtered-sorted-by-name")
    }

    func testHostileNameIsRenderedHarmlessly() throws {
        // The database is hostile too: someone with the sqlite3 shell wrote this user.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("idm-hostile-\(UUID().uuidString).sqlite").path
        let store = try Store(path: path)
        try DemoSeed.seed(store: store, now: Golden.now)
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in
            try db.execute(sql: """
                INSERT INTO user (account_id, login, first_name, last_name, email)
                SELECT account_id, 'eve', ?, ?, 'eve@acme.example' FROM user WHERE login = 'alice'
                """, arguments: ["\u{1B}[31mEve\u{1B}[0m\rX", "\u{202E}gnp.exe\u{7}"])
        }
        let console = try Golden.console("alice", store: store)
        Golden.assert(console, "hostile-name-users")
        let frame = console.render()
        for line in frame.textLines() {
            for scalar in line.unicodeScalars {
                XCTAssertFalse(scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x202E, "control U+\(String(scalar.value, radix: 16)) reached the grid")
            }
        }
    }

    func testExpiringOnlyFilterOnTheClientsTab() throws {
        let console = try Golden.console("alice")
        console.press(.character("2"), .character("e"))
        Golden.assert(console, "clients-expiring-only")
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("purge-pipeline"), text)
        XCTAssertFalse(text.contains("reporting-bot"), text)
        console.press(.character("e"))
        XCTAssertTrue(console.render().textLines().joined().contains("reporting-bot"), "e again lists all")
    }

    func testAuditLogOpensFromAnywhereForIDMUsersOnly() throws {
        let alice = try Golden.console("alice")
        alice.press(.character("2"), .enter, .character("L"))
        XCTAssertTrue(alice.render().textLines().joined(separator: "\n").contains("client.create"), "the log over the client page")
        alice.press(.character("q"))
        XCTAssertTrue(alice.render().textLines().joined(separator: "\n").contains("legacy-sync  API client"), "q returns to the page")

        let vera = try Golden.console("vera")
        vera.press(.character("L"))
        let text = vera.render().textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("You need the Admin role or an IDM"), text)
    }
}
