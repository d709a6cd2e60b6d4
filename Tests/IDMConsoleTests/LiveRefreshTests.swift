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

    /// Keys typed ahead of the screen (a fast typist, a paste) are applied together: the rows
    /// and decisions a later key makes stale are never read, the screen ends as if each key
    /// had been waited for, and Enter typed ahead acts on the row the filter found.
    func testKeysTypedAheadReadOnlyForTheNewestFilterAndEnterSeesItsRow() throws {
        let store = try Golden.freshDemo()
        let singly = try Golden.console("alice", width: 100, height: 30, store: store)
        singly.handle(.character("/"))
        var before = store.readsServed
        for c in "ivan" { singly.handle(.character(c)) }
        let readsSingly = store.readsServed - before

        let batched = try Golden.console("alice", width: 100, height: 30, store: store)
        batched.handle(.character("/"))
        before = store.readsServed
        batched.handle("ivan".map { KeyEvent.character($0) })
        let readsBatched = store.readsServed - before
        XCTAssertEqual(text(batched), text(singly), "the same screen either way")
        XCTAssertLessThanOrEqual(readsBatched * 3, readsSingly, "one filter's reads, not four (\(readsBatched) vs \(readsSingly))")

        // Enter ends the filter, the next Enter opens the row it found: typed ahead, all at once.
        let ahead = try Golden.console("alice", width: 100, height: 30, store: store)
        ahead.handle([.character("/")] + "ivan".map { KeyEvent.character($0) } + [.enter, .enter])
        XCTAssertTrue(ahead.crumbs.hasSuffix("› ivan"), ahead.crumbs)

        // A move typed ahead moves in the rows the filter found.
        for keys: [KeyEvent] in [[.character("/"), .character("i"), .down], [.character("/"), .character("i"), .enter, .down, .down]] {
            let moved = try Golden.console("alice", width: 100, height: 30, store: store)
            moved.handle(keys)
            let stepped = try Golden.console("alice", width: 100, height: 30, store: store)
            for key in keys { stepped.handle(key) }
            XCTAssertEqual(text(moved), text(stepped), "\(keys)")
            XCTAssertEqual(moved.manage?.windows[.users]?.list.selection, stepped.manage?.windows[.users]?.list.selection)
        }

        // Through the loop, as the terminal delivers them: the same.
        let looped = try Golden.console("alice", width: 100, height: 30, store: store)
        let backend = MemoryBackend(width: 100, height: 30)
        backend.enqueue([.character("/")] + "ivan".map { KeyEvent.character($0) } + [.enter, .enter])
        backend.closeInput()
        ConsoleLoop.run(looped, backend: backend)
        XCTAssertTrue(looped.crumbs.hasSuffix("› ivan"), looped.crumbs)
    }

    /// Moving back to a row already seen asks nothing: its decisions are kept until the
    /// directory changes, and then asked again (a change may have changed them).
    func testARowSeenBeforeAsksNothingUntilTheDirectoryChanges() throws {
        let store = try Golden.freshDemo()
        let alice = try Golden.console("alice", width: 100, height: 30, store: store)
        alice.handle(.character("4"))
        alice.handle(.down)
        alice.handle(.up)
        var before = store.readsServed
        alice.handle(.down)
        alice.handle(.up)
        XCTAssertEqual(store.readsServed, before, "both rows' decisions were known")
        let shown = text(alice)

        // A change elsewhere: the next tick reloads, and the decisions are asked again.
        let other = DirectoryService(store: try Store(path: store.path), clock: { Golden.now })
        _ = try other.createRole(ActorRef(login: "alice"), name: "Auditor", description: "Reads the log",
                                 permissions: [Permission("idm.users.admin")])
        alice.tick()
        before = store.readsServed
        alice.handle(.down)
        XCTAssertGreaterThan(store.readsServed, before, "asked again after the change")
        XCTAssertNotEqual(text(alice), shown)
    }

    /// The first screen reads the rows of the tab it shows; the other tabs read their counts
    /// (for the tab bar) and their rows when they are shown. A tab not shown when the
    /// directory changes keeps the row that was selected on it.
    func testOtherTabsCountAtStartAndReadTheirRowsWhenShown() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        let first = text(console)
        XCTAssertTrue(first.contains("API Clients (3)") && first.contains("Roles (6)"), first)
        XCTAssertEqual(console.manage?.windows[.clients]?.rows.count, 0, "counted, no row read")
        XCTAssertEqual(console.manage?.windows[.roles]?.rows.count, 0, "counted, no row read")
        console.press(.character("2"), .down, .down)
        let chosen = try XCTUnwrap(console.manage?.windows[.clients]?.selectedRow?.cells.first)
        XCTAssertTrue(text(console).contains(chosen))
        console.press(.character("1"))

        // Elsewhere, a client whose name sorts first: the chosen one moves one row down.
        let other = DirectoryService(store: try Store(path: store.path), clock: { Golden.now })
        let acme = try store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let (web, alice) = try store.read { db in (try Q.group(db, account: acme, key: "Web APIs").id, try Q.user(db, login: "alice")!) }
        _ = try other.createClient(ActorRef(login: "alice"), ClientDraft(ownerID: alice.id, name: "aaa-first", groupIDs: [web],
                                                                            apis: [APIGrant(serviceID: "papi", level: .readOnly)]))
        console.tick()
        XCTAssertTrue(text(console).contains("API Clients (4)"), text(console))
        XCTAssertEqual(console.manage?.windows[.clients]?.rows.count, 0, "still not read while not shown")
        console.press(.character("2"))
        XCTAssertEqual(console.manage?.windows[.clients]?.selectedRow?.cells.first, chosen, "the selection stays on the client chosen before")
        XCTAssertTrue(text(console).contains("aaa-first"), text(console))
    }
}
