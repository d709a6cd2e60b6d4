import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// `export akamai`: the files validate against the spec's response schemas (checked by
/// `validate_v3.py` with openapi-schema-validator's OAS30Validator), and importing an export
/// into a fresh directory reproduces what matters.
final class AkamaiExportTests: XCTestCase {
    let alice = ActorRef(login: "alice")

    /// The export's files in a new folder of `dir`.
    func write(_ export: AkamaiExport, in dir: TestDirectory, _ name: String = "export") throws -> URL {
        let folder = dir.folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try export.encodedFiles() { try file.data.write(to: folder.appendingPathComponent(file.name)) }
        return folder
    }

    /// Runs validate_v3.py on `folder`: its exit status and output. Skips when python3 or the
    /// validator is missing here, unless IDM_REQUIRE_SCHEMA_VALIDATOR is set (as `.ci/run` sets it).
    func validate(_ folder: URL) throws -> (status: Int32, output: String) {
        let required = ProcessInfo.processInfo.environment["IDM_REQUIRE_SCHEMA_VALIDATOR"] != nil
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", AkamaiFixtures.validator, AkamaiFixtures.spec, folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let missing = process.terminationStatus == 127 || process.terminationStatus == 2
        if missing && !required {
            throw XCTSkip("python3 with openapi-schema-validator is needed to validate the export (pip install --user openapi-schema-validator): \(output)")
        }
        return (process.terminationStatus, output)
    }

    func testTheDemoExportValidatesAgainstTheSpecsSchemas() throws {
        let dir = try TestDirectory()
        let export = try dir.service.exportAkamai(alice)
        XCTAssertEqual(export.users.map(\.uiUserName), ["alice", "ivan", "mike", "nora", "pat", "vera"])
        XCTAssertEqual(export.groups.map(\.groupName), ["Acme Streaming", "Acme Web"])
        XCTAssertEqual(export.clients.map(\.clientName), ["legacy-sync", "purge-pipeline", "reporting-bot"])
        let (status, output) = try validate(try write(export, in: dir))
        XCTAssertEqual(status, 0, output)
        for file in ["users.json", "groups.json", "roles.json", "api-clients.json", "papi-groups.json"] {
            XCTAssertTrue(output.contains("\(file): valid"), output)
        }
    }

    func testTheValidatorRefusesWhatTheSchemasDoNotAllow() throws {
        let dir = try TestDirectory()
        var export = try dir.service.exportAkamai(alice)
        export.users[0].accountId = ""  // minLength 1
        export.clients[0].clientType = "ROBOT"  // not in the enum
        let (status, output) = try validate(try write(export, in: dir))
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("users.json: INVALID"), output)
        XCTAssertTrue(output.contains("api-clients.json entry 1: clientType"), output)
    }

    func testNoSecretIsExported() throws {
        let dir = try TestDirectory()
        let folder = try write(try dir.service.exportAkamai(alice), in: dir)
        let text = try String(contentsOf: folder.appendingPathComponent("api-clients.json"), encoding: .utf8)
        XCTAssertFalse(text.lowercased().contains("secret"), text)
        let last4 = try dir.store.read { db in try String.fetchAll(db, sql: "SELECT secret_last4 FROM credential") }
        XCTAssertFalse(last4.isEmpty)
    }

    /// The same users, group paths, roles and permissions, grants and blocks, and clients (name,
    /// owner, creator, APIs and levels, groups, emails, CIDRs, locked), credentials' metadata;
    /// not ids, times, versions, audit events or secrets. The fresh directory's own admin and
    /// root group are the only additions.
    func testImportingAnExportIntoAFreshDirectoryReproducesIt() throws {
        let demo = try TestDirectory()
        let account = try AkamaiFixtures.account(demo, of: "alice")
        try demo.service.blockGroup(alice, user: try demo.user("ivan").id, group: try demo.group("Staging"))
        let original = try demo.service.exportAkamai(alice)
        let folder = try write(original, in: demo)

        let fresh = try AkamaiFixtures.fresh(account: "Acme Copy", admin: "alice")
        let report = try fresh.service.importAkamai(alice, files: try AkamaiFiles.read([folder.path]))
        XCTAssertEqual(report.exitStatus, 0, "\(report.lines(.notImported))")
        let copy = try fresh.service.exportAkamai(alice)

        let a = try Normal(original, in: demo.store, account: account)
        var b = try Normal(copy, in: fresh.store, account: try AkamaiFixtures.account(fresh, of: "alice"))
        b.groups.remove("Acme Copy")
        b.contracts["Acme Copy"] = nil
        b.users["alice"] = a.users["alice"]
        b.users["intern"] = nil
        b.roles["Report Reader"] = nil
        XCTAssertEqual(b.groups, a.groups)
        XCTAssertEqual(b.roles, a.roles)
        XCTAssertEqual(b.users, a.users)
        XCTAssertEqual(b.clients, a.clients)
        XCTAssertEqual(b.credentials, a.credentials)
        XCTAssertEqual(b.contracts, a.contracts)
        XCTAssertEqual(try fresh.store.read { db in try AuditChain.verify(db) }.ok, true)
    }

    func testAnExportImportedIntoItsOwnDirectoryChangesNothing() throws {
        let dir = try TestDirectory()
        let folder = try write(try dir.service.exportAkamai(alice), in: dir)
        let before = try SQLiteSnapshot.lines(dir.store)
        let report = try dir.service.importAkamai(alice, files: try AkamaiFiles.read([folder.path]))
        XCTAssertTrue(report.changesNothing, "\(report.lines(.created) + report.lines(.updated))")
        XCTAssertEqual(report.exitStatus, 0, "\(report.lines(.notImported))")
        XCTAssertEqual(try SQLiteSnapshot.lines(dir.store), before)
    }

    func testOnlyAnAdminOfTheAccountOrItsResellerMayExport() throws {
        let dir = try TestDirectory()
        XCTAssertThrowsError(try dir.service.exportAkamai(ActorRef(login: "nora"))) {
            XCTAssertEqual($0 as? IDMError, .denied("Only an Admin of Acme Media (Admin on every contract's root group) can export it."))
        }
        let acme = try AkamaiFixtures.account(dir, of: "alice")
        XCTAssertEqual(try dir.service.exportAkamai(ActorRef(login: "rhea", accountID: acme)).users.count, 6)
    }

    /// What the round trip must keep, by name and path (never by id).
    struct Normal {
        var groups: Set<String>
        var contracts: [String: String]
        var roles: [String: [String]]
        var users: [String: String]
        var clients: [String: String]
        var credentials: [String: [String]]

        init(_ e: AkamaiExport, in store: Store, account: AccountID) throws {
            let (tree, users, roles, clients) = try store.read { db in
                (try Q.tree(db, account: account), try Q.users(db, account: account), try Q.rolesByID(db, account: account),
                 try Q.clients(db, account: account))
            }
            let logins = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.login) })
            groups = Set(tree.groups.keys.map { tree.path(of: $0) })
            contracts = Dictionary(uniqueKeysWithValues: tree.contractIDs.flatMap { c in tree.rootGroups(of: c).map { (tree.path(of: $0), c) } })
            self.roles = Dictionary(uniqueKeysWithValues: e.roles.map { ($0.roleName, ($0.grantedRoles ?? []).map(\.grantedRoleName)) })
            self.users = Dictionary(uniqueKeysWithValues: users.map { u in
                let grants = u.grants.map { "\(tree.path(of: $0.groupID)): \(roles[$0.roleID]!.name)" }.sorted()
                let blocked = u.blockedGroups.map { tree.path(of: $0) }.sorted()
                return (u.login, "\(u.firstName)|\(u.lastName)|\(u.email)|\(u.locked)|\(grants)|\(blocked)")
            })
            self.clients = Dictionary(uniqueKeysWithValues: clients.map { c in
                (c.name, "\(logins[c.ownerID]!)|\(logins[c.creatorID]!)|\(c.description)|\(c.apis.map { "\($0.serviceID):\($0.level.rawValue)" })|" +
                    "\(c.groupIDs.map { tree.path(of: $0) }.sorted())|\(c.notificationEmails)|\(c.ipAllowlist)|\(c.locked)")
            })
            credentials = Dictionary(uniqueKeysWithValues: e.clients.map { c in
                (c.clientName, (c.credentials ?? []).map { "\($0.clientToken ?? "")|\($0.status ?? "")|\($0.description ?? "")|\($0.expiresOn ?? "")" })
            })
        }
    }
}
