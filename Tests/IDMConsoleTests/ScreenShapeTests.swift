import Foundation
import GRDB
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The console's shape: render reads nothing; every key of a screen's table does something or
/// says why not, and a key outside it changes nothing; crumbs say where you are; Esc goes back
/// along the stack keeping each screen's place.
final class ScreenShapeTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    /// States worth drawing, each reached by keys from the start, as alice and mike.
    static let journeys: [(name: String, login: String, keys: [KeyEvent])] = [
        ("users", "alice", [.down]),
        ("users filter", "alice", [.character("/"), .character("i")]),
        ("clients", "alice", [.character("2"), .down]),
        ("groups tree", "alice", [.character("3"), .down, .down]),
        ("roles", "alice", [.character("4"), .down]),
        ("user page", "alice", [.down, .enter, .down]),
        ("group page", "alice", [.character("3"), .down, .down, .enter, .down]),
        ("role page", "alice", [.character("4"), .enter, .down]),
        ("client page", "mike", [.character("2"), .down, .enter, .down]),
        ("client page, last credential", "mike", [.character("2"), .down, .enter, .character("G")]),
        ("wizard groups", "mike", [.character("n"), .down]),
        ("wizard apis", "mike", [.character("n"), .enter, .down]),
        ("wizard review", "mike", [.character("n"), .enter, .down, .down, .character(" "), .enter] + "web-deployer".map { .character($0) } + [.enter]),
        ("audit log", "alice", [.character("L"), .down]),
        ("audit event", "alice", [.character("L"), .down, .enter]),
        ("migration report", "alice", [.character("2"), .character("m"), .down]),
        ("edit user form", "alice", [.down, .character("E")]),
        ("lock question", "alice", [.down, .character("l")]),
        ("owner picker", "alice", [.character("2"), .character("N")]),
        ("help", "alice", [.character("?")]),
    ]

    func console(_ login: String, _ keys: [KeyEvent], store: Store, size: Size = Size(width: 100, height: 30)) throws -> Console {
        let console = try Golden.console(login, width: size.width, height: size.height, store: store)
        for key in keys { console.handle(key) }
        return console
    }

    // MARK: Render does no I/O

    func testDrawingAFrameReadsNothing() throws {
        let store = try Golden.freshDemo()
        for journey in Self.journeys {
            let console = try console(journey.login, journey.keys, store: store)
            let before = store.readsServed
            _ = console.render()
            _ = console.render()
            XCTAssertEqual(store.readsServed, before, "\(journey.name): render read the database")
        }
    }

    func testAMoveReadsOnlyWhatTheNewSelectionNeeds() throws {
        let store = try Golden.freshDemo()
        let console = try console("alice", [.character("3")], store: store)
        // The Groups tree is the session's tree: a move fetches only the new row's decisions.
        let before = store.readsServed
        console.press(.down)
        XCTAssertLessThanOrEqual(store.readsServed - before, 2, "a move on the Groups tab")
    }

    /// While nothing is typed the console reads ahead the decisions of the rows beside the
    /// selection: the next move then reads nothing, and shows what it would have read itself.
    func testReadAheadLetsTheNextMoveReadNothingAndDecideTheSame() throws {
        let store = try Golden.freshDemo()
        for (tab, keys) in [("users", [KeyEvent]()), ("groups", [.character("3")]), ("roles", [.character("4")])] {
            let ahead = try console("alice", keys, store: store)
            ahead.readAhead()
            let before = store.readsServed
            ahead.press(.down)
            XCTAssertEqual(store.readsServed, before, "\(tab): a move onto a row read ahead")
            let plain = try console("alice", keys + [.down], store: store)
            XCTAssertEqual(ahead.render(), plain.render(), "\(tab): the same keys, hints and reasons")
            // Back up: the row left was known already; nothing to read either.
            ahead.readAhead()
            let again = store.readsServed
            ahead.press(.up)
            XCTAssertEqual(store.readsServed, again, "\(tab): back onto the row first shown")
        }
    }

    /// A key decided per row dims where it is: moving from a user alice may not delete (herself)
    /// to one she may changes one item of the hint bar, never which items are shown.
    func testTheHintBarKeepsItsKeysAsTheSelectionMoves() throws {
        let store = try Golden.freshDemo()
        let console = try console("alice", [], store: store, size: Size(width: 80, height: 24))
        func bar() -> String { console.render().textLines().last ?? "" }
        let first = bar()
        XCTAssertTrue(first.contains("X Delete"), first)
        for _ in 0..<5 {
            console.press(.down)
            XCTAssertEqual(bar(), first, "the same keys in the same places")
        }
    }

    // MARK: Key tables

    /// Keys a person might press anywhere.
    static let universe: [KeyEvent] = (33...126).map { KeyEvent.character(Character(Unicode.Scalar($0)!)) } + [
        .character(" "), .enter, .escape, .tab, .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
        .backspace, .delete, .function(1), .function(2), .ctrl("a"), .ctrl("e"), .ctrl("l"), .ctrl("u"), .ctrl("b"), .ctrl("f"),
    ]

    static let movement: Set<KeyEvent> = [.up, .down, .pageUp, .pageDown, .home, .end, .character("j"), .character("k"), .character("g"),
                                          .character("G"), .ctrl("b"), .ctrl("f"), .tab, .backTab]

    /// What a person notices of the directory: every table's rows (a refused or silent key must
    /// leave it byte for byte as it was).
    func digest(_ store: Store) throws -> String {
        try DirectoryDigest.of(store)
    }

    func testEveryKeyOfAScreenDoesSomethingOrSaysWhyAndOtherKeysChangeNothing() throws {
        var failures: [String] = []
        var store = try Golden.freshDemo()
        var clean = try digest(store)
        // Screens with a text field take every printable key as typing: not these.
        let journeys = Self.journeys.filter { !["users filter", "edit user form", "owner picker", "help"].contains($0.name) }
        for journey in journeys {
            for key in Self.universe {
                let console = try console(journey.login, journey.keys, store: store)
                let top = console.top
                let bound = top.binds(key) || [.character("?"), .function(1), .character("L")].contains(key)
                let before = console.render()
                let depth = console.stack.count
                console.handle(key)
                let after = console.render()
                let label = "\(journey.name) \(key.description)"
                if bound {
                    // Moving past the end of what is shown does nothing, as everywhere.
                    let changed = after != before || console.shouldQuit || console.stack.count != depth
                    if !changed && !Self.movement.contains(key) { failures.append("\(label): in the table, yet nothing happened") }
                } else {
                    // Outside the table: the screen is as it was, but for a word on the notice line.
                    let rows = Array(after.textLines().dropLast(2)) == Array(before.textLines().dropLast(2))
                    if !rows || console.stack.count != depth { failures.append("\(label): not in the table, yet the screen changed") }
                    if try digest(store) != clean { failures.append("\(label): not in the table, yet the directory changed") }
                }
                if try digest(store) != clean {
                    store = try Golden.freshDemo()
                    clean = try digest(store)
                }
            }
        }
        XCTAssertEqual(failures, [], "\n" + failures.joined(separator: "\n"))
    }

    // MARK: Crumbs and the stack

    func testTheHeaderShowsWhereYouAreAndEscGoesBackAlongTheStack() throws {
        let store = try Golden.freshDemo()
        let console = try console("mike", [.character("2"), .down, .enter], store: store)
        XCTAssertEqual(console.crumbs, "Manage Users & Groups › purge-pipeline")
        console.press(.character("R"), .character("y"))
        XCTAssertEqual(console.crumbs, "Manage Users & Groups › purge-pipeline › Rotate")
        XCTAssertTrue(text(console).hasPrefix(" Manage Users & Groups › purge-pipeline › Rotate"), text(console))
        console.press(.escape)
        XCTAssertEqual(console.crumbs, "Manage Users & Groups › purge-pipeline")
    }

    /// Client page → its owner → their group → back → back, each screen where it was left.
    func testRelatedObjectsOpenOnTopAndBackKeepsEachSelection() throws {
        let store = try Golden.freshDemo()
        let console = try console("alice", [.character("2"), .down, .enter], store: store)
        let page = try XCTUnwrap(console.topScreen(ClientPageScreen.self))
        // The owner's line.
        let ownerLine = try XCTUnwrap(page.page?.lines.firstIndex { $0.link == .user(page.facts!.owner.id) })
        for _ in 0..<ownerLine { console.press(.down) }
        XCTAssertTrue(console.render().textLines().last!.contains("Open user"), text(console))
        console.press(.enter)
        XCTAssertEqual(console.crumbs, "Manage Users & Groups › purge-pipeline › mike")
        XCTAssertTrue(text(console).contains("user mike"), text(console))
        // mike's first group, in his access table.
        let user = try XCTUnwrap(console.topScreen(DetailPageScreen.self))
        let groupLine = try XCTUnwrap(user.page?.lines.firstIndex { if case .group = $0.link { return true } else { return false } })
        for _ in 0..<groupLine { console.press(.down) }
        console.press(.enter)
        let group = try XCTUnwrap(console.topScreen(DetailPageScreen.self))
        XCTAssertEqual(console.crumbs, "Manage Users & Groups › purge-pipeline › mike › \(group.name)")
        console.press(.escape)
        XCTAssertEqual(console.topScreen(DetailPageScreen.self)?.page?.cursor.selected, groupLine, "mike's page kept its place")
        console.press(.escape)
        XCTAssertEqual(console.topScreen(ClientPageScreen.self)?.page?.cursor.selected, ownerLine, "the client page kept its place")
        console.press(.escape)
        XCTAssertEqual(console.manage?.windows[.clients]?.list.selected, 1, "the list kept its row")
        XCTAssertEqual(console.stack.count, 1)
    }

    // MARK: Boxes close on the next key, which does nothing else (D6)

    func testARefusalBoxTakesTheKeyThatClosesIt() throws {
        let store = try Golden.freshDemo()
        // vera may not lock purge-pipeline: a reason box over the client page.
        let console = try console("vera", [.character("2"), .down, .enter, .character("l")], store: store)
        XCTAssertTrue(text(console).contains("Lock or unlock the client"), text(console))
        console.press(.escape)
        XCTAssertNotNil(console.topScreen(ClientPageScreen.self), "Esc closed the box, not the page")
        console.press(.escape, .character("l"))
        XCTAssertNotNil(console.manage)
        // On the list, q on a box closes the box and does not quit.
        let list = try self.console("vera", [.character("2"), .character("N")], store: store)
        XCTAssertTrue(text(list).contains("New API client for another user"), text(list))
        list.press(.character("q"))
        XCTAssertFalse(list.shouldQuit)
        list.press(.character("q"))
        XCTAssertTrue(list.shouldQuit)
    }
}

/// A digest of every row of the directory's tables, to show a refusal or a cancel changed
/// nothing. (Tests only: the console itself never reads this way.)
enum DirectoryDigest {
    static func of(_ store: Store) throws -> String {
        try store.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            return try tables.map { table in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"")
                return table + ":" + rows.map(\.description).joined(separator: "|")
            }.joined(separator: "\n")
        }
    }
}

/// The console reads only through IDMStore's read API: no SQL, no GRDB in its sources.
final class ConsoleLayeringTests: XCTestCase {
    func testTheConsoleHasNoSQLAndNoGRDB() throws {
        let folder = Golden.screensFolder.deletingLastPathComponent().appendingPathComponent("Sources/IDMConsole")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for banned in ["import GRDB", "sql:", "Database", "Row.fetch", "Q."] where text.contains(banned) {
                XCTFail("\(file.lastPathComponent) has \(banned)")
            }
        }
    }
}
