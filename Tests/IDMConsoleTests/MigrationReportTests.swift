import Foundation
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The Migration report screen, opened through the console as a person opens it (`2`, the
/// API Clients tab, then `m`), after migrating the sample export into a fresh demo directory.
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

    /// A console with the report open from the API Clients tab.
    func report(_ store: Store, _ login: String = "alice", width: Int = 80, height: Int = 24) throws -> Console {
        let console = try Golden.console(login, width: width, height: height, store: store)
        console.press(.character("2"), .character("m"))
        XCTAssertNotNil(console.topScreen(MigrationReportScreen.self), "2 then m opens the migration report")
        return console
    }

    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testReportAfterMigratingTheSample() throws {
        let store = try Self.migrated()
        let console = try report(store)
        Golden.assert(console, "migration-report-80x24")
        XCTAssertNotNil(console.topScreen(MigrationReportScreen.self)?.report)

        // Tab moves to the next section (Migrated, User records, Not migrated), staying on the report.
        console.press(.tab)
        XCTAssertNotNil(console.topScreen(MigrationReportScreen.self))
        console.press(.tab)
        XCTAssertNotNil(console.topScreen(MigrationReportScreen.self))
        console.press(.tab)
        XCTAssertNotNil(console.topScreen(MigrationReportScreen.self))
        XCTAssertEqual(console.stack.count, 2)
        Golden.assert(console, "migration-report-not-migrated-80x24")
        let text = text(console)
        XCTAssertTrue(text.contains("several access tokens (2); a migrated client has exactly one"), text)
        XCTAssertTrue(text.contains("expires 2027-11-30"), text)

        console.press(.end)
        let bottom = self.text(console)
        XCTAssertTrue(bottom.contains("We recommend creating a new client."), bottom)
        // Esc goes back to the API Clients tab.
        console.press(.escape)
        XCTAssertEqual(console.stack.count, 1, "Esc closes the report")
        XCTAssertNil(console.topScreen(MigrationReportScreen.self))
        XCTAssertFalse(self.text(console).contains("Migration report"), self.text(console))
    }

    func testBeforeAnyRunTheScreenSaysHowToRunIt() throws {
        let console = try report(Golden.demo)
        let screen = try XCTUnwrap(console.topScreen(MigrationReportScreen.self))
        XCTAssertNil(screen.report)
        let text = text(console)
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
