import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// Two writers, one file: the second, holding a stale version, is refused and changes nothing.
final class ConflictTests: XCTestCase {
    func testSecondWriterWithStaleVersionGetsConflictAndFirstChangeSurvives() throws {
        let dir = try TestDirectory()
        // A second, independent connection pool on the same file, as another process would have.
        let otherStore = try Store(path: dir.path)
        let other = DirectoryService(store: otherStore, clock: { TestDirectory.now.addingTimeInterval(60) })

        let stale = try dir.client("reporting-bot")          // both read version N
        try other.lockClient(ActorRef(login: "ivan"), client: stale.id, expectedVersion: stale.version)   // first writer wins
        let auditAfterFirst = try dir.auditCount()

        XCTAssertThrowsError(try dir.service.lockClient(ActorRef(login: "nora"), client: stale.id, expectedVersion: stale.version)) { error in
            guard case IDMError.conflict(let target, let by, let at) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(target, "reporting-bot")
            XCTAssertEqual(by, "ivan")
            XCTAssertEqual(at, TestDirectory.now.addingTimeInterval(60))
            XCTAssertTrue("\(error)".contains("changed by ivan at 2026-"), "\(error)")
        }
        let now = try dir.client("reporting-bot")
        XCTAssertTrue(now.locked)
        XCTAssertEqual(now.version, stale.version + 1)
        XCTAssertEqual(try dir.auditCount(), auditAfterFirst, "the refused write left no event")
    }

    func testStaleCredentialChangeIsRefused() throws {
        let dir = try TestDirectory()
        let pipeline = try dir.client("purge-pipeline")
        let credential = try dir.store.read { db in try Q.credentials(db, client: pipeline.id).first { $0.status == .inactive }! }
        try dir.service.setCredentialStatus(ActorRef(login: "mike"), credential: credential.id, active: true, expectedVersion: credential.version)
        XCTAssertThrowsError(try dir.service.deleteCredential(ActorRef(login: "mike"), credential: credential.id, expectedVersion: credential.version)) {
            guard case IDMError.conflict = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try dir.store.read { db in try Q.credential(db, id: credential.id)!.status }, .active)
    }
}
