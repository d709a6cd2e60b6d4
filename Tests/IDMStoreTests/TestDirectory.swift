import Foundation
import IDMDomain
@testable import IDMStore

/// A fresh demo directory in a temporary file, seeded at a fixed time.
final class TestDirectory {
    static let now = Date(timeIntervalSince1970: 1_796_000_000) // 2026-11-30 00:53 UTC
    let folder: URL
    let path: String
    let store: Store
    let service: DirectoryService

    init(seeded: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("idm.sqlite").path
        store = try Store(path: path)
        if seeded { try DemoSeed.seed(store: store, now: Self.now) }
        service = DirectoryService(store: store, clock: { Self.now })
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func client(_ name: String) throws -> APIClient {
        try store.read { db in try Q.client(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: name)! }
    }

    func user(_ login: String) throws -> User {
        try store.read { db in try Q.user(db, login: login)! }
    }

    func group(_ name: String) throws -> GroupID {
        try store.read { db in try Q.tree(db, account: try Q.account(db, named: DemoSeed.acme)!.id).groups(named: name)[0].id }
    }

    func auditCount() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event")! }
    }
}

import GRDB
