import XCTest
@testable import IDMDomain

/// Every client action for every member of the demo cast, on each demo client: who may.
/// Everyone not listed is refused, with a reason a person can act on.
final class CastActionMatrixTests: XCTestCase {
    typealias C = DemoCast

    enum Act: String, CaseIterable {
        case generate, rotate, activate, deactivate, deactivateAll, editAuthorization, editDetails, transfer, lock, unlock, delete
    }

    /// rhea is browsing Acme Media from Northwind Partners.
    static let actors: [(String, ActorContext)] = [
        ("alice", C.context(C.alice)), ("ivan", C.context(C.ivan)), ("nora", C.context(C.nora)), ("mike", C.context(C.mike)),
        ("pat", C.context(C.pat)), ("vera", C.context(C.vera)), ("rhea", C.rheaBrowsingAcme),
    ]

    /// Who may, per client and action (from notes/domain.md rules 4, 5, 9 and the cast).
    static let allowed: [String: [Act: Set<String>]] = [
        "reporting-bot": [   // owner nora, creator ivan, no credential yet
            .generate: ["nora"], .rotate: [], .activate: ["nora", "ivan"], .deactivate: ["nora", "ivan", "alice"], .deactivateAll: [],
            .editAuthorization: ["nora"], .editDetails: ["nora", "ivan", "alice"], .transfer: ["ivan", "alice"],
            .lock: ["nora", "ivan", "alice"], .unlock: [], .delete: ["nora", "ivan", "alice"],
        ],
        "purge-pipeline": [  // owner and creator mike; one active and one inactive credential (the cap)
            .generate: [], .rotate: [], .activate: ["mike"], .deactivate: ["mike", "ivan", "alice"], .deactivateAll: ["mike", "ivan", "alice"],
            .editAuthorization: ["mike"], .editDetails: ["mike", "ivan", "alice"], .transfer: ["mike", "alice"],
            .lock: ["mike", "ivan", "alice"], .unlock: [], .delete: [],
        ],
        // owner alice, locked: only unlocking, by an Admin or IDM Admin; and, in an incident,
        // deactivating its credentials (rule 16)
        "legacy-sync": [
            .generate: [], .rotate: [], .activate: [], .deactivate: ["alice", "ivan"], .deactivateAll: [],
            .editAuthorization: [], .editDetails: [], .transfer: [], .lock: [], .unlock: ["alice", "ivan"], .delete: [],
        ],
    ]

    func credentials(_ client: APIClient) -> [Credential] {
        client.id == C.purgePipeline.id ? C.pipelineCredentials : []
    }

    func decide(_ act: Act, _ ctx: ActorContext, _ client: APIClient) -> Decision {
        let owner = C.user(id: client.ownerID)
        let creator = C.user(id: client.creatorID)
        let creds = credentials(client)
        switch act {
        case .generate: return Policy.generateCredential(ctx, client: client, owner: owner, credentials: creds)
        case .rotate: return Policy.rotateCredential(ctx, client: client, owner: owner, credentials: creds)
        case .activate: return Policy.setCredentialStatus(ctx, client: client, owner: owner, creator: creator, activate: true)
        case .deactivate: return Policy.setCredentialStatus(ctx, client: client, owner: owner, creator: creator, activate: false)
        case .deactivateAll: return Policy.deactivateAllCredentials(ctx, client: client, owner: owner, creator: creator, credentials: creds)
        case .editAuthorization: return Policy.editAuthorization(ctx, client: client, owner: owner, ownerAccess: C.access(owner))
        case .editDetails: return Policy.editDetails(ctx, client: client, owner: owner, creator: creator)
        case .transfer: return Policy.transferOwnership(ctx, client: client, creator: creator)
        case .lock: return Policy.lockClient(ctx, client: client, owner: owner, creator: creator)
        case .unlock: return Policy.unlockClient(ctx, client: client)
        case .delete: return Policy.deleteClient(ctx, client: client, owner: owner, creator: creator, credentials: creds)
        }
    }

    func testEveryActionForEveryMemberOfTheCast() {
        for client in C.clients {
            for act in Act.allCases {
                let expected = Self.allowed[client.name]![act]!
                for (login, ctx) in Self.actors {
                    let decision = decide(act, ctx, client)
                    XCTAssertEqual(decision.isAllowed, expected.contains(login),
                                   "\(login) \(act.rawValue) \(client.name): \(decision)")
                    if let reason = decision.reason {
                        XCTAssertTrue(reason.hasSuffix(".") || reason == Policy.multipleContractsReason, "a sentence: \(reason)")
                        XCTAssertGreaterThan(reason.count, 15, "\(login) \(act.rawValue) \(client.name): a reason a person can act on")
                    }
                }
            }
        }
    }

    func testReasonsNameWhoCanDoIt() {
        XCTAssertEqual(decide(.generate, C.context(C.ivan), C.reportingBot).reason,
                       "Only the owner (nora) can generate credentials for reporting-bot.")
        XCTAssertEqual(decide(.transfer, C.context(C.nora), C.reportingBot).reason,
                       "Only the creator (ivan) or an Admin can transfer ownership of reporting-bot.")
        XCTAssertEqual(decide(.rotate, C.context(C.nora), C.reportingBot).reason,
                       "reporting-bot has no active credential to rotate; generate one instead.")
        XCTAssertEqual(decide(.rotate, C.context(C.mike), C.purgePipeline).reason,
                       "purge-pipeline already has 2 credentials, the most a client may have; delete an inactive one first.")
        XCTAssertTrue(decide(.lock, C.rheaBrowsingAcme, C.purgePipeline).reason!.contains("resellers cannot change API clients"))
        XCTAssertEqual(decide(.unlock, C.context(C.mike), C.legacySync).reason,
                       "Only an Admin or a user with IDM Admin: Manage API Clients can unlock legacy-sync.")
    }
}
