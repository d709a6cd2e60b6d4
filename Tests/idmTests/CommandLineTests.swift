import Foundation
import XCTest

final class CommandLineTests: XCTestCase {
    var folder: URL!
    var db = ""

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    func testClientsListJSONHasTheDemoClientsWithOwnersAndCreators() throws {
        let r = try CLI.run(["clients", "list", "--json", "--db", db, "--as", "alice"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let clients = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let byName = Dictionary(uniqueKeysWithValues: clients.map { ($0["name"] as! String, $0) })
        XCTAssertEqual(byName.keys.sorted(), ["legacy-sync", "purge-pipeline", "reporting-bot"])
        XCTAssertEqual(byName["reporting-bot"]?["owner"] as? String, "nora")
        XCTAssertEqual(byName["reporting-bot"]?["creator"] as? String, "ivan")
        XCTAssertEqual(byName["legacy-sync"]?["locked"] as? Bool, true)
        let creds = byName["purge-pipeline"]?["credentials"] as! [[String: Any]]
        XCTAssertEqual(creds.map { $0["status"] as! String }.sorted(), ["ACTIVE", "INACTIVE"])
        XCTAssertFalse(r.stdout.contains("secret\":"), "no secret in any output")
    }

    func testClientsShowReadableTable() throws {
        let r = try CLI.run(["clients", "show", "purge-pipeline", "--db", db, "--as", "mike"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Owner:               mike"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Fast Purge API (ccu) READ-WRITE"), r.stdout)
        XCTAssertTrue(r.stdout.contains("2001:db8:acdc::/48"), r.stdout)
    }

    func testListsOfUsersGroupsRoles() throws {
        let users = try CLI.run(["users", "list", "--db", db, "--as", "alice"])
        for login in ["alice", "ivan", "nora", "mike", "pat", "vera"] { XCTAssertTrue(users.stdout.contains(login), login) }
        XCTAssertFalse(users.stdout.contains("rhea"), "rhea is a Northwind user")
        let groups = try CLI.run(["groups", "list", "--json", "--db", db, "--as", "alice"])
        let paths = (try JSONSerialization.jsonObject(with: Data(groups.stdout.utf8)) as! [[String: Any]]).map { $0["path"] as! String }
        XCTAssertEqual(Set(paths), ["Acme Web", "Acme Web > Web Properties", "Acme Web > Web Properties > Staging", "Acme Web > Web APIs",
                                    "Acme Streaming", "Acme Streaming > Live", "Acme Streaming > VOD"])
        let roles = try CLI.run(["roles", "list", "--db", db, "--as", "alice"])
        XCTAssertTrue(roles.stdout.contains("Admin"))
        XCTAssertTrue(roles.stdout.contains("idm.apiClients.user"))
    }

    func testResellerBrowsesManagedAccountsOnly() throws {
        let acme = try CLI.run(["clients", "list", "--db", db, "--as", "rhea", "--account", "Acme Media"])
        XCTAssertEqual(acme.status, 0, acme.stderr)
        XCTAssertTrue(acme.stdout.contains("purge-pipeline"))
        let refused = try CLI.run(["clients", "list", "--db", db, "--as", "nora", "--account", "Globex Retail"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("Globex Retail is not managed by Acme Media."), refused.stderr)
    }

    func testAuditListShowsTheSeedHistoryNewestFirst() throws {
        let r = try CLI.run(["audit", "list", "--json", "--db", db, "--as", "alice", "--target", "reporting-bot"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let events = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let create = events.first { $0["action"] as? String == "client.create" }
        XCTAssertEqual(create?["actorLogin"] as? String, "ivan")
        let after = create?["after"] as? [String: String]
        XCTAssertEqual(after?["owner"], "nora")
    }

    func testMissingDatabaseAndUnknownUserGiveOneLineMessages() throws {
        let missing = try CLI.run(["users", "list", "--db", folder.appendingPathComponent("none.sqlite").path, "--as", "alice"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("idm init"), missing.stderr)
        let unknown = try CLI.run(["users", "list", "--db", db, "--as", "zed"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertEqual(unknown.stderr, "Error: No user \"zed\" in \(db). `idm users list --as LOGIN` shows who exists.\n")
    }

    func testInitMakesAnEmptyDirectoryWhoseAdminIsBoundToTheLogin() throws {
        let path = folder.appendingPathComponent("new.sqlite").path
        let made = try CLI.run(["init", "--account", "Initech", "--admin", "bill", "--db", path])
        XCTAssertEqual(made.status, 0, made.stderr)
        // No --as: the admin is bound to this OS login.
        let users = try CLI.run(["users", "list", "--json", "--db", path])
        XCTAssertEqual(users.status, 0, users.stderr)
        let list = try JSONSerialization.jsonObject(with: Data(users.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(list.map { $0["login"] as! String }, ["bill"])
        let again = try CLI.run(["init", "--account", "Initech", "--admin", "bill", "--db", path])
        XCTAssertNotEqual(again.status, 0, "init never overwrites a directory")
        let yes = try CLI.run(["can-i", "create-client", "--db", path])
        XCTAssertEqual(yes.stdout, "yes\n")
    }

    /// IAM v3 usernames are often addresses: one is a login at init, in `users create`, after
    /// `--as`, in a question and in the lists, lowercased wherever it is typed.
    func testEmailShapedLoginsWorkWhereverALoginIsTyped() throws {
        let path = folder.appendingPathComponent("v3.sqlite").path
        let made = try CLI.run(["init", "--account", "Example Co", "--admin", "JSmith@Example.com", "--db", path])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertTrue(made.stdout.contains("admin jsmith@example.com"), made.stdout)
        let created = try CLI.run(["users", "create", "JKowalski+ops@Example.com", "--first", "Jan", "--last", "Kowalski",
                                   "--email", "jkowalski@example.com", "--grant", "Example Co=Admin", "--db", path])
        XCTAssertEqual(created.status, 0, created.stderr)
        let users = try CLI.run(["users", "list", "--json", "--db", path, "--as", "jkowalski+ops@example.com"])
        XCTAssertEqual(users.status, 0, users.stderr)
        let list = try JSONSerialization.jsonObject(with: Data(users.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(list.map { $0["login"] as! String }, ["jkowalski+ops@example.com", "jsmith@example.com"])
        XCTAssertEqual(list.last?["email"] as? String, "jsmith@example.com", "init's default email is the login when it is one")
        let question = try CLI.run(["can-i", "lock-user", "JSMITH@example.com", "--db", path, "--as", "JKowalski+OPS@example.com"])
        XCTAssertEqual(question.stdout, "yes\n", question.stderr)
        let quoted = try CLI.run(["users", "create", "o'brien@example.com", "--first", "O", "--last", "Brien",
                                  "--email", "ob@example.com", "--grant", "Example Co=Admin", "--db", path])
        XCTAssertEqual(quoted.status, 1)
        XCTAssertTrue(quoted.stderr.contains("before the @"), quoted.stderr)
    }
}

final class LargeSeedCommandTests: XCTestCase {
    func testSeedLargeThenBenchListsPrintsATable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-cli-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("large.sqlite").path
        let seeded = try CLI.run(["seed", "large", "--db", db, "--users", "500"])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        XCTAssertTrue(seeded.stdout.contains("done:"), seeded.stdout)
        let again = try CLI.run(["seed", "large", "--db", db, "--users", "500"])
        XCTAssertNotEqual(again.status, 0, "never over an existing file")
        let bench = try CLI.run(["bench", "lists", "--db", db, "--runs", "1"])
        XCTAssertEqual(bench.status, 0, bench.stderr)
        for word in ["Hyperion Holdings", "Users", "API Clients", "Groups", "Roles", "100 PGDN"] {
            XCTAssertTrue(bench.stdout.contains(word), bench.stdout)
        }
        let moves = try CLI.run(["bench", "moves", "--db", db, "--moves", "5"])
        XCTAssertEqual(moves.status, 0, moves.stderr)
        for word in ["open to first frame", "median ms", "reads/move", "cells/move", "Users", "Groups"] {
            XCTAssertTrue(moves.stdout.contains(word), moves.stdout)
        }
        let reseller = try CLI.run(["bench", "lists", "--db", db, "--runs", "1", "--as", "reseller", "--account", "Hyperion Holdings"])
        XCTAssertEqual(reseller.status, 0, reseller.stderr)
        let users = try CLI.run(["users", "list", "--db", db, "--as", "admin.m001"])
        XCTAssertEqual(users.status, 0, users.stderr)
    }
}
