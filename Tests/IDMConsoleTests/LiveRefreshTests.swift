import Foundation
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// Several admins at once: an idle console sees what another process committed within its next
/// tick (about a second), keeps its selection by id, and your own rights follow; with nothing
/// committed, a tick reads nothing and changes no cell.
final class LiveRefreshTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testAUserCreatedElsewhereAppearsOnTheNextTickAndTheSelectionStays() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.down, .down)   // mike
        XCTAssertEqual(console.manage?.windows[.users]?.selectedRow?.cells[0], "mike")
        // Another process: a user whose login sorts before mike's.
        let other = DirectoryService(store: try Store(path: store.path), clock: { Golden.now })
        let acme = try store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let (web, viewer) = try store.read { db in (try Q.group(db, account: acme, key: "Acme Web").id, try Q.role(db, account: acme, key: "Property Viewer").id) }
        _ = try other.createUser(ActorRef(login: "alice"), NewUser(login: "jo", firstName: "Jo", lastName: "Jones", email: "jo@acme.example",
                                                                   grants: [Grant(groupID: web, roleID: viewer)]))
        XCTAssertFalse(text(console).contains("Users (7)"), "not before the tick")
        console.tick()
        XCTAssertTrue(text(console).contains("Users (7)"), text(console))
        XCTAssertTrue(text(console).contains("jo@acme.example"), text(console))
        XCTAssertEqual(console.manage?.windows[.users]?.selectedRow?.cells[0], "mike", "the selection stays on mike, now one row lower")
    }

    func testAnIdleTickReadsNothingAndChangesNoCell() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.tick()
        let frame = console.render()
        let reads = store.readsServed
        for _ in 0..<5 { console.tick() }
        XCTAssertEqual(store.readsServed, reads, "an idle tick reads no table")
        XCTAssertEqual(console.render(), frame)
    }

    func testAnOpenPageFollowsAndYourOwnRightsFollow() throws {
        let store = try Golden.freshDemo()
        let mike = try Golden.console("mike", store: store)
        mike.press(.character("2"), .down, .enter)
        XCTAssertTrue(text(mike).contains("Locked              no"), text(mike))
        XCTAssertTrue(mike.session.facts.newClientForMe.isAllowed)
        let other = DirectoryService(store: try Store(path: store.path), clock: { Golden.now })
        let pipeline = try store.read { db in try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "purge-pipeline")!.id }
        try other.lockClient(ActorRef(login: "alice"), client: pipeline)
        // alice takes mike's IDM permission away: Reporting Viewer only, on Acme Web.
        let user = try store.read { db in try Q.user(db, login: "mike")! }
        let (web, viewer) = try store.read { db in (try Q.group(db, account: user.accountID, key: "Acme Web").id, try Q.role(db, account: user.accountID, key: "Reporting Viewer").id) }
        let grants = [Grant(groupID: web, roleID: viewer)]
        let impacts = try other.previewUserAccess(ActorRef(login: "alice"), user: user.id, grants: grants)
        try other.editUser(ActorRef(login: "alice"), user: user.id, UserEdit(grants: grants), confirming: impacts)
        mike.tick()
        XCTAssertTrue(text(mike).contains("Locked              yes"), "the open page was read again:\n\(text(mike))")
        XCTAssertFalse(mike.session.facts.newClientForMe.isAllowed, "mike's own rights followed")
        XCTAssertTrue(mike.render().textLines()[0].contains("Reporting Viewer"), mike.render().textLines()[0])
    }

    /// Clearing a filter goes back to the unfiltered list as it was counted (no count of the
    /// whole account per clear); any other new window, such as a refresh after a change, is
    /// counted afresh, so a row created meanwhile is never missing from the count.
    func testClearingAFilterReturnsToTheCountedListUntilSomethingChanges() throws {
        let store = try Golden.freshDemo()
        let acme = try store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let lists = ListFactory(store: store)
        let spec = ListSpec(list: .users, accountID: acme)
        var w = WindowedList(window: lists.window(spec))
        let unfiltered = w.window
        XCTAssertEqual(try unfiltered.count(), 6)
        var typed = spec
        for text in ["i", "iv", "i"] {
            typed.filter = text
            w.refilter(typed, lists.window)
            XCTAssertFalse(w.window === unfiltered, text)
        }
        w.refilter(spec, lists.window)
        XCTAssertTrue(w.window === unfiltered, "the counted window again")
        let before = store.readsServed
        XCTAssertEqual(try w.window.count(), 6)
        XCTAssertEqual(store.readsServed, before, "not counted again")

        // A refresh while filtered (what a change elsewhere causes) drops the kept window.
        w.refilter(typed, lists.window)
        w.respec(lists.window(typed))
        w.refilter(spec, lists.window)
        XCTAssertFalse(w.window === unfiltered)
        // A sort while filtered does too: the kept one is of another order.
        var sorted = typed
        sorted.sortColumn = 1
        w.refilter(typed, lists.window)
        w.respec(lists.window(sorted))
        var cleared = sorted
        cleared.filter = ""
        w.refilter(cleared, lists.window)
        XCTAssertEqual(w.spec, cleared)
    }
}
