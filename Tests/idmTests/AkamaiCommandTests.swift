import Foundation
import XCTest

/// `idm import akamai` and `idm export akamai`, run as a person would: exit 0 when everything
/// was imported, 1 when some entries were not, 2 when nothing was (a malformed file, a refusal),
/// and a dry run or a refusal leaves the database file byte for byte.
final class AkamaiCommandTests: XCTestCase {
    var folder: URL!
    var db = ""
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/akamai-iam-v3")
    var contoso: String { Self.fixtures.appendingPathComponent("contoso").path }

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A new directory: account Contoso Ltd, admin carol@contoso.example.
    func freshContoso() throws -> String {
        let path = folder.appendingPathComponent("contoso.sqlite").path
        let made = try CLI.run(["init", "--db", path, "--account", "Contoso Ltd", "--admin", "carol@contoso.example"])
        XCTAssertEqual(made.status, 0, made.stderr)
        return path
    }

    func bytes(_ path: String) throws -> [Data] {
        [try Data(contentsOf: URL(fileURLWithPath: path)), (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()]
    }

    func testContosoExitsOneListsWhatWasNotImportedAndFlagsTheImportedRole() throws {
        let path = try freshContoso()
        let r = try CLI.run(["import", "akamai", contoso, "--db", path, "--as", "carol@contoso.example"])
        XCTAssertEqual(r.status, 1, r.stderr)
        for expected in ["Import of Akamai IAM v3 payloads into Contoso Ltd as carol@contoso.example",
                         "README.txt        skipped: not JSON",
                         "Contracts: from the PAPI groups payload papi-groups.json",
                         "Not imported (4)", "granted role \"SecurityViewOnly\": no idm permission or role of that name",
                         "21 created, 0 updated, 1 unchanged, 4 notes, 4 not imported."] {
            XCTAssertTrue(r.stdout.contains(expected), "missing \(expected) in\n\(r.stdout)")
        }
        let roles = try CLI.run(["roles", "list", "--db", path, "--as", "carol@contoso.example"])
        XCTAssertTrue(roles.stdout.contains("Auditor         custom    1      (imported, no permissions)"), roles.stdout)
        let json = try CLI.run(["roles", "list", "--json", "--db", path, "--as", "carol@contoso.example"])
        let auditor = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]).first { $0["name"] as? String == "Auditor" }
        XCTAssertEqual(auditor?["importedWithoutPermissions"] as? Bool, true)
        let audit = try CLI.run(["audit", "list", "--db", path, "--as", "carol@contoso.example"])
        XCTAssertTrue(audit.stdout.contains("import akamai"), audit.stdout)
        XCTAssertEqual(try CLI.run(["audit", "verify", "--db", path, "--as", "carol@contoso.example"]).status, 0)

        let before = try bytes(path)
        let again = try CLI.run(["import", "akamai", contoso, "--db", path, "--as", "carol@contoso.example"])
        XCTAssertTrue(again.stdout.contains("Nothing new: everything is already in the directory; nothing was written."), again.stdout)
        XCTAssertTrue(again.stdout.contains("0 created, 0 updated"), again.stdout)
        XCTAssertEqual(try bytes(path), before)
    }

    func testAnExportImportedIntoAFreshDirectoryExitsZero() throws {
        let out = folder.appendingPathComponent("export").path
        let export = try CLI.run(["export", "akamai", out, "--db", db, "--as", "alice"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(export.stdout, "Wrote 6 users, 2 top-level groups, 6 roles and 3 API clients to \(out) " +
                       "(users.json, groups.json, roles.json, api-clients.json, papi-groups.json).\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int, 0o700)
        for name in ["users.json", "groups.json", "roles.json", "api-clients.json", "papi-groups.json"] {
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: out + "/" + name)[.posixPermissions] as? Int, 0o600, name)
        }
        let path = folder.appendingPathComponent("copy.sqlite").path
        XCTAssertEqual(try CLI.run(["init", "--db", path, "--account", "Acme Copy", "--admin", "alice"]).status, 0)
        let r = try CLI.run(["import", "akamai", out, "--db", path, "--as", "alice"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains(", 0 not imported."), r.stdout)
        let clients = try CLI.run(["clients", "list", "--db", path, "--as", "alice"])
        for name in ["legacy-sync", "purge-pipeline", "reporting-bot"] { XCTAssertTrue(clients.stdout.contains(name), clients.stdout) }
    }

    func testAMalformedFileExitsTwoNamesFileEntryAndFieldAndImportsNothing() throws {
        let payloads = folder.appendingPathComponent("payloads")
        try FileManager.default.copyItem(atPath: contoso, toPath: payloads.path)
        let users = payloads.appendingPathComponent("users.json")
        let text = try String(contentsOf: users, encoding: .utf8).replacingOccurrences(of: #""isLocked": null"#, with: #""isLocked": "yes""#)
        try text.write(to: users, atomically: true, encoding: .utf8)
        let path = try freshContoso()
        let before = try bytes(path)
        let r = try CLI.run(["import", "akamai", payloads.path, "--db", path, "--as", "carol@contoso.example"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "Error: users.json, entry 2 (erin@contoso.example), field isLocked: is a string; expected true or false. Nothing was imported.\n")
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(try bytes(path), before)
        let missing = try CLI.run(["import", "akamai", payloads.appendingPathComponent("nope.json").path, "--db", path, "--as", "carol@contoso.example"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.json: cannot be read: no such file or directory. Nothing was imported."), missing.stderr)
    }

    func testADryRunAndARefusalLeaveTheFileByteForByte() throws {
        let before = try bytes(db)
        let dry = try CLI.run(["import", "akamai", contoso, "--dry-run", "--db", db, "--as", "alice"])
        XCTAssertEqual(dry.status, 1, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("Dry run: nothing was written."), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("user        dave"), dry.stdout)
        XCTAssertEqual(try bytes(db), before)
        let json = try CLI.run(["import", "akamai", contoso, "--dry-run", "--json", "--db", db, "--as", "alice"])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(report["dryRun"] as? Bool, true)
        XCTAssertFalse((report["lines"] as! [Any]).isEmpty)
        for extra in [["--dry-run"], []] {
            let refused = try CLI.run(["import", "akamai", contoso, "--db", db, "--as", "nora"] + extra)
            XCTAssertEqual(refused.status, 2)
            XCTAssertEqual(refused.stderr, "Error: Only an Admin of Acme Media (Admin on every contract's root group) can import an Akamai IAM directory. Nothing was imported.\n")
        }
        XCTAssertEqual(try bytes(db), before)
        let export = try CLI.run(["export", "akamai", folder.appendingPathComponent("x").path, "--db", db, "--as", "nora"])
        XCTAssertEqual(export.status, 1)
        XCTAssertEqual(export.stderr, "Error: Only an Admin of Acme Media (Admin on every contract's root group) can export it.\n")
    }
}
