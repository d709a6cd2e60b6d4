import Foundation
import XCTest

/// The real binary in a real terminal (tmux, 80x24): what a person does, and that the shell
/// gets its terminal back.
final class ConsoleEndToEndTests: XCTestCase {
    func testTabsFilterDetailAndQuitRestoresThePrompt() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) demo --as alice")
        try t.waitFor("Manage Users & Groups")
        try t.waitFor("Acme Media")
        try t.waitFor("alice · Admin")

        try t.press("2")
        try t.waitFor("purge-pipeline")
        try t.press("/")
        try t.typeText("purge")
        var screen = try t.waitFor("1 of 1")
        XCTAssertFalse(screen.contains("reporting-bot"), "the filter hides the other clients:\n\(screen)")
        try t.press("Enter", "Enter")
        screen = try t.waitFor("Fast Purge API (ccu)")
        XCTAssertNotNil(screen.range(of: #"Owner\s+mike \(Mike Moreau\)"#, options: .regularExpression), screen)
        try t.press("Escape")
        try t.waitFor("1 of 1")
        try t.press("Escape")          // clears the filter
        try t.waitFor("reporting-bot")

        try t.press("3")
        try t.waitFor("Web Properties")
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        try t.run("echo EXIT=$?")
        screen = try t.waitFor("EXIT=0")
        XCTAssertTrue(screen.contains("PROMPT$ echo EXIT=$?"), "the shell prompt is back:\n\(screen)")
    }

    func testResellerSwitchesAccountAndTooSmallTerminalRecovers() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) demo --as rhea")
        try t.waitFor("Northwind Partners")
        try t.press("A")
        try t.waitFor("Switch account")
        try t.typeText("acme")
        try t.press("Enter")
        try t.waitFor("Acme Media (managed by Northwind Partners)")
        try t.press("2")
        try t.waitFor("purge-pipeline")
        try t.press("n")
        try t.waitFor("resellers")

        try t.resize(width: 30, height: 8)
        try t.waitFor("Terminal too small: 30x8")
        try t.resize(width: 80, height: 24)
        try t.waitFor("Acme Media (managed by Northwind Partners)")
        try t.waitFor("purge-pipeline")

        try t.press("q")
        try t.waitGone("Northwind")
        try t.run("echo EXIT=$?")
        try t.waitFor("EXIT=0")
    }

    func testNoDatabaseOrUnknownUserGivesAClearMessage() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) --db /nonexistent/idm.sqlite --as alice; echo EXIT=$?")
        var screen = try t.waitFor("EXIT=1")
        XCTAssertTrue(screen.contains("idm init"), screen)
        try t.run("\(CLI.binary) demo --as zed; echo STATUS=$?")
        screen = try t.waitFor("STATUS=1")
        XCTAssertTrue(screen.contains("No user \"zed\""), screen)
    }
}

/// Issue 4's end-to-end check: nora creates a client with PAPI in the real console, saves the
/// credential as an .edgerc section, and the command line sees the client and its audit event.
final class WizardEndToEndTests: XCTestCase {
    /// nora, in the demo, takes the wizard through: her one contract's groups, PAPI, a name
    /// (and a description), Create; it ends on the new credential.
    func createPAPIClient(_ t: Tmux, named name: String, description: String? = nil) throws {
        try t.createClientInWizard(as: "nora", roles: "Property Viewer", groups: "4 groups in 1 contract", named: name,
                                   fields: description.map { [$0] } ?? [])
    }

    /// OSC 52 through a real terminal: tmux with `set-clipboard on` takes what idm sent into its
    /// paste buffer, which is what the admin's own terminal would put on the clipboard.
    func testYCopiesTheSecretToTheTerminalsClipboard() throws {
        let t = try Tmux()
        try t.tmux(["set-option", "-g", "set-clipboard", "on"])
        try createPAPIClient(t, named: "clip-bot")
        let screen = try t.waitFor("client_secret")
        let secret = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("client_secret") }?.split(separator: " ").last.map(String.init))
        try t.press("y")
        try t.waitFor("Copy the secret?")
        try t.press("y")
        try t.waitFor("Sent the client_secret of clip-bot")
        XCTAssertEqual(try t.tmux(["show-buffer"]), secret, "the clipboard holds the secret and nothing else")
    }

    func testNoraCreatesAClientWithPAPIAndSavesItsCredential() throws {
        let t = try Tmux()
        try createPAPIClient(t, named: "nightly-papi", description: "Reads property configurations")
        try t.waitFor("Save these now")
        try t.press("s")
        try t.waitFor("Save as .edgerc section")
        try t.press("Enter")
        try t.waitFor("Saved [nightly-papi]")
        try t.press("Escape")                        // the notice's box takes this key
        try t.waitGone("Saved [nightly-papi]")
        try t.press("Enter")
        try t.waitFor("Created nightly-papi")
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        try t.run("echo EXIT=$?")
        try t.waitFor("EXIT=0")

        let db = t.home.appendingPathComponent("data/idm/demo.sqlite").path
        let list = try CLI.run(["clients", "list", "--json", "--db", db, "--as", "nora"])
        let clients = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        let created = try XCTUnwrap(clients.first { $0["name"] as? String == "nightly-papi" }, list.stdout)
        XCTAssertEqual(created["owner"] as? String, "nora")
        XCTAssertEqual(created["creator"] as? String, "nora")
        let apis = created["apis"] as! [[String: String]]
        XCTAssertEqual(apis.map { $0["service"]! }, ["papi"])
        XCTAssertEqual(apis.first?["level"], "READ-ONLY", "nora's Property Manager access is read-only")

        let audit = try CLI.run(["audit", "list", "--json", "--db", db, "--as", "nora", "--target", "nightly-papi"])
        let events = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(Set(events.map { $0["action"] as! String }), ["client.create", "credential.create"])
        XCTAssertTrue(events.allSatisfy { $0["actorLogin"] as? String == "nora" })

        let edgerc = t.home.appendingPathComponent(".edgerc").path
        let attributes = try FileManager.default.attributesOfItem(atPath: edgerc)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let contents = try String(contentsOfFile: edgerc, encoding: .utf8)
        XCTAssertTrue(contents.hasPrefix("[nightly-papi]\nclient_secret = "), contents)
        let secret = contents.split(separator: "\n").first { $0.hasPrefix("client_secret = ") }!.dropFirst(16)
        XCTAssertEqual(secret.count, 44)
        XCTAssertFalse(audit.stdout.contains(secret), "the audit log never holds the secret")
        let dbBytes = try Data(contentsOf: URL(fileURLWithPath: db))
        XCTAssertNil(dbBytes.range(of: Data(secret.utf8)), "the database never holds the secret")
    }
}

/// Issue 5's end-to-end check: mike rotates purge-pipeline's credential in the real console.
final class RotateEndToEndTests: XCTestCase {
    func testMikeRotatesPurgePipeline() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) demo --as mike")
        try t.waitFor("mike · Property Developer")
        try t.press("2", "j", "Enter")
        try t.waitFor("purge-pipeline  API client")
        try t.press("R")
        try t.waitFor("Rotate: make room first")     // two credentials already: the inactive one must go
        try t.press("y")
        try t.waitFor("Overlap (days)")
        try t.press("BSpace")
        try t.typeText("3")
        try t.press("Enter")
        try t.waitFor("Save these now")
        try t.press("Enter")
        try t.waitFor("Leave without saving?")
        try t.press("y")
        try t.waitFor("Deactivate the old credential")
        try t.press("Escape")                       // the reminder's box takes this key
        try t.waitGone("Deactivate the old credential")
        try t.press("Escape")                       // back from the page to the list
        try t.waitFor("2 of 3")
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        try t.run("echo EXIT=$?")
        try t.waitFor("EXIT=0")

        let db = t.home.appendingPathComponent("data/idm/demo.sqlite").path
        let show = try CLI.run(["clients", "show", "purge-pipeline", "--json", "--db", db, "--as", "mike"])
        XCTAssertEqual(show.status, 0, show.stderr)
        let client = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        let credentials = client["credentials"] as! [[String: Any]]
        XCTAssertEqual(credentials.map { $0["status"] as! String }, ["ACTIVE", "ACTIVE"], "old one still works during the overlap; the inactive one is gone")
        let audit = try CLI.run(["audit", "list", "--json", "--db", db, "--as", "mike", "--actor", "mike", "--limit", "3"])
        let actions = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as! [[String: Any]]).map { $0["action"] as! String }
        XCTAssertEqual(actions, ["credential.expiry", "credential.create", "credential.delete"], "newest first")
    }
}

/// The console's stack in the real binary: from a client's page to its owner, to one of the
/// owner's groups, and back twice, each page where it was left.
final class NavigationEndToEndTests: XCTestCase {
    func testClientPageToOwnerToTheirGroupAndBack() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) demo --as alice")
        try t.waitFor("alice · Admin")
        try t.press("2", "j", "Enter")
        try t.waitFor("Manage Users & Groups › purge-pipeline")
        // The owner's line is the fourth of the page: Client, Client id, Type, Owner.
        try t.press("j", "j", "j")
        try t.waitFor("Enter Open user")
        try t.press("Enter")
        var screen = try t.waitFor("Manage Users & Groups › purge-pipeline › mike")
        XCTAssertTrue(screen.contains("user mike"), screen)
        // mike's access table: the first group line after the Access heading and its header.
        try t.press("Tab", "j", "j")
        try t.waitFor("Enter Open group")
        try t.press("Enter")
        screen = try t.waitFor("› mike › Acme")
        XCTAssertTrue(screen.contains("group in C-ACME"), screen)
        try t.press("Escape")
        try t.waitGone("› mike › Acme")
        screen = try t.waitFor("user mike")
        XCTAssertTrue(screen.contains("Enter Open group"), "mike's page kept its cursor on the group line:\n\(screen)")
        try t.press("Escape")
        screen = try t.waitFor("Enter Open user")
        XCTAssertTrue(screen.contains("Manage Users & Groups › purge-pipeline"), screen)
        try t.press("Escape")
        try t.waitFor("2 of 3")
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        try t.run("echo EXIT=$?")
        try t.waitFor("EXIT=0")
    }
}
