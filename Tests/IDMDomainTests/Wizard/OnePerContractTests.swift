import XCTest
@testable import IDMDomain

/// Rule 8 in the wizard: PAPI on several contracts means one API client per contract, and the
/// console offers to create them in one go.
final class OnePerContractTests: XCTestCase {
    typealias C = DemoCast

    /// Property Manager read-write on Acme Web, read-only on Acme Streaming, Fast Purge on Acme Web only.
    let sam = User(id: 90, accountID: 2, login: "sam", firstName: "Sam", lastName: "Smith", email: "sam@acme.example",
                   grants: [Grant(groupID: DemoCast.acmeWeb.id, roleID: DemoCast.propertyDeveloper.id),
                            Grant(groupID: DemoCast.acmeStreaming.id, roleID: DemoCast.propertyViewer.id)])

    // MARK: - When it is offered

    func testOfferedWhenASingleContractAPIIsBlockedByTwoContracts() {
        XCTAssertTrue(C.wizard(C.mike).canOfferOnePerContract)
        XCTAssertTrue(C.wizard(C.alice).canOfferOnePerContract)
        XCTAssertTrue(C.wizard(C.ivan).canOfferOnePerContract)
    }

    func testNotOfferedWithOneContract() {
        XCTAssertFalse(C.wizard(C.nora).canOfferOnePerContract, "nora reaches one contract")
        XCTAssertFalse(C.wizard(C.vera).canOfferOnePerContract)
        var w = C.wizard(C.mike)
        w.space(.contract("C-ACME-WEB"))
        XCTAssertFalse(w.canOfferOnePerContract, "step 1 now spans one contract")
    }

    func testNotOfferedWhenSingleContractAPIsAreBlockedForAnotherReason() {
        let w = C.wizard(C.pat) // two contracts, but no Property Manager at all
        XCTAssertEqual(w.contracts.count, 2)
        XCTAssertFalse(w.canOfferOnePerContract)
    }

    func testNotOfferedAgainOnceSplitting() {
        var w = C.wizard(C.mike)
        w.setOnePerContract(true)
        XCTAssertTrue(w.splitting)
        XCTAssertFalse(w.canOfferOnePerContract)
    }

    // MARK: - Per-contract evaluation

    func testSplittingMakesSingleContractAPIsAvailable() {
        var w = C.wizard(C.mike)
        w.setOnePerContract(true)
        for id in ["papi", "hapi", "cprg"] {
            XCTAssertEqual(w.availability(id).decision, .allowed, id)
            XCTAssertEqual(w.availability(id).maxLevel, .readWrite, id)
        }
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertEqual(w.apis.chosen["papi"], .readWrite)
        XCTAssertNil(w.problem(leaving: .apis))
    }

    func testSplitLevelIsTheLowestOfTheContracts() {
        var w = C.wizard(sam)
        XCTAssertEqual(w.availability("papi").decision, .denied(Policy.multipleContractsReason))
        XCTAssertTrue(w.canOfferOnePerContract)
        w.setOnePerContract(true)
        XCTAssertEqual(w.availability("papi").maxLevel, .readOnly, "read-only on Acme Streaming")
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertEqual(w.apis.chosen["papi"], .readOnly)
        XCTAssertEqual(w.apis.cycleLevel("papi"),
                       .denied("The owner's access to Property Manager API is READ-ONLY; READ-WRITE would exceed it."))
    }

    func testSplitReasonNamesTheContractThatRefuses() {
        var w = C.wizard(sam)
        w.setOnePerContract(true)
        XCTAssertEqual(w.availability("ccu").decision,
                       .denied("On C-ACME-STREAM: The owner (sam) has no access to Fast Purge on Acme Streaming, Live, VOD."))
        XCTAssertEqual(w.apis.toggle("ccu"), w.availability("ccu").decision)
    }

    func testTurningItOffBlocksPAPIAgainButKeepsIt() {
        var w = C.wizard(C.mike)
        w.setOnePerContract(true)
        _ = w.apis.toggle("papi")
        w.setOnePerContract(false)
        XCTAssertEqual(w.apis.chosen["papi"], .readWrite)
        XCTAssertEqual(w.apis.blocked.map(\.service.id), ["papi"])
        XCTAssertEqual(w.apis.blocked.first?.reason, Policy.multipleContractsReason)
        XCTAssertTrue(w.canOfferOnePerContract)
        w.setOnePerContract(true)
        XCTAssertEqual(w.apis.grantable, [APIGrant(serviceID: "papi", level: .readWrite)])
    }

    // MARK: - Drafts

    func testOneDraftPerContractNamedAfterItWithItsOwnGroups() {
        var w = C.wizard(C.mike)
        w.setOnePerContract(true)
        _ = w.apis.toggle("papi")
        _ = w.apis.toggle("ccu")
        w.details[.name] = "deployer"
        w.details[.description] = "Deploys."
        w.details[.notificationEmails] = "mike@acme.example"
        w.details[.ipAllowlist] = "203.0.113.0/24"
        XCTAssertTrue(w.details.validateAll())

        let drafts = w.drafts
        XCTAssertEqual(drafts.map(\.name), ["deployer-c-acme-stream", "deployer-c-acme-web"])
        XCTAssertEqual(drafts.map(\.groupIDs), [C.streamGroupIDs, C.webGroupIDs])
        let apis = [APIGrant(serviceID: "papi", level: .readWrite), APIGrant(serviceID: "ccu", level: .readWrite)]
        for draft in drafts {
            XCTAssertEqual(draft.apis, apis, draft.name)
            XCTAssertEqual(draft.ownerID, C.mike.id)
            XCTAssertEqual(draft.description, "Deploys.")
            XCTAssertEqual(draft.notificationEmails, ["mike@acme.example"])
            XCTAssertEqual(draft.ipAllowlist, ["203.0.113.0/24"])
        }
    }

    func testDraftsFollowAPartialSelection() {
        var w = C.wizard(C.mike)
        w.keepOnly([C.staging.id, C.vod.id])
        w.setOnePerContract(true)
        _ = w.apis.toggle("hapi")
        w.details[.name] = "edge"
        XCTAssertEqual(w.drafts.map(\.name), ["edge-c-acme-stream", "edge-c-acme-web"])
        XCTAssertEqual(w.drafts.map(\.groupIDs), [[C.vod.id], [C.staging.id]])
        XCTAssertEqual(w.drafts.map(\.apis), [[APIGrant(serviceID: "hapi", level: .readWrite)],
                                              [APIGrant(serviceID: "hapi", level: .readWrite)]])
    }

    func testWithOneContractSelectedThereIsOneDraftUnsuffixed() {
        var w = C.wizard(C.mike)
        w.setOnePerContract(true)
        _ = w.apis.toggle("papi")
        w.details[.name] = "deployer"
        w.space(.contract("C-ACME-STREAM"))
        XCTAssertTrue(w.onePerContract, "the choice is kept")
        XCTAssertFalse(w.splitting, "but there is nothing to split")
        XCTAssertEqual(w.drafts.count, 1)
        XCTAssertEqual(w.drafts[0].name, "deployer")
        XCTAssertEqual(w.drafts[0].groupIDs, C.webGroupIDs)
        XCTAssertEqual(w.drafts[0].apis, [APIGrant(serviceID: "papi", level: .readWrite)])
    }

    func testWithoutSplittingThereIsOneDraftOverBothContracts() {
        var w = C.wizard(C.mike)
        _ = w.apis.toggle("ccu")
        w.details[.name] = "purger"
        XCTAssertFalse(w.splitting)
        XCTAssertEqual(w.drafts.map(\.name), ["purger"])
        XCTAssertEqual(w.drafts[0].groupIDs, C.allAcmeGroupIDs)
    }

    func testPerContractNameIsTheBaseNameAndTheLowercasedContract() {
        XCTAssertEqual(NewClientWizard.name("deployer", contract: "C-ACME-WEB"), "deployer-c-acme-web")
        XCTAssertEqual(NewClientWizard.name("Deployer", contract: "C-0N7RAC71"), "Deployer-c-0n7rac71")
    }
}
