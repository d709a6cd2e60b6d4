import Foundation
import XCTest

/// The scripting commands for an API client's life: credentials, rotation, transfer, lock,
/// delete; each through the service, refusals one line with the policy's reason.
final class ClientLifecycleCommandTests: XCTestCase {
    var folder: URL!
    var db = ""
    var log = ""

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
        log = folder.appendingPathComponent("state/idm/idm.log").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// `idm ARGS --db DB --as LOGIN`, logging to this test's log.
    @discardableResult
    func idm(_ login: String, _ arguments: String...) throws -> CLI.Result {
        try CLI.run(arguments + ["--db", db, "--as", login], environment: ["IDM_LOG": log])
    }

    func json(_ r: CLI.Result) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    func jsonList(_ r: CLI.Result) throws -> [[String: Any]] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
    }

    /// A refusal: exit `status`, one line "Error: <reason>" on stderr, no usage text.
    func assertRefused(_ r: CLI.Result, _ reason: String, status: Int32 = 1, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("Error: "), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(reason), r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Usage:"), r.stderr, file: file, line: line)
    }

    // MARK: Credentials

    func testOnlyTheOwnerCreatesACredentialAndTheSecretIsPrintedOnce() throws {
        assertRefused(try idm("ivan", "clients", "credential", "create", "reporting-bot"),
                      "Only the owner (nora) can generate credentials for reporting-bot.")
        let made = try idm("nora", "clients", "credential", "create", "reporting-bot", "--description", "nightly", "--expires", "2027-06-30")
        XCTAssertEqual(made.status, 0, made.stderr)
        for label in ["host:", "client_token:", "client_secret:", "access_token:", "Expires:", "2027-06-30"] {
            XCTAssertTrue(made.stdout.contains(label), made.stdout)
        }
        XCTAssertTrue(made.stderr.contains("will not be shown again"), made.stderr)
        let secret = made.stdout.split(separator: "\n").first { $0.hasPrefix("client_secret:") }!
            .split(separator: " ").last.map(String.init)!
        let list = try idm("nora", "clients", "credential", "list", "reporting-bot")
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("ACTIVE") && list.stdout.contains("nightly") && list.stdout.contains("2027-06-30"), list.stdout)
        XCTAssertTrue(list.stdout.contains("…" + secret.suffix(4)), list.stdout)
        XCTAssertFalse(list.stdout.contains(secret), "never a secret in a list")
        let creds = try jsonList(try idm("nora", "clients", "credential", "list", "reporting-bot", "--json"))
        XCTAssertEqual(creds.count, 1)
        XCTAssertNil(creds[0]["clientSecret"])
    }

    func testCredentialJSONAndEdgercSectionNeverOverwritten() throws {
        let edgerc = folder.appendingPathComponent("edgerc").path
        let made = try json(try idm("nora", "clients", "credential", "create", "reporting-bot", "--json", "--edgerc", edgerc))
        let secret = try XCTUnwrap(made["clientSecret"] as? String)
        XCTAssertEqual((made["edgerc"] as? [String: Any])?["section"] as? String, "reporting-bot")
        let file = try String(contentsOfFile: edgerc, encoding: .utf8)
        XCTAssertTrue(file.contains("[reporting-bot]") && file.contains("client_secret = \(secret)"), file)
        let mode = try FileManager.default.attributesOfItem(atPath: edgerc)[.posixPermissions] as! Int
        XCTAssertEqual(mode, 0o600)
        // Refused before a second credential is made: nothing issued that could not be saved.
        assertRefused(try idm("nora", "clients", "credential", "create", "reporting-bot", "--edgerc", edgerc),
                      "Section [reporting-bot] already exists")
        XCTAssertEqual(try jsonList(try idm("nora", "clients", "credential", "list", "reporting-bot", "--json")).count, 1)
        let replaced = try json(try idm("nora", "clients", "credential", "create", "reporting-bot", "--json", "--edgerc", edgerc, "--replace"))
        let again = try String(contentsOfFile: edgerc, encoding: .utf8)
        XCTAssertTrue(again.contains(replaced["clientSecret"] as! String) && !again.contains(secret), again)
    }

    func testActivateDeactivateExpireDescribeDeleteByIdOrTokenPrefix() throws {
        let creds = try jsonList(try idm("mike", "clients", "credential", "list", "purge-pipeline", "--json"))
        let inactive = creds.first { $0["status"] as? String == "INACTIVE" }!
        let active = creds.first { $0["status"] as? String == "ACTIVE" }!
        let prefix = inactive["tokenPrefix"] as! String
        let on = try json(try idm("mike", "clients", "credential", "activate", "purge-pipeline", prefix, "--json"))
        XCTAssertEqual(on["status"] as? String, "ACTIVE")
        let off = try idm("mike", "clients", "credential", "deactivate", "purge-pipeline", prefix)
        XCTAssertEqual(off.status, 0, off.stderr)
        XCTAssertTrue(off.stdout.contains("INACTIVE"), off.stdout)
        assertRefused(try idm("mike", "clients", "credential", "deactivate", "purge-pipeline", "ctok-"), "matches 2 credentials")
        assertRefused(try idm("mike", "clients", "credential", "deactivate", "purge-pipeline", "ctok-zzz-not-one"),
                      "purge-pipeline has no credential with that id or client-token prefix")

        let id = String(active["id"] as! Int)
        let moved = try json(try idm("mike", "clients", "credential", "expire", "purge-pipeline", id, "--on", "2027-01-15", "--json"))
        XCTAssertEqual(moved["expiresAt"] as? String, "2027-01-15T00:00:00Z")
        assertRefused(try idm("mike", "clients", "credential", "expire", "purge-pipeline", id, "--on", "2099-01-01"),
                      "A credential may live at most 730 days")
        let described = try json(try idm("mike", "clients", "credential", "describe", "purge-pipeline", id, "CI runner, blue", "--json"))
        XCTAssertEqual(described["description"] as? String, "CI runner, blue")

        assertRefused(try idm("mike", "clients", "credential", "delete", "purge-pipeline", id),
                      "Only an inactive credential can be deleted; deactivate it first.")
        let deleted = try json(try idm("mike", "clients", "credential", "delete", "purge-pipeline", prefix, "--json"))
        XCTAssertEqual(deleted["status"] as? String, "DELETED")
        XCTAssertEqual(try jsonList(try idm("mike", "clients", "credential", "list", "purge-pipeline", "--json")).count, 1)
        let all = try idm("mike", "clients", "credential", "list", "purge-pipeline", "--all")
        XCTAssertTrue(all.stdout.contains("DELETED"), all.stdout)
        assertRefused(try idm("mike", "clients", "credential", "activate", "purge-pipeline", prefix), "deleted is final")

        // Rule 5: the creator or the owner; pat is neither.
        assertRefused(try idm("pat", "clients", "credential", "deactivate", "purge-pipeline", id),
                      "Only the owner and creator (mike), an Admin or an IDM Admin can deactivate credentials of purge-pipeline.")
        let none = try idm("mike", "clients", "credential", "deactivate-all", "purge-pipeline")
        XCTAssertEqual(none.stdout, "Deactivated 1 credential of purge-pipeline.\n", none.stderr)
        assertRefused(try idm("mike", "clients", "credential", "deactivate-all", "purge-pipeline"), "purge-pipeline has no active credential.")
    }

    // MARK: Rotation

    func testRotateAtTheCapNeedsDeleteInactive() throws {
        assertRefused(try idm("mike", "clients", "rotate", "purge-pipeline"), "pass --delete-inactive")
        assertRefused(try idm("ivan", "clients", "rotate", "purge-pipeline", "--delete-inactive"),
                      "Only the owner (mike) can generate credentials for purge-pipeline.")
        XCTAssertEqual(try jsonList(try idm("mike", "clients", "credential", "list", "purge-pipeline", "--json", "--all")).count, 2,
                       "a refused rotation deletes nothing")
        let before = try jsonList(try idm("mike", "clients", "credential", "list", "purge-pipeline", "--json"))
        let old = before.first { $0["status"] as? String == "ACTIVE" }!
        let r = try idm("mike", "clients", "rotate", "purge-pipeline", "--delete-inactive", "--overlap", "3")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("client_secret:"), r.stdout)
        XCTAssertTrue(r.stderr.contains("will not be shown again"), r.stderr)
        XCTAssertTrue(r.stdout.contains("Deactivate the old credential \(old["tokenPrefix"] as! String)… once nothing uses it: " +
                                        "idm clients credential deactivate purge-pipeline \(old["id"] as! Int)"), r.stdout)
        let after = try jsonList(try idm("mike", "clients", "credential", "list", "purge-pipeline", "--json", "--all"))
        XCTAssertEqual(after.map { $0["status"] as! String }, ["DELETED", "ACTIVE", "ACTIVE"])
        let threeDays = ISO8601DateFormatter().date(from: after[1]["expiresAt"] as! String)!.timeIntervalSinceNow
        XCTAssertEqual(threeDays, 3 * 86_400, accuracy: 120, "the old one now runs out after the overlap")
        // Two active: at the cap with nothing inactive, the service's own reason.
        assertRefused(try idm("mike", "clients", "rotate", "purge-pipeline", "--delete-inactive"), "the most a client may have")
    }

    func testRotateJSONNamesTheReplacedCredential() throws {
        let made = try json(try idm("nora", "clients", "credential", "create", "reporting-bot", "--json"))
        let r = try json(try idm("nora", "clients", "rotate", "reporting-bot", "--json"))
        XCTAssertNotNil(r["clientSecret"] as? String)
        XCTAssertEqual((r["replaces"] as? [String: Any])?["id"] as? Int, made["credentialId"] as? Int)
    }

    // MARK: Transfer, lock, delete

    func testTransferShowsWhatIsLostAndNeedsYes() throws {
        let preview = try idm("ivan", "clients", "transfer", "reporting-bot", "--to", "pat")
        XCTAssertEqual(preview.status, 1)
        XCTAssertTrue(preview.stdout.contains("Property Manager API (papi)"), preview.stdout)
        assertRefused(preview, "add --yes")
        assertRefused(try idm("pat", "clients", "transfer", "reporting-bot", "--to", "pat", "--yes"),
                      "Only the creator (ivan) or an Admin can transfer ownership of reporting-bot.")
        XCTAssertEqual(try json(try idm("ivan", "clients", "show", "reporting-bot", "--json"))["owner"] as? String, "nora")
        let done = try json(try idm("ivan", "clients", "transfer", "reporting-bot", "--to", "pat", "--yes", "--json"))
        XCTAssertEqual(done["transferred"] as? Bool, true)
        let shown = try json(try idm("ivan", "clients", "show", "reporting-bot", "--json"))
        XCTAssertEqual(shown["owner"] as? String, "pat")
        XCTAssertFalse((shown["apis"] as! [[String: Any]]).contains { $0["service"] as? String == "papi" })
        let nothing = try idm("alice", "clients", "transfer", "legacy-sync", "--to", "ivan")
        assertRefused(nothing, "legacy-sync is locked")
    }

    func testTransferThatLosesNothingNeedsNoYes() throws {
        let r = try idm("ivan", "clients", "transfer", "reporting-bot", "--to", "mike")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("it loses nothing."), r.stdout)
        XCTAssertTrue(r.stdout.contains("reporting-bot now belongs to mike."), r.stdout)
    }

    func testLockedClientRefusesEditsUntilAliceUnlocks() throws {
        assertRefused(try idm("alice", "clients", "credential", "create", "legacy-sync"),
                      "legacy-sync is locked; an Admin or IDM Admin must unlock it first.")
        assertRefused(try idm("mike", "clients", "unlock", "legacy-sync"),
                      "Only an Admin or a user with IDM Admin: Manage API Clients can unlock legacy-sync.")
        let unlocked = try idm("alice", "clients", "unlock", "legacy-sync")
        XCTAssertEqual(unlocked.stdout, "Unlocked legacy-sync.\n", unlocked.stderr)
        XCTAssertEqual(try idm("alice", "clients", "credential", "create", "legacy-sync").status, 0)
        let locked = try json(try idm("alice", "clients", "lock", "legacy-sync", "--json"))
        XCTAssertEqual(locked["locked"] as? Bool, true)
        assertRefused(try idm("alice", "clients", "lock", "legacy-sync"), "legacy-sync is already locked.")
    }

    func testDeleteNeedsTheNameAgainAndNoActiveCredential() throws {
        assertRefused(try idm("mike", "clients", "delete", "purge-pipeline", "--confirm", "purge"),
                      "To delete purge-pipeline, type its name again: --confirm purge-pipeline.")
        assertRefused(try idm("mike", "clients", "delete", "purge-pipeline", "--confirm", "purge-pipeline"),
                      "purge-pipeline has 1 active credential; deactivate it before deleting the client.")
        XCTAssertEqual(try idm("mike", "clients", "credential", "deactivate-all", "purge-pipeline").status, 0)
        let gone = try idm("mike", "clients", "delete", "purge-pipeline", "--confirm", "purge-pipeline")
        XCTAssertEqual(gone.stdout, "Deleted purge-pipeline.\n", gone.stderr)
        let names = try jsonList(try idm("mike", "clients", "list", "--json")).map { $0["name"] as! String }
        XCTAssertEqual(names, ["legacy-sync", "reporting-bot"])
    }

    // MARK: Two processes, one database

    func testStaleExpectVersionFromAnotherProcessIsAConflictAndTheFirstChangeSurvives() throws {
        let version = try XCTUnwrap(try json(try idm("alice", "clients", "show", "reporting-bot", "--json"))["version"] as? Int)
        // First process: ivan locks what he read.
        let first = try idm("ivan", "clients", "lock", "reporting-bot", "--expect-version", String(version))
        XCTAssertEqual(first.status, 0, first.stderr)
        // Second process, with the same (now stale) version: refused, whatever it asks.
        for action in ["unlock", "lock"] {
            let second = try idm("alice", "clients", action, "reporting-bot", "--expect-version", String(version))
            assertRefused(second, "reporting-bot was changed by ivan at ", status: 3)
            XCTAssertTrue(second.stderr.contains("nothing was saved"), second.stderr)
        }
        let shown = try json(try idm("alice", "clients", "show", "reporting-bot", "--json"))
        XCTAssertEqual(shown["locked"] as? Bool, true)
        XCTAssertEqual(shown["version"] as? Int, version + 1)
    }

    func testTwoProcessesRacingOnOneVersionExactlyOneWins() throws {
        let version = try XCTUnwrap(try json(try idm("alice", "clients", "show", "purge-pipeline", "--json"))["version"] as? Int)
        let env = ["IDM_LOG": log]
        let racers = try ["mike", "alice"].map {
            try CLI.start(["clients", "lock", "purge-pipeline", "--expect-version", String(version), "--db", db, "--as", $0], environment: env)
        }
        let results = racers.map { $0.wait() }
        XCTAssertEqual(results.map(\.status).sorted(), [0, 3], results.map(\.stderr).joined())
        let loser = results.first { $0.status == 3 }!
        let winner = results[0].status == 0 ? "mike" : "alice"
        XCTAssertTrue(loser.stderr.contains("purge-pipeline was changed by \(winner) at "), loser.stderr)
        let shown = try json(try idm("alice", "clients", "show", "purge-pipeline", "--json"))
        XCTAssertEqual(shown["version"] as? Int, version + 1)
    }

    func testCredentialExpectVersionConflict() throws {
        let cred = try jsonList(try idm("mike", "clients", "credential", "list", "purge-pipeline", "--json"))[0]
        let id = String(cred["id"] as! Int), version = String(cred["version"] as! Int)
        XCTAssertEqual(try idm("mike", "clients", "credential", "describe", "purge-pipeline", id, "one", "--expect-version", version).status, 0)
        assertRefused(try idm("mike", "clients", "credential", "describe", "purge-pipeline", id, "two", "--expect-version", version),
                      "was changed by mike at", status: 3)
    }

    // MARK: The secret is nowhere but in the output; the log

    func testTheSecretIsInNeitherTheDatabaseNorItsWALNorTheLog() throws {
        let made = try json(try idm("nora", "clients", "credential", "create", "reporting-bot", "--json"))
        let secret = try XCTUnwrap(made["clientSecret"] as? String)
        let clientToken = made["clientToken"] as! String, accessToken = made["accessToken"] as! String
        XCTAssertEqual(secret.count, 44)
        for path in [db, db + "-wal", db + "-shm", log] where FileManager.default.fileExists(atPath: path) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertNil(bytes.range(of: Data(secret.utf8)), "secret found in \(path)")
        }
        let text = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertFalse(text.contains(clientToken) || text.contains(accessToken), "no token in full in the log")
        XCTAssertTrue(text.contains("nora\tcredential.create\treporting-bot credential \(made["credentialId"] as! Int) (\(clientToken.prefix(12))…)\tok"), text)
        XCTAssertTrue(text.contains("nora\trun clients credential create\t-\tok"), text)
    }

    func testLogHasOutcomesAndErrorsWithPrivateModes() throws {
        try idm("ivan", "clients", "credential", "create", "reporting-bot", "--description", "hunter2-is-not-logged")
        try idm("alice", "clients", "unlock", "legacy-sync")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(text.contains("ivan\tcredential.create\treporting-bot\tdenied: Only the owner (nora) can generate credentials for reporting-bot."), text)
        XCTAssertTrue(text.contains("alice\tclient.unlock\tlegacy-sync\tok"), text)
        XCTAssertFalse(text.contains("hunter2"), "argument values are not logged")
        for line in text.split(separator: "\n") { XCTAssertEqual(line.split(separator: "\t", omittingEmptySubsequences: false).count, 5, String(line)) }
        let attributes = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int }
        XCTAssertEqual(try attributes(log), 0o600)
        XCTAssertEqual(try attributes((log as NSString).deletingLastPathComponent), 0o700)

        // Without IDM_LOG: $XDG_STATE_HOME/idm/idm.log.
        let state = folder.appendingPathComponent("xdg-state").path
        try CLI.run(["clients", "lock", "reporting-bot", "--db", db, "--as", "ivan"], environment: ["IDM_LOG": "", "XDG_STATE_HOME": state])
        let xdg = try String(contentsOfFile: state + "/idm/idm.log", encoding: .utf8)
        XCTAssertTrue(xdg.contains("ivan\tclient.lock\treporting-bot\tok"), xdg)
    }
}
