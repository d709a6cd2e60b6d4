import XCTest
@testable import IDMDomain

/// Rule 10 with migrated records: found by these tests, fixed in UserPolicy.deleteUser.
final class DeleteUserWithMigratedRecordTests: XCTestCase {
    typealias C = DemoCast

    /// Rule 10 + migration [FAQ]: every legacy user gets a read-only record of type `User`,
    /// owned by that user. `Policy.deleteUser` (UserPolicy.swift:12-21) counts that record as an
    /// owned API client and asks to "transfer ownership first", but a `User` record refuses every
    /// change, transfer included (ClientPolicy.swift:9-10). The user can never be deleted: the
    /// admin is sent round in a circle. Only `API` clients should block the deletion.
    func test_Rule10_MigratedUserRecordDoesNotBlockDeletingItsUser() {
        let record = C.patUserRecord
        // Precondition of the deadlock: the record cannot be transferred.
        XCTAssertFalse(Policy.transferOwnership(C.context(C.alice), client: record, creator: C.pat).isAllowed)
        // The rule: pat owns no API client, so an Admin may delete pat.
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.pat, ownedClients: [record]), .allowed)
    }

    /// Same cause: a user with one real client and their migrated record is told they own two
    /// API clients, one of which ("pat (User)") can never be transferred.
    func test_Rule10_ReasonCountsOnlyAPIClients() {
        let real = APIClient(id: 30, accountID: 2, clientKey: "akab-cache-warmer", name: "cache-warmer", ownerID: C.pat.id,
                             creatorID: C.pat.id, groupIDs: [C.live.id], apis: [APIGrant(serviceID: "ccu", level: .readWrite)])
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.pat, ownedClients: [C.patUserRecord, real]).reasonText,
                       "pat owns 1 API client (cache-warmer); transfer ownership first.")
    }
}
