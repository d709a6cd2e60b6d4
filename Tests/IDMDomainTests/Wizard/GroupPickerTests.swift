import XCTest
@testable import IDMDomain

/// Step 1 of the New API Client wizard: the owner's groups as a tree under their contracts,
/// with checkboxes and a footer counting groups and contracts.
final class GroupPickerTests: XCTestCase {
    typealias C = DemoCast

    private func picker(_ owner: User) -> GroupPicker {
        GroupPicker(tree: C.acmeTree, reachable: C.access(owner).groupIDs)
    }

    /// The row on screen for a group (whatever its depth).
    private func row(_ picker: GroupPicker, _ id: GroupID) -> GroupPicker.Row {
        picker.rows.first { if case .group(id, _) = $0 { return true } else { return false } }!
    }

    // MARK: - Rows

    func testAliceSeesBothContractsEachFollowedByItsGroupTree() {
        let p = picker(C.alice)
        XCTAssertEqual(p.rows, [
            .contract("C-ACME-STREAM"),
            .group(C.acmeStreaming.id, depth: 0),
            .group(C.live.id, depth: 1),
            .group(C.vod.id, depth: 1),
            .contract("C-ACME-WEB"),
            .group(C.acmeWeb.id, depth: 0),
            .group(C.webAPIs.id, depth: 1),
            .group(C.webProperties.id, depth: 1),
            .group(C.staging.id, depth: 2),
        ])
        XCTAssertEqual(p.rows.map(p.label), [
            "C-ACME-STREAM", "Acme Streaming", "Live", "VOD",
            "C-ACME-WEB", "Acme Web", "Web APIs", "Web Properties", "Staging",
        ])
    }

    func testNoraSeesOnlyTheWebContractSheCanReach() {
        let p = picker(C.nora)
        XCTAssertEqual(p.rows, [
            .contract("C-ACME-WEB"),
            .group(C.acmeWeb.id, depth: 0),
            .group(C.webAPIs.id, depth: 1),
            .group(C.webProperties.id, depth: 1),
            .group(C.staging.id, depth: 2),
        ])
        XCTAssertFalse(p.rows.contains(.contract("C-ACME-STREAM")))
        XCTAssertEqual(p.selected, C.webGroupIDs)
        XCTAssertEqual(p.contracts, ["C-ACME-WEB"])
        XCTAssertEqual(p.summary, "4 groups in 1 contract")
    }

    func testStepOneOfTheWizardUsesTheOwnersReachableGroups() {
        let w = NewClientWizard(owner: C.nora, ownerAccess: C.access(C.nora), tree: C.acmeTree,
                                services: C.serviceList, products: C.products)
        XCTAssertEqual(w.groups, picker(C.nora))
        XCTAssertEqual(w.contracts, ["C-ACME-WEB"])
        XCTAssertEqual(C.wizard(C.mike).contracts, ["C-ACME-STREAM", "C-ACME-WEB"], "in order")
    }

    // MARK: - Selection and summary

    func testEverythingIsSelectedAtFirst() {
        let p = picker(C.alice)
        XCTAssertEqual(p.selected, C.allAcmeGroupIDs)
        XCTAssertEqual(p.summary, "7 groups in 2 contracts")
        for row in p.rows { XCTAssertEqual(p.check(row), .all, p.label(row)) }
    }

    func testSummaryCountsGroupsAndContractsInSingularAndPlural() {
        var p = picker(C.alice)
        p.select([C.staging.id])
        XCTAssertEqual(p.summary, "1 group in 1 contract")
        p.select([C.staging.id, C.live.id])
        XCTAssertEqual(p.summary, "2 groups in 2 contracts")
        p.select([C.live.id, C.vod.id])
        XCTAssertEqual(p.summary, "2 groups in 1 contract")
        p.select([])
        XCTAssertEqual(p.summary, "0 groups in 0 contracts")
    }

    func testSelectKeepsOnlyGroupsTheOwnerCanReach() {
        var p = picker(C.nora)
        p.select([C.acmeWeb.id, C.acmeStreaming.id, C.live.id])
        XCTAssertEqual(p.selected, [C.acmeWeb.id])
        XCTAssertEqual(p.summary, "1 group in 1 contract")
    }

    // MARK: - Space

    func testSpaceOnAContractClearsAndRestoresEverythingBeneathIt() {
        var p = picker(C.alice)
        p.toggle(.contract("C-ACME-STREAM"))
        XCTAssertEqual(p.selected, C.webGroupIDs)
        XCTAssertEqual(p.check(.contract("C-ACME-STREAM")), .none)
        for id in C.streamGroupIDs { XCTAssertEqual(p.check(row(p, id)), .none) }
        XCTAssertEqual(p.check(.contract("C-ACME-WEB")), .all, "the other contract is untouched")
        XCTAssertEqual(p.summary, "4 groups in 1 contract")

        p.toggle(.contract("C-ACME-STREAM"))
        XCTAssertEqual(p.selected, C.allAcmeGroupIDs)
        XCTAssertEqual(p.summary, "7 groups in 2 contracts")
    }

    func testSpaceOnAParentGroupTogglesItsWholeSubtree() {
        var p = picker(C.alice)
        let webProperties = row(p, C.webProperties.id)
        p.toggle(webProperties)
        XCTAssertEqual(p.selected, C.allAcmeGroupIDs.subtracting([C.webProperties.id, C.staging.id]))
        XCTAssertEqual(p.check(webProperties), .none)
        XCTAssertEqual(p.check(row(p, C.staging.id)), .none)
        XCTAssertEqual(p.check(row(p, C.webAPIs.id)), .all)
        XCTAssertEqual(p.check(row(p, C.acmeWeb.id)), .some)
        XCTAssertEqual(p.check(.contract("C-ACME-WEB")), .some)
        XCTAssertEqual(p.summary, "5 groups in 2 contracts")

        p.toggle(webProperties)
        XCTAssertEqual(p.selected, C.allAcmeGroupIDs)
        XCTAssertEqual(p.check(.contract("C-ACME-WEB")), .all)
    }

    func testSpaceOnALeafTogglesOnlyThatGroup() {
        var p = picker(C.alice)
        p.toggle(row(p, C.staging.id))
        XCTAssertEqual(p.selected, C.allAcmeGroupIDs.subtracting([C.staging.id]))
        XCTAssertEqual(p.check(row(p, C.webProperties.id)), .some)
        XCTAssertEqual(p.check(row(p, C.acmeWeb.id)), .some)
        XCTAssertEqual(p.check(.contract("C-ACME-STREAM")), .all)
    }

    func testSpaceOnAPartlyCheckedRowChecksEverythingBeneathIt() {
        var p = picker(C.alice)
        p.toggle(row(p, C.staging.id))
        XCTAssertEqual(p.check(.contract("C-ACME-WEB")), .some)
        p.toggle(.contract("C-ACME-WEB"))
        XCTAssertEqual(p.selected, C.allAcmeGroupIDs, "a partial row becomes fully checked, not cleared")
        XCTAssertEqual(p.check(.contract("C-ACME-WEB")), .all)
    }

    func testSpaceOnAnUncheckedParentChecksItsSubtreeOnly() {
        var p = picker(C.alice)
        p.select([])
        p.toggle(row(p, C.webProperties.id))
        XCTAssertEqual(p.selected, [C.webProperties.id, C.staging.id])
        XCTAssertEqual(p.check(row(p, C.acmeWeb.id)), .some)
        XCTAssertEqual(p.check(.contract("C-ACME-STREAM")), .none)
        XCTAssertEqual(p.summary, "2 groups in 1 contract")
    }

    func testGroupsUnderARowAreItsReachableSubtree() {
        let p = picker(C.alice)
        XCTAssertEqual(p.groups(under: .contract("C-ACME-WEB")), C.webGroupIDs)
        XCTAssertEqual(p.groups(under: row(p, C.acmeStreaming.id)), C.streamGroupIDs)
        XCTAssertEqual(p.groups(under: row(p, C.webProperties.id)), [C.webProperties.id, C.staging.id])
        XCTAssertEqual(p.groups(under: row(p, C.vod.id)), [C.vod.id])
        XCTAssertEqual(picker(C.nora).groups(under: .contract("C-ACME-STREAM")), [], "nora reaches nothing there")
    }

    // MARK: - selected(in:)

    func testSelectedInAContractGivesThatContractsSelectedGroups() {
        var p = picker(C.alice)
        XCTAssertEqual(p.selected(in: "C-ACME-WEB"), C.webGroupIDs)
        XCTAssertEqual(p.selected(in: "C-ACME-STREAM"), C.streamGroupIDs)
        p.toggle(row(p, C.webProperties.id))
        p.toggle(row(p, C.live.id))
        XCTAssertEqual(p.selected(in: "C-ACME-WEB"), [C.acmeWeb.id, C.webAPIs.id])
        XCTAssertEqual(p.selected(in: "C-ACME-STREAM"), [C.acmeStreaming.id, C.vod.id])
        p.toggle(.contract("C-ACME-STREAM")) // partly checked: checks all of it
        XCTAssertEqual(p.selected(in: "C-ACME-STREAM"), C.streamGroupIDs)
        p.toggle(.contract("C-ACME-STREAM")) // fully checked: clears it
        XCTAssertEqual(p.selected(in: "C-ACME-STREAM"), [])
        XCTAssertEqual(p.selected(in: "C-GLOBEX"), [])
    }
}
