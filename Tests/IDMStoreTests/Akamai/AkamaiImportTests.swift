import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// `import akamai` through the service: one transaction, as the importing Admin, matched by
/// name so a second run changes nothing; a dry run and a refusal write nothing.
final class AkamaiImportTests: XCTestCase {
    let carol = ActorRef(login: "carol@contoso.example")

    func importContoso(_ dir: TestDirectory, dryRun: Bool = false) throws -> ImportReport {
        try dir.service.importAkamai(carol, files: try AkamaiFixtures.files(AkamaiFixtures.contoso), dryRun: dryRun)
    }

    func testContosoImportsWhatFitsAndReportsEachEntryThatDoesNot() throws {
        let dir = try AkamaiFixtures.fresh()
        let report = try importContoso(dir)
        XCTAssertEqual(report.exitStatus, 1)
        XCTAssertEqual(report.files.first { $0.name == "README.txt" }?.skipped, "not JSON")
        XCTAssertTrue(report.contracts.hasPrefix("from the PAPI groups payload papi-groups.json"), report.contracts)
        let notImported = report.lines(.notImported).map { "\($0.kind) \($0.name): \($0.detail)" }
        XCTAssertEqual(notImported, [
            "role Web Developer: granted role \"SecurityViewOnly\": no idm permission or role of that name",
            "grant erin@contoso.example: Admin for Account Roles: an account-wide role with no group: idm holds roles on groups",
            "client purge-bot: creator ghost is not a user here; carol@contoso.example, who imports it, is recorded as its creator",
            "client purge-bot: its IP allowlist is disabled, and idm has no disabled allowlist: its CIDRs are left out",
        ])

        let account = try AkamaiFixtures.account(dir, of: "intern")
        let (tree, roles, users, clients) = try dir.store.read { db in
            (try Q.tree(db, account: account), try Q.rolesByID(db, account: account), try Q.users(db, account: account),
             try Q.clients(db, account: account))
        }
        func grants(_ login: String) -> [String] {
            users.first { $0.login == login }!.grants.map { "\(tree.path(of: $0.groupID)): \(roles[$0.roleID]!.name)" }.sorted()
        }
        // Contracts from PAPI; the importing Admin is Admin on each new top-level group.
        XCTAssertEqual(Set(tree.contractIDs), ["C-MAIN", "C-CONTOSO-WEB", "C-CONTOSO-MEDIA"])
        XCTAssertEqual(tree.groups(named: "Production").map { tree.path(of: $0.id) }, ["Contoso > Web > Production"])
        XCTAssertEqual(tree.groups(named: "Live")[0].contractID, "C-CONTOSO-MEDIA")
        XCTAssertEqual(grants("carol@contoso.example"), ["Contoso Ltd: Admin", "Contoso Media: Admin", "Contoso: Admin"])
        // Nested grants: a role of its own on a subgroup, a blocked subgroup, `subgroups` in lower case.
        XCTAssertEqual(grants("dave"), ["Contoso > Web: Web Developer", "Contoso Media > Streaming > Live: Purge Operator",
                                        "Contoso Media > Streaming: Viewer"])
        XCTAssertEqual(users.first { $0.login == "dave" }!.blockedGroups.map { tree.path(of: $0) }, ["Contoso > Web > Staging"])
        // A grant naming a role no payload defines: an imported role with no permissions.
        XCTAssertEqual(grants("erin@contoso.example"), ["Contoso > APIs: Auditor", "Contoso Media: Purge Operator"])
        let auditor = roles.values.first { $0.name == "Auditor" }!
        XCTAssertTrue(auditor.isImportedWithoutPermissions)
        XCTAssertTrue(report.lines(.note).contains { $0.name == "Auditor" && $0.detail.contains("imported, no permissions") })
        // grantedRoles by name and by label; a v3 standard role imported as custom.
        XCTAssertEqual(roles.values.first { $0.name == "Web Developer" }!.permissions,
                       [.apiClientsUser, .product(Catalogue.propertyManager, .readWrite), .product(Catalogue.reporting, .readOnly)])
        XCTAssertEqual(roles.values.first { $0.name == "Purge Operator" }!.permissions, [.apiClientsUser, .product(Catalogue.fastPurge, .readWrite)])
        XCTAssertFalse(roles.values.first { $0.name == "Viewer" }!.isStandard)
        XCTAssertTrue(users.first { $0.login == "frank" }!.locked)

        // Clients: groupAccess subgroups (Staging blocked), APIs and levels, CIDRs, emails, credentials with no secret.
        let deployer = clients.first { $0.name == "ci-deployer" }!
        XCTAssertEqual(deployer.ownerID, users.first { $0.login == "dave" }!.id)
        XCTAssertEqual(deployer.creatorID, deployer.ownerID)
        XCTAssertEqual(Set(deployer.groupIDs.map { tree.path(of: $0) }), ["Contoso > Web", "Contoso > Web > Production"])
        XCTAssertEqual(deployer.apis, [APIGrant(serviceID: "papi", level: .readWrite), APIGrant(serviceID: "reporting", level: .readOnly)])
        XCTAssertEqual(deployer.ipAllowlist, ["203.0.113.0/24", "2001:db8::/32"])
        XCTAssertEqual(deployer.notificationEmails, ["dave@contoso.example", "web-team@contoso.example"])
        let credentials = try dir.store.read { db in
            try Row.fetchAll(db, sql: "SELECT client_token, status, description, length(secret_hash) AS h, secret_last4 FROM credential WHERE client_id = ? ORDER BY id",
                             arguments: [deployer.id])
        }
        XCTAssertEqual(credentials.map { $0["client_token"] as String }, ["akab-ctok-contoso-0001", "akab-ctok-contoso-0002"])
        XCTAssertEqual(credentials.map { $0["status"] as String }, ["ACTIVE", "INACTIVE"])
        XCTAssertEqual(credentials.map { $0["h"] as Int }, [0, 0], "no secret hash: the record authorizes nothing")
        let bot = clients.first { $0.name == "purge-bot" }!
        XCTAssertTrue(bot.locked)
        XCTAssertEqual(bot.creatorID, users.first { $0.login == "carol@contoso.example" }!.id)
        XCTAssertEqual(bot.ipAllowlist, [])

        // Every event says it came from the import; the chain and the states verify.
        let events = try dir.store.read { db in try Q.audit(db, account: account, filter: Q.AuditFilter(limit: 500)) }
        let imported = events.filter { $0.via == Akamai.via }
        XCTAssertEqual(imported.filter { $0.action == "import.akamai" }.count, 1)
        XCTAssertTrue(imported.contains { $0.action == "user.import" && $0.targetName == "dave" })
        XCTAssertTrue(imported.contains { $0.action == "credential.import" })
        XCTAssertTrue(events.filter { $0.via == nil }.allSatisfy { $0.actorLogin == DirectoryService.systemActor || $0.targetName == "intern" || $0.targetName == "Report Reader" })
        let verification = try dir.store.read { db in try AuditChain.verify(db) }
        XCTAssertTrue(verification.ok, verification.problem ?? "")
    }

    func testASecondRunChangesNothing() throws {
        let dir = try AkamaiFixtures.fresh()
        _ = try importContoso(dir)
        let after = try SQLiteSnapshot.lines(dir.store)
        let again = try importContoso(dir)
        XCTAssertTrue(again.changesNothing, again.lines(.created).map(\.name).description)
        XCTAssertEqual(again.lines(.created) + again.lines(.updated), [])
        let now = try SQLiteSnapshot.lines(dir.store)
        XCTAssertEqual(now, after, SQLiteSnapshot.difference(after, now))
    }

    func testADryRunReportsThePlanAndLeavesTheFileByteForByte() throws {
        let dir = try AkamaiFixtures.fresh()
        try dir.store.checkpoint()
        let before = try AkamaiFixtures.bytes(dir)
        let report = try importContoso(dir, dryRun: true)
        XCTAssertTrue(report.dryRun)
        XCTAssertEqual(report.lines(.created).count, try { () -> Int in
            let copy = try AkamaiFixtures.fresh()
            return try importContoso(copy).lines(.created).count
        }())
        XCTAssertEqual(try AkamaiFixtures.bytes(dir), before)
    }

    func testOnlyAnAdminOfTheAccountMayImportAndARefusalWritesNothing() throws {
        let dir = try AkamaiFixtures.fresh()
        try dir.store.checkpoint()
        let before = try AkamaiFixtures.bytes(dir)
        for dryRun in [false, true] {
            XCTAssertThrowsError(try dir.service.importAkamai(ActorRef(login: "intern"), files: try AkamaiFixtures.files(AkamaiFixtures.contoso), dryRun: dryRun)) {
                XCTAssertEqual($0 as? IDMError, .denied("Only an Admin of Contoso Ltd (Admin on every contract's root group) can import an Akamai IAM directory."))
            }
        }
        XCTAssertEqual(try AkamaiFixtures.bytes(dir), before)
    }

    func testAMalformedFileIsRefusedWholeBeforeAnythingIsRead() throws {
        let dir = try AkamaiFixtures.fresh()
        let folder = dir.folder.appendingPathComponent("payloads")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["groups.json", "roles.json"] {
            try FileManager.default.copyItem(atPath: AkamaiFixtures.contoso + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        try #"[{"uiUserName": "dave", "authGrants": [{"groupId": 101, "roleId": 20, "isBlocked": "no"}]}]"#
            .write(to: folder.appendingPathComponent("users.json"), atomically: true, encoding: .utf8)
        let before = try SQLiteSnapshot.lines(dir.store)
        XCTAssertThrowsError(try AkamaiFiles.read([folder.path])) { error in
            XCTAssertEqual((error as? AkamaiParseError)?.description,
                           "users.json, entry 1 (dave), field authGrants[0].isBlocked: is a string; expected true or false. Nothing was imported.")
        }
        XCTAssertEqual(try SQLiteSnapshot.lines(dir.store), before)
    }

    func testTheSpecsOwnExamplesImport() throws {
        let dir = try AkamaiFixtures.fresh(account: "Spec Co", admin: "jdoe-admin")
        let report = try dir.service.importAkamai(ActorRef(login: "jdoe-admin"), files: try AkamaiFixtures.files(AkamaiFixtures.specExamples))
        XCTAssertEqual(report.exitStatus, 1)
        let account = try AkamaiFixtures.account(dir, of: "jdoe-admin")
        let (tree, jsmith, client) = try dir.store.read { db in
            (try Q.tree(db, account: account), try Q.user(db, login: "jsmith")!, try Q.client(db, account: account, key: "report_data")!)
        }
        // Group 12345 names two groups in the example; the grant's groupName picks the one.
        XCTAssertEqual(jsmith.grants.map { tree.path(of: $0.groupID) }, ["Main Street Corporation > Internet Company"])
        XCTAssertEqual(jsmith.email, "jsmith@example.com")
        XCTAssertEqual(client.ownerID, jsmith.id)
        XCTAssertEqual(client.ipAllowlist, ["2001:db8::1/128", "2001:db8::2/128"])
        XCTAssertTrue(report.lines(.note).contains { $0.detail.hasPrefix("group id 12345 names 2 groups") })
        XCTAssertTrue(report.lines(.notImported).contains { $0.name == "jsmith: Admin for Account Roles" })
        XCTAssertTrue(report.lines(.notImported).contains { $0.name == "report_data" && $0.detail.hasPrefix("another client of the payload has this name") })
        XCTAssertTrue(report.lines(.created).contains { $0.name == "Accounting" && $0.detail == "imported, no permissions" })
    }

    func testAGroupNamedOtherwiseInAnotherPayloadKeepsTheGroupsPayloadsName() throws {
        let dir = try AkamaiFixtures.fresh()
        let users = try AkamaiParser.parse(Data(#"[{"uiUserName": "gus", "email": "gus@contoso.example", "firstName": "Gus", "lastName": "G", "authGrants": [{"groupId": 101, "groupName": "Website", "roleId": 22, "roleName": "Viewer"}]}]"#.utf8), file: "people.json")
        let files = try AkamaiFixtures.files(AkamaiFixtures.contoso + "/groups.json", AkamaiFixtures.contoso + "/roles.json") + [users]
        let report = try dir.service.importAkamai(carol, files: files)
        XCTAssertTrue(report.lines(.note).contains {
            $0.name == "Contoso > Web" && $0.detail == "group 101 is \"Website\" in people.json; the groups payload's name \"Web\" is kept"
        }, "\(report.lines(.note))")
        let account = try AkamaiFixtures.account(dir, of: "intern")
        let tree = try dir.store.read { db in try Q.tree(db, account: account) }
        XCTAssertEqual(try dir.user("gus").grants.map { tree.path(of: $0.groupID) }, ["Contoso > Web"])
        XCTAssertTrue(tree.groups(named: "Website").isEmpty)
    }

    /// Rule 13 holds in an import: an Admin blocked on a subgroup cannot hand out a role there.
    func testGrantsAreAskedOfThePolicyAsTheImportingAdmin() throws {
        let dir = try AkamaiFixtures.fresh()
        let account = try AkamaiFixtures.account(dir, of: "intern")
        let root = try dir.store.read { db in try Q.groups(db, account: account)[0].id }
        let restricted = try dir.service.createGroup(carol, parent: root, name: "Restricted")
        let admin = try dir.store.read { db in try Q.role(db, account: account, key: "Admin").id }
        let ops = try dir.service.createUser(carol, NewUser(login: "ops", firstName: "Ops", lastName: "Admin", email: "ops@contoso.example",
                                                            grants: [Grant(groupID: root, roleID: admin)]))
        try dir.service.blockGroup(carol, user: ops.id, group: restricted.id)
        let payload = #"""
            [{"uiUserName": "mallory", "email": "mallory@contoso.example", "firstName": "M", "lastName": "Allory",
              "authGrants": [{"groupName": "Restricted", "roleName": "Admin"}]},
             {"uiUserName": "intern", "authGrants": [{"groupName": "Restricted", "roleName": "admin"}]}]
            """#
        let file = try AkamaiParser.parse(Data(payload.utf8), file: "users.json")
        let report = try dir.service.importAkamai(ActorRef(login: "ops"), files: [file])
        let refused = report.lines(.notImported)
        XCTAssertTrue(refused.contains { $0.name == "mallory: Contoso Ltd > Restricted" && $0.detail.contains("Contoso Ltd > Restricted") }, "\(refused)")
        XCTAssertTrue(refused.contains { $0.name == "mallory" && $0.detail.hasPrefix("no grant idm can give them") }, "\(refused)")
        XCTAssertTrue(refused.contains { $0.name == "intern: Contoso Ltd > Restricted" }, "\(refused)")
        XCTAssertNil(try dir.store.read { db in try Q.user(db, login: "mallory") })
        // As carol (Admin there), the same payload goes through: mallory is created, intern gains the grant.
        let asCarol = try dir.service.importAkamai(carol, files: [file])
        XCTAssertEqual(asCarol.exitStatus, 0, "\(asCarol.lines(.notImported))")
        XCTAssertTrue(asCarol.lines(.updated).contains { $0.name == "intern" && $0.detail == "exists; given Contoso Ltd > Restricted: Admin" })
        XCTAssertEqual(try dir.store.read { db in try Q.user(db, login: "mallory")!.grants.count }, 1)
    }
}
