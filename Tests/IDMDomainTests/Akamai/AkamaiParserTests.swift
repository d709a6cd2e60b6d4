import Foundation
@testable import IDMDomain
import XCTest

/// `AkamaiParser`: v3 payloads recognised by their shape, read liberally, and a malformed file
/// refused with its file, entry and field.
final class AkamaiParserTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/akamai-iam-v3")

    func parse(_ relative: String) throws -> AkamaiFile {
        let url = Self.fixtures.appendingPathComponent(relative)
        return try AkamaiParser.parse(try Data(contentsOf: url), file: url.lastPathComponent)
    }

    func parse(json: String, file: String = "x.json") throws -> AkamaiFile {
        try AkamaiParser.parse(Data(json.utf8), file: file)
    }

    func testEachOfTheSpecsExamplesIsRecognisedByItsShape() throws {
        guard case .users(let users) = try parse("spec-examples/ui-identities.json").content else { return XCTFail("users") }
        XCTAssertEqual(users.map(\.uiUserName), ["jsmith"])
        XCTAssertEqual(users[0].authGrants?.map(\.roleName), ["admin", "Admin for Account Roles"])
        XCTAssertNil(users[0].authGrants?[1].groupId)
        guard case .groups(let groups) = try parse("spec-examples/groups.json").content else { return XCTFail("groups") }
        XCTAssertEqual(groups[0].subGroups[0].subGroups[0].groupName, "Digital Company")
        guard case .roles(let roles) = try parse("spec-examples/roles.json").content else { return XCTFail("roles") }
        XCTAssertEqual(roles.map(\.type), ["standard", "account"])
        guard case .roles(let detail) = try parse("spec-examples/role-detail.json").content else { return XCTFail("role detail") }
        XCTAssertEqual(detail[0].grantedRoles?.map(\.grantedRoleName), ["SecurityViewOnly"])
        guard case .clients(let list) = try parse("spec-examples/api-clients.json").content else { return XCTFail("clients") }
        XCTAssertEqual(list.map(\.clientName), ["report_data", "offload_est"])
        XCTAssertFalse(list.contains(where: \.isDetail))
        guard case .clients(let one) = try parse("spec-examples/api-client-detail.json").content else { return XCTFail("client") }
        XCTAssertTrue(one[0].isDetail)
        XCTAssertEqual(one[0].apiAccess?.apis?.first?.accessLevel, "READ-WRITE")
        XCTAssertEqual(one[0].groupAccess?.groups?.first?.subGroups?.first?.groupName, "Cloud Access Manager")
        XCTAssertEqual(one[0].ipAcl?.cidr, ["2001:db8::1", "2001:db8::2"])
        XCTAssertEqual(one[0].credentials?.first?.status, "ACTIVE")
    }

    func testTheShapeDecidesNotTheName() throws {
        let file = try parse(json: #"[{"uiUserName": "ann", "email": "ann@example.com"}]"#, file: "groups.json")
        guard case .users(let users) = file.content else { return XCTFail("\(file)") }
        XCTAssertEqual(users[0].uiUserName, "ann")
        guard case .papiGroups(let papi) = try parse("contoso/papi-groups.json").content else { return XCTFail("papi") }
        XCTAssertEqual(papi.groups.items.map(\.v3GroupID), [100, 101, 200])
        XCTAssertEqual(papi.groups.items[0].contracts, ["C-CONTOSO-WEB"])
        XCTAssertEqual(papi.groups.items[1].v3ParentID, 100)
    }

    func testFilesOfOtherShapesAreSkippedWithAReason() throws {
        for (json, reason) in [("[]", "an empty array"), (#"{"items": 3}"#, "an object that is no v3"), (#""text""#, "not an object"),
                               ("[1, 2]", "an array whose first entry")] {
            let file = try parse(json: json)
            XCTAssertNil(file.content, json)
            XCTAssertTrue(file.skipped?.hasPrefix(reason) == true, "\(json): \(file.skipped ?? "-")")
        }
    }

    func testLiberalInputLowerCaseSubgroupsNullsAndIdsAsStrings() throws {
        guard case .groups(let groups) = try parse("contoso/groups.json").content else { return XCTFail("groups") }
        XCTAssertEqual(groups[1].subGroups[0].subGroups.map(\.groupName), ["Live"], "subgroups in lower case")
        XCTAssertEqual(groups[0].subGroups[1].subGroups, [], "subgroups: null")
        guard case .users(let users) = try parse("contoso/users.json").content else { return XCTFail("users") }
        XCTAssertEqual(users[0].authGrants?[1].subGroups?.map(\.roleName), ["Purge Operator"])
        XCTAssertNil(users[1].isLocked, "isLocked: null")
        let strings = try parse(json: #"[{"groupId": "7", "groupName": "G", "subGroups": [{"groupId": 8, "groupName": "H", "parentGroupId": "7"}]}]"#)
        guard case .groups(let parsed) = strings.content else { return XCTFail("\(strings)") }
        XCTAssertEqual(parsed[0].groupId, 7)
        XCTAssertEqual(parsed[0].subGroups[0].parentGroupId, 7)
    }

    func testAMalformedFileNamesTheFileTheEntryAndTheField() throws {
        let json = """
            [{"uiUserName": "ann", "email": "a@example.com"},
             {"uiUserName": "dave", "authGrants": [{"groupId": 1, "roleId": "abc", "roleName": "R"}]}]
            """
        XCTAssertThrowsError(try parse(json: json, file: "users.json")) { error in
            let e = error as? AkamaiParseError
            XCTAssertEqual(e?.file, "users.json")
            XCTAssertEqual(e?.entry, "entry 2 (dave)")
            XCTAssertEqual(e?.field, "authGrants[0].roleId")
            XCTAssertEqual(e?.description, "users.json, entry 2 (dave), field authGrants[0].roleId: is a string; expected an integer. Nothing was imported.")
        }
        XCTAssertThrowsError(try parse(json: #"[{"uiUserName": "ann"}, {"uiIdentityId": "X-2", "email": "b@example.com"}]"#, file: "u.json")) { error in
            XCTAssertEqual((error as? AkamaiParseError)?.description, "u.json, entry 2, field uiUserName: is missing. Nothing was imported.")
        }
        XCTAssertThrowsError(try parse(json: #"{"clientId": "c1", "clientName": 5}"#, file: "client.json")) { error in
            XCTAssertEqual((error as? AkamaiParseError)?.description, "client.json, the object, field clientName: is a number; expected a string. Nothing was imported.")
        }
        XCTAssertThrowsError(try parse(json: #"[{"groupId": 1, "groupName": "G", "subGroups": [{"groupId": 2, "groupName": null}]}]"#, file: "g.json")) { error in
            XCTAssertEqual((error as? AkamaiParseError)?.field, "subGroups[0].groupName")
        }
        XCTAssertThrowsError(try parse(json: #"[{"uiUserName": "ann", "#, file: "cut.json")) { error in
            XCTAssertEqual((error as? AkamaiParseError)?.description, "cut.json: is not complete, valid JSON (truncated or malformed). Nothing was imported.")
        }
    }

    func testGrantedRolesMapToPermissionsByNameLabelOrRole() {
        let products = Dictionary(uniqueKeysWithValues: [Product(id: "reporting", name: "Reporting")].map { ($0.id, $0) })
        let roles = ["viewer": Set([Permission.product("reporting", .readOnly)])]
        func map(_ name: String) -> Set<Permission>? { AkamaiMapping.permissions(forGrantedRole: name, products: products, rolesByName: roles) }
        XCTAssertEqual(map("idm.apiClients.admin"), [.apiClientsAdmin])
        XCTAssertEqual(map("product.reporting.write"), [.product("reporting", .readWrite)])
        XCTAssertEqual(map("IDM Non-Admin: Manage API Clients"), [.apiClientsUser])
        XCTAssertEqual(map("Reporting read-only"), [.product("reporting", .readOnly)])
        XCTAssertEqual(map("admin"), [.admin])
        XCTAssertEqual(map("Viewer"), roles["viewer"])
        XCTAssertNil(map("SecurityViewOnly"))
        XCTAssertNil(map("product.unknown.read"))
    }

    func testAPIsAndLevelsMapLiberally() {
        let services = [APIService(id: "papi", name: "Property Manager API", scope: .singleContract, requiredProduct: "pm"),
                        APIService(id: "ccu", name: "Fast Purge API", scope: .accountWide, requiredProduct: "fp")]
        XCTAssertEqual(AkamaiMapping.service(for: AkamaiAPI(apiName: "whatever", endPoint: "/papi/v1"), in: services)?.id, "papi")
        XCTAssertEqual(AkamaiMapping.service(for: AkamaiAPI(apiName: "Fast Purge API"), in: services)?.id, "ccu")
        XCTAssertEqual(AkamaiMapping.service(for: AkamaiAPI(apiName: "CCU APIs"), in: services)?.id, "ccu")
        XCTAssertNil(AkamaiMapping.service(for: AkamaiAPI(apiName: "Reporting API", endPoint: "/reporting-api"), in: services))
        XCTAssertEqual(AkamaiMapping.level("read_only"), .readOnly)
        XCTAssertEqual(AkamaiMapping.level("Read Write"), .readWrite)
        XCTAssertNil(AkamaiMapping.level("ADMIN"))
        XCTAssertEqual(AkamaiMapping.ownContractID(forGroup: 12345, name: "x", taken: ["G-12345"]), "G-12345-2")
    }
}
