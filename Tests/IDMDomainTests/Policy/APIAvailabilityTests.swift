import XCTest
@testable import IDMDomain

/// Step 2 of the wizard: which APIs the owner can grant on the groups of step 1, at which level
/// at most (rules 6, 7 and 8; levels never above the owner's).
final class APIAvailabilityTests: XCTestCase {
    typealias C = DemoCast

    private func availability(_ service: APIService, _ owner: User, _ groups: Set<GroupID>) -> APIAvailability {
        Policy.apiAvailability(of: service, owner: owner, ownerAccess: C.access(owner), selectedGroups: groups,
                               tree: C.acmeTree, products: C.products)
    }

    // MARK: - Rule 6: single-contract APIs

    func testRule6PAPIForMikeOnWebPropertiesAndLiveShowsTheFAQTooltip() {
        let a = availability(C.papi, C.mike, [C.webProperties.id, C.live.id])
        XCTAssertFalse(a.isAvailable)
        XCTAssertNil(a.maxLevel)
        XCTAssertEqual(a.decision, .denied("Not Available due to multiple groups selected in Step 1"))
        XCTAssertEqual(Policy.multipleContractsReason, "Not Available due to multiple groups selected in Step 1")
        XCTAssertEqual(a.help, "Property Manager API can be tied to one contract only. Keep groups of one contract in Step 1, or create one client per contract.")
    }

    func testRule6EverySingleContractAPIIsUnavailableAcrossContracts() {
        for service in C.singleContractServices {
            let a = availability(service, C.mike, [C.staging.id, C.vod.id])
            XCTAssertEqual(a.decision.reasonText, Policy.multipleContractsReason, service.id)
        }
    }

    func testRule6AccountWideAPIsStayAvailableAcrossContracts() {
        let ccu = availability(C.ccu, C.mike, [C.webProperties.id, C.live.id])
        XCTAssertTrue(ccu.isAvailable)
        XCTAssertEqual(ccu.maxLevel, .readWrite)
        XCTAssertNil(ccu.help)
        let reporting = availability(C.reportingAPI, C.mike, [C.webProperties.id, C.live.id])
        XCTAssertEqual(reporting.maxLevel, .readOnly, "mike only reads reports")
    }

    func testRule6OneContractSelectedMakesPAPIAvailable() {
        // Several groups, one contract: fine.
        let a = availability(C.papi, C.mike, [C.webProperties.id, C.staging.id, C.webAPIs.id])
        XCTAssertTrue(a.isAvailable)
        XCTAssertEqual(a.maxLevel, .readWrite)
        XCTAssertEqual(availability(C.papi, C.mike, [C.live.id, C.vod.id]).maxLevel, .readWrite)
    }

    // MARK: - Rule 7: the owner needs at least read access to Property Manager

    func testRule7PatWithoutPropertyManagerCannotGetPAPI() {
        let a = availability(C.papi, C.pat, [C.webProperties.id])
        XCTAssertFalse(a.isAvailable)
        XCTAssertNil(a.maxLevel)
        XCTAssertEqual(a.decision.reasonText, "The owner (pat) needs at least read access to Property Manager.")
        XCTAssertTrue(a.decision.reasonText.contains("needs at least read access to Property Manager"))
        XCTAssertEqual(a.help, "An API client's access derives from its owner's; ask an Admin to grant pat a role with Property Manager access.")
    }

    func testRule7AppliesToEveryAPIAndItsProduct() {
        XCTAssertEqual(availability(C.ccu, C.vera, [C.acmeWeb.id]).decision.reasonText,
                       "The owner (vera) needs at least read access to Fast Purge.")
        XCTAssertEqual(availability(C.dnsAPI, C.mike, [C.acmeWeb.id]).decision.reasonText,
                       "The owner (mike) needs at least read access to Edge DNS.")
        XCTAssertTrue(availability(C.ccu, C.pat, [C.live.id]).isAvailable, "pat's own product is fine")
    }

    func testRule7ReadOnlyIsEnoughAndCapsTheLevel() {
        let a = availability(C.papi, C.nora, [C.staging.id])
        XCTAssertTrue(a.isAvailable)
        XCTAssertEqual(a.maxLevel, .readOnly)
    }

    func testRule7ReasonWinsOverRule6ForAnOwnerWithoutProductAccess() {
        // Selecting one contract would not help pat; the reason says what would.
        let a = availability(C.papi, C.pat, [C.webProperties.id, C.live.id])
        XCTAssertEqual(a.decision.reasonText, "The owner (pat) needs at least read access to Property Manager.")
    }

    // MARK: - Groups the owner cannot reach with the product

    func testOwnerWithoutAccessOnASelectedGroup() {
        let a = availability(C.reportingAPI, C.nora, [C.staging.id, C.live.id])
        XCTAssertFalse(a.isAvailable)
        XCTAssertEqual(a.decision.reasonText, "The owner (nora) has no access to Reporting on Live.")
        XCTAssertEqual(a.help, "Deselect that group in Step 1 to grant Reporting API.")
        let two = availability(C.reportingAPI, C.nora, [C.live.id, C.vod.id])
        XCTAssertEqual(two.decision.reasonText, "The owner (nora) has no access to Reporting on Live, VOD.")
        XCTAssertEqual(two.help, "Deselect those groups in Step 1 to grant Reporting API.")
    }

    func testNoraCannotGetPAPIAcrossContractsEither() {
        XCTAssertEqual(availability(C.papi, C.nora, [C.staging.id, C.live.id]).decision.reasonText, Policy.multipleContractsReason)
    }

    func testEmptySelectionOffersNothing() {
        for service in C.serviceList {
            let a = availability(service, C.alice, [])
            XCTAssertEqual(a.decision.reasonText, "Select at least one group in Step 1.", service.id)
            XCTAssertNil(a.maxLevel)
        }
    }

    // MARK: - Levels never above the owner's

    func testMaxLevelIsTheOwnersLowestAcrossSelectedGroups() {
        var owner = C.mike
        owner.grants = [Grant(groupID: C.acmeWeb.id, roleID: C.propertyDeveloper.id),
                        Grant(groupID: C.webAPIs.id, roleID: C.propertyViewer.id)]
        XCTAssertEqual(availability(C.papi, owner, [C.webProperties.id]).maxLevel, .readWrite)
        XCTAssertEqual(availability(C.papi, owner, [C.webAPIs.id]).maxLevel, .readOnly)
        XCTAssertEqual(availability(C.papi, owner, [C.webProperties.id, C.webAPIs.id]).maxLevel, .readOnly)
    }

    func testGrantAPIRefusesReadWriteAboveOwnersReadOnly() {
        let a = availability(C.papi, C.nora, [C.staging.id])
        XCTAssertEqual(Policy.grantAPI(a, level: .readOnly), .allowed)
        XCTAssertEqual(Policy.grantAPI(a, level: .readWrite).reasonText,
                       "The owner's access to Property Manager API is READ-ONLY; READ-WRITE would exceed it.")
    }

    func testGrantAPIAllowsBothLevelsUpToReadWrite() {
        let a = availability(C.papi, C.mike, [C.staging.id])
        XCTAssertEqual(Policy.grantAPI(a, level: .readOnly), .allowed)
        XCTAssertEqual(Policy.grantAPI(a, level: .readWrite), .allowed)
    }

    func testGrantAPIOnAnUnavailableAPIGivesItsReason() {
        let multi = availability(C.papi, C.mike, [C.webProperties.id, C.live.id])
        XCTAssertEqual(Policy.grantAPI(multi, level: .readOnly).reasonText, Policy.multipleContractsReason)
        let noPM = availability(C.papi, C.pat, [C.live.id])
        XCTAssertEqual(Policy.grantAPI(noPM, level: .readOnly).reasonText, "The owner (pat) needs at least read access to Property Manager.")
    }

    // MARK: - Rule 8: PAPI on several contracts means one client per contract

    func testRule8EachContractOnItsOwnGetsPAPI() {
        let mike = C.access(C.mike)
        XCTAssertEqual(mike.contractIDs.count, 2)
        for contract in mike.contractIDs.sorted() {
            let groups = Set(mike.byGroup.values.filter { $0.contractID == contract }.map(\.groupID))
            let a = availability(C.papi, C.mike, groups)
            XCTAssertTrue(a.isAvailable, contract)
            XCTAssertEqual(a.maxLevel, .readWrite, contract)
        }
        XCTAssertEqual(availability(C.papi, C.mike, mike.groupIDs).decision.reasonText, Policy.multipleContractsReason,
                       "all of mike's groups at once span both contracts")
    }

    // MARK: - The whole list for step 2

    func testStep2ListForMikeOnTheWebContract() {
        let list = Policy.apiAvailability(services: C.serviceList, owner: C.mike, ownerAccess: C.access(C.mike),
                                          selectedGroups: C.webGroupIDs, tree: C.acmeTree, products: C.products)
        XCTAssertEqual(list.map(\.service.id), C.serviceList.map(\.id), "every service, in catalogue order")
        let byID = Dictionary(uniqueKeysWithValues: list.map { ($0.service.id, $0) })
        XCTAssertEqual(byID["papi"]?.maxLevel, .readWrite)
        XCTAssertEqual(byID["hapi"]?.maxLevel, .readWrite)
        XCTAssertEqual(byID["cprg"]?.maxLevel, .readWrite)
        XCTAssertEqual(byID["ccu"]?.maxLevel, .readWrite)
        XCTAssertEqual(byID["reporting"]?.maxLevel, .readOnly)
        XCTAssertEqual(byID["edge-diagnostics"]?.maxLevel, .readWrite)
        XCTAssertEqual(byID["identity-management"]?.decision.reasonText,
                       "The owner (mike) needs at least read access to Identity & Access Management.")
        XCTAssertEqual(byID["config-dns"]?.isAvailable, false)
    }

    func testStep2ListForAliceAcrossBothContracts() {
        let list = Policy.apiAvailability(services: C.serviceList, owner: C.alice, ownerAccess: C.access(C.alice),
                                          selectedGroups: C.allAcmeGroupIDs, tree: C.acmeTree, products: C.products)
        for a in list {
            if a.service.scope == .singleContract {
                XCTAssertEqual(a.decision.reasonText, Policy.multipleContractsReason, a.service.id)
            } else {
                XCTAssertEqual(a.maxLevel, .readWrite, a.service.id)
            }
        }
    }

    func testUnknownProductFallsBackToItsIdentifier() {
        let odd = APIService(id: "odd", name: "Odd API", scope: .accountWide, requiredProduct: "mystery")
        XCTAssertEqual(availability(odd, C.nora, [C.staging.id]).decision.reasonText,
                       "The owner (nora) needs at least read access to mystery.")
    }
}
