import Foundation
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// An API client's page as its owner, its creator and a viewer: the same page, different
/// actions dimmed, each with the policy's reason.
final class ClientPageGoldenTests: XCTestCase {
    /// Opens the client on the API Clients tab (rows sorted by name).
    func open(_ console: Console, row: Int) {
        console.press(.character("2"))
        for _ in 0..<row { console.press(.down) }
        console.press(.enter)
    }

    static let legacy = 0, pipeline = 1, bot = 2

    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testOwnerCreatorAndViewer() throws {
        let owner = try Golden.console("mike")
        open(owner, row: Self.pipeline)
        owner.press(.down)
        Golden.assert(owner, "client-page-owner-mike")

        let creator = try Golden.console("ivan")
        open(creator, row: Self.bot)
        Golden.assert(creator, "client-page-creator-ivan")
        creator.press(.character("g"))
        XCTAssertTrue(text(creator).contains("Only the owner (nora) can generate"), text(creator))

        let viewer = try Golden.console("vera")
        open(viewer, row: Self.pipeline)
        Golden.assert(viewer, "client-page-viewer-vera")
        viewer.press(.character("?"))
        Golden.assert(viewer, "client-page-viewer-vera-help")
    }

    func testTransferPreviewShowsWhatTheClientWouldLose() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("ivan", store: store)
        open(console, row: Self.bot)
        console.press(.character("t"))
        console.type("pat")
        console.press(.enter)
        Golden.assert(console, "client-transfer-preview")
        XCTAssertTrue(text(console).contains("would lose access to Property"), text(console))
        console.press(.character("y"))
        XCTAssertTrue(text(console).contains("now belongs to pat"), text(console))
        let owner = try store.read { db in try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "reporting-bot")!.ownerID }
        XCTAssertEqual(owner, try store.read { db in try Q.user(db, login: "pat")!.id })
    }

    func testRotateMakesRoomThenAsksForTheOverlapThenShowsTheSecretOnce() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("mike", store: store)
        open(console, row: Self.pipeline)
        console.press(.character("R"))
        Golden.assert(console, "client-rotate-make-room")
        console.press(.character("y"))
        Golden.assert(console, "client-rotate-dialog")
        console.press(.backspace)
        console.type("3")
        console.press(.enter)
        Golden.assert(console, "client-rotate-new-secret")
        console.press(.enter, .character("y"))
        let after = text(console)
        XCTAssertTrue(after.contains("Deactivate the old credential"), after)
        let credentials = try store.read { db in
            try Q.credentials(db, client: try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "purge-pipeline")!.id)
        }
        XCTAssertEqual(credentials.map(\.status), [.active, .active])
        XCTAssertEqual(credentials.map { Formats.day($0.expiresAt) }.sorted(), ["2026-12-03", "2028-11-29"], "old one shortened to 3 days")
    }

    func testLockedClientRefusesEditsAndAdminUnlocks() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        open(console, row: Self.legacy)
        console.press(.character("m"))
        XCTAssertTrue(text(console).contains("legacy-sync is locked"), text(console))
        console.press(.escape, .character("l"), .character("y"))
        XCTAssertTrue(text(console).contains("Unlocked legacy-sync."), text(console))
        console.press(.character("m"))
        XCTAssertTrue(text(console).contains("Edit the details of legacy-sync"), text(console))
    }

    func testDeleteNeedsTheNameTypedAndNoActiveCredential() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("mike", store: store)
        open(console, row: Self.pipeline)
        console.press(.character("X"))
        XCTAssertTrue(text(console).contains("1 active credential"), text(console))
        console.press(.escape, .character("D"), .character("y"))
        console.press(.character("X"))
        console.type("purge")
        console.press(.enter)
        Golden.assert(console, "client-delete-wrong-name")
        console.type("-pipeline")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("Deleted purge-pipeline."), text(console))
    }

    func testAStaleSaveSaysWhoChangedItAndOffersReload() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("mike", store: store)
        open(console, row: Self.pipeline)
        // Another admin changes the client after the page loaded it.
        let id = try store.read { db in try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "purge-pipeline")!.id }
        let later = DirectoryService(store: store, clock: { Golden.now.addingTimeInterval(3600) })
        try later.lockClient(ActorRef(login: "alice"), client: id)
        try later.unlockClient(ActorRef(login: "alice"), client: id)
        console.press(.character("l"), .character("y"))
        let screen = text(console)
        XCTAssertTrue(screen.contains("changed by alice at 2026-11-30T01:53:20Z"), screen)
        XCTAssertTrue(screen.contains("now shows the current state"), screen)
        // The box takes the next key; the page was read again, so the lock now works.
        console.press(.escape, .character("l"), .character("y"))
        XCTAssertTrue(text(console).contains("Locked purge-pipeline."), text(console))
    }
}

final class ClientPageEditTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testOwnerEditsAPIAccessWithTheWizardsStepsAndDetailsWithItsForm() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("nora", store: store)
        console.press(.character("2"), .down, .down, .enter)   // reporting-bot
        console.press(.character("p"))
        Golden.assert(console, "client-edit-api-access")
        console.press(.down, .down, .down, .character(" "))   // Web Properties (and Staging) off
        console.press(.enter, .enter)                    // step 2, then save
        XCTAssertTrue(text(console).contains("API access of reporting-bot saved."), text(console))
        let groups = try store.read { db in
            try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "reporting-bot")!.groupIDs.count
        }
        XCTAssertEqual(groups, 2, "Acme Web and Web APIs remain")

        console.press(.character("m"))
        console.press(.ctrl("u"))
        console.type("reports-bot")
        console.press(.tab, .tab, .tab)
        console.type(", 2001:DB8::1")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("Details of reports-bot saved."), text(console))
        let client = try store.read { db in try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "reports-bot")! }
        XCTAssertEqual(client.ipAllowlist, ["198.51.100.0/24", "2001:db8::1/128"], "canonical form")
    }
}
