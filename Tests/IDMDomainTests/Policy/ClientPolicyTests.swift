import XCTest
@testable import IDMDomain

/// Rules 4, 5 and 9 on existing clients: credentials, authorization, details, ownership,
/// locking, deleting; and migrated `User` records, which refuse every change.
final class ClientPolicyTests: XCTestCase {
    typealias C = DemoCast

    static let rheaChangeReason = "You are browsing Acme Media, an account managed by Northwind Partners: " +
        "resellers cannot change API clients under the accounts they manage."
    static let legacyLocked = "legacy-sync is locked; an Admin or IDM Admin must unlock it first."

    // MARK: - Rule 4: only the owner generates credentials; cap of 2

    func testRule4OwnerGeneratesCredential() {
        XCTAssertEqual(Policy.generateCredential(C.context(C.nora), client: C.reportingBot, owner: C.nora, credentials: []), .allowed)
        XCTAssertEqual(Policy.generateCredential(C.context(C.nora), client: C.reportingBot, owner: C.nora,
                                                 credentials: [C.credential(7, client: 1, .active)]), .allowed, "one existing: a second may overlap")
    }

    func testRule4CreatorAndAdminsCannotGenerateCredential() {
        let expected = "Only the owner (nora) can generate credentials for reporting-bot."
        for actor in [C.ivan, C.alice, C.mike] {
            XCTAssertEqual(Policy.generateCredential(C.context(actor), client: C.reportingBot, owner: C.nora, credentials: []).reasonText,
                           expected, "\(actor.login) is not the owner")
        }
    }

    func testCredentialCapOfTwo() {
        let decision = Policy.generateCredential(C.context(C.mike), client: C.purgePipeline, owner: C.mike, credentials: C.pipelineCredentials)
        XCTAssertEqual(decision.reasonText,
                       "purge-pipeline already has 2 credentials, the most a client may have; delete an inactive one first.")
        XCTAssertEqual(Credential.maximumPerClient, 2)
    }

    func testDeletedCredentialsDoNotCountTowardsTheCap() {
        let creds = [C.pipelineCurrentCredential, C.credential(3, client: 2, .deleted), C.credential(4, client: 2, .deleted)]
        XCTAssertEqual(Policy.generateCredential(C.context(C.mike), client: C.purgePipeline, owner: C.mike, credentials: creds), .allowed)
    }

    // MARK: - Rule 5: owner and creator enable and disable credentials

    func testRule5CreatorAndOwnerSetCredentialStatus() {
        // reporting-bot: owner nora, creator ivan
        for actor in [C.nora, C.ivan] {
            for activate in [true, false] {
                XCTAssertEqual(Policy.setCredentialStatus(C.context(actor), client: C.reportingBot, owner: C.nora, creator: C.ivan,
                                                          activate: activate), .allowed, "\(actor.login) activate=\(activate)")
            }
        }
    }

    func testRule5OthersCannotSetCredentialStatus() {
        XCTAssertEqual(Policy.setCredentialStatus(C.context(C.mike), client: C.reportingBot, owner: C.nora, creator: C.ivan, activate: false).reasonText,
                       "Only the owner (nora), the creator (ivan), an Admin or an IDM Admin can deactivate credentials of reporting-bot.")
        XCTAssertEqual(Policy.setCredentialStatus(C.context(C.alice), client: C.reportingBot, owner: C.nora, creator: C.ivan, activate: true).reasonText,
                       "Only the owner (nora) or the creator (ivan) can activate credentials of reporting-bot.")
    }

    func testEditCredentialOwnerOrCreator() {
        XCTAssertEqual(Policy.editCredential(C.context(C.ivan), client: C.reportingBot, owner: C.nora, creator: C.ivan), .allowed)
        XCTAssertEqual(Policy.editCredential(C.context(C.nora), client: C.reportingBot, owner: C.nora, creator: C.ivan), .allowed)
        XCTAssertEqual(Policy.editCredential(C.context(C.pat), client: C.reportingBot, owner: C.nora, creator: C.ivan).reasonText,
                       "Only the owner (nora) or the creator (ivan) can change credentials of reporting-bot.")
    }

    // MARK: - Deleting credentials: only inactive ones; DELETED is final

    func testDeleteOnlyInactiveCredential() {
        let ctx = C.context(C.mike)
        XCTAssertEqual(Policy.deleteCredential(ctx, client: C.purgePipeline, owner: C.mike, creator: C.mike,
                                               credential: C.pipelineOldCredential), .allowed)
        XCTAssertEqual(Policy.deleteCredential(ctx, client: C.purgePipeline, owner: C.mike, creator: C.mike,
                                               credential: C.pipelineCurrentCredential).reasonText,
                       "Only an inactive credential can be deleted; deactivate it first.")
        XCTAssertEqual(Policy.deleteCredential(ctx, client: C.purgePipeline, owner: C.mike, creator: C.mike,
                                               credential: C.credential(5, client: 2, .deleted)).reasonText,
                       "That credential is already deleted.")
    }

    func testDeleteCredentialNeedsOwnerOrCreator() {
        XCTAssertEqual(Policy.deleteCredential(C.context(C.ivan), client: C.purgePipeline, owner: C.mike, creator: C.mike,
                                               credential: C.pipelineOldCredential).reasonText,
                       "Only the owner and creator (mike) can change credentials of purge-pipeline.")
    }

    // MARK: - Rule 4: authorization (APIs, groups): owner only, while they can manage clients

    func testRule4OwnerEditsAuthorization() {
        XCTAssertEqual(Policy.editAuthorization(C.context(C.nora), client: C.reportingBot, owner: C.nora, ownerAccess: C.access(C.nora)), .allowed)
        XCTAssertEqual(Policy.editAuthorization(C.context(C.mike), client: C.purgePipeline, owner: C.mike, ownerAccess: C.access(C.mike)), .allowed)
    }

    func testRule4CreatorAndAdminsCannotEditAuthorization() {
        for actor in [C.ivan, C.alice] {
            XCTAssertEqual(Policy.editAuthorization(C.context(actor), client: C.reportingBot, owner: C.nora, ownerAccess: C.access(C.nora)).reasonText,
                           "Only the owner (nora) can edit the API access of reporting-bot.", actor.login)
        }
    }

    func testRule4OwnerWithoutIDMPermissionCannotEditAuthorization() {
        // ivan created a client for vera, who holds no IDM permission.
        let client = APIClient(id: 20, accountID: 2, clientKey: "akab-vera-reports", name: "vera-reports", ownerID: C.vera.id,
                               creatorID: C.ivan.id, groupIDs: [C.acmeWeb.id], apis: [APIGrant(serviceID: "reporting", level: .readOnly)])
        XCTAssertEqual(Policy.editAuthorization(C.context(C.vera), client: client, owner: C.vera, ownerAccess: C.access(C.vera)).reasonText,
                       "The owner (vera) needs the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients on Acme Web to edit its API access.")
    }

    // MARK: - Details [ours]: owner, creator or IDM Admin

    func testEditDetails() {
        for actor in [C.nora, C.ivan, C.alice] {
            XCTAssertEqual(Policy.editDetails(C.context(actor), client: C.reportingBot, owner: C.nora, creator: C.ivan), .allowed, actor.login)
        }
        XCTAssertEqual(Policy.editDetails(C.context(C.ivan), client: C.purgePipeline, owner: C.mike, creator: C.mike), .allowed,
                       "IDM Admin edits any client's details")
        XCTAssertEqual(Policy.editDetails(C.context(C.mike), client: C.reportingBot, owner: C.nora, creator: C.ivan).reasonText,
                       "Only the owner (nora), the creator (ivan), an Admin or an IDM Admin can edit reporting-bot.")
    }

    // MARK: - Rule 5: ownership

    func testRule5CreatorTransfersOwnership() {
        XCTAssertEqual(Policy.transferOwnership(C.context(C.ivan), client: C.reportingBot, creator: C.ivan), .allowed)
        XCTAssertEqual(Policy.transferOwnership(C.context(C.mike), client: C.purgePipeline, creator: C.mike), .allowed,
                       "mike is owner and creator")
        XCTAssertEqual(Policy.transferOwnership(C.context(C.alice), client: C.reportingBot, creator: C.ivan), .allowed, "an Admin may too")
    }

    func testRule5OwnerWhoIsNotCreatorCannotTransfer() {
        XCTAssertEqual(Policy.transferOwnership(C.context(C.nora), client: C.reportingBot, creator: C.ivan).reasonText,
                       "Only the creator (ivan) or an Admin can transfer ownership of reporting-bot.")
        XCTAssertEqual(Policy.transferOwnership(C.context(C.ivan), client: C.purgePipeline, creator: C.mike).reasonText,
                       "Only the creator (mike) or an Admin can transfer ownership of purge-pipeline.", "IDM Admin is not Admin")
    }

    // MARK: - Rule 9: locking

    func testLockClient() {
        for actor in [C.nora, C.ivan, C.alice] {
            XCTAssertEqual(Policy.lockClient(C.context(actor), client: C.reportingBot, owner: C.nora, creator: C.ivan), .allowed, actor.login)
        }
        XCTAssertEqual(Policy.lockClient(C.context(C.pat), client: C.reportingBot, owner: C.nora, creator: C.ivan).reasonText,
                       "Only the owner (nora), the creator (ivan), an Admin or an IDM Admin can lock reporting-bot.")
        XCTAssertEqual(Policy.lockClient(C.context(C.alice), client: C.legacySync, owner: C.alice, creator: C.alice).reasonText,
                       "legacy-sync is already locked.")
    }

    func testRule9LockedClientRefusesEveryEdit() {
        let client = C.legacySync
        let alice = C.context(C.alice)
        let decisions: [String: Decision] = [
            "generateCredential": Policy.generateCredential(alice, client: client, owner: C.alice, credentials: []),
            "setCredentialStatus": Policy.setCredentialStatus(alice, client: client, owner: C.alice, creator: C.alice, activate: true),
            "editCredential": Policy.editCredential(alice, client: client, owner: C.alice, creator: C.alice),
            "deleteCredential": Policy.deleteCredential(alice, client: client, owner: C.alice, creator: C.alice,
                                                        credential: C.credential(8, client: 3, .inactive)),
            "editAuthorization": Policy.editAuthorization(alice, client: client, owner: C.alice, ownerAccess: C.access(C.alice)),
            "editDetails": Policy.editDetails(alice, client: client, owner: C.alice, creator: C.alice),
            "transferOwnership": Policy.transferOwnership(alice, client: client, creator: C.alice),
            "deleteClient": Policy.deleteClient(alice, client: client, owner: C.alice, creator: C.alice, credentials: []),
        ]
        for (name, decision) in decisions {
            XCTAssertEqual(decision.reasonText, Self.legacyLocked, name)
        }
    }

    func testRule9UnlockByAdminOrIDMAdminOnly() {
        XCTAssertEqual(Policy.unlockClient(C.context(C.alice), client: C.legacySync), .allowed)
        XCTAssertEqual(Policy.unlockClient(C.context(C.ivan), client: C.legacySync), .allowed, "IDM Admin")
        let expected = "Only an Admin or a user with IDM Admin: Manage API Clients can unlock legacy-sync."
        for actor in [C.nora, C.mike, C.pat, C.vera] {
            XCTAssertEqual(Policy.unlockClient(C.context(actor), client: C.legacySync).reasonText, expected, actor.login)
        }
    }

    func testRule9OwnerWithoutIDMAdminCannotUnlockTheirOwnClient() {
        var locked = C.purgePipeline
        locked.locked = true
        XCTAssertEqual(Policy.unlockClient(C.context(C.mike), client: locked).reasonText,
                       "Only an Admin or a user with IDM Admin: Manage API Clients can unlock purge-pipeline.")
        XCTAssertEqual(Policy.generateCredential(C.context(C.mike), client: locked, owner: C.mike, credentials: []).reasonText,
                       "purge-pipeline is locked; an Admin or IDM Admin must unlock it first.")
    }

    func testUnlockingAnUnlockedClient() {
        XCTAssertEqual(Policy.unlockClient(C.context(C.alice), client: C.reportingBot).reasonText, "reporting-bot is not locked.")
    }

    // MARK: - Rule 9: deleting a client

    func testRule9DeleteRefusedWithAnActiveCredential() {
        let decision = Policy.deleteClient(C.context(C.mike), client: C.purgePipeline, owner: C.mike, creator: C.mike,
                                           credentials: C.pipelineCredentials)
        XCTAssertEqual(decision.reasonText, "purge-pipeline has 1 active credential; deactivate it before deleting the client.")
        let two = [C.credential(1, client: 2, .active), C.credential(2, client: 2, .active)]
        XCTAssertEqual(Policy.deleteClient(C.context(C.mike), client: C.purgePipeline, owner: C.mike, creator: C.mike, credentials: two).reasonText,
                       "purge-pipeline has 2 active credentials; deactivate them before deleting the client.")
    }

    func testRule9DeleteAllowedWithOnlyInactiveOrDeletedCredentials() {
        let creds = [C.pipelineOldCredential, C.credential(3, client: 2, .deleted)]
        for actor in [C.mike, C.ivan, C.alice] {
            XCTAssertEqual(Policy.deleteClient(C.context(actor), client: C.purgePipeline, owner: C.mike, creator: C.mike, credentials: creds),
                           .allowed, actor.login)
        }
        XCTAssertEqual(Policy.deleteClient(C.context(C.ivan), client: C.reportingBot, owner: C.nora, creator: C.ivan, credentials: []), .allowed,
                       "creator")
        XCTAssertEqual(Policy.deleteClient(C.context(C.nora), client: C.reportingBot, owner: C.nora, creator: C.ivan, credentials: []), .allowed,
                       "owner")
    }

    func testDeleteClientByStrangerIsRefused() {
        XCTAssertEqual(Policy.deleteClient(C.context(C.pat), client: C.purgePipeline, owner: C.mike, creator: C.mike, credentials: []).reasonText,
                       "Only the owner and creator (mike), an Admin or an IDM Admin can delete purge-pipeline.")
    }

    // MARK: - Migrated User records refuse every change

    func testMigratedUserRecordRefusesEveryChange() {
        let record = C.patUserRecord
        let reason = "pat (User) is a read-only User record migrated from Manage APIs; it cannot be changed."
        var lockedRecord = record
        lockedRecord.locked = true
        for actor in [C.context(C.pat), C.context(C.alice), C.context(C.ivan)] {
            let decisions: [String: Decision] = [
                "generateCredential": Policy.generateCredential(actor, client: record, owner: C.pat, credentials: []),
                "setCredentialStatus": Policy.setCredentialStatus(actor, client: record, owner: C.pat, creator: C.pat, activate: false),
                "editCredential": Policy.editCredential(actor, client: record, owner: C.pat, creator: C.pat),
                "deleteCredential": Policy.deleteCredential(actor, client: record, owner: C.pat, creator: C.pat,
                                                            credential: C.credential(9, client: 9, .inactive)),
                "editAuthorization": Policy.editAuthorization(actor, client: record, owner: C.pat, ownerAccess: C.access(C.pat)),
                "editDetails": Policy.editDetails(actor, client: record, owner: C.pat, creator: C.pat),
                "transferOwnership": Policy.transferOwnership(actor, client: record, creator: C.pat),
                "lockClient": Policy.lockClient(actor, client: record, owner: C.pat, creator: C.pat),
                "unlockClient": Policy.unlockClient(actor, client: lockedRecord),
                "deleteClient": Policy.deleteClient(actor, client: record, owner: C.pat, creator: C.pat, credentials: []),
            ]
            for (name, decision) in decisions {
                XCTAssertEqual(decision.reasonText, reason, "\(actor.login) \(name)")
            }
        }
    }

    // MARK: - Who and where: resellers, other accounts, locked actors

    func testResellerBrowsingCannotChangeAnyClient() {
        let rhea = C.rheaBrowsingAcme
        XCTAssertEqual(Policy.editDetails(rhea, client: C.reportingBot, owner: C.nora, creator: C.ivan).reasonText, Self.rheaChangeReason)
        XCTAssertEqual(Policy.unlockClient(rhea, client: C.legacySync).reasonText, Self.rheaChangeReason)
        XCTAssertEqual(Policy.deleteClient(rhea, client: C.reportingBot, owner: C.nora, creator: C.ivan, credentials: []).reasonText,
                       Self.rheaChangeReason)
        XCTAssertEqual(Policy.lockClient(rhea, client: C.reportingBot, owner: C.nora, creator: C.ivan).reasonText, Self.rheaChangeReason)
    }

    func testClientOfAnotherAccountCannotBeChanged() {
        let globexClient = APIClient(id: 40, accountID: 3, clientKey: "akab-shop", name: "shop-deployer", ownerID: C.otto.id,
                                     creatorID: C.otto.id, groupIDs: [C.onlineShop.id])
        XCTAssertEqual(Policy.editDetails(C.context(C.alice), client: globexClient, owner: C.otto, creator: C.otto).reasonText,
                       "shop-deployer belongs to another account than Acme Media.")
        XCTAssertEqual(Policy.editDetails(C.context(C.otto), client: globexClient, owner: C.otto, creator: C.otto), .allowed)
    }

    func testLockedActorCannotChangeClients() {
        var nora = C.nora
        nora.locked = true
        XCTAssertEqual(Policy.generateCredential(C.context(nora), client: C.reportingBot, owner: nora, credentials: []).reasonText,
                       "Your user nora is locked.")
        XCTAssertEqual(Policy.editAuthorization(C.context(nora), client: C.reportingBot, owner: nora, ownerAccess: C.access(nora)).reasonText,
                       "Your user nora is locked.")
    }
}
