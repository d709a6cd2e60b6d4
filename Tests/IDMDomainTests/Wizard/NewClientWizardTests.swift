import XCTest
@testable import IDMDomain

extension DemoCast {
    /// The wizard for `owner` in Acme Media, with the whole catalogue, as the console opens it.
    static func wizard(_ owner: User) -> NewClientWizard {
        NewClientWizard(owner: owner, ownerAccess: access(owner), tree: acmeTree, services: serviceList, products: products)
    }
}

extension NewClientWizard {
    /// Step 1 as the console does it: change the selection, then re-evaluate step 2.
    mutating func keepOnly(_ groups: Set<GroupID>) {
        self.groups.select(groups)
        reevaluate()
    }

    mutating func space(_ row: GroupPicker.Row) {
        groups.toggle(row)
        reevaluate()
    }

    /// The "o" key: one client per contract on or off.
    mutating func setOnePerContract(_ on: Bool) {
        onePerContract = on
        reevaluate()
    }

    func availability(_ id: ServiceID) -> APIAvailability {
        apis.availability.first { $0.service.id == id }!
    }
}

/// The wizard as a whole: its starting state, what stops the user leaving a step, and that
/// going back and forth keeps every choice.
final class NewClientWizardTests: XCTestCase {
    typealias C = DemoCast

    func testStartsOnStepOneWithNothingChanged() {
        let w = C.wizard(C.mike)
        XCTAssertEqual(w.step, .groups)
        XCTAssertFalse(w.isDirty)
        XCTAssertFalse(w.onePerContract)
        XCTAssertFalse(w.splitting)
        XCTAssertEqual(w.owner, C.mike)
        XCTAssertTrue(w.apis.chosen.isEmpty)
        XCTAssertEqual(w.apis.availability.map(\.service), C.serviceList, "step 2 is evaluated from the start, catalogue order")
        XCTAssertEqual(NewClientWizard.Step.allCases.map(\.title), ["Groups", "APIs", "Details", "Review"])
        XCTAssertEqual(NewClientWizard.Step.allCases.map(\.rawValue), [1, 2, 3, 4])
    }

    // MARK: - problem(leaving:)

    func testLeavingStepOneNeedsAtLeastOneGroup() {
        var w = C.wizard(C.alice)
        XCTAssertNil(w.problem(leaving: .groups))
        w.space(.contract("C-ACME-WEB"))
        XCTAssertNil(w.problem(leaving: .groups), "one contract left is enough")
        w.space(.contract("C-ACME-STREAM"))
        XCTAssertEqual(w.groups.selected, [])
        XCTAssertEqual(w.problem(leaving: .groups), "Select at least one group.")
        for a in w.apis.availability {
            XCTAssertEqual(a.decision, .denied("Select at least one group in Step 1."), a.service.id)
        }
        w.space(.contract("C-ACME-STREAM"))
        XCTAssertNil(w.problem(leaving: .groups))
    }

    func testLeavingStepTwoNeedsAGrantableAPI() {
        var w = C.wizard(C.mike)
        XCTAssertEqual(w.problem(leaving: .apis), "Pick at least one available API (Space).")
        XCTAssertEqual(w.apis.toggle("papi"), .denied(Policy.multipleContractsReason))
        XCTAssertEqual(w.problem(leaving: .apis), "Pick at least one available API (Space).", "a refused pick does not count")
        XCTAssertEqual(w.apis.toggle("ccu"), .allowed)
        XCTAssertNil(w.problem(leaving: .apis))
        XCTAssertEqual(w.apis.toggle("ccu"), .allowed, "Space again drops it")
        XCTAssertEqual(w.problem(leaving: .apis), "Pick at least one available API (Space).")
    }

    func testAPIPickedOnlyWhileAvailableDoesNotCountOnceStepOneBlocksIt() {
        var w = C.wizard(C.mike)
        w.keepOnly(C.webGroupIDs)
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertNil(w.problem(leaving: .apis))
        w.step = .groups
        w.space(.contract("C-ACME-STREAM"))
        w.step = .apis
        XCTAssertEqual(w.apis.chosen["papi"], .readWrite, "still chosen")
        XCTAssertEqual(w.problem(leaving: .apis), "Pick at least one available API (Space).", "but nothing grantable")
    }

    func testDetailsAndReviewHaveNoStepProblem() {
        let w = C.wizard(C.mike)
        XCTAssertNil(w.problem(leaving: .details))
        XCTAssertNil(w.problem(leaving: .review))
    }

    // MARK: - Back and forth

    func testGoingBackAndForthKeepsEveryChoice() {
        var w = C.wizard(C.mike)
        w.space(.contract("C-ACME-STREAM"))
        w.step = .apis
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertEqual(w.apis.toggle("reporting"), .allowed)
        XCTAssertEqual(w.apis.cycleLevel("papi"), .allowed)
        w.apis.filter = "api"
        w.apis.showUnavailable = false
        w.step = .details
        w.details[.name] = "deployer"
        w.details[.notificationEmails] = "not-an-address"
        XCTAssertFalse(w.details.validate(.notificationEmails))
        let errors = w.details.errors

        for step in [NewClientWizard.Step.apis, .groups, .apis, .details, .review, .details] {
            w.step = step
            w.reevaluate() // what the console does after touching step 1; with no change it changes nothing
        }
        XCTAssertEqual(w.groups.selected, C.webGroupIDs)
        XCTAssertEqual(w.apis.chosen, ["papi": .readOnly, "reporting": .readOnly])
        XCTAssertEqual(w.apis.filter, "api")
        XCTAssertFalse(w.apis.showUnavailable)
        XCTAssertEqual(w.details[.name], "deployer")
        XCTAssertEqual(w.details[.notificationEmails], "not-an-address")
        XCTAssertEqual(w.details.errors, errors)
    }

    // MARK: - What Create makes

    func testOneDraftCarriesEveryStepsChoices() {
        var w = C.wizard(C.mike)
        w.keepOnly([C.staging.id, C.webAPIs.id])
        XCTAssertEqual(w.apis.toggle("papi"), .allowed)
        XCTAssertEqual(w.apis.toggle("ccu"), .allowed)
        XCTAssertEqual(w.apis.toggle("config-dns"), .denied("The owner (mike) needs at least read access to Edge DNS."))
        w.details[.name] = "  deployer  "
        w.details[.description] = " Deploys the web properties. "
        w.details[.notificationEmails] = "Ops@ACME.example, mike@acme.example"
        w.details[.ipAllowlist] = "192.0.2.1 198.51.100.0/24"
        XCTAssertTrue(w.details.validateAll())

        XCTAssertEqual(w.drafts, [ClientDraft(
            ownerID: C.mike.id, name: "deployer", description: "Deploys the web properties.",
            groupIDs: [C.staging.id, C.webAPIs.id],
            apis: [APIGrant(serviceID: "papi", level: .readWrite), APIGrant(serviceID: "ccu", level: .readWrite)],
            ipAllowlist: ["192.0.2.1/32", "198.51.100.0/24"], notificationEmails: ["Ops@acme.example", "mike@acme.example"])])
    }

    func testADraftNeverCarriesABlockedAPI() {
        var w = C.wizard(C.mike)
        w.keepOnly(C.webGroupIDs)
        _ = w.apis.toggle("papi")
        _ = w.apis.toggle("ccu")
        w.keepOnly(C.allAcmeGroupIDs)
        XCTAssertEqual(w.drafts.count, 1)
        XCTAssertEqual(w.drafts[0].apis, [APIGrant(serviceID: "ccu", level: .readWrite)])
        XCTAssertEqual(w.drafts[0].groupIDs, C.allAcmeGroupIDs)
    }
}
