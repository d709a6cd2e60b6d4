import Foundation
import GRDB
@testable import IDMConsole
import IDMDomain
@testable import IDMStore
import IDMTerminal
import XCTest

/// The audit log screen, built on its own and drawn as a host would: a status line, the
/// screen's area (rows 1-21 of 80x24), the hint bar on the last row.
final class AuditScreenTests: XCTestCase {
    static let size = Size(width: 80, height: 24)
    static var area: Rect { Rect(x: 0, y: 1, width: size.width, height: size.height - 3) }

    static func screen(_ login: String = "alice", store: Store = Golden.demo) throws -> AuditScreen {
        let session = try Session(store: store, login: login, now: { Golden.now }, entropy: SeededEntropy(seed: 42))
        return try AuditScreen(session: session)
    }

    static func render(_ screen: AuditScreen) -> Grid {
        var grid = Grid(size: size)
        StatusLine.render(&grid, left: "idm · Manage Users & Groups · " + screen.session.account.name,
                          right: "\(screen.session.login) · \(screen.session.roleSummary)")
        screen.render(into: &grid, area: area)
        HintBar.render(&grid, y: size.height - 1, items: screen.hints)
        return grid
    }

    static func text(_ screen: AuditScreen) -> String { render(screen).textLines().joined(separator: "\n") }

    @discardableResult
    static func press(_ screen: inout AuditScreen, _ keys: KeyEvent...) throws -> AuditScreen.Outcome {
        var outcome = AuditScreen.Outcome.stay
        for key in keys { outcome = try screen.handle(key, height: area.height) }
        return outcome
    }

    static func type(_ screen: inout AuditScreen, _ text: String) throws {
        for ch in text { _ = try screen.handle(.character(ch), height: area.height) }
    }

    func testAliceSeesAcmeHistoryNewestFirst() throws {
        let screen = try Self.screen()
        Golden.assert(grid: Self.render(screen), "audit-alice")
        let text = Self.text(screen)
        XCTAssertTrue(text.contains("Audit log · Acme Media"), text)
        XCTAssertTrue(text.contains("2026-11-30 00:53"), text)
        XCTAssertFalse(text.contains("product.define"), "the catalogue's events are not the account's")
        XCTAssertEqual(screen.visible.first?.action, "client.lock", "newest first")
        XCTAssertEqual(screen.visible.first?.id, screen.visible.map(\.id).max())
    }

    func testEventDetailShowsEachChangedFieldBeforeAndAfter() throws {
        var screen = try Self.screen()
        while screen.selectedEvent?.action != "credential.expiry" {
            let before = screen.selected
            try Self.press(&screen, .down)
            XCTAssertNotEqual(screen.selected, before, "no credential.expiry event")
            if screen.selected == before { return }
        }
        try Self.press(&screen, .enter)
        Golden.assert(grid: Self.render(screen), "audit-event-detail")
        let text = Self.text(screen)
        XCTAssertTrue(text.contains("expiresAt: 2028-11-29T00:53:20Z → 2026-12-10T00:53:20Z"), text)
        // → goes to the older event: mike deactivating the old credential.
        try Self.press(&screen, .right)
        XCTAssertTrue(Self.text(screen).contains("status: ACTIVE → INACTIVE"), Self.text(screen))
        try Self.press(&screen, .left)
        XCTAssertTrue(Self.text(screen).contains("expiresAt:"))
        // Esc closes the event, not the screen.
        XCTAssertEqual(try Self.press(&screen, .escape), .stay)
        XCTAssertNil(screen.detail)
        XCTAssertEqual(screen.selectedEvent?.action, "credential.expiry")
    }

    func testACreateEventShowsEveryFieldFromNone() throws {
        var screen = try Self.screen()
        try Self.press(&screen, .character("/"))
        try Self.type(&screen, "action:client.create target:purge-pipeline")
        try Self.press(&screen, .enter, .enter)
        let text = Self.text(screen)
        XCTAssertTrue(text.contains("name: (none) → purge-pipeline"), text)
        XCTAssertTrue(text.contains("ipAllowlist: (none) → 203.0.113.0/24, 2001:db8:acdc::/48"), text)
    }

    func testFilterByActor() throws {
        var screen = try Self.screen()
        let all = screen.count
        try Self.press(&screen, .character("/"))
        try Self.type(&screen, "actor:mike")
        Golden.assert(grid: Self.render(screen), "audit-filter-form")
        try Self.press(&screen, .enter)
        Golden.assert(grid: Self.render(screen), "audit-filter-actor-mike")
        XCTAssertEqual(screen.query, "actor:mike")
        XCTAssertTrue(screen.visible.allSatisfy { $0.actorLogin == "mike" })
        XCTAssertEqual(screen.count, screen.visible.count)
        XCTAssertTrue(Self.text(screen).contains("\(screen.count) of \(all) events"))
        // `/` again edits the same filter; more words narrow it.
        try Self.press(&screen, .character("/"))
        XCTAssertEqual(screen.form?.text, "actor:mike ")
        try Self.type(&screen, "action:credential since:2026-11-01 target:purge-pipeline")
        try Self.press(&screen, .enter)
        XCTAssertEqual(Set(screen.visible.map(\.action)), ["credential.create", "credential.deactivate", "credential.expiry"])
        // Esc clears the filter; a second Esc closes the screen.
        XCTAssertEqual(try Self.press(&screen, .escape), .stay)
        XCTAssertEqual(screen.query, "")
        XCTAssertEqual(screen.count, all)
        XCTAssertEqual(try Self.press(&screen, .escape), .close)
    }

    func testABadTokenIsExplainedAndNothingChanges() throws {
        var screen = try Self.screen()
        try Self.press(&screen, .character("/"))
        try Self.type(&screen, "who:mike")
        try Self.press(&screen, .enter)
        XCTAssertNotNil(screen.form)
        Golden.assert(grid: Self.render(screen), "audit-filter-error")
        XCTAssertTrue(Self.text(screen).contains("Unknown filter \"who:\""), Self.text(screen))
        try Self.press(&screen, .escape)
        XCTAssertNil(screen.form)
        XCTAssertEqual(screen.query, "")
        // Nothing matches: said so, with the way out.
        try Self.press(&screen, .character("/"))
        try Self.type(&screen, "actor:nobody")
        try Self.press(&screen, .enter)
        XCTAssertEqual(screen.count, 0)
        XCTAssertTrue(Self.text(screen).contains("No event matches actor:nobody. Esc clears the filter."), Self.text(screen))
        XCTAssertEqual(try Self.press(&screen, .enter), .stay)
        XCTAssertNil(screen.detail)
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

    /// Movement, and the window: the screen holds the rows it shows, not the log.
    func testScrollingLoadsOnlyTheRowsOnScreen() throws {
        let store = try Golden.freshDemo()
        let alice = ActorRef(login: "alice")
        let service = DirectoryService(store: store, clock: { Golden.now })
        let root = try store.read { db in try Q.groups(db, account: try Q.account(db, named: DemoSeed.acme)!.id).first { $0.name == "Acme Web" }!.id }
        for i in 0..<150 { try service.createGroup(alice, parent: root, name: "Team \(i)") }
        var screen = try Self.screen(store: store)
        let rows = AuditScreen.listRows(height: Self.area.height)
        try Self.press(&screen, .down)
        XCTAssertEqual(screen.visible.count, rows)
        XCTAssertEqual(screen.selectedEvent?.targetName, "Team 148")
        try Self.press(&screen, .end)
        XCTAssertEqual(screen.selected, screen.count - 1)
        XCTAssertEqual(screen.visible.count, rows)
        XCTAssertEqual(screen.selectedEvent?.action, "account.create", "the oldest event last")
        try Self.press(&screen, .pageUp, .character("k"))
        XCTAssertEqual(screen.selected, screen.count - 1 - (rows - 1) - 1)
        try Self.press(&screen, .home, .pageDown, .character("j"))
        XCTAssertEqual(screen.selected, rows)
        XCTAssertEqual(screen.selectedEvent?.targetName, "Team \(149 - rows)")
        XCTAssertEqual(try Self.press(&screen, .character("q")), .close)
    }

    /// An event changed behind idm's back (the triggers dropped first): the screen says the
    /// chain is broken and where, and how to check it.
    func testABrokenChainIsShownOnTheScreen() throws {
        let store = try Golden.freshDemo()
        try DatabaseQueue(path: store.path).write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor_login = 'mallory' WHERE id = 12")
        }
        let screen = try Self.screen(store: store)
        let title = Self.render(screen).textLines()[1]
        XCTAssertTrue(title.contains("Audit log · Acme Media · chain broken at event 12: idm audit verify"), title)
        XCTAssertEqual(Self.render(try Self.screen(store: Golden.freshDemo())).textLines()[1].contains("chain verifies"), true)
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
        var screen = try Self.screen(store: store)
        try Self.press(&screen, .enter)
        let grid = Self.render(screen)
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
}
