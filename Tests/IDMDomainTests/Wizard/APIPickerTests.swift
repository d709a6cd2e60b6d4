import XCTest
@testable import IDMDomain

/// Step 2 of the wizard, driven through NewClientWizard as the console drives it: availability
/// follows step 1 (rules 6 and 7), picks and levels never exceed the owner's, the filter and
/// the unavailable toggle, and choices that survive going back to step 1.
final class APIPickerTests: XCTestCase {
    typealias C = DemoCast

    /// The exact tooltip of the FAQ, spelled out rather than taken from the code under test.
    let faqTooltip = "Not Available due to multiple groups selected in Step 1"

    // MARK: - Availability follows step 1

    func testMikesTwoContractsMakeEverySingleContractAPIUnavailableWithTheFAQTooltip() {
        let w = C.wizard(C.mike)
        XCTAssertEqual(w.groups.summary, "7 groups in 2 contracts")
        for id in ["papi", "hapi", "cprg"] {
            let a = w.availability(id)
            XCTAssertFalse(a.isAvailable, id)
            XCTAssertNil(a.maxLevel, id)
            XCTAssertEqual(a.decision, .denied(faqTooltip), id)
        }
        XCTAssertEqual(w.availability("ccu").maxLevel, .readWrite, "account-wide APIs stay available")
        XCTAssertEqual(w.availability("reporting").maxLevel, .readOnly)
    }

    func testKeepingOneContractMakesPAPIAvailable() {
        var w = C.wizard(C.mike)
        w.space(.contract("C-ACME-STREAM"))
        XCTAssertEqual(w.groups.summary, "4 groups in 1 contract")
        XCTAssertTrue(w.availability("papi").isAvailable)
        XCTAssertEqual(w.availability("papi").maxLevel, .readWrite)
        XCTAssertEqual(w.availability("papi").decision, .allowed)

        var stream = C.wizard(C.mike)
        stream.space(.contract("C-ACME-WEB"))
        XCTAssertEqual(stream.availability("papi").maxLevel, .readWrite, "either contract on its own will do")
    }

    func testAvailabilityIsReevaluatedOnEveryStepOneChange() {
        var w = C.wizard(C.mike)
        w.space(.contract("C-ACME-STREAM"))
        XCTAssertTrue(w.availability("papi").isAvailable)
        let live = w.groups.rows.first { if case .group(C.live.id, _) = $0 { return true } else { return false } }!
        w.space(live)
        XCTAssertEqual(w.groups.summary, "5 groups in 2 contracts")
        XCTAssertEqual(w.availability("papi").decision, .denied(faqTooltip), "one group of the other contract is enough to lose it")
        w.space(live)
        XCTAssertTrue(w.availability("papi").isAvailable)
    }

    func testPatWithoutPropertyManagerSeesWhyRatherThanTheContractTooltip() {
        let w = C.wizard(C.pat)
        XCTAssertEqual(w.availability("papi").decision,
                       .denied("The owner (pat) needs at least read access to Property Manager."))
    }

    func testEveryAPIIsListedWithItsReasonWhenUnavailable() {
        let w = C.wizard(C.mike)
        XCTAssertEqual(w.apis.rows.map(\.service.id),
                       ["papi", "hapi", "cprg", "ccu", "reporting", "identity-management", "config-dns", "edge-diagnostics"])
        XCTAssertEqual(w.apis.rows.filter { !$0.availability.isAvailable }.map(\.service.id),
                       ["papi", "hapi", "cprg", "identity-management", "config-dns"])
        XCTAssertEqual(w.availability("identity-management").decision.reasonText,
                       "The owner (mike) needs at least read access to Identity & Access Management.")
        XCTAssertTrue(w.apis.rows.allSatisfy { $0.chosen == nil })
    }

    // MARK: - Space

    func testSpaceRefusesAnUnavailableAPIWithItsReason() {
        var w = C.wizard(C.mike)
        XCTAssertEqual(w.apis.toggle("papi"), .denied(faqTooltip))
        XCTAssertEqual(w.apis.toggle("config-dns"), .denied("The owner (mike) needs at least read access to Edge DNS."))
        XCTAssertTrue(w.apis.chosen.isEmpty)
        XCTAssertTrue(w.apis.grantable.isEmpty)
        XCTAssertTrue(w.apis.blocked.isEmpty, "a refused pick is not remembered")
    }

    func testSpaceOnAnUnknownAPIIsRefused() {
        var w = C.wizard(C.mike)
        XCTAssertEqual(w.apis.toggle("nope"), .denied("Unknown API nope."))
        XCTAssertTrue(w.apis.chosen.isEmpty)
    }

    func testSpacePicksAtTheHighestAllowedLevelAndSpaceAgainDrops() {
        var w = C.wizard(C.mike)
        XCTAssertEqual(w.apis.toggle("ccu"), .allowed)
        XCTAssertEqual(w.apis.toggle("reporting"), .allowed)
        XCTAssertEqual(w.apis.chosen, ["ccu": .readWrite, "reporting": .readOnly])
        XCTAssertEqual(w.apis.rows.first { $0.service.id == "ccu" }?.chosen, .readWrite)
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "ccu", level: .readWrite),
                                          APIGrant(serviceID: "reporting", level: .readOnly)])
        XCTAssertEqual(w.apis.toggle("ccu"), .allowed)
        XCTAssertEqual(w.apis.chosen, ["reporting": .readOnly])
        XCTAssertNil(w.apis.rows.first { $0.service.id == "ccu" }?.chosen)
    }

    // MARK: - Levels

    func testLevelCyclesBetweenReadOnlyAndReadWriteWhenTheOwnerHasReadWrite() {
        var w = C.wizard(C.mike)
        _ = w.apis.toggle("ccu")
        XCTAssertEqual(w.apis.cycleLevel("ccu"), .allowed)
        XCTAssertEqual(w.apis.chosen["ccu"], .readOnly)
        XCTAssertEqual(w.apis.cycleLevel("ccu"), .allowed)
        XCTAssertEqual(w.apis.chosen["ccu"], .readWrite)
    }

    func testNoraGetsReadOnlyAndCannotCycleAboveIt() {
        var w = C.wizard(C.nora)
        for a in w.apis.availability where a.isAvailable {
            XCTAssertEqual(a.maxLevel, .readOnly, a.service.id)
        }
        XCTAssertEqual(w.apis.availability.filter(\.isAvailable).map(\.service.id), ["papi", "hapi", "cprg", "reporting"])
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertEqual(w.apis.chosen["papi"], .readOnly)
        XCTAssertEqual(w.apis.cycleLevel("papi"),
                       .denied("The owner's access to Property Manager API is READ-ONLY; READ-WRITE would exceed it."))
        XCTAssertEqual(w.apis.chosen["papi"], .readOnly, "unchanged after the refusal")
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "papi", level: .readOnly)])
    }

    func testCyclingAnUnpickedAPIAsksToPickItFirst() {
        var w = C.wizard(C.mike)
        XCTAssertEqual(w.apis.cycleLevel("ccu"), .denied("Pick the API first (Space)."))
        XCTAssertNil(w.apis.chosen["ccu"])
    }

    func testCyclingAPickedAPIThatBecameUnavailableGivesItsReason() {
        var w = C.wizard(C.mike)
        w.keepOnly(C.webGroupIDs)
        _ = w.apis.toggle("papi")
        w.keepOnly(C.allAcmeGroupIDs)
        XCTAssertEqual(w.apis.cycleLevel("papi"), .denied(faqTooltip))
        XCTAssertEqual(w.apis.chosen["papi"], .readWrite)
    }

    func testAPickedLevelAboveTheOwnersOnTheNewGroupsIsBlockedUntilLowered() {
        // sam reads reports on Acme Web, and writes them on Web APIs (a direct grant overrides).
        let sam = User(id: 90, accountID: 2, login: "sam", firstName: "Sam", lastName: "Smith", email: "sam@acme.example",
                       grants: [Grant(groupID: C.acmeWeb.id, roleID: C.propertyDeveloper.id),
                                Grant(groupID: C.webAPIs.id, roleID: C.platformAdmin.id)])
        var w = C.wizard(sam)
        w.keepOnly([C.webAPIs.id])
        _ = w.apis.toggle("reporting")
        XCTAssertEqual(w.apis.chosen["reporting"], .readWrite)
        w.keepOnly([C.webAPIs.id, C.staging.id])
        XCTAssertEqual(w.availability("reporting").maxLevel, .readOnly)
        XCTAssertEqual(w.apis.grantable, [])
        XCTAssertEqual(w.apis.blocked.map(\.service.id), ["reporting"])
        XCTAssertEqual(w.apis.blocked.first?.reason, "The owner's access to Reporting API is READ-ONLY; READ-WRITE would exceed it.")
        XCTAssertEqual(w.apis.cycleLevel("reporting"), .allowed, "lowering is always allowed")
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "reporting", level: .readOnly)])
        XCTAssertEqual(w.apis.cycleLevel("reporting"),
                       .denied("The owner's access to Reporting API is READ-ONLY; READ-WRITE would exceed it."))
    }

    // MARK: - Filter and unavailable toggle

    func testFilterMatchesNameOrShortNameIgnoringCase() {
        var w = C.wizard(C.mike)
        w.apis.filter = "purge"
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["ccu"])
        w.apis.filter = "PAPI"
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["papi"], "by short name")
        w.apis.filter = "hapi"
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["hapi"])
        w.apis.filter = "Reporting"
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["cprg", "reporting"])
        w.apis.filter = "dns"
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["config-dns"])
        w.apis.filter = "xyz"
        XCTAssertEqual(w.apis.rows, [])
        w.apis.filter = ""
        XCTAssertEqual(w.apis.rows.count, C.serviceList.count)
    }

    func testHidingUnavailableAPIsLeavesTheAvailableOnes() {
        var w = C.wizard(C.mike)
        XCTAssertTrue(w.apis.showUnavailable, "shown at first")
        w.apis.showUnavailable = false
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["ccu", "reporting", "edge-diagnostics"])
        XCTAssertTrue(w.apis.rows.allSatisfy(\.availability.isAvailable))
        w.apis.filter = "api"
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["ccu", "reporting", "edge-diagnostics"], "filter and toggle combine")
        w.apis.filter = "papi"
        XCTAssertEqual(w.apis.rows, [])
        w.space(.contract("C-ACME-STREAM"))
        XCTAssertEqual(w.apis.rows.map(\.service.id), ["papi"], "shown again once available")
    }

    func testFilteringAndHidingNeverDropAChoice() {
        var w = C.wizard(C.mike)
        _ = w.apis.toggle("ccu")
        w.apis.filter = "papi"
        w.apis.showUnavailable = false
        XCTAssertEqual(w.apis.chosen, ["ccu": .readWrite])
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "ccu", level: .readWrite)])
    }

    // MARK: - Back to step 1

    func testAChosenAPIThatBecomesUnavailableStaysChosenButBlockedAndComesBack() {
        var w = C.wizard(C.mike)
        w.space(.contract("C-ACME-STREAM"))
        w.step = .apis
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertEqual(w.apis.toggle("ccu"), .allowed)
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "papi", level: .readWrite), APIGrant(serviceID: "ccu", level: .readWrite)])
        XCTAssertTrue(w.apis.blocked.isEmpty)

        w.step = .groups
        w.space(.contract("C-ACME-STREAM"))
        w.step = .apis
        XCTAssertEqual(w.apis.chosen, ["papi": .readWrite, "ccu": .readWrite], "nothing is thrown away")
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "ccu", level: .readWrite)])
        XCTAssertEqual(w.apis.blocked.map(\.service.id), ["papi"])
        XCTAssertEqual(w.apis.blocked.first?.reason, faqTooltip)
        let row = w.apis.rows.first { $0.service.id == "papi" }!
        XCTAssertEqual(row.chosen, .readWrite)
        XCTAssertFalse(row.availability.isAvailable)

        w.step = .groups
        w.space(.contract("C-ACME-STREAM"))
        w.step = .apis
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "papi", level: .readWrite), APIGrant(serviceID: "ccu", level: .readWrite)])
        XCTAssertTrue(w.apis.blocked.isEmpty)
    }

    func testABlockedChoiceCanStillBeDropped() {
        var w = C.wizard(C.mike)
        w.keepOnly(C.webGroupIDs)
        _ = w.apis.toggle("papi")
        w.keepOnly(C.allAcmeGroupIDs)
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertTrue(w.apis.chosen.isEmpty)
        XCTAssertTrue(w.apis.blocked.isEmpty)
        w.keepOnly(C.webGroupIDs)
        XCTAssertTrue(w.apis.grantable.isEmpty, "a dropped choice does not come back")
    }
}
