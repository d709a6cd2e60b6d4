import Foundation
import IDMDomain
@testable import IDMStore
import XCTest

/// The service asks the policy again before every write, and a refusal writes nothing.
final class ServiceRuleTests: XCTestCase {
    func testRefusedChangeWritesNothing() throws {
        let dir = try TestDirectory()
        let bot = try dir.client("reporting-bot")
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.generateCredential(ActorRef(login: "ivan"), client: bot.id)) { error in
            XCTAssertEqual(error as? IDMError, .denied("Only the owner (nora) can generate credentials for reporting-bot."))
        }
        XCTAssertEqual(try dir.auditCount(), before)
        XCTAssertEqual(try dir.store.read { db in try Q.credentials(db, client: bot.id).count }, 0)
    }

    func testPAPIOnTwoContractsIsRefusedAndOnOneIsCreatedWithItsAudit() throws {
        let dir = try TestDirectory()
        let mike = try dir.user("mike")
        let mikeRef = ActorRef(login: "mike")
        let twoContracts = ClientDraft(ownerID: mike.id, name: "deployer", groupIDs: [try dir.group("Web Properties"), try dir.group("Live")],
                                       apis: [APIGrant(serviceID: "papi", level: .readWrite)])
        XCTAssertThrowsError(try dir.service.createClient(mikeRef, twoContracts)) { error in
            XCTAssertEqual("\(error)", "Property Manager API: Not Available due to multiple groups selected in Step 1")
        }
        var oneContract = twoContracts
        oneContract.groupIDs = [try dir.group("Web Properties")]
        let created = try dir.service.createClient(mikeRef, oneContract)
        XCTAssertEqual(created.ownerID, mike.id)
        XCTAssertEqual(created.creatorID, mike.id)
        let event = try dir.store.read { db in try Q.audit(db, account: created.accountID, filter: .init(limit: 1))[0] }
        XCTAssertEqual(event.action, "client.create")
        XCTAssertEqual(event.targetName, "deployer")
        XCTAssertEqual(event.after["apis"], "papi:READ-WRITE")
        XCTAssertEqual(event.after["groups"], "Acme Web > Web Properties")
    }

    func testLevelAboveOwnersIsRefused() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        XCTAssertThrowsError(try dir.service.createClient(ActorRef(login: "nora"), ClientDraft(
            ownerID: nora.id, name: "too-strong", groupIDs: [try dir.group("Staging")], apis: [APIGrant(serviceID: "papi", level: .readWrite)]))) {
            XCTAssertTrue("\($0)".contains("READ-ONLY; READ-WRITE would exceed it"), "\($0)")
        }
    }

    func testNameAlreadyUsedInTheAccountIsRefused() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        XCTAssertThrowsError(try dir.service.createClient(ActorRef(login: "nora"), ClientDraft(
            ownerID: nora.id, name: "Reporting-Bot", groupIDs: [try dir.group("Staging")], apis: []))) {
            XCTAssertEqual($0 as? IDMError, .alreadyExists("An API client named Reporting-Bot already exists in Acme Media."))
        }
    }

    func testOneClientPerContractIsAllOrNothing() throws {
        let dir = try TestDirectory()
        let mike = try dir.user("mike")
        let drafts = [
            ClientDraft(ownerID: mike.id, name: "papi-web", groupIDs: [try dir.group("Acme Web")], apis: [APIGrant(serviceID: "papi", level: .readOnly)]),
            ClientDraft(ownerID: mike.id, name: "purge-pipeline", groupIDs: [try dir.group("Live")], apis: [APIGrant(serviceID: "papi", level: .readOnly)]),
        ]
        XCTAssertThrowsError(try dir.service.createClients(ActorRef(login: "mike"), drafts))
        XCTAssertEqual(try dir.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_client WHERE name = 'papi-web'") }, 0,
                       "the first client of the batch was rolled back with the second")
    }

    func testDeleteClientNeedsNoActiveCredentialThenRemovesIt() throws {
        let dir = try TestDirectory()
        let pipeline = try dir.client("purge-pipeline")
        let mike = ActorRef(login: "mike")
        XCTAssertThrowsError(try dir.service.deleteClient(mike, client: pipeline.id))
        for credential in try dir.store.read({ db in try Q.credentials(db, client: pipeline.id) }) where credential.status == .active {
            try dir.service.setCredentialStatus(mike, credential: credential.id, active: false)
        }
        try dir.service.deleteClient(mike, client: pipeline.id)
        XCTAssertNil(try dir.store.read { db in try Q.client(db, id: pipeline.id) })
        let event = try dir.store.read { db in try Q.audit(db, account: pipeline.accountID, filter: .init(action: "client.delete"))[0] }
        XCTAssertEqual(event.before["name"], "purge-pipeline")
        XCTAssertEqual(event.actorLogin, "mike")
    }

    func testTransferDropsWhatTheNewOwnerCannotHold() throws {
        let dir = try TestDirectory()
        let bot = try dir.client("reporting-bot")
        // pat has no Property Manager: papi goes, reporting stays.
        try dir.service.transferOwnership(ActorRef(login: "ivan"), client: bot.id, to: "pat")
        let after = try dir.client("reporting-bot")
        XCTAssertEqual(after.ownerID, try dir.user("pat").id)
        XCTAssertEqual(after.apis.map(\.serviceID), ["reporting"])
    }

    func testCredentialExpiryCannotPassTheMaximum() throws {
        let dir = try TestDirectory()
        let pipeline = try dir.client("purge-pipeline")
        let active = try dir.store.read { db in try Q.credentials(db, client: pipeline.id).first { $0.status == .active }! }
        XCTAssertThrowsError(try dir.service.setCredentialExpiry(ActorRef(login: "mike"), credential: active.id,
                                                                 expiresAt: TestDirectory.now.addingTimeInterval(800 * 86_400))) {
            XCTAssertTrue("\($0)".contains("at most 730 days"), "\($0)")
        }
    }
}
