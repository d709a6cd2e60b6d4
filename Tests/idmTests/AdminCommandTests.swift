import Foundation
import XCTest

/// `idm users|groups|roles` changes through the real binary: one-line errors, previews before
/// --yes, JSON where something prints.
final class AdminCommandTests: XCTestCase {
    var folder: URL!
    var db = ""

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func idm(_ args: String..., as login: String = "alice") throws -> CLI.Result {
        try CLI.run(args + ["--db", db, "--as", login])
    }

    private func json(_ r: CLI.Result) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    func testCreateEditLockUnlockDeleteAUser() throws {
        let created = try idm("users", "create", "dana", "--first", "Dana", "--last", "Diaz", "--email", "dana@acme.example",
                              "--title", "Analyst", "--grant", "Web Properties=Property Viewer", "--json")
        XCTAssertEqual(created.status, 0, created.stderr)
        let user = try json(created)
        XCTAssertEqual(user["login"] as? String, "dana")
        XCTAssertEqual((user["grants"] as? [[String: String]])?.first, ["group": "Acme Web > Web Properties", "role": "Property Viewer"])

        let edited = try idm("users", "edit", "dana", "--phone", "+44 1234 567891", "--grant", "Live=Purge Operator")
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stdout.contains("Purge Operator on Acme Streaming > Live"), edited.stdout)
        XCTAssertFalse(edited.stdout.contains("Property Viewer"), "--grant replaces")

        XCTAssertEqual(try idm("users", "lock", "dana").status, 0)
        let again = try idm("users", "lock", "dana")
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.stderr, "Error: dana is already locked.\n")
        XCTAssertEqual(try idm("users", "unlock", "dana").status, 0)
        let deleted = try idm("users", "delete", "dana")
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        XCTAssertEqual(deleted.stdout, "Deleted dana.\n")
    }

    func testCreateUserErrorsAreOneLine() throws {
        let noGrant = try idm("users", "create", "x", "--first", "X", "--last", "Y", "--email", "x@acme.example")
        XCTAssertEqual(noGrant.status, 1)
        XCTAssertEqual(noGrant.stderr, "Error: A user needs at least one group role: add --grant \"GROUP=ROLE\".\n")
        let badEmail = try idm("users", "create", "x", "--first", "X", "--last", "Y", "--email", "nope", "--grant", "Live=Purge Operator")
        XCTAssertEqual(badEmail.stderr, "Error: \"nope\" is not a valid email address: it has no @.\n")
        let denied = try idm("users", "create", "x", "--first", "X", "--last", "Y", "--email", "x@acme.example", "--grant", "Live=Purge Operator",
                             as: "ivan")
        XCTAssertEqual(denied.status, 1)
        XCTAssertEqual(denied.stderr, "Error: You need the Admin role or a role with IDM: Manage Users.\n")
    }

    func testDeletingAClientOwnerOffersTheTransfer() throws {
        let r = try idm("users", "delete", "mike")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "Error: mike owns 1 API client (purge-pipeline); transfer ownership first. Add --transfer-to LOGIN to transfer and delete in one step.\n")
        let creator = try idm("users", "delete", "ivan")
        XCTAssertEqual(creator.stderr, "Error: ivan created 1 API client (reporting-bot), which keeps its creator; delete it first, or lock ivan instead.\n")
    }

    func testAmbiguousGroupNameListsPaths() throws {
        let made = try idm("groups", "create", "Staging", "--parent", "Live")
        XCTAssertEqual(made.status, 0, made.stderr)
        let r = try idm("groups", "rename", "Staging", "Stage")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("Error: \"Staging\" names 2 groups: Acme Streaming > Live > Staging (id "), r.stderr)
        XCTAssertTrue(r.stderr.contains("; Acme Web > Web Properties > Staging (id "), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1)
        let byPath = try idm("groups", "rename", "Acme Streaming > Live > Staging", "Stage")
        XCTAssertEqual(byPath.status, 0, byPath.stderr)
        XCTAssertEqual(byPath.stdout, "Renamed Staging to Acme Streaming > Live > Stage.\n")
    }

    func testMoveNeedsYesWhenAccessChanges() throws {
        XCTAssertEqual(try idm("users", "create", "walt", "--first", "Walt", "--last", "Wu", "--email", "walt@acme.example",
                               "--grant", "Web APIs=Property Developer").status, 0)
        let preview = try idm("groups", "move", "Staging", "--to", "Web APIs")
        XCTAssertEqual(preview.status, 1)
        XCTAssertTrue(preview.stdout.contains("walt  gains   Acme Web > Web APIs > Staging"), preview.stdout)
        XCTAssertEqual(preview.stderr, "Error: Moving Staging changes access for 1 user; nothing was changed. Add --yes to apply it.\n")
        let groups = try idm("groups", "list", "--json")
        XCTAssertTrue(groups.stdout.contains("Acme Web > Web Properties > Staging"), "not moved")

        let moved = try idm("groups", "move", "Staging", "--to", "Web APIs", "--yes", "--json")
        XCTAssertEqual(moved.status, 0, moved.stderr)
        let report = try json(moved)
        XCTAssertEqual(report["applied"] as? Bool, true)
        XCTAssertEqual((report["users"] as? [[String: Any]])?.first?["gains"] as? [String], ["Acme Web > Web APIs > Staging"])
        let across = try idm("groups", "move", "Staging", "--to", "Live")
        XCTAssertEqual(across.stderr, "Error: Staging is in contract C-ACME-WEB and Live in C-ACME-STREAM: a group moves only within its own contract.\n")
    }

    func testMoveThatChangesNothingNeedsNoYes() throws {
        let r = try idm("groups", "move", "Staging", "--to", "Web APIs")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("No one gains or loses access."), r.stdout)
        XCTAssertTrue(r.stdout.contains("Moved Staging under Acme Web > Web APIs."), r.stdout)
    }

    func testGroupDeleteRule11() throws {
        let r = try idm("groups", "delete", "Staging")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "Error: Staging still has 2 API clients; move or delete the subgroups, take the group off the clients and change those users' roles first.\n")
        XCTAssertEqual(try idm("groups", "create", "Archive", "--parent", "VOD").status, 0)
        XCTAssertEqual(try idm("groups", "delete", "Archive").stdout, "Deleted group Acme Streaming > VOD > Archive.\n")
    }

    func testRolesCreateEditWithImpactAndDelete() throws {
        let created = try idm("roles", "create", "Auditor", "--description", "Reads reports.", "--permission", "product.reporting.read", "--json")
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertEqual(try json(created)["permissions"] as? [String], ["product.reporting.read"])

        let preview = try idm("roles", "edit", "Property Viewer", "--permission", "idm.apiClients.user", "--permission", "product.reporting.read")
        XCTAssertEqual(preview.status, 1)
        XCTAssertTrue(preview.stdout.contains("removes  product.property-manager.read"), preview.stdout)
        XCTAssertTrue(preview.stdout.contains("1 user holds it: nora."), preview.stdout)
        XCTAssertTrue(preview.stdout.contains("reporting-bot (owner nora): loses API papi"), preview.stdout)
        XCTAssertEqual(preview.stderr, "Error: Changing Property Viewer reaches 1 user and shrinks 1 API client; nothing was changed. Add --yes to apply it.\n")

        let applied = try idm("roles", "edit", "Property Viewer", "--permission", "idm.apiClients.user", "--permission", "product.reporting.read", "--yes")
        XCTAssertEqual(applied.status, 0, applied.stderr)
        let bot = try idm("clients", "show", "reporting-bot", "--json")
        XCTAssertFalse(bot.stdout.contains("\"papi\""), bot.stdout)

        XCTAssertEqual(try idm("roles", "edit", "Auditor", "--name", "Report Auditor").status, 0)
        XCTAssertEqual(try idm("roles", "delete", "Report Auditor").stdout, "Deleted role Report Auditor.\n")
        XCTAssertEqual(try idm("roles", "delete", "Admin").stderr, "Error: Admin is a standard role; standard roles are read-only.\n")
        XCTAssertEqual(try idm("roles", "delete", "Purge Operator").stderr, "Error: Purge Operator is held by 1 user; give them other roles first.\n")
    }
}
