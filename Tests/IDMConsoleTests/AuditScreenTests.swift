import Foundation
import GRDB
@testable import IDMConsole
import IDMDomain
@testable import IDMStore
import IDMTerminal
import XCTest

/// The audit log screen, driven through the console as a person meets it: `L` opens it over
/// the lists; the frame is the console's (header line, the screen's body, the hint bar).
final class AuditScreenTests: XCTestCase {
    /// A console as alice (80x24) with the audit log open.
    static func console(_ login: String = "alice", store: Store = Golden.demo) throws -> Console {
        let console = try Golden.console(login, store: store)
        console.press(.character("L"))
        XCTAssertNotNil(audit(console), "L opens the audit log")
        return console
    }

    /// The audit log, when it is the screen on top.
    static func audit(_ console: Console) -> AuditScreen? { console.stack.last?.screen as? AuditScreen }

    static func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    /// The events shown in the list, top to bottom (the rows on screen, not the ones held).
    static func visible(_ console: Console) -> [AuditEvent] {
        guard let screen = audit(console) else { return [] }
        return screen.list.visible(AuditScreen.listRows(console.env)).compactMap { screen.event(at: $0) }
    }

    /// The list's first event row on screen: header line, title, filter line, column header.
    static let firstRowY = 1 + AuditScreen.rowsAbove

    func testAliceSeesAcmeHistoryNewestFirst() throws {
        let console = try Self.console()
        Golden.assert(console, "audit-alice")
        let text = Self.text(console)
        XCTAssertTrue(text.contains("Audit log · Acme Media"), text)
        XCTAssertTrue(text.contains("2026-11-30 00:53"), text)
        XCTAssertFalse(text.contains("product.define"), "the catalogue's events are not the account's")
        let firstRow = console.render().textLines()[Self.firstRowY]
        XCTAssertTrue(firstRow.contains("client.lock"), "newest first: \(firstRow)")
        let visible = Self.visible(console)
        XCTAssertEqual(visible.first?.action, "client.lock", "newest first")
        XCTAssertEqual(visible.first?.id, visible.map(\.id).max())
    }

    func testEventDetailShowsEachChangedFieldBeforeAndAfter() throws {
        let console = try Self.console()
        while Self.audit(console)?.selectedEvent?.action != "credential.expiry" {
            let before = Self.audit(console)?.selected
            console.press(.down)
            XCTAssertNotEqual(Self.audit(console)?.selected, before, "no credential.expiry event")
            if Self.audit(console)?.selected == before { return }
        }
        console.press(.enter)
        Golden.assert(console, "audit-event-detail")
        let text = Self.text(console)
        XCTAssertTrue(text.contains("expiresAt: 2028-11-29T00:53:20Z → 2026-12-10T00:53:20Z"), text)
        // → goes to the older event: mike deactivating the old credential.
        console.press(.right)
        XCTAssertTrue(Self.text(console).contains("status: ACTIVE → INACTIVE"), Self.text(console))
        console.press(.left)
        XCTAssertTrue(Self.text(console).contains("expiresAt:"), Self.text(console))
        // Esc closes the event, not the screen.
        console.press(.escape)
        XCTAssertEqual(console.stack.count, 2, "the audit log is still open")
        let screen = try XCTUnwrap(Self.audit(console))
        XCTAssertNil(screen.detail)
        XCTAssertEqual(screen.selectedEvent?.action, "credential.expiry")
        let after = Self.text(console)
        XCTAssertFalse(after.contains("expiresAt:"), after)
        XCTAssertTrue(after.contains("Audit log · Acme Media"), after)
    }

    func testACreateEventShowsEveryFieldFromNone() throws {
        let console = try Self.console()
        console.press(.character("/"))
        console.type("action:client.create target:purge-pipeline")
        console.press(.enter, .enter)
        let text = Self.text(console)
        XCTAssertTrue(text.contains("name: (none) → purge-pipeline"), text)
        XCTAssertTrue(text.contains("ipAllowlist: (none) → 203.0.113.0/24, 2001:db8:acdc::/48"), text)
    }

    func testFilterByActor() throws {
        let console = try Self.console()
        let all = try XCTUnwrap(Self.audit(console)).count
        console.press(.character("/"))
        console.type("actor:mike")
        Golden.assert(console, "audit-filter-form")
        console.press(.enter)
        Golden.assert(console, "audit-filter-actor-mike")
        var screen = try XCTUnwrap(Self.audit(console))
        XCTAssertEqual(screen.query, "actor:mike")
        let visible = Self.visible(console)
        XCTAssertFalse(visible.isEmpty)
        XCTAssertTrue(visible.allSatisfy { $0.actorLogin == "mike" })
        XCTAssertEqual(screen.count, visible.count)
        XCTAssertTrue(Self.text(console).contains("\(screen.count) of \(all) events"), Self.text(console))
        // `/` again edits the same filter; more words narrow it.
        console.press(.character("/"))
        XCTAssertEqual(Self.audit(console)?.form?.text, "actor:mike ")
        console.type("action:credential since:2026-11-01 target:purge-pipeline")
        console.press(.enter)
        XCTAssertEqual(Set(Self.visible(console).map(\.action)), ["credential.create", "credential.deactivate", "credential.expiry"])
        // Esc clears the filter; a second Esc closes the screen.
        console.press(.escape)
        XCTAssertEqual(console.stack.count, 2, "the first Esc only clears the filter")
        screen = try XCTUnwrap(Self.audit(console))
        XCTAssertEqual(screen.query, "")
        XCTAssertEqual(screen.count, all)
        XCTAssertTrue(Self.text(console).contains("All events, newest first"), Self.text(console))
        console.press(.escape)
        XCTAssertEqual(console.stack.count, 1, "the second Esc closes the audit log")
        XCTAssertNil(Self.audit(console))
        XCTAssertFalse(Self.text(console).contains("Audit log · Acme Media"), Self.text(console))
    }

    func testABadTokenIsExplainedAndNothingChanges() throws {
        let console = try Self.console()
        console.press(.character("/"))
        console.type("who:mike")
        console.press(.enter)
        XCTAssertNotNil(Self.audit(console)?.form)
        Golden.assert(console, "audit-filter-error")
        XCTAssertTrue(Self.text(console).contains("Unknown filter \"who:\""), Self.text(console))
        console.press(.escape)
        XCTAssertNil(Self.audit(console)?.form)
        XCTAssertEqual(Self.audit(console)?.query, "")
        // Nothing matches: said so, with the way out.
        console.press(.character("/"))
        console.type("actor:nobody")
        console.press(.enter)
        XCTAssertEqual(Self.audit(console)?.count, 0)
        XCTAssertTrue(Self.text(console).contains("No event matches actor:nobody. Esc clears the filter."), Self.text(console))
        // Enter on no event opens nothing and leaves the screen open.
        console.press(.enter)
        XCTAssertEqual(console.stack.count, 2, "the audit log is still open")
        let screen = try XCTUnwrap(Self.audit(console))
        XCTAssertNil(screen.detail)
        XCTAssertEqual(screen.query, "actor:nobody")
    }

    func testQueryParsing() throws {
        func filter(_ text: String) throws -> Q.AuditFilter { try AuditQuery.parse(text).get() }
        func error(_ text: String) -> String? {
            if case .failure(let e) = AuditQuery.parse(text) { return e.message }
            return nil
        }
        XCTAssertEqual(try filter(""), Q.AuditFilter(includeGlobal: false))
        let f = try filter("  actor:mike action:credential since:2026-11-01 until:2026-11-30 target:purge-pipeline ")
        XCTAssertEqual(f.actor, "mike")
        XCTAssertEqual(f.action, "credential")
        XCTAssertEqual(f.target, "purge-pipeline")
        XCTAssertEqual(f.since, Formats.parseDay("2026-11-01"))
        XCTAssertEqual(f.until, Formats.parseDay("2026-12-01"), "until: includes its day")
        XCTAssertFalse(f.includeGlobal)
        XCTAssertEqual(try filter("target:\"Acme Web\" ACTOR:alice").target, "Acme Web")
        XCTAssertEqual(try filter("target:\"Acme Web\" ACTOR:alice").actor, "alice")
        XCTAssertEqual(try filter("action:credential.").action, "credential.")

        XCTAssertEqual(error("mike"), "\"mike\" is not a filter: write key:value, e.g. actor:mike. Keys: actor, target, action, since, until.")
        XCTAssertEqual(error("who:mike"), "Unknown filter \"who:\": use actor:, target:, action:, since: or until:.")
        XCTAssertEqual(error("actor:"), "actor: needs a value, e.g. actor:mike.")
        XCTAssertEqual(error("actor:a actor:b"), "actor: is given twice; give it once.")
        XCTAssertEqual(error("since:2026-13-01"), "since: wants a day as YYYY-MM-DD (UTC), not \"2026-13-01\".")
        XCTAssertEqual(error("until:2026-02-30"), "until: wants a day as YYYY-MM-DD (UTC), not \"2026-02-30\".")
        XCTAssertEqual(error("since:yesterday"), "since: wants a day as YYYY-MM-DD (UTC), not \"yesterday\".")
        XCTAssertEqual(error("since:2026-12-01 until:2026-11-01"), "since:2026-12-01 is after until:2026-11-01: no event can match.")
        XCTAssertNil(error("since:2026-11-30 until:2026-11-30"), "one whole day")
        XCTAssertEqual(error("target:\"Acme"), "A quote is not closed: target:Acme… needs its closing \".")
    }

    /// Movement, and the window: the screen holds the rows it shows (and a margin), not the log.
    func testScrollingLoadsOnlyTheRowsOnScreen() throws {
        let store = try Golden.freshDemo()
        let alice = ActorRef(login: "alice")
        let service = DirectoryService(store: store, clock: { Golden.now })
        let root = try store.read { db in try Q.groups(db, account: try Q.account(db, named: DemoSeed.acme)!.id).first { $0.name == "Acme Web" }!.id }
        for i in 0..<150 { try service.createGroup(alice, parent: root, name: "Team \(i)") }
        let console = try Self.console(store: store)
        let rows = AuditScreen.listRows(console.env)
        func screen() throws -> AuditScreen { try XCTUnwrap(Self.audit(console)) }
        console.press(.down)
        XCTAssertEqual(Self.visible(console).count, rows)
        XCTAssertEqual(try screen().selectedEvent?.targetName, "Team 148")
        XCTAssertTrue(Self.text(console).contains("Team 148"), Self.text(console))
        XCTAssertLessThan(try screen().events.count, try screen().count, "only a window of the log is held")
        console.press(.end)
        XCTAssertEqual(try screen().selected, try screen().count - 1)
        XCTAssertEqual(Self.visible(console).count, rows)
        XCTAssertEqual(try screen().selectedEvent?.action, "account.create", "the oldest event last")
        XCTAssertTrue(Self.text(console).contains("account.create"), Self.text(console))
        XCTAssertLessThan(try screen().events.count, try screen().count, "only a window of the log is held")
        console.press(.pageUp, .character("k"))
        XCTAssertEqual(try screen().selected, try screen().count - 1 - (rows - 1) - 1)
        console.press(.home, .pageDown, .character("j"))
        XCTAssertEqual(try screen().selected, rows)
        XCTAssertEqual(try screen().selectedEvent?.targetName, "Team \(149 - rows)")
        console.press(.character("q"))
        XCTAssertEqual(console.stack.count, 1, "q closes the audit log")
        XCTAssertNil(Self.audit(console))
    }

    /// An event changed behind idm's back (the triggers dropped first): the screen says the
    /// chain is broken and where, and how to check it.
    func testABrokenChainIsShownOnTheScreen() throws {
        let store = try Golden.freshDemo()
        try DatabaseQueue(path: store.path).write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor_login = 'mallory' WHERE id = 12")
        }
        let console = try Self.console(store: store)
        let title = console.render().textLines()[1]
        XCTAssertTrue(title.contains("Audit log · Acme Media · chain broken at event 12: idm audit verify"), title)
        XCTAssertEqual(try Self.console(store: Golden.freshDemo()).render().textLines()[1].contains("chain verifies"), true)
    }

    /// Events carry data typed by people: control and bidi characters show as placeholders.
    func testHostileValuesAreSanitized() throws {
        let store = try Golden.freshDemo()
        let acme = try store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        try DatabaseQueue(path: store.path).write { db in
            // Through the chain, as any event is written (a raw INSERT is refused by its triggers).
            try Audit.append(db, time: Golden.now, actor: "mal\u{1B}[2Jlory", account: acme, action: "user.update", targetType: "user",
                             targetID: "99", targetName: "evil\u{202E}txt.exe", before: ["jobTitle": "a\rb"], after: ["jobTitle": "x\u{07}y\nz"])
        }
        let console = try Self.console(store: store)
        console.press(.enter)
        let grid = console.render()
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                XCTAssertFalse(grid[x, y].symbol.unicodeScalars.contains { Sanitize.isUnsafe($0) }, "cell \(x),\(y)")
            }
        }
        let text = grid.textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("jobTitle: a\u{FFFD}b → x\u{FFFD}y\u{FFFD}z"), text)
        XCTAssertTrue(text.contains("mal\u{FFFD}[2Jlory"), text)
    }

    func testChangeLinesWrapLongValues() {
        let lines = AuditScreen.changeLines(("groups", "Acme Web; Acme Web > Web Properties", String(repeating: "x", count: 50)), width: 30)
        let texts = lines.map { $0.map(\.0).joined() }
        XCTAssertEqual(texts, ["groups: Acme Web; Acme Web >", "    Web Properties →", "    xxxxxxxxxxxxxxxxxxxxxxxxxx", "    xxxxxxxxxxxxxxxxxxxxxxxx"])
        XCTAssertTrue(texts.allSatisfy { Width.of($0) <= 30 })
        XCTAssertEqual(AuditScreen.changeLines(("description", "", nil), width: 40).map { $0.map(\.0).joined() }, ["description: \"\" → (none)"])
    }

    /// From an event, `u` opens the page of its actor on top of the audit log; Esc comes back
    /// to the log with the same event selected.
    func testUFromAnEventOpensTheActorsPageAndEscComesBack() throws {
        let console = try Self.console()
        // The first event whose actor is a user of the account (the system has no page).
        let users = try Golden.demo.read { db in try Q.users(db, account: console.env.account.id).map(\.login) }
        while let event = Self.audit(console)?.selectedEvent, !users.contains(event.actorLogin) {
            let before = Self.audit(console)?.selected
            console.press(.down)
            if Self.audit(console)?.selected == before { return XCTFail("no event by a user of the account") }
        }
        let event = try XCTUnwrap(Self.audit(console)?.selectedEvent)
        console.press(.enter)
        XCTAssertNotNil(Self.audit(console)?.detail)
        XCTAssertTrue(Self.text(console).contains("Event \(event.id)"), Self.text(console))

        console.press(.character("u"))
        XCTAssertEqual(console.stack.count, 3, "the actor's page is pushed over the audit log")
        XCTAssertNotNil(console.topScreen(DetailPageScreen.self))
        let page = console.render().textLines()
        let text = page.joined(separator: "\n")
        XCTAssertTrue(text.contains("user \(event.actorLogin)"), text)
        XCTAssertTrue(page[0].contains("Audit log › \(event.actorLogin)"), "the header's crumbs: \(page[0])")

        console.press(.escape)
        XCTAssertEqual(console.stack.count, 2, "Esc leaves the page, back to the audit log")
        let screen = try XCTUnwrap(Self.audit(console))
        XCTAssertEqual(screen.selectedEvent?.id, event.id, "the same event is selected")
        let back = Self.text(console)
        XCTAssertTrue(back.contains("Audit log · Acme Media"), back)
        XCTAssertTrue(back.contains("Event \(event.id)"), "the event is still open: \(back)")
    }
}
