import Foundation
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The Migration report screen, rendered directly (the console wires it from the API Clients
/// tab), after migrating the sample export into a fresh demo directory.
final class MigrationReportTests: XCTestCase {
    static let expiry = Date(timeIntervalSince1970: 1_827_532_800) // 2027-11-30

    static var sampleURL: URL {
        Golden.screensFolder.deletingLastPathComponent().appendingPathComponent("samples/legacy-manage-apis.json")
    }

    /// A fresh demo directory with the sample migrated by alice at the demo's "now".
    static func migrated() throws -> Store {
        let store = try Golden.freshDemo()
        let export = try LegacyExport.parse(try Data(contentsOf: sampleURL))
        _ = try DirectoryService(store: store, clock: { Golden.now })
            .migrateLegacy(ActorRef(login: "alice"), export: export, source: "legacy-manage-apis.json", expiresAt: expiry)
        return store
    }

    func session(_ store: Store, _ login: String = "alice") throws -> Session {
        try Session(store: store, login: login, now: { Golden.now })
    }

    /// The screen as the console lays it out: status line, the body, the hint bar.
    func frame(_ screen: MigrationReportScreen, _ session: Session, width: Int = 80, height: Int = 24) -> Grid {
        var grid = Grid(width: width, height: height)
        StatusLine.render(&grid, left: "idm · \(session.account.name) · API Clients", right: session.login)
        screen.render(into: &grid, area: Self.body(width: width, height: height))
        HintBar.render(&grid, y: height - 1, items: screen.hints)
        return grid
    }

    static func body(width: Int, height: Int) -> Rect { Rect(x: 0, y: 2, width: width, height: height - 4) }

    func testReportAfterMigratingTheSample() throws {
        let store = try Self.migrated()
        let session = try session(store)
        var screen = try MigrationReportScreen(session: session)
        Golden.assert(grid: frame(screen, session), "migration-report-80x24")

        let height = Self.body(width: 80, height: 24).height
        XCTAssertEqual(screen.handle(.tab, height: height), .stay)
        XCTAssertEqual(screen.handle(.tab, height: height), .stay)
        XCTAssertEqual(screen.handle(.tab, height: height), .stay)
        Golden.assert(grid: frame(screen, session), "migration-report-not-migrated-80x24")
        let text = frame(screen, session).textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("several access tokens (2); a migrated client has exactly one"), text)
        XCTAssertTrue(text.contains("expires 2027-11-30"), text)

        screen.handle(.end, height: height)
        let bottom = frame(screen, session).textLines().joined(separator: "\n")
        XCTAssertTrue(bottom.contains("We recommend creating a new client."), bottom)
        XCTAssertEqual(screen.handle(.escape, height: height), .close)
    }

    func testBeforeAnyRunTheScreenSaysHowToRunIt() throws {
        let session = try session(Golden.demo)
        let screen = try MigrationReportScreen(session: session)
        XCTAssertNil(screen.report)
        let text = frame(screen, session).textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("No migration from Manage APIs has run in Acme Media yet."), text)
        XCTAssertTrue(text.contains("idm migrate legacy FILE --as LOGIN"), text)
    }

    func testMigratedUserRecordsShowInTheAPIClientsListAsTypeUser() throws {
        let store = try Self.migrated()
        let console = try Golden.console("alice", width: 120, height: 40, store: store)
        console.press(.character("2"))
        let rows = console.render().textLines()
        let record = try XCTUnwrap(rows.first { $0.contains("mike (User)") }, rows.joined(separator: "\n"))
        XCTAssertTrue(record.contains("User"), record)
        let migrated = try XCTUnwrap(rows.first { $0.contains("cache-purger") })
        XCTAssertTrue(migrated.contains("API"), migrated)
        // The first row (by name) is alice's record; it opens like any client, read-only.
        console.press(.enter)
        let page = console.render().textLines().joined(separator: "\n")
        XCTAssertTrue(page.contains("alice (User)"), page)
    }
}
