import Foundation
import XCTest

/// The console's New API Client wizard (tmux driving the real binary) and `idm clients create`
/// on two copies of the demo reach the same result: the same clients for mike across his two
/// contracts, the same reason for pat, who has no Property Manager access.
final class WizardAgreementTests: XCTestCase {
    /// What two creations must agree on: everything `clients show --json` prints except what is
    /// made fresh each time (ids, keys, versions, the credentials' tokens and dates).
    static func comparable(_ db: String, _ name: String, as login: String) throws -> NSDictionary {
        let shown = try CLI.run(["clients", "show", name, "--json", "--db", db, "--as", login])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        var client = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], shown.stdout)
        for fresh in ["id", "version", "clientKey"] { client.removeValue(forKey: fresh) }
        client["credentials"] = (client["credentials"] as? [[String: Any]])?.map { $0["status"] ?? "?" }
        return client as NSDictionary
    }

    func testMikesClientsPerContractAreTheSameFromTheConsoleAndTheCommandLine() throws {
        let t = try Tmux()
        try t.createClientInWizard(as: "mike", roles: "Property Developer", groups: "7 groups in 2 contracts", perContract: true,
                                   named: "deploy", fields: ["Deploys properties", "ops@acme.example", "10.0.0.0/8"])
        try t.waitFor("Created: deploy-c-acme-stream, deploy-c-acme-web")
        try t.press("Enter")
        try t.waitFor("Leave without saving?")
        try t.press("y")
        try t.waitGone("Save these now")
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        let consoleDB = t.home.appendingPathComponent("data/idm/demo.sqlite").path

        let (folder, cliDB) = try CLI.demoDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try CLI.run(["clients", "create", "deploy", "--groups", "Acme Web,Acme Streaming", "--api", "papi", "--per-contract",
                                "--description", "Deploys properties", "--email", "ops@acme.example", "--cidr", "10.0.0.0/8",
                                "--db", cliDB, "--as", "mike"])
        XCTAssertEqual(made.status, 0, made.stderr)

        for name in ["deploy-c-acme-stream", "deploy-c-acme-web"] {
            let console = try Self.comparable(consoleDB, name, as: "mike")
            XCTAssertEqual(console["credentials"] as? [String], ["ACTIVE"], "the owner's first credential, in both")
            XCTAssertEqual(try Self.comparable(cliDB, name, as: "mike"), console, name)
        }
        // The same audit trail, action by action.
        for db in [consoleDB, cliDB] {
            let audit = try CLI.run(["audit", "list", "--json", "--db", db, "--as", "mike", "--target", "deploy-c-acme-web"])
            let events = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]], audit.stdout)
            XCTAssertEqual(Set(events.map { $0["action"] as! String }), ["client.create", "credential.create"], db)
        }
    }

    /// pat's step 2 shows Property Manager as unavailable, with the reason the command line gives.
    func testPatsPropertyManagerReasonIsTheSameOnScreenAndOnTheCommandLine() throws {
        let (folder, cliDB) = try CLI.demoDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try CLI.run(["clients", "create", "purge", "--groups", "Acme Web", "--api", "papi", "--db", cliDB, "--as", "pat"])
        XCTAssertEqual(refused.status, 1)
        let prefix = "Error: Property Manager API: "
        XCTAssertTrue(refused.stderr.hasPrefix(prefix), refused.stderr)
        let reason = String(refused.stderr.dropFirst(prefix.count)).trimmingCharacters(in: .newlines)

        let t = try Tmux(width: 120, height: 30)
        try t.run("\(CLI.binary) demo --as pat")
        try t.waitFor("pat · Purge Operator")
        try t.press("2", "n")
        try t.waitFor("1 Groups")
        try t.press("Enter")
        try t.waitFor("Property Manager API (papi)")
        try t.press("/")
        try t.typeText("papi")
        try t.press("Enter")
        // The detail box wraps the reason; compare its words.
        let screen = try t.waitFor("needs at least read access")
        let words = { (s: String) in s.split(whereSeparator: { " \n│┌┐└┘─".contains($0) }).joined(separator: " ") }
        XCTAssertTrue(words(screen).contains(words(reason)), "console:\n\(screen)\ncommand line: \(reason)")
        try t.press("Escape", "Escape", "q")
    }
}
