import Foundation
import XCTest

/// `idm clients create` on the real binary: the New API Client wizard's rules from a script.
/// Every refusal exits 1 (2-line usage errors 64) and leaves the database file byte for byte
/// as it was; what it creates matches what the console's wizard creates (WizardAgreementTests).
final class ClientsCreateCommandTests: XCTestCase {
    var folder: URL!
    var db = ""

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func create(_ args: String..., as login: String) throws -> CLI.Result {
        try CLI.run(["clients", "create"] + args + ["--db", db, "--as", login])
    }

    /// The database file and its WAL, as bytes.
    func bytes() throws -> [Data] {
        try [db, db + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    }

    /// `args` run as `login` is refused with exactly `error` and writes nothing.
    func assertRefused(_ args: [String], as login: String, _ error: String, status: Int32 = 1,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try bytes()
        let run = try CLI.run(["clients", "create"] + args + ["--db", db, "--as", login])
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        XCTAssertEqual(run.stdout, "", file: file, line: line)
        XCTAssertEqual(run.stderr.split(separator: "\n").first.map(String.init), "Error: \(error)", file: file, line: line)
        XCTAssertEqual(try bytes(), before, "a refusal writes nothing", file: file, line: line)
    }

    func json(_ run: CLI.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], run.stdout, file: file, line: line)
    }

    /// The FAQ: PAPI is tied to one contract, so mike's groups of both contracts make it
    /// unavailable, with the console's tooltip words and the way out.
    func testPAPIAcrossContractsIsRefusedWithTheFAQsReason() throws {
        try assertRefused(["deploy", "--groups", "Acme Web,Acme Streaming", "--api", "papi"], as: "mike",
                          "Property Manager API: Not Available due to multiple groups selected in Step 1; --per-contract makes one client per contract, as o does in the console's wizard")
        // An account-wide API across the same groups is fine: one client, both contracts.
        let made = try json(try create("purger", "--groups", "Acme Web,Acme Streaming", "--api", "ccu", "--json", as: "mike"))
        XCTAssertEqual(made.count, 1)
        let client = made[0]["client"] as! [String: Any]
        XCTAssertEqual((client["groups"] as! [String]).count, 7, "each named group brings its subgroups, as Space does")
    }

    func testPerContractMakesOneClientPerContractEachWithItsOwnCredential() throws {
        let made = try json(try create("deploy", "--groups", "Acme Web, Acme Streaming", "--api", "papi", "--per-contract",
                                       "--description", "Deploys properties", "--email", "ops@acme.example", "--cidr", "10.0.0.0/8",
                                       "--json", as: "mike"))
        let clients = made.map { $0["client"] as! [String: Any] }
        XCTAssertEqual(clients.map { $0["name"] as! String }, ["deploy-c-acme-stream", "deploy-c-acme-web"])
        XCTAssertEqual(clients.map { ($0["groups"] as! [String]).count }, [3, 4], "each client has its contract's groups")
        for client in clients {
            XCTAssertEqual(client["owner"] as? String, "mike")
            XCTAssertEqual(client["creator"] as? String, "mike")
            XCTAssertEqual((client["apis"] as! [[String: String]]).map { "\($0["service"]!) \($0["level"]!)" }, ["papi READ-WRITE"])
            XCTAssertEqual(client["notificationEmails"] as? [String], ["ops@acme.example"])
            XCTAssertEqual(client["ipAllowlist"] as? [String], ["10.0.0.0/8"])
        }
        let secrets = made.map { ($0["credential"] as! [String: Any])["clientSecret"] as! String }
        XCTAssertEqual(secrets.map(\.count), [44, 44])
        XCTAssertNotEqual(secrets[0], secrets[1])
        // The secret is printed once: the database never holds it.
        for data in try bytes() { XCTAssertNil(data.range(of: Data(secrets[0].utf8))) }
    }

    /// The names one client per contract makes must be free, as the wizard's Review checks.
    func testPerContractRefusesANameOneContractAlreadyUses() throws {
        XCTAssertEqual(try create("deploy-c-acme-web", "--groups", "Acme Web", "--api", "papi", as: "mike").status, 0)
        try assertRefused(["deploy", "--groups", "Acme Web,Acme Streaming", "--api", "papi", "--per-contract"], as: "mike",
                          "An API client named deploy-c-acme-web already exists; choose another name.")
    }

    /// pat's roles give no Property Manager access: the owner's access decides, as in step 2.
    func testTheOwnersAccessAndLevelsDecide() throws {
        try assertRefused(["purge", "--groups", "Acme Web", "--api", "papi"], as: "pat",
                          "Property Manager API: The owner (pat) needs at least read access to Property Manager.")
        try assertRefused(["nightly", "--groups", "Acme Web", "--api", "papi=READ-WRITE"], as: "nora",
                          "Property Manager API: The owner's access to Property Manager API is READ-ONLY; READ-WRITE would exceed it.")
        try assertRefused(["nightly", "--groups", "Acme Streaming", "--api", "papi"], as: "nora",
                          "The owner (nora) has no access to group Acme Streaming.")
        // With no level, the highest the owner may grant, as Space picks it.
        let made = try json(try create("nightly", "--groups", "Acme Web", "--api", "Property Manager API", "--json", as: "nora"))
        let client = made[0]["client"] as! [String: Any]
        XCTAssertEqual((client["apis"] as! [[String: String]]).map { $0["level"]! }, ["READ-ONLY"])
    }

    /// Who may create for someone else, and that only the owner ever gets a secret.
    func testAClientForAnotherUserGetsNoCredential() throws {
        let forbidden = "You need the Admin role or a role with IDM Admin: Manage API Clients to create a client for another user."
        try assertRefused(["x", "--owner", "pat", "--groups", "Acme Web", "--api", "ccu"], as: "vera", forbidden)
        try assertRefused(["x", "--owner", "alice", "--groups", "Acme Web", "--api", "ccu"], as: "pat", forbidden)
        try assertRefused(["x", "--owner", "pat", "--groups", "Acme Web", "--api", "ccu", "--edgerc", folder.appendingPathComponent("e").path],
                          as: "alice", "Only the owner generates credentials (pat): --edgerc needs a client you own.")
        try assertRefused(["rb", "--groups", "Acme Web", "--api", "ccu", "--account", "Acme Media"], as: "rhea",
                          "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot create API clients under the accounts they manage.")
        let run = try create("for-pat", "--owner", "pat", "--groups", "Acme Web", "--api", "ccu", as: "alice")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "Created for-pat for pat: ccu READ-WRITE; groups Acme Web, Acme Web > Web APIs, Acme Web > Web Properties, Acme Web > Web Properties > Staging.\n")
        XCTAssertEqual(run.stderr, "Only pat can generate its credentials: `idm clients credential create for-pat --as pat`.\n")
        let shown = try CLI.run(["clients", "show", "for-pat", "--json", "--db", db, "--as", "alice"])
        let client = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(client["owner"] as? String, "pat")
        XCTAssertEqual(client["creator"] as? String, "alice")
        XCTAssertEqual((client["credentials"] as? [Any])?.count, 0)
    }

    func testBadInputIsNamedAndWritesNothing() throws {
        try assertRefused(["x", "--groups", "Acme Web", "--api", "nope"], as: "nora",
                          "No API \"nope\"; the APIs are cprg, config-dns, edge-diagnostics, hapi, ccu, identity-management, papi, reporting.")
        try assertRefused(["x", "--groups", "Nowhere", "--api", "papi"], as: "nora", "No group \"Nowhere\" in this account. `idm groups list` shows them.")
        try assertRefused(["x", "--groups", "Acme Web"], as: "nora", "Name at least one API (--api SERVICE[=LEVEL]).")
        try assertRefused(["x", "--groups", "Acme Web", "--api", "papi", "--api", "PAPI"], as: "nora", "Property Manager API is listed twice.")
        try assertRefused(["purge-pipeline", "--groups", "Acme Web", "--api", "ccu"], as: "mike",
                          "Name: An API client named purge-pipeline already exists in this account.")
        try assertRefused(["x", "--groups", "Acme Web", "--api", "papi", "--email", "bad"], as: "nora",
                          "Notification emails: \"bad\" is not a valid email address: it has no @.")
        try assertRefused(["x", "--groups", "Acme Web", "--api", "papi", "--cidr", "300.1.1.1/8"], as: "nora",
                          "IP allowlist (CIDRs): \"300.1.1.1/8\" is not a valid IPv4 address: octet 300 is above 255.")
        try assertRefused(["x", "--groups", "Acme Web", "--api", "papi=WRITE"], as: "nora",
                          "--api papi=WRITE: the level is READ-ONLY or READ-WRITE.", status: 64)
        try assertRefused(["x", "--api", "papi"], as: "nora", "Name the client's groups with --groups GROUP,GROUP.", status: 64)
        // A name from a terminal's escape sequences never reaches the terminal raw.
        let hostile = try CLI.run(["clients", "create", "x\u{1b}]0;pwned\u{7}", "--groups", "Nowhere\u{1b}[2J", "--api", "papi", "--db", db, "--as", "nora"])
        XCTAssertEqual(hostile.status, 1)
        XCTAssertFalse(hostile.stderr.contains("\u{1b}"), hostile.stderr)
    }

    func testTheSecretCanGoStraightIntoAnEdgercSection() throws {
        let edgerc = folder.appendingPathComponent("edgerc").path
        let run = try create("nightly", "--groups", "Acme Web", "--api", "papi", "--edgerc", edgerc, "--section", "papi", as: "nora")
        XCTAssertEqual(run.status, 0, run.stderr)
        let attributes = try FileManager.default.attributesOfItem(atPath: edgerc)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let contents = try String(contentsOfFile: edgerc, encoding: .utf8)
        XCTAssertTrue(contents.hasPrefix("[papi]\nclient_secret = "), contents)
    }
}
