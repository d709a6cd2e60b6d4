import Foundation
import XCTest

/// `idm can-i` agrees with notes/domain.md for the demo cast.
final class CanICommandTests: XCTestCase {
    static var db = ""
    static var folder: URL?

    override class func setUp() {
        super.setUp()
        let made = try! CLI.demoDatabase()
        folder = made.folder
        db = made.db
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func ask(_ args: String..., as login: String, account: String? = nil) throws -> CLI.Result {
        var arguments = ["can-i"] + args + ["--as", login, "--db", Self.db]
        if let account { arguments += ["--account", account] }
        return try CLI.run(arguments)
    }

    func assertYes(_ r: CLI.Result, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.stdout, "yes\n", r.stderr, file: file, line: line)
        XCTAssertEqual(r.status, 0, file: file, line: line)
    }

    func assertNo(_ r: CLI.Result, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.stdout, "no: \(reason)\n", r.stderr, file: file, line: line)
        XCTAssertEqual(r.status, 1, file: file, line: line)
    }

    func testVeraCannotCreateAClientAndIsToldWhichPermissionSheLacks() throws {
        assertNo(try ask("create-client", as: "vera"),
                 "You need the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients.")
    }

    func testRheaCannotCreateInAcmeMediaBecauseItIsAManagedAccount() throws {
        assertNo(try ask("create-client", as: "rhea", account: "Acme Media"),
                 "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot create API clients under the accounts they manage.")
        assertYes(try ask("create-client", as: "rhea"))
    }

    func testIvanCreatorNotOwnerCannotGenerateButCanTransfer() throws {
        assertNo(try ask("generate-credential", "reporting-bot", as: "ivan"), "Only the owner (nora) can generate credentials for reporting-bot.")
        assertYes(try ask("transfer-ownership", "reporting-bot", as: "ivan"))
    }

    func testNoraOwnerCanGenerateAndEditAuthorization() throws {
        assertYes(try ask("generate-credential", "reporting-bot", as: "nora"))
        assertYes(try ask("edit-authorization", "reporting-bot", as: "nora"))
        assertNo(try ask("edit-authorization", "reporting-bot", as: "ivan"), "Only the owner (nora) can edit the API access of reporting-bot.")
    }

    func testPAPIForMikeDependsOnTheContractsOfStep1() throws {
        assertNo(try ask("grant-api", "papi", "--owner", "mike", "--groups", "Web Properties,Live", as: "mike"),
                 "Not Available due to multiple groups selected in Step 1")
        assertYes(try ask("grant-api", "papi", "--owner", "mike", "--groups", "Web Properties", as: "mike"))
    }

    func testPAPIForPatIsRefusedForLackOfPropertyManagerRead() throws {
        assertNo(try ask("grant-api", "papi", "--owner", "pat", "--groups", "Web Properties", as: "pat"),
                 "The owner (pat) needs at least read access to Property Manager.")
    }

    func testPurgePipelineCannotBeDeletedWhileItHasAnActiveCredential() throws {
        assertNo(try ask("delete-client", "purge-pipeline", as: "mike"),
                 "purge-pipeline has 1 active credential; deactivate it before deleting the client.")
    }

    func testMoreOfTheCast() throws {
        assertYes(try ask("create-client-for-user", "nora", as: "ivan"))
        assertNo(try ask("create-client-for-user", "nora", as: "mike"),
                 "You need the Admin role or a role with IDM Admin: Manage API Clients to create a client for another user.")
        assertYes(try ask("disable-credential", "purge-pipeline", as: "mike"))
        assertNo(try ask("edit-authorization", "legacy-sync", as: "alice"), "legacy-sync is locked; an Admin or IDM Admin must unlock it first.")
        assertYes(try ask("unlock-client", "legacy-sync", as: "ivan"))
        assertNo(try ask("unlock-client", "legacy-sync", as: "mike"),
                 "Only an Admin or a user with IDM Admin: Manage API Clients can unlock legacy-sync.")
        assertNo(try ask("delete-user", "nora", as: "alice"), "nora owns 1 API client (reporting-bot); transfer ownership first.")
        assertYes(try ask("delete-user", "vera", as: "alice"))
        assertNo(try ask("grant-api", "papi", "--owner", "nora", "--groups", "Staging", "--level", "READ-WRITE", as: "nora"),
                 "The owner's access to Property Manager API is READ-ONLY; READ-WRITE would exceed it.")
    }

    func testAnUnknownActionOrTargetIsAOneLineErrorNotADenial() throws {
        let unknown = try ask("fly", as: "alice")
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("Unknown action \"fly\""), unknown.stderr)
        let missing = try ask("delete-client", "no-such-client", as: "alice")
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "Error: No API client \"no-such-client\" in Acme Media.\n")
    }
}
