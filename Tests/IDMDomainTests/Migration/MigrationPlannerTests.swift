import Foundation
import XCTest
@testable import IDMDomain

/// Planning the migration of legacy API clients from Manage APIs [FAQ], on the demo cast's
/// Acme Media: which entries become clients, which users get records, which are not migrated
/// and why, and that a second run changes nothing.
final class MigrationPlannerTests: XCTestCase {
    typealias C = DemoCast
    let expiry = Date(timeIntervalSince1970: 1_827_532_800) // 2027-11-30

    var sampleURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/legacy-manage-apis.json")
    }

    func directory(legacy: [LegacyKey: LegacyState] = [:], extraNames: [String] = []) -> MigrationDirectory {
        let users = C.users.filter { $0.accountID == C.acme.id }
        return MigrationDirectory(
            account: C.acme, users: users, access: Dictionary(uniqueKeysWithValues: users.map { ($0.id, C.access($0)) }),
            tree: C.acmeTree, services: C.serviceList, products: C.products,
            clientNames: C.clients.map(\.name) + extraNames, legacy: legacy)
    }

    /// One legacy client with one token, as JSON, inside a minimal export.
    func export(clients: [String], users: String = "[]") -> String {
        """
        { "system": "Manage APIs", "exportedAt": "2017-04-21T18:00:00Z", "users": \(users), "clients": [\(clients.joined(separator: ","))] }
        """
    }

    func client(_ id: String, name: String = "legacy", type: String = "API", owner: String = "mike", creator: String = "mike",
                tokens: [String]? = nil) -> String {
        let tokens = tokens ?? [token()]
        return """
            { "clientId": "\(id)", "name": "\(name)", "clientType": "\(type)", "owner": "\(owner)", "creator": "\(creator)",
              "accessTokens": [\(tokens.joined(separator: ","))] }
            """
    }

    func token(apis: String = #"[{"service": "ccu", "level": "READ-WRITE"}]"#, groups: String = #"["Acme Streaming"]"#) -> String {
        #"{ "token": "akab-0123456789abcdef", "createdAt": "2016-01-01T00:00:00Z", "apis": \#(apis), "groups": \#(groups) }"#
    }

    func plan(_ json: String, _ dir: MigrationDirectory? = nil) throws -> MigrationPlan {
        try MigrationPlanner.plan(try LegacyExport.parse(json), into: dir ?? directory(), expiresAt: expiry)
    }

    func reasons(_ plan: MigrationPlan, _ id: String) -> [String] {
        plan.notMigrated.first { $0.legacyID == id }?.reasons ?? ["<migrated or missing>"]
    }

    // MARK: - Eligible

    func testEligibleClientKeepsOwnerCreatorGroupsAndAPIs() throws {
        let p = try plan(export(clients: [client("LC-1", name: "cache-purger", owner: "pat", creator: "ivan", tokens: [
            token(apis: #"[{"service": "ccu", "level": "READ-WRITE"}, {"service": "reporting", "level": "READ-ONLY"}]"#,
                  groups: #"["Acme Streaming", "Acme Streaming > Live", 22]"#)])]))
        XCTAssertEqual(p.notMigrated, [])
        let new = try XCTUnwrap(p.clients.first)
        XCTAssertEqual(new.key, .client("LC-1"))
        XCTAssertEqual(new.name, "cache-purger")
        XCTAssertEqual(new.owner, C.pat)
        XCTAssertEqual(new.creator, C.ivan)
        XCTAssertEqual(new.groupIDs, [C.acmeStreaming.id, C.live.id, C.vod.id])
        XCTAssertEqual(new.apis, [APIGrant(serviceID: "ccu", level: .readWrite), APIGrant(serviceID: "reporting", level: .readOnly)])
        XCTAssertEqual(new.tokenHint, "akab-0123...cdef", "the token is never kept whole")
        XCTAssertFalse(p.changesNothing)
    }

    // MARK: - Not migrated, each for its own reason

    func testSeveralAccessTokensIsTheCommonReason() throws {
        let p = try plan(export(clients: [client("LC-2", tokens: [token(), token(), token()])]))
        XCTAssertEqual(p.clients, [])
        XCTAssertEqual(reasons(p, "LC-2"), ["several access tokens (3); a migrated client has exactly one"])
        XCTAssertEqual(p.notMigrated[0].expiresAt, expiry)
        XCTAssertTrue(p.notMigrated[0].isNew)
    }

    func testNoAccessToken() throws {
        let p = try plan(export(clients: [client("LC-3", tokens: [])]))
        XCTAssertEqual(reasons(p, "LC-3"), ["no access token"])
    }

    func testUnknownOwnerAndCreator() throws {
        let p = try plan(export(clients: [client("LC-4", owner: "olga", creator: "zed")]))
        XCTAssertEqual(reasons(p, "LC-4"), ["unknown owner olga: no user olga in Acme Media",
                                            "unknown creator zed: no user zed in Acme Media"])
    }

    func testUsersOfAnotherAccountAreUnknownHere() throws {
        let p = try plan(export(clients: [client("LC-5", owner: "gina")]))
        XCTAssertEqual(reasons(p, "LC-5"), ["unknown owner gina: no user gina in Acme Media"])
    }

    func testOwnerLackingAccessToAGroup() throws {
        let p = try plan(export(clients: [client("LC-6", owner: "nora", tokens: [
            token(apis: #"[{"service": "reporting", "level": "READ-ONLY"}]"#, groups: #"["Acme Streaming > Live"]"#)])]))
        XCTAssertEqual(reasons(p, "LC-6"), ["owner nora lacks access to group Acme Streaming > Live"])
    }

    func testOwnerLackingTheProductOrTheLevel() throws {
        let dns = try plan(export(clients: [client("LC-7", owner: "vera", tokens: [
            token(apis: #"[{"service": "config-dns", "level": "READ-WRITE"}]"#, groups: #"["Acme Web"]"#)])]))
        XCTAssertEqual(reasons(dns, "LC-7"), ["API config-dns (Edge DNS API): The owner (vera) needs at least read access to Edge DNS."])
        let level = try plan(export(clients: [client("LC-8", owner: "nora", tokens: [
            token(apis: #"[{"service": "papi", "level": "READ-WRITE"}]"#, groups: #"["Acme Web"]"#)])]))
        XCTAssertEqual(reasons(level, "LC-8"),
                       ["API papi (Property Manager API): The owner's access to Property Manager API is READ-ONLY; READ-WRITE would exceed it."])
    }

    func testUnknownAPIAndUnknownGroup() throws {
        let p = try plan(export(clients: [client("LC-9", tokens: [
            token(apis: #"[{"service": "media-analytics", "level": "READ-ONLY"}]"#, groups: #"["Acme Streaming > Archive", 999]"#)])]))
        XCTAssertEqual(reasons(p, "LC-9"), ["unknown group Acme Streaming > Archive in Acme Media", "unknown group #999 in Acme Media",
                                            "unknown API media-analytics: not in this directory's catalogue"])
    }

    func testSingleContractAPIOnGroupsOfTwoContracts() throws {
        let p = try plan(export(clients: [client("LC-10", tokens: [
            token(apis: #"[{"service": "papi", "level": "READ-ONLY"}]"#, groups: #"["Acme Web", "Acme Streaming"]"#)])]))
        XCTAssertEqual(reasons(p, "LC-10"),
                       ["API papi (Property Manager API) can be tied to one contract only; the groups span C-ACME-STREAM, C-ACME-WEB"])
    }

    func testNameTakenByAnExistingClientOrAnEarlierEntry() throws {
        let p = try plan(export(clients: [client("LC-11", name: "purge-pipeline"), client("LC-12", name: "twin"), client("LC-13", name: "TWIN")]))
        XCTAssertEqual(reasons(p, "LC-11"), ["name purge-pipeline is taken by an API client of Acme Media"])
        XCTAssertEqual(p.clients.map(\.key.id), ["LC-12"])
        XCTAssertEqual(reasons(p, "LC-13"), ["name TWIN is also the name of twin, migrated first"])
    }

    func testLockedOwnerAndOwnerWithoutGroups() throws {
        var dir = directory()
        var locked = C.pat
        locked.locked = true
        dir = MigrationDirectory(account: dir.account, users: dir.users.map { $0.id == locked.id ? locked : $0 }, access: dir.access,
                                 tree: dir.tree, services: dir.services, products: dir.products, clientNames: Array(dir.clientNames),
                                 legacy: [:])
        let p = try plan(export(clients: [client("LC-14", owner: "pat")]), dir)
        XCTAssertEqual(reasons(p, "LC-14"), ["owner pat is locked"])
    }

    // MARK: - Users

    func testEachLegacyUserGetsAReadOnlyRecordAndUserEntriesFoldIntoIt() throws {
        let users = #"""
            [{"username": "mike", "firstName": "Mike", "lastName": "Moreau", "email": "mike@acme.example"},
             {"username": "olga", "firstName": "Olga", "lastName": "Orlova", "email": "olga@acme.example"}]
            """#
        let p = try plan(export(clients: [client("LC-20", name: "mike", type: "User", tokens: []),
                                          client("LC-21", name: "Pat", type: "User", owner: "pat", creator: "pat", tokens: [])],
                                users: users))
        XCTAssertEqual(p.clients, [], "User entries are not API clients")
        XCTAssertEqual(p.records.map(\.name), ["mike (User)", "pat (User)"])
        XCTAssertEqual(p.records.map(\.legacyClientID), ["LC-20", "LC-21"])
        XCTAssertEqual(p.records[0].user, C.mike)
        XCTAssertEqual(p.records[0].description, "Read-only record of Luna user Mike Moreau <mike@acme.example>, migrated from Manage APIs.")
        XCTAssertEqual(reasons(p, "olga"), ["unknown user olga: no user olga in Acme Media"])
        XCTAssertNil(p.notMigrated[0].expiresAt, "a legacy user has no client to expire")
        XCTAssertEqual(p.notMigrated[0].legacyType, .user)
    }

    // MARK: - Idempotence

    func testEntriesOfAnEarlierRunChangeNothing() throws {
        let json = export(clients: [client("LC-30", name: "fine"), client("LC-31", tokens: [])],
                          users: #"[{"username": "mike", "firstName": "", "lastName": "", "email": ""}]"#)
        let first = try plan(json)
        XCTAssertEqual(first.clients.count, 1)
        XCTAssertEqual(first.records.count, 1)
        let earlier = Date(timeIntervalSince1970: 1_800_000_000)
        let dir = directory(legacy: [.client("LC-30"): .migrated(clientName: "fine"), .user("MIKE"): .migrated(clientName: "mike (User)"),
                                     .client("LC-31"): .declared(expiresAt: earlier)],
                            extraNames: ["fine", "mike (User)"])
        let second = try plan(json, dir)
        XCTAssertEqual(second.clients, [])
        XCTAssertEqual(second.records, [])
        XCTAssertEqual(second.alreadyMigrated.map(\.legacyID), ["LC-30", "mike"])
        XCTAssertEqual(second.notMigrated.map(\.isNew), [false])
        XCTAssertEqual(second.notMigrated[0].expiresAt, earlier, "an expiry once given does not move")
        XCTAssertTrue(second.changesNothing)
    }

    func testADeclaredEntryMigratesOnceItConforms() throws {
        let dir = directory(legacy: [.client("LC-32"): .declared(expiresAt: expiry)])
        let p = try plan(export(clients: [client("LC-32")]), dir)
        XCTAssertEqual(p.clients.map(\.key.id), ["LC-32"])
    }

    func testExportOfAnotherAccountIsRefused() throws {
        let json = #"{"system": "Manage APIs", "exportedAt": "2017-04-21T18:00:00Z", "account": "Globex Retail", "users": [], "clients": []}"#
        XCTAssertThrowsError(try plan(json)) { error in
            XCTAssertEqual((error as? LegacyExportError)?.problems,
                           ["field account: the export is of \"Globex Retail\", not of Acme Media, the account you are acting in."])
        }
    }

    // MARK: - The sample

    func testTheSampleParsesAndPlansAsTheREADMESays() throws {
        let export = try LegacyExport.parse(try Data(contentsOf: sampleURL))
        let p = try MigrationPlanner.plan(export, into: directory(), expiresAt: expiry)
        XCTAssertEqual(p.clients.map(\.name), ["cache-purger", "web-config-deployer"])
        XCTAssertEqual(p.records.map(\.name), ["alice (User)", "ivan (User)", "nora (User)", "mike (User)", "pat (User)", "vera (User)"])
        XCTAssertEqual(p.notMigrated.map(\.legacyID), ["LC-1003", "LC-1004", "LC-1005", "LC-1006", "LC-1007", "LC-1008", "LC-1009", "olga"])
        let report = p.report(runID: nil, time: expiry, actor: "alice", account: "Acme Media", source: "x", exportedAt: export.exportedAt,
                              expiresAt: expiry, dryRun: true)
        XCTAssertEqual(report.summary, "2 migrated, 6 user records, 8 not migrated, 0 already migrated")
        XCTAssertEqual(report.nonConformingClients.count, 7)
    }

    // MARK: - Malformed and partial files: refused whole, each fault placed

    func problems(_ json: String) -> [String] {
        do {
            _ = try LegacyExport.parse(json)
            return ["<parsed>"]
        } catch let error as LegacyExportError {
            return error.problems
        } catch {
            return ["<\(error)>"]
        }
    }

    func testTruncatedFileIsNotValidJSON() throws {
        let sample = try String(contentsOf: sampleURL, encoding: .utf8)
        XCTAssertEqual(problems(String(sample.prefix(sample.count / 2))),
                       ["The file is not complete, valid JSON (truncated or malformed): nothing could be read."])
        XCTAssertEqual(problems("[]"), ["The file must hold one JSON object with \"system\", \"exportedAt\", \"users\" and \"clients\"."])
    }

    func testTopLevelFields() {
        XCTAssertEqual(problems(#"{"system": "Luna", "exportedAt": "yesterday", "users": {}}"#), [
            "field system: \"Luna\" is not an export of Manage APIs.",
            "field exportedAt: \"yesterday\" is not a timestamp like 2017-04-21T18:00:00Z.",
            "field users: must be an array, not an object.",
            "field clients: is missing.",
        ])
    }

    func testEntryFaultsNameTheEntryTheClientIdAndTheField() {
        let json = export(clients: [
            client("LC-1"),
            #"{"clientId": "LC-2", "name": "x", "clientType": "Robot", "owner": "mike", "creator": 7, "accessTokens": []}"#,
            #"{"name": "", "clientType": "API", "owner": "mike", "creator": "mike", "accessTokens": [3]}"#,
            client("LC-4", tokens: [#"{"token": "t", "createdAt": "2016-01-01T00:00:00Z", "apis": [{"service": "papi", "level": "ADMIN"}], "groups": [true, ""]}"#]),
            client("LC-1"),
            "42",
        ], users: #"[{"username": "mike", "firstName": "M", "lastName": "M"}, {"username": "MIKE", "firstName": "", "lastName": "", "email": ""}]"#)
        XCTAssertEqual(problems(json), [
            "user 1 (username mike): field email: is missing.",
            "user 2 (username MIKE): field username: \"MIKE\" is already user 1.",
            "entry 2 (clientId LC-2): field clientType: \"Robot\" is neither API nor User.",
            "entry 2 (clientId LC-2): field creator: must be a string, not a number.",
            "entry 3: field clientId: is missing.",
            "entry 3: field name: is empty.",
            "entry 3: field accessTokens[0]: must be an object, not a number.",
            "entry 4 (clientId LC-4): field accessTokens[0].apis[0].level: \"ADMIN\" is neither READ-ONLY nor READ-WRITE.",
            "entry 4 (clientId LC-4): field accessTokens[0].groups[0]: must be a group's path, name or id, not a boolean.",
            "entry 4 (clientId LC-4): field accessTokens[0].groups[1]: must be a group's path, name or id, not an empty string.",
            "entry 5 (clientId LC-1): field clientId: \"LC-1\" is already entry 1.",
            "entry 6: must be an object, not a number.",
        ])
    }

    func testMissingTokenFieldsAndBadTimestamps() {
        let json = export(clients: [client("LC-1", tokens: [#"{"createdAt": "2016-13-45", "groups": []}"#])])
        XCTAssertEqual(problems(json), [
            "entry 1 (clientId LC-1): field accessTokens[0].token: is missing.",
            "entry 1 (clientId LC-1): field accessTokens[0].createdAt: \"2016-13-45\" is not a timestamp like 2017-04-21T18:00:00Z.",
            "entry 1 (clientId LC-1): field accessTokens[0].apis: is missing.",
        ])
    }

    func testTheErrorSaysNothingWasImported() {
        let error = LegacyExportError(["entry 1 (clientId X): field name: is empty."])
        XCTAssertEqual(error.description, "The export is malformed; nothing was imported.\n  entry 1 (clientId X): field name: is empty.")
    }

    // MARK: - Who may run it

    func testOnlyAnAdminOfTheAccountMigrates() {
        XCTAssertEqual(Policy.migrateLegacy(C.context(C.alice)), .allowed)
        XCTAssertEqual(Policy.migrateLegacy(C.context(C.ivan)).reasonText,
                       "Only an Admin of Acme Media can migrate legacy API clients from Manage APIs.")
        XCTAssertEqual(Policy.migrateLegacy(C.rheaBrowsingAcme).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot migrate legacy API clients under the accounts they manage.")
    }
}
