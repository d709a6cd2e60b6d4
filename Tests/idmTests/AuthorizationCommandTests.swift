import Foundation
import GRDB
import XCTest

/// Authorization through the real binary (notes/domain.md rules 12-17): the new `can-i`
/// questions, `who-can`, break glass (`admin recover`), who may say `--as`, the read rules of
/// `audit list` and `migrate report`, `--yes` before a change shrinks API clients, offboarding
/// and delete-with-transfer. Every test has its own freshly seeded demo database.
final class AuthorizationCommandTests: XCTestCase {
    var folder: URL!
    var db = ""

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples/legacy-manage-apis.json").path

    /// The uid a file is given to simulate a caller who does not own the database.
    static let nobody: uid_t = 65534

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: Helpers

    /// `idm ARGS --db DB [--as LOGIN]`.
    @discardableResult
    func run(_ args: [String], as login: String? = "alice") throws -> CLI.Result {
        try CLI.run(args + ["--db", db] + (login.map { ["--as", $0] } ?? []))
    }

    @discardableResult
    func idm(_ args: String..., as login: String? = "alice") throws -> CLI.Result {
        try run(args, as: login)
    }

    func canI(_ args: String..., as login: String, account: String? = nil) throws -> CLI.Result {
        try run(["can-i"] + args + (account.map { ["--account", $0] } ?? []), as: login)
    }

    func assertYes(_ r: CLI.Result, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.stdout, "yes\n", r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "", file: file, line: line)
        XCTAssertEqual(r.status, 0, file: file, line: line)
    }

    func assertNo(_ r: CLI.Result, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.stdout, "no: \(reason)\n", r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "", file: file, line: line)
        XCTAssertEqual(r.status, 1, file: file, line: line)
    }

    /// A refusal: exit 1, nothing on stdout unless `stdout` says what, exactly one "Error:" line.
    func assertRefused(_ r: CLI.Result, _ error: String, stdout: String = "", status: Int32 = 1,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.stderr, "Error: \(error)\n", file: file, line: line)
        XCTAssertEqual(r.stdout, stdout, file: file, line: line)
        XCTAssertEqual(r.status, status, file: file, line: line)
    }

    @discardableResult
    func ok(_ r: CLI.Result, file: StaticString = #filePath, line: UInt = #line) -> CLI.Result {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r
    }

    func jsonObject(_ r: CLI.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout, file: file, line: line)
    }

    func jsonArray(_ r: CLI.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], r.stdout, file: file, line: line)
    }

    /// `users list --json` by login (acting as `as`).
    func users(as login: String = "alice") throws -> [String: [String: Any]] {
        let list = try jsonArray(try idm("users", "list", "--json", as: login))
        return Dictionary(uniqueKeysWithValues: list.map { ($0["login"] as! String, $0) })
    }

    /// A user's grants as "ROLE on GROUP", in the order the command line lists them.
    func grants(_ user: [String: Any]?) -> [String] {
        ((user?["grants"] as? [[String: String]]) ?? []).map { "\($0["role"] ?? "?") on \($0["group"] ?? "?")" }
    }

    func client(_ name: String, as login: String = "alice") throws -> [String: Any] {
        try jsonObject(try idm("clients", "show", name, "--json", as: login))
    }

    /// Audit events (newest first) of one action, read as `login`.
    func audit(action: String, as login: String = "alice") throws -> [[String: Any]] {
        try jsonArray(try idm("audit", "list", "--json", "--action", action, as: login))
    }

    /// Every row of every table, sorted: equal before and after means nothing was written.
    func dump() throws -> [String] {
        let queue = try DatabaseQueue(path: db)
        return try queue.read { db in
            var lines: [String] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                lines += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table) \($0)" }.sorted()
            }
            return lines
        }
    }

    /// The operating-system login the binary sees (as `Paths.osLogin`).
    static var osLogin: String { String(cString: getpwuid(getuid())!.pointee.pw_name) }

    static func name(of uid: uid_t) -> String {
        getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(uid)"
    }

    /// Gives the database file (and its -wal/-shm, if any) to `uid`: root still reads and writes
    /// it, but no longer owns it. Only root can do this.
    func chownDatabase(to uid: uid_t) throws {
        try XCTSkipUnless(getuid() == 0, "giving the database file to another uid needs root (as in CI)")
        for path in [db, db + "-wal", db + "-shm"] where FileManager.default.fileExists(atPath: path) {
            XCTAssertEqual(chown(path, uid, gid_t(uid)), 0, "chown \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        XCTAssertEqual(stat(db, &info), 0)
        XCTAssertEqual(info.st_uid, uid)
    }

    // MARK: 1. can-i, the new questions

    func testCanIEditUser() throws {
        assertYes(try canI("edit-user", "nora", as: "alice"))
        assertYes(try canI("edit-user", "mike", as: "mike"))
        assertNo(try canI("edit-user", "nora", as: "mike"), "You need the Admin role or a role with IDM: Manage Users.")
        assertNo(try canI("edit-user", "alice", as: "ivan"), "You need the Admin role or a role with IDM: Manage Users.")
    }

    func testCanILockUser() throws {
        assertYes(try canI("lock-user", "nora", as: "alice"))
        assertNo(try canI("lock-user", "nora", as: "ivan"), "You need the Admin role or a role with IDM: Manage Users.")
        assertNo(try canI("lock-user", "alice", as: "alice"),
                 "alice is the last unlocked Admin of contract C-ACME-WEB (root group Acme Web) and cannot be locked; make another user Admin on Acme Web first.")
    }

    func testCanIDeleteUser() throws {
        assertYes(try canI("delete-user", "vera", as: "alice"))
        assertYes(try canI("delete-user", "nora", "--to", "ivan", as: "alice"))
        assertNo(try canI("delete-user", "vera", as: "mike"), "You need the Admin role or a role with IDM: Manage Users.")
        assertNo(try canI("delete-user", "mike", as: "alice"), "mike owns 1 API client (purge-pipeline); transfer ownership first.")
        assertNo(try canI("delete-user", "mike", "--to", "ivan", as: "alice"),
                 "mike created 1 API client (purge-pipeline), which keeps its creator; delete it first, or lock mike instead.")
    }

    func testCanIGrantRole() throws {
        assertNo(try canI("grant-role", "Reporting Viewer", "--on", "Web APIs", "--to", "alice", as: "pat"),
                 "You need the Admin role or a role with IDM: Manage Users.")
        assertYes(try canI("grant-role", "Reporting Viewer", "--on", "Web APIs", "--to", "vera", as: "alice"))
    }

    func testCanIEditRole() throws {
        assertYes(try canI("edit-role", "Purge Operator", as: "alice"))
        assertNo(try canI("edit-role", "Purge Operator", as: "ivan"), "You need the Admin role or a role with IDM: Manage Roles.")
        assertNo(try canI("edit-role", "Purge Operator", as: "mike"), "You need the Admin role or a role with IDM: Manage Roles.")
    }

    /// Rule 16: an Admin or IDM Admin on any of the client's groups deactivates its credentials,
    /// also while it is locked, also once it has shrunk to no access (rule 17).
    func testCanIDeactivateCredential() throws {
        let pat = "Only the owner and creator (mike), an Admin or an IDM Admin can deactivate credentials of purge-pipeline."
        assertYes(try canI("deactivate-credential", "purge-pipeline", as: "alice"))
        assertYes(try canI("deactivate-credential", "purge-pipeline", as: "ivan"))
        assertYes(try canI("deactivate-credential", "purge-pipeline", as: "mike"))
        assertNo(try canI("deactivate-credential", "purge-pipeline", as: "pat"), pat)

        XCTAssertEqual(try idm("clients", "lock", "purge-pipeline").stdout, "Locked purge-pipeline.\n")
        assertYes(try canI("deactivate-credential", "purge-pipeline", as: "alice"))
        assertYes(try canI("deactivate-credential", "purge-pipeline", as: "ivan"))
        assertNo(try canI("deactivate-credential", "purge-pipeline", as: "mike"), "purge-pipeline is locked; an Admin or IDM Admin must unlock it first.")
        assertNo(try canI("generate-credential", "purge-pipeline", as: "mike"), "purge-pipeline is locked; an Admin or IDM Admin must unlock it first.")
        XCTAssertEqual(try idm("clients", "unlock", "purge-pipeline").stdout, "Unlocked purge-pipeline.\n")

        ok(try idm("users", "edit", "mike", "--grant", "Acme Web=Property Developer", "--yes"))
        assertYes(try canI("deactivate-credential", "purge-pipeline", as: "alice"))
        assertNo(try canI("deactivate-credential", "purge-pipeline", as: "pat"), pat)
    }

    func testCanIReadAudit() throws {
        assertYes(try canI("read-audit", as: "alice"))
        assertYes(try canI("read-audit", as: "nora"))
        assertYes(try canI("read-audit", as: "rhea", account: "Acme Media"))
        assertNo(try canI("read-audit", as: "vera"), "You need the Admin role or an IDM permission to read the audit log of Acme Media.")
        assertNo(try canI("read-migration-report", as: "vera"),
                 "You need the Admin role or an IDM permission to read the migration report of Acme Media.")
    }

    func testCanIOffboardUser() throws {
        assertYes(try canI("offboard-user", "nora", "--to", "ivan", as: "alice"))
        assertNo(try canI("offboard-user", "nora", "--to", "ivan", as: "pat"), "You need the Admin role or a role with IDM: Manage Users.")
    }

    func testCanIUnknownTargetIsExit2AndOneLine() throws {
        for (args, error) in [
            (["edit-user", "nobody"], "No user \"nobody\" in Acme Media."),
            (["offboard-user", "nora", "--to", "nobody"], "No user \"nobody\" in Acme Media."),
            (["edit-role", "No Role"], "No role \"No Role\" in this account. `idm roles list` shows them."),
            (["grant-role", "Admin", "--on", "Nowhere", "--to", "vera"], "No group \"Nowhere\" in this account. `idm groups list` shows them."),
            (["deactivate-credential", "no-such-client"], "No API client \"no-such-client\" in Acme Media."),
        ] {
            let r = try run(["can-i"] + args, as: "alice")
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(args)")
            XCTAssertEqual(r.stderr, "Error: \(error)\n", "\(args)")
        }
    }

    /// The brief: exit 0 yes, 1 no, 2 for an unknown question or target.
    func testCanIUnknownQuestionIsExit2() throws {
        let r = try canI("fly", as: "alice")
        XCTAssertTrue(r.stderr.hasPrefix("Error: Unknown action \"fly\". Actions: create-client, "), r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.status, 2, "an unknown question must not look like a usage error (64) nor a no (1)")
    }

    // MARK: 2. who-can

    func testWhoCanUnlockLegacySyncNamesAliceAndIvanWithTheirGrants() throws {
        let r = ok(try idm("who-can", "unlock-client", "legacy-sync", as: "vera"))
        XCTAssertEqual(r.stdout, """
            LOGIN  BECAUSE
            alice  Admin on Acme Web and Admin on Acme Streaming
            ivan   API Platform Admin on Acme Web and API Platform Admin on Acme Streaming

            """)
        XCTAssertEqual(r.stderr, "")

        let json = try jsonArray(try idm("who-can", "unlock-client", "legacy-sync", "--json"))
        XCTAssertEqual(json.map { $0["login"] as? String }, ["alice", "ivan"])
        XCTAssertEqual(json.map { $0["because"] as? [String] }, [
            ["Admin on Acme Web", "Admin on Acme Streaming"],
            ["API Platform Admin on Acme Web", "API Platform Admin on Acme Streaming"],
        ])
        XCTAssertEqual(json.map { $0["needsAll"] as? Bool }, [true, true], "both grants are needed")
    }

    func testWhoCanReadAuditIncludesRheaBrowsingAndNotVera() throws {
        let table = """
            LOGIN  BECAUSE
            alice  any of: Admin on Acme Web, Admin on Acme Streaming
            ivan   any of: API Platform Admin on Acme Web, API Platform Admin on Acme Streaming
            mike   any of: Property Developer on Acme Web, Property Developer on Acme Streaming
            nora   Property Viewer on Acme Web
            pat    any of: Purge Operator on Acme Web, Purge Operator on Acme Streaming
            rhea   browsing from Northwind Partners, which manages Acme Media

            """
        XCTAssertEqual(ok(try idm("who-can", "read-audit")).stdout, table)
        XCTAssertEqual(ok(try run(["who-can", "read-audit", "--account", "Acme Media"], as: "rhea")).stdout, table, "the same from rhea's side")

        let json = try jsonArray(try idm("who-can", "read-audit", "--json"))
        XCTAssertEqual(json.map { $0["login"] as? String }, ["alice", "ivan", "mike", "nora", "pat", "rhea"])
        XCTAssertEqual(json.last?["because"] as? [String], ["browsing from Northwind Partners, which manages Acme Media"])
        XCTAssertEqual(json[3]["because"] as? [String], ["Property Viewer on Acme Web"])
        XCTAssertEqual(json[0]["because"] as? [String], ["Admin on Acme Web", "Admin on Acme Streaming"])
        XCTAssertEqual(json[0]["needsAll"] as? Bool, false, "either grant is enough")
    }

    func testWhoCanNamesTheOwnersRightAndSaysNoOne() throws {
        XCTAssertEqual(ok(try idm("who-can", "deactivate-credential", "purge-pipeline")).stdout, """
            LOGIN  BECAUSE
            alice  Admin on Acme Streaming
            ivan   API Platform Admin on Acme Streaming
            mike   as the owner of purge-pipeline

            """)
        // At the cap (2 credentials), not even the owner may generate one.
        XCTAssertEqual(ok(try idm("who-can", "generate-credential", "purge-pipeline")).stdout, "No one.\n")
        XCTAssertEqual(try jsonArray(try idm("who-can", "generate-credential", "purge-pipeline", "--json")).count, 0)
        let api = try idm("who-can", "grant-api", "papi")
        XCTAssertNotEqual(api.status, 0)
        XCTAssertTrue(api.stderr.hasPrefix("Error: Unknown action \"grant-api\"."), api.stderr)
    }

    // MARK: 3. admin recover (break glass)

    /// Alice made Admin-less and locked by ivan (whom she made Admin), then recovered by the
    /// database file's owner: Admin on every root again, unlocked, audited with the OS user.
    func testAdminRecoverByTheFilesOwnerMakesTheUserAdminOnEveryRootAndUnlocked() throws {
        ok(try idm("users", "edit", "ivan", "--grant", "Acme Web=Admin", "--grant", "Acme Streaming=Admin"))
        ok(try idm("users", "lock", "alice", as: "ivan"))
        ok(try idm("users", "edit", "alice", "--grant", "Web APIs=Reporting Viewer", "--yes", as: "ivan"))
        var alice = try users(as: "ivan")["alice"]
        XCTAssertEqual(alice?["locked"] as? Bool, true)
        XCTAssertEqual(grants(alice), ["Reporting Viewer on Acme Web > Web APIs"])
        assertNo(try canI("read-audit", as: "alice"), "Your user alice is locked.")

        let r = try CLI.run(["admin", "recover", "alice", "--db", db])
        XCTAssertEqual(r.stdout, "alice is Admin on Acme Streaming, Acme Web and unlocked (break glass, recorded as admin.recover by \(Self.osLogin)).\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)

        alice = try users(as: "ivan")["alice"]
        XCTAssertEqual(alice?["locked"] as? Bool, false)
        XCTAssertEqual(Set(grants(alice)), ["Admin on Acme Web", "Admin on Acme Streaming", "Reporting Viewer on Acme Web > Web APIs"])
        assertYes(try canI("lock-user", "nora", as: "alice"))

        let events = try audit(action: "admin.recover")
        XCTAssertEqual(events.count, 1)
        let event = try XCTUnwrap(events.first)
        XCTAssertEqual(event["actorLogin"] as? String, "system")
        XCTAssertEqual(event["osUser"] as? String, Self.osLogin)
        XCTAssertEqual(event["targetType"] as? String, "user")
        XCTAssertEqual(event["targetName"] as? String, "alice")
        let before = event["before"] as? [String: String], after = event["after"] as? [String: String]
        XCTAssertEqual(before?["locked"], "true", "\(event)")
        XCTAssertEqual(after?["locked"], "false", "\(event)")
        XCTAssertEqual(after?["breakGlass"], "Admin on every contract root, granted by the database file's owner")
        XCTAssertTrue(after?["grants"]?.contains("Acme Web: Admin") == true, "\(event)")
        XCTAssertTrue(after?["grants"]?.contains("Acme Streaming: Admin") == true, "\(event)")
    }

    func testAdminRecoverOfAnUnknownLoginIsOneLine() throws {
        assertRefused(try CLI.run(["admin", "recover", "nobody", "--db", db]), "No user \"nobody\" in this directory.")
    }

    func testAdminRecoverIsRefusedToWhoeverDoesNotOwnTheFileAndChangesNothing() throws {
        ok(try idm("users", "lock", "mike"))
        try chownDatabase(to: Self.nobody)
        let before = try dump()
        let r = try CLI.run(["admin", "recover", "mike", "--db", db])
        assertRefused(r, "Only the owner of \(db) (\(Self.name(of: Self.nobody))) can recover an Admin; you are \(Self.osLogin).")
        XCTAssertEqual(try dump(), before, "a refused recover writes nothing")
    }

    // MARK: 3b. The console idle timeout policy (the file's owner, as break glass)

    func testTheIdleTimeoutPolicyIsTheFileOwnersAndAudited() throws {
        XCTAssertEqual(try CLI.run(["admin", "idle-timeout", "--db", db]).stdout, "30 minutes (the default; nothing set).\n")
        let set = try CLI.run(["admin", "idle-timeout", "15", "--db", db])
        XCTAssertEqual(set.stdout, "Consoles now close after 15 minutes without a key (recorded as setting.change by \(Self.osLogin)).\n", set.stderr)
        XCTAssertEqual(try CLI.run(["admin", "idle-timeout", "--db", db]).stdout, "15 minutes (set in the directory).\n")
        let events = try audit(action: "setting.change").filter { $0["targetID"] as? String == "console_idle_timeout_minutes" }
        XCTAssertEqual(events.count, 1, "\(events)")
        XCTAssertEqual(events.first?["osUser"] as? String, Self.osLogin)
        XCTAssertEqual(events.first?["after"] as? [String: String], ["value": "15"])
        assertRefused(try CLI.run(["admin", "idle-timeout", "0", "--db", db]), "The idle timeout is 1 to 1440 minutes.")
        try chownDatabase(to: Self.nobody)
        let before = try dump()
        assertRefused(try CLI.run(["admin", "idle-timeout", "60", "--db", db]),
                      "Only the owner of \(db) can set the console idle timeout; you are \(Self.osLogin).")
        XCTAssertEqual(try dump(), before, "refused: nothing written")
    }

    func testOpenRefusesAnIdleTimeoutOutOfRange() throws {
        let r = try CLI.run(["open", "--idle-timeout", "0", "--db", db, "--as", "alice"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--idle-timeout takes 1 to 1440 minutes."), r.stderr)
    }

    // MARK: 4. Who may say --as

    func testAsIsRefusedWhenTheCallerNeitherOwnsTheFileNorIsBoundToTheLogin() throws {
        try chownDatabase(to: Self.nobody)
        let before = try dump()
        let refusal = "--as mike: your login \(Self.osLogin) is bound to no idm user; only the owner of \(db) may act as another user."
        assertRefused(try idm("users", "list", as: "mike"), refusal)
        assertRefused(try idm("users", "lock", "nora", as: "alice"),
                      "--as alice: your login \(Self.osLogin) is bound to no idm user; only the owner of \(db) may act as another user.")
        let canI = try canI("read-audit", as: "mike")
        XCTAssertEqual(canI.stderr, "Error: \(refusal)\n")
        XCTAssertEqual(canI.status, 2, "can-i could not ask the question")
        assertRefused(try idm("users", "list", as: nil), "No idm user is bound to your login \"\(Self.osLogin)\". Name one with --as LOGIN.")
        assertRefused(try idm("open", as: "alice"),
                      "--as alice: your login \(Self.osLogin) is bound to no idm user; only the owner of \(db) may act as another user.")
        XCTAssertEqual(try dump(), before)
    }

    /// Bound to mike (as `idm init` binds the first admin): `--as mike` and no `--as` act as mike
    /// without owning the file, `--as alice` does not; mike's own events carry no osUser.
    func testAsTheLoginBoundToTheCallerNeedsNoOwnership() throws {
        do {
            // What `idm init` does for its first admin; the demo binds no one.
            let queue = try DatabaseQueue(path: db)
            try queue.write { db in try db.execute(sql: "UPDATE user SET os_login = ? WHERE login = 'mike'", arguments: [Self.osLogin]) }
        }
        try chownDatabase(to: Self.nobody)
        XCTAssertTrue(ok(try idm("users", "list", as: "mike")).stdout.hasPrefix("LOGIN  NAME"))
        assertYes(try run(["can-i", "edit-user", "mike"], as: nil))
        assertRefused(try idm("users", "list", as: "alice"),
                      "--as alice: your login \(Self.osLogin) is bound to mike; only the owner of \(db) may act as another user.")
        let credential = try XCTUnwrap((try client("purge-pipeline", as: "mike")["credentials"] as? [[String: Any]])?
            .first { $0["status"] as? String == "ACTIVE" }?["id"] as? Int)
        ok(try idm("clients", "credential", "deactivate", "purge-pipeline", String(credential), as: "mike"))

        try chownDatabase(to: getuid())
        let events = try audit(action: "credential.deactivate")
        XCTAssertEqual(events.first?["actorLogin"] as? String, "mike", "\(events)")
        XCTAssertNil(events.first?["osUser"], "mike acted as himself: \(events)")
    }

    func testEventsMadeWithAsRecordTheOSUser() throws {
        ok(try idm("users", "lock", "nora"))
        let events = try audit(action: "user.lock")
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?["actorLogin"] as? String, "alice")
        XCTAssertEqual(events.first?["osUser"] as? String, Self.osLogin)
        XCTAssertEqual(events.first?["targetName"] as? String, "nora")
        // The seed wrote through the service with no --as: no OS user on its events.
        let seeded = try audit(action: "client.create")
        XCTAssertFalse(seeded.isEmpty)
        XCTAssertTrue(seeded.allSatisfy { $0["osUser"] == nil }, "\(seeded)")
    }

    /// The console opened with `idm open --as` acts under the same trust model as the commands:
    /// its events must name the OS user too.
    func testConsoleOpenedWithAsRecordsTheOSUserOnItsEvents() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) open --db \(db) --as alice")
        try t.waitFor("alice · Admin")
        try t.press("2")
        try t.waitFor("purge-pipeline")
        try t.press("Down", "Enter")
        try t.waitFor("Fast Purge API (ccu)")
        try t.press("l")
        try t.waitFor("n cancel")
        try t.press("y")
        try t.waitFor("Locked purge-pipeline.")
        try t.press("Escape", "q")
        try t.waitGone("Manage Users & Groups")

        let events = try audit(action: "client.lock")
        XCTAssertEqual(events.first?["targetName"] as? String, "purge-pipeline", "\(events)")
        XCTAssertEqual(events.first?["actorLogin"] as? String, "alice")
        XCTAssertEqual(events.first?["osUser"] as? String, Self.osLogin, "acted with --as from the console: \(events.first ?? [:])")
    }

    // MARK: 5. audit list and migrate report

    func testAuditListRefusesVeraAndAllowsAliceAndRheaBrowsing() throws {
        assertRefused(try idm("audit", "list", as: "vera"), "You need the Admin role or an IDM permission to read the audit log of Acme Media.")
        assertRefused(try idm("audit", "list", "--json", as: "vera"), "You need the Admin role or an IDM permission to read the audit log of Acme Media.")
        let alice = ok(try idm("audit", "list"))
        XCTAssertTrue(alice.stdout.hasPrefix("TIME                  ACTOR"), alice.stdout)
        let squeezed = alice.stdout.replacingOccurrences(of: " {2,}", with: "  ", options: .regularExpression)
        XCTAssertTrue(squeezed.contains("  alice  -  client.lock  legacy-sync  locked: false -> true\n"), alice.stdout)
        let rhea = ok(try run(["audit", "list", "--account", "Acme Media"], as: "rhea"))
        XCTAssertEqual(rhea.stdout, alice.stdout, "rhea browsing reads Acme Media's log")
        XCTAssertFalse(rhea.stdout.contains("Northwind"), rhea.stdout)
    }

    func testMigrateReportRefusesVeraAndAllowsAliceAndRheaBrowsing() throws {
        ok(try idm("migrate", "legacy", Self.sample, "--expire", "2027-11-30"))
        assertRefused(try idm("migrate", "report", as: "vera"),
                      "You need the Admin role or an IDM permission to read the migration report of Acme Media.")
        let alice = ok(try idm("migrate", "report"))
        XCTAssertTrue(alice.stdout.contains("2 migrated, 6 user records, 8 not migrated, 0 already migrated."), alice.stdout)
        let rhea = ok(try run(["migrate", "report", "--account", "Acme Media"], as: "rhea"))
        XCTAssertEqual(rhea.stdout, alice.stdout)
    }

    // MARK: 6. --yes before a change shrinks API clients (rule 17)

    func testGrantEditThatLeavesAClientNoAccessNeedsYesThenIncidentResponseAndDeleteWork() throws {
        let before = try dump()
        let preview = """
            mike's API clients that shrink to the new access:
              purge-pipeline (owner mike): loses group Acme Streaming, loses group Acme Streaming > Live, loses group Acme Streaming > VOD, loses API ccu, loses API reporting (no access left: it stays, marked no access)

            """
        let refused = try idm("users", "edit", "mike", "--grant", "Acme Web=Property Developer")
        assertRefused(refused, "These roles shrink 1 API client; nothing was changed. Add --yes to apply it.", stdout: preview)
        XCTAssertEqual(try dump(), before, "nothing changed without --yes")
        XCTAssertEqual(grants(try users()["mike"]), ["Property Developer on Acme Web", "Property Developer on Acme Streaming"])
        XCTAssertEqual(try client("purge-pipeline")["groups"] as? [String], ["Acme Streaming", "Acme Streaming > Live", "Acme Streaming > VOD"])

        let applied = try idm("users", "edit", "mike", "--grant", "Acme Web=Property Developer", "--yes")
        XCTAssertEqual(applied.stdout, preview + "Updated mike: Mike Moreau, mike@acme.example, Delivery engineer; Property Developer on Acme Web.\n")
        XCTAssertEqual(applied.stderr, "")
        XCTAssertEqual(applied.status, 0)
        XCTAssertEqual(grants(try users()["mike"]), ["Property Developer on Acme Web"])

        let pipeline = try client("purge-pipeline")
        XCTAssertEqual(pipeline["groups"] as? [String], [])
        XCTAssertEqual((pipeline["apis"] as? [Any])?.count, 0)
        XCTAssertEqual(pipeline["locked"] as? Bool, false, "shrunk to nothing, it stays unlocked")
        XCTAssertEqual(pipeline["noAccess"] as? Bool, true, "rule 17: marked no access: \(pipeline)")
        let credentials = try XCTUnwrap(pipeline["credentials"] as? [[String: Any]])
        XCTAssertEqual(credentials.map { $0["status"] as? String }, ["INACTIVE", "ACTIVE"], "credentials untouched")
        let shown = ok(try idm("clients", "show", "purge-pipeline"))
        XCTAssertTrue(shown.stdout.contains("Groups:              none: no access (its owner lost access to every group it had)\n"), shown.stdout)

        let shrink = try audit(action: "client.shrink")
        XCTAssertEqual(shrink.first?["targetName"] as? String, "purge-pipeline", "the shrink is audited: \(shrink)")

        // Rule 16: alice (Admin on the root it was created under) deactivates its credential.
        let active = try XCTUnwrap(credentials.first { $0["status"] as? String == "ACTIVE" }?["id"] as? Int)
        let off = try idm("clients", "credential", "deactivate", "purge-pipeline", String(active))
        XCTAssertEqual(off.status, 0, off.stderr)
        XCTAssertTrue(off.stdout.hasPrefix("Credential \(active) (ctok-6bcd444…) of purge-pipeline: INACTIVE, expires "), off.stdout)
        let deleted = try idm("clients", "delete", "purge-pipeline", "--confirm", "purge-pipeline")
        XCTAssertEqual(deleted.stdout, "Deleted purge-pipeline.\n")
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        let names = try jsonArray(try idm("clients", "list", "--json")).map { $0["name"] as? String }
        XCTAssertEqual(names, ["legacy-sync", "reporting-bot"])
    }

    func testBlockThatShrinksAClientNeedsYes() throws {
        let before = try dump()
        let preview = """
            mike's API clients that shrink to the new access:
              purge-pipeline (owner mike): loses group Acme Streaming > Live

            """
        assertRefused(try idm("users", "block", "mike", "Live"),
                      "Blocking Live shrinks 1 API client; nothing was changed. Add --yes to apply it.", stdout: preview)
        XCTAssertEqual(try dump(), before)

        let applied = try idm("users", "block", "mike", "Live", "--yes")
        XCTAssertEqual(applied.stdout, preview + "Blocked Acme Streaming > Live for mike.\n")
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertEqual(try client("purge-pipeline")["groups"] as? [String], ["Acme Streaming", "Acme Streaming > VOD"])
    }

    // MARK: 7. Offboarding and delete-with-transfer

    func testOffboardLocksTheUserAndHandsOverTheirClientsInOneStep() throws {
        let before = try dump()
        assertRefused(try idm("users", "offboard", "nora", "--to", "ivan", as: "pat"), "You need the Admin role or a role with IDM: Manage Users.")
        XCTAssertEqual(try dump(), before, "a refused offboard changes nothing")

        let r = try idm("users", "offboard", "nora", "--to", "ivan")
        XCTAssertEqual(r.stdout, "Offboarded nora: locked; ivan now owns reporting-bot.\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(try users()["nora"]?["locked"] as? Bool, true)
        let bot = try client("reporting-bot")
        XCTAssertEqual(bot["owner"] as? String, "ivan")
        XCTAssertEqual(bot["creator"] as? String, "ivan")
        XCTAssertEqual(bot["groups"] as? [String], ["Acme Web", "Acme Web > Web APIs", "Acme Web > Web Properties", "Acme Web > Web Properties > Staging"],
                       "ivan covers all of it")
        let transfer = try audit(action: "client.transfer")
        XCTAssertEqual((transfer.first?["after"] as? [String: String])?["cause"], "nora was offboarded")
        XCTAssertEqual(try audit(action: "user.offboard").count, 1)

        assertRefused(try idm("users", "offboard", "nora", "--to", "ivan"), "nora is already locked.")
    }

    func testDeleteWithTransferIsRefusedForTheCreatorOfAClientAndChangesNothing() throws {
        let before = try dump()
        assertRefused(try idm("users", "delete", "mike", "--transfer-to", "ivan"),
                      "mike created 1 API client (purge-pipeline), which keeps its creator; delete it first, or lock mike instead.")
        XCTAssertEqual(try dump(), before)
        XCTAssertEqual(try client("purge-pipeline")["owner"] as? String, "mike")
        XCTAssertNotNil(try users()["mike"])
    }

    func testDeleteWithTransferHandsOverThenDeletes() throws {
        let r = try idm("users", "delete", "nora", "--transfer-to", "ivan")
        XCTAssertEqual(r.stdout, "ivan now owns nora's API clients; deleted nora.\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertNil(try users()["nora"])
        XCTAssertEqual(try client("reporting-bot")["owner"] as? String, "ivan")
    }
}
