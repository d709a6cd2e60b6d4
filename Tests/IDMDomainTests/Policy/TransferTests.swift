import XCTest
@testable import IDMDomain

/// Rule 5: what a client would lose if ownership moved (groups, APIs, lowered levels), and who
/// may receive it.
final class TransferTests: XCTestCase {
    typealias C = DemoCast

    private func preview(_ client: APIClient, to user: User) -> TransferPreview {
        Policy.transferPreview(client: client, newOwnerAccess: C.access(user), services: C.services)
    }

    // MARK: - Preview

    func testReportingBotToMikeLosesNothing() {
        let p = preview(C.reportingBot, to: C.mike)
        XCTAssertTrue(p.losesNothing)
        XCTAssertEqual(p, TransferPreview())
    }

    func testReportingBotToPatLosesPAPI() {
        // pat has the web groups and reads reports, but has no Property Manager.
        let p = preview(C.reportingBot, to: C.pat)
        XCTAssertEqual(p.lostGroups, [])
        XCTAssertEqual(p.lostAPIs, ["papi"])
        XCTAssertTrue(p.loweredAPIs.isEmpty)
        XCTAssertFalse(p.losesNothing)
    }

    func testPurgePipelineToNoraLosesEverything() {
        let p = preview(C.purgePipeline, to: C.nora)
        XCTAssertEqual(p.lostGroups, [C.acmeStreaming.id, C.live.id, C.vod.id])
        XCTAssertEqual(p.lostAPIs, ["ccu", "reporting"], "no group kept, so no API either")
    }

    func testLegacySyncToMikeLosesTheProductsMikeLacks() {
        let p = preview(C.legacySync, to: C.mike)
        XCTAssertEqual(p.lostGroups, [])
        XCTAssertEqual(p.lostAPIs, ["config-dns", "identity-management"], "sorted by service")
        XCTAssertEqual(preview(C.legacySync, to: C.ivan), TransferPreview(), "ivan has read-write on both products everywhere")
    }

    func testLoweredLevelWhenNewOwnerOnlyReads() {
        let deployer = APIClient(id: 21, accountID: 2, clientKey: "akab-web-deployer", name: "web-deployer", ownerID: C.mike.id,
                                 creatorID: C.mike.id, groupIDs: [C.webProperties.id, C.staging.id],
                                 apis: [APIGrant(serviceID: "papi", level: .readWrite), APIGrant(serviceID: "reporting", level: .readOnly)])
        let p = preview(deployer, to: C.nora)
        XCTAssertEqual(p.lostGroups, [])
        XCTAssertEqual(p.lostAPIs, [])
        XCTAssertEqual(p.loweredAPIs.count, 1)
        XCTAssertEqual(p.loweredAPIs.first?.0, "papi")
        XCTAssertEqual(p.loweredAPIs.first?.from, .readWrite)
        XCTAssertEqual(p.loweredAPIs.first?.to, .readOnly)
        var expected = TransferPreview()
        expected.loweredAPIs = [("papi", from: .readWrite, to: .readOnly)]
        XCTAssertEqual(p, expected)
    }

    func testPartialGroupLossKeepsWhatTheRestAllows() {
        // mike's client on Web Properties and Live moves to nora, who has only the web contract.
        let spread = APIClient(id: 22, accountID: 2, clientKey: "akab-spread", name: "spread", ownerID: C.mike.id, creatorID: C.mike.id,
                               groupIDs: [C.webProperties.id, C.live.id],
                               apis: [APIGrant(serviceID: "ccu", level: .readWrite), APIGrant(serviceID: "reporting", level: .readOnly)])
        let p = preview(spread, to: C.nora)
        XCTAssertEqual(p.lostGroups, [C.live.id])
        XCTAssertEqual(p.lostAPIs, ["ccu"], "nora has no Fast Purge")
        XCTAssertTrue(p.loweredAPIs.isEmpty, "reporting stays read-only on Web Properties")
    }

    func testBlockedGroupOfTheNewOwnerIsLost() {
        var nora = C.nora
        nora.blockedGroups = [C.webProperties.id]
        let p = preview(C.reportingBot, to: nora)
        XCTAssertEqual(p.lostGroups, [C.webProperties.id, C.staging.id])
        XCTAssertTrue(p.lostAPIs.isEmpty)
    }

    func testUnknownServiceIsReportedLost() {
        var client = C.reportingBot
        client.apis.append(APIGrant(serviceID: "retired-api", level: .readOnly))
        XCTAssertEqual(preview(client, to: C.mike).lostAPIs, ["retired-api"])
    }

    // MARK: - Target checks

    func testTransferTargetAllowed() {
        let ctx = C.context(C.ivan)
        XCTAssertEqual(Policy.transferTarget(ctx, client: C.reportingBot, newOwner: C.mike, preview: preview(C.reportingBot, to: C.mike)), .allowed)
        XCTAssertEqual(Policy.transferTarget(ctx, client: C.reportingBot, newOwner: C.pat, preview: preview(C.reportingBot, to: C.pat)), .allowed,
                       "losing PAPI is shown, not refused")
    }

    func testTransferToCurrentOwnerIsRefused() {
        let decision = Policy.transferTarget(C.context(C.ivan), client: C.reportingBot, newOwner: C.nora,
                                             preview: preview(C.reportingBot, to: C.nora))
        XCTAssertEqual(decision.reasonText, "nora already owns reporting-bot.")
    }

    func testTransferToLockedUserIsRefused() {
        var pat = C.pat
        pat.locked = true
        let decision = Policy.transferTarget(C.context(C.mike), client: C.purgePipeline, newOwner: pat, preview: preview(C.purgePipeline, to: pat))
        XCTAssertEqual(decision.reasonText, "pat is locked and cannot own an API client.")
    }

    func testTransferToUserWithNoneOfTheGroupsIsRefused() {
        let decision = Policy.transferTarget(C.context(C.mike), client: C.purgePipeline, newOwner: C.nora,
                                             preview: preview(C.purgePipeline, to: C.nora))
        XCTAssertEqual(decision.reasonText, "nora has access to none of the groups of purge-pipeline.")
    }

    func testTransferToUserOfAnotherAccountIsRefused() {
        let decision = Policy.transferTarget(C.context(C.alice), client: C.reportingBot, newOwner: C.otto,
                                             preview: preview(C.reportingBot, to: C.otto))
        XCTAssertEqual(decision.reasonText, "User otto belongs to another account than Acme Media.")
    }

    func testTransferOfClientWithoutGroupsOnlyNeedsAValidUser() {
        var bare = C.reportingBot
        bare.groupIDs = []
        bare.apis = []
        XCTAssertEqual(Policy.transferTarget(C.context(C.ivan), client: bare, newOwner: C.vera, preview: preview(bare, to: C.vera)), .allowed)
    }
}
