import Foundation
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// Administration from the tabs: forms keep what was typed and show the reason of a refusal;
/// a move or a role edit shows who it reaches before anything changes.
final class AdminScreenGoldenTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testCreateUserFormShowsTheValidationErrorAndKeepsWhatWasTyped() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.character("c"))
        console.type("olga")
        console.press(.tab); console.type("Olga")
        console.press(.tab); console.type("Orlova")
        console.press(.tab); console.type("olga@acme")
        console.press(.tab); console.type("Analyst")
        console.press(.tab); console.type("Web APIs=Property Viewer")
        console.press(.enter)
        Golden.assert(console, "admin-create-user-error")
        XCTAssertTrue(text(console).contains("olga@acme"), "what was typed stays")
        // Fix the email and create.
        for _ in 0..<2 { console.press(.backTab) }
        console.type(".example")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("Created olga."), text(console))
        XCTAssertNotNil(try store.read { db in try Q.user(db, login: "olga") })
    }

    func testGroupMovePreviewThenMove() throws {
        let store = try Golden.freshDemo()
        // olga holds a role on Web APIs only: moving Staging under it gives her Staging.
        let acme = try store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let (webAPIs, viewer) = try store.read { db in
            (try Q.group(db, account: acme, key: "Web APIs").id, try Q.role(db, account: acme, key: "Property Viewer").id)
        }
        try DirectoryService(store: store).createUser(ActorRef(login: "alice"), NewUser(
            login: "olga", firstName: "Olga", lastName: "Orlova", email: "olga@acme.example", grants: [Grant(groupID: webAPIs, roleID: viewer)]))
        let console = try Golden.console("alice", store: store)
        console.press(.character("3"), .character("/"))
        console.type("staging")
        console.press(.enter, .character("M"))
        console.type("Web APIs")
        console.press(.enter)
        Golden.assert(console, "admin-group-move-preview")
        XCTAssertTrue(text(console).contains("olga gains Staging"), text(console))
        console.press(.character("y"))
        XCTAssertTrue(text(console).contains("Moved Staging under Web APIs."), text(console))
        let path = try store.read { db -> String in
            let tree = try Q.tree(db, account: try Q.account(db, named: DemoSeed.acme)!.id)
            return tree.path(of: tree.groups(named: "Staging")[0].id)
        }
        XCTAssertEqual(path, "Acme Web > Web APIs > Staging")
    }

    func testRoleEditShowsItsImpactFirstAndStandardRolesAreReadOnly() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.character("4"))          // roles by name: Admin first
        console.press(.character("E"))
        XCTAssertTrue(text(console).contains("Admin is a standard role; standard roles are"), text(console))
        console.press(.escape)                   // the reason box takes this key
        console.press(.character("/"))
        console.type("viewer")
        console.press(.enter)                    // Property Viewer, Reporting Viewer: the first is Property Viewer
        console.press(.character("E"), .tab, .tab, .ctrl("u"))
        console.type("idm.apiClients.user, product.reporting.read")
        console.press(.enter)
        Golden.assert(console, "admin-role-edit-impact")
        XCTAssertTrue(text(console).contains("Reaches 1 user and 1 API client"), text(console))
        console.press(.character("n"))
        let role = try store.read { db in try Q.roles(db, account: try Q.account(db, named: DemoSeed.acme)!.id).first { $0.name == "Property Viewer" }! }
        XCTAssertTrue(role.permissions.contains(.product("property-manager", .readOnly)), "n: nothing saved")
    }

    func testMigrationReportFromTheAPIClientsTab() throws {
        let console = try Golden.console("alice")
        console.press(.character("2"), .character("m"))
        XCTAssertTrue(text(console).contains("igration"), text(console))
        console.press(.character("q"))
        XCTAssertTrue(text(console).contains("purge-pipeline"), text(console))
        let vera = try Golden.console("vera")
        vera.press(.character("2"), .character("m"))
        XCTAssertTrue(text(vera).contains("You need the Admin role"), text(vera))
    }
}

final class AdminUserEditTests: XCTestCase {
    func testEditUserProfileAndRoles() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.character("/"))
        console.type("vera")
        console.press(.enter, .character("E"))
        Golden.assert(console, "admin-edit-user")
        console.press(.tab, .tab, .tab)          // Job title
        console.press(.ctrl("u"))
        console.type("Lead analyst")
        console.press(.tab, .tab, .tab, .ctrl("u"))
        console.type("Acme Web=Reporting Viewer, Acme Streaming=Reporting Viewer")
        console.press(.enter)
        let vera = try store.read { db in try Q.user(db, login: "vera")! }
        XCTAssertEqual(vera.jobTitle, "Lead analyst")
        XCTAssertEqual(vera.grants.count, 2)
    }
}

final class DeleteUserTransferTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    /// Rule 10: nora owns reporting-bot; deleting her offers to transfer it first.
    func testDeletingAnOwnerOffersToTransferFirst() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.character("/"))
        console.type("nora")
        console.press(.enter, .character("X"))
        Golden.assert(console, "admin-delete-user-offer-transfer")
        console.press(.character("y"))
        console.type("pat")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("pat will own reporting-bot"), text(console))
        console.press(.character("y"))
        XCTAssertTrue(text(console).contains("pat now owns nora's API clients; deleted nora."), text(console))
        let (nora, owner) = try store.read { db in
            (try Q.user(db, login: "nora"), try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "reporting-bot")!.ownerID)
        }
        XCTAssertNil(nora)
        XCTAssertEqual(owner, try store.read { db in try Q.user(db, login: "pat")!.id })
    }
}

final class BlockSubgroupTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testBlockingAndUnblockingASubgroupForAUser() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.character("/"))
        console.type("mike")
        console.press(.enter, .character("b"))
        console.type("Web Properties")
        Golden.assert(console, "admin-block-subgroup")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("inherited access now stops at Web Properties"), text(console))
        var access = try store.read { db in try Q.access(db, of: try Q.user(db, login: "mike")!) }
        XCTAssertFalse(access.groupIDs.contains(try store.read { db in try Q.group(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: "Staging").id }),
                       "blocking stops inheritance beneath it too")
        console.press(.character("b"))
        console.type("Web Properties")
        console.press(.enter)
        XCTAssertTrue(text(console).contains("inherits access to Web Properties again"), text(console))
        access = try store.read { db in try Q.access(db, of: try Q.user(db, login: "mike")!) }
        XCTAssertEqual(access.groupIDs.count, 7)
    }
}
