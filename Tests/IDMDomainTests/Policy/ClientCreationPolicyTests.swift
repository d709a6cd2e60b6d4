import XCTest
@testable import IDMDomain

/// Rules 1-3: who may create an API client, for themselves or for another user; resellers.
final class ClientCreationPolicyTests: XCTestCase {
    typealias C = DemoCast

    static let needsClientPermission =
        "You need the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients."
    static let rheaReason = "You are browsing Acme Media, an account managed by Northwind Partners: " +
        "resellers cannot create API clients under the accounts they manage."

    // MARK: - Rule 1: New API Client for Me

    func testRule1AdminIDMAdminAndIDMNonAdminMayCreateForThemselves() {
        for user in [C.alice, C.ivan, C.nora, C.mike, C.pat] {
            XCTAssertEqual(Policy.createClientForSelf(C.context(user)), .allowed, user.login)
        }
        XCTAssertEqual(Policy.createClientForSelf(C.context(C.otto)), .allowed, "Globex's Web Developer has IDM Non-Admin")
        XCTAssertEqual(Policy.createClientForSelf(C.rheaAtHome), .allowed, "rhea is an Admin in her own account")
    }

    func testRule1WithoutIDMPermissionTheButtonIsInactiveAndNamesThePermission() {
        let decision = Policy.createClientForSelf(C.context(C.vera))
        XCTAssertFalse(decision.isAllowed)
        XCTAssertEqual(decision.reasonText, Self.needsClientPermission)
        XCTAssertTrue(decision.reasonText.contains("IDM Admin or IDM Non-Admin: Manage API Clients"))
        XCTAssertTrue(decision.reasonText.contains("Admin role"))
    }

    func testRule1LockedUserCannotCreate() {
        var nora = C.nora
        nora.locked = true
        XCTAssertEqual(Policy.createClientForSelf(C.context(nora)).reasonText, "Your user nora is locked.")
    }

    // MARK: - Rule 2: resellers

    func testRule2ResellerBrowsingManagedAccountCannotCreate() {
        let decision = Policy.createClientForSelf(C.rheaBrowsingAcme)
        XCTAssertEqual(decision.reasonText, Self.rheaReason)
        XCTAssertTrue(decision.reasonText.contains("Acme Media"), "names the managed account")
        XCTAssertTrue(decision.reasonText.contains("Northwind Partners"), "names the reseller")
    }

    func testRule2ResellerReasonWinsEvenWithAdminAccess() {
        // Even if rhea somehow carried her Admin access into Acme, the reseller rule still applies.
        let rheaWithAccess = ActorContext(user: C.rhea, homeAccount: C.northwind, account: C.acme, access: C.access(C.alice))
        XCTAssertEqual(Policy.createClientForSelf(rheaWithAccess).reasonText, Self.rheaReason)
        XCTAssertEqual(Policy.createClientForOthers(rheaWithAccess).reasonText, Self.rheaReason)
    }

    func testRule2ResellerCannotCreateForAUserOfTheManagedAccount() {
        let decision = Policy.createClient(C.rheaBrowsingAcme, owner: C.nora, ownerAccess: C.access(C.nora))
        XCTAssertEqual(decision.reasonText, Self.rheaReason)
        XCTAssertEqual(Policy.createClientForOthers(C.rheaBrowsingAcme).reasonText, Self.rheaReason)
    }

    // MARK: - Rule 3: New API client for another user

    func testRule3AdminAndIDMAdminMayCreateForOthers() {
        XCTAssertEqual(Policy.createClientForOthers(C.context(C.alice)), .allowed)
        XCTAssertEqual(Policy.createClientForOthers(C.context(C.ivan)), .allowed)
    }

    func testRule3IDMNonAdminMayNotCreateForOthers() {
        let expected = "You need the Admin role or a role with IDM Admin: Manage API Clients to create a client for another user."
        for user in [C.nora, C.mike, C.pat, C.vera] {
            XCTAssertEqual(Policy.createClientForOthers(C.context(user)).reasonText, expected, user.login)
        }
        XCTAssertEqual(Policy.createClient(C.context(C.mike), owner: C.nora, ownerAccess: C.access(C.nora)).reasonText, expected)
    }

    func testCreateClientForSelfGoesThroughRule1() {
        XCTAssertEqual(Policy.createClient(C.context(C.mike), owner: C.mike, ownerAccess: C.access(C.mike)), .allowed)
        XCTAssertEqual(Policy.createClient(C.context(C.vera), owner: C.vera, ownerAccess: C.access(C.vera)).reasonText,
                       Self.needsClientPermission)
    }

    func testIvanCreatesForNoraAsInTheDemo() {
        XCTAssertEqual(Policy.createClient(C.context(C.ivan), owner: C.nora, ownerAccess: C.access(C.nora)), .allowed)
        XCTAssertEqual(Policy.createClient(C.context(C.alice), owner: C.vera, ownerAccess: C.access(C.vera)), .allowed,
                       "the owner needs group access, not IDM permissions, to be given a client")
    }

    func testCreateForOwnerOfAnotherAccountIsRefused() {
        let decision = Policy.createClient(C.context(C.alice), owner: C.otto, ownerAccess: C.access(C.otto))
        XCTAssertEqual(decision.reasonText, "User otto belongs to another account than Acme Media.")
    }

    func testCreateForLockedOwnerIsRefused() {
        var pat = C.pat
        pat.locked = true
        let decision = Policy.createClient(C.context(C.ivan), owner: pat, ownerAccess: C.access(pat))
        XCTAssertEqual(decision.reasonText, "pat is locked and cannot own an API client.")
    }

    func testCreateForOwnerWithoutGroupAccessIsRefused() {
        var vera = C.vera
        vera.grants = []
        let decision = Policy.createClient(C.context(C.ivan), owner: vera, ownerAccess: C.access(vera))
        XCTAssertEqual(decision.reasonText, "vera has no group access in Acme Media to derive a client's access from.")
    }

    func testLockedActorCannotCreateForOthers() {
        var ivan = C.ivan
        ivan.locked = true
        XCTAssertEqual(Policy.createClientForOthers(C.context(ivan)).reasonText, "Your user ivan is locked.")
    }
}
