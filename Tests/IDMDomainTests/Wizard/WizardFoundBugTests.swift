import XCTest
@testable import IDMDomain

/// Bugs these tests found in the wizard's domain model, now fixed: the tree drawn is what
/// Space toggles, per-contract names fit the limit, and one client per contract is offered only
/// when it helps.
final class WizardFoundBugTests: XCTestCase {
    typealias C = DemoCast

    /// Rows drawn beneath a group row (deeper, until a row as shallow or shallower) are exactly the
    /// groups Space on that row toggles: what the tree shows is what the checkbox does.
    private func assertTreeMatchesToggles(_ p: GroupPicker, file: StaticString = #filePath, line: UInt = #line) {
        var previousDepth = -1
        for (i, row) in p.rows.enumerated() {
            guard case .group(let id, let depth) = row else { previousDepth = -1; continue }
            XCTAssertLessThanOrEqual(depth, previousDepth + 1, "\(p.label(row)) is indented more than one level below the row above",
                                     file: file, line: line)
            previousDepth = depth
            var shownBeneath: Set<GroupID> = []
            for next in p.rows[(i + 1)...] {
                guard case .group(let child, let d) = next, d > depth else { break }
                shownBeneath.insert(child)
            }
            XCTAssertEqual(shownBeneath, p.groups(under: row).subtracting([id]),
                           "rows drawn beneath \(p.label(row)) differ from what Space on it toggles", file: file, line: line)
        }
    }

    func testDemoCastTreesAreConsistent() {
        // Control: holds today for every demo user.
        for user in [C.alice, C.ivan, C.nora, C.mike, C.pat, C.vera] {
            assertTreeMatchesToggles(GroupPicker(tree: C.acmeTree, reachable: C.access(user).groupIDs))
        }
    }

    /// BUG 1: with grants on Web APIs and on Staging (not on their common parent), GroupPicker
    /// draws Staging at depth 1 right below Web APIs, i.e. as if it were a subgroup of Web APIs.
    /// Space on "Web APIs" does not toggle Staging, so the tree lies about what is beneath.
    /// Depth is relative to the shallowest reachable group of the contract, not to the nearest
    /// reachable ancestor.
    func test_GroupsWithoutAReachableParentAreNotDrawnUnderAnUnrelatedGroup() {
        let kim = User(id: 91, accountID: 2, login: "kim", firstName: "Kim", lastName: "Kowalski", email: "kim@acme.example",
                       grants: [Grant(groupID: C.webAPIs.id, roleID: C.propertyViewer.id),
                                Grant(groupID: C.staging.id, roleID: C.propertyViewer.id)])
        let p = GroupPicker(tree: C.acmeTree, reachable: C.access(kim).groupIDs)
        XCTAssertEqual(p.selected, [C.webAPIs.id, C.staging.id])
        assertTreeMatchesToggles(p)
        XCTAssertEqual(p.rows.filter { $0 != .contract("C-ACME-WEB") }.map {
            if case .group(_, let depth) = $0 { return depth } else { return -1 }
        }, [0, 0], "two unrelated groups, neither under the other")
    }

    /// BUG 1, second shape: access on Acme Web with Web Properties blocked [v3], plus a direct
    /// grant on Staging. Staging is drawn at depth 2 right after Web APIs (depth 1).
    func test_BlockedParentDoesNotMoveItsSubgroupUnderASibling() {
        let lee = User(id: 92, accountID: 2, login: "lee", firstName: "Lee", lastName: "Lam", email: "lee@acme.example",
                       grants: [Grant(groupID: C.acmeWeb.id, roleID: C.propertyViewer.id),
                                Grant(groupID: C.staging.id, roleID: C.propertyViewer.id)],
                       blockedGroups: [C.webProperties.id])
        let p = GroupPicker(tree: C.acmeTree, reachable: C.access(lee).groupIDs)
        XCTAssertEqual(p.selected, [C.acmeWeb.id, C.webAPIs.id, C.staging.id])
        assertTreeMatchesToggles(p)
    }

    /// BUG 2: with one client per contract, each client is named "<name>-<contract>". Step 3
    /// accepts a name of up to 100 characters, so a 100-character name yields draft names of
    /// 114 and 111 characters, which `Validate.clientName` (and so the service at Create)
    /// refuses: the user learns it only at the very end, about names they never typed.
    /// Expected: either the wizard reports the problem before leaving step 3, or every draft
    /// name is valid.
    func test_OnePerContractDraftNamesStayWithinTheNameLimit() {
        var w = C.wizard(C.mike)
        w.setOnePerContract(true)
        _ = w.apis.toggle("papi")
        w.details[.name] = String(repeating: "d", count: 100)
        XCTAssertTrue(w.details.validateAll(), "step 3 accepts the name")
        XCTAssertTrue(w.splitting)
        if w.problem(leaving: .details) == nil {
            for draft in w.drafts {
                if case .failure(let error) = Validate.clientName(draft.name) {
                    XCTFail("Create would be refused: \(error.message)")
                }
            }
        }
    }

    /// BUG 3 (minor): `canOfferOnePerContract` is documented as "a single-contract API is
    /// unavailable only because step 1 spans several contracts", but it only looks at the
    /// reason shown, and rule 6 is checked before the per-group product check. For an owner
    /// with Property Manager on one contract only, the offer is made, yet accepting it leaves
    /// every single-contract API unavailable ("On C-ACME-STREAM: ... no access to Property
    /// Manager ..."). Expected: offer it only when splitting would make such an API available.
    func test_OnePerContractIsOfferedOnlyWhenItHelps() {
        let max = User(id: 93, accountID: 2, login: "max", firstName: "Max", lastName: "Meyer", email: "max@acme.example",
                       grants: [Grant(groupID: C.acmeWeb.id, roleID: C.propertyDeveloper.id),
                                Grant(groupID: C.acmeStreaming.id, roleID: C.purgeOperator.id)])
        let w = C.wizard(max)
        var split = w
        split.setOnePerContract(true)
        let helps = split.apis.availability.contains { $0.service.scope == .singleContract && $0.isAvailable }
        XCTAssertFalse(helps, "precondition: no Property Manager on Acme Streaming")
        XCTAssertEqual(w.canOfferOnePerContract, helps, "offered, but splitting makes no single-contract API available")
    }
}
