import Foundation
import IDMDomain
@testable import IDMStore
import XCTest

/// The secret is shown once and stored nowhere: not in the database file, not in its WAL.
final class CredentialSecrecyTests: XCTestCase {
    func testSecretLeavesNoTraceInDatabaseFileOrWAL() throws {
        let dir = try TestDirectory()
        let bot = try dir.client("reporting-bot")
        let issued = try dir.service.generateCredential(ActorRef(login: "nora"), client: bot.id, description: "laptop")

        XCTAssertEqual(issued.secret.count, 44)
        XCTAssertTrue(issued.clientToken.hasPrefix("ctok-"))
        var needles = [Data(issued.secret.utf8)]
        // Also any long run of the secret, and its raw bytes, in case something stored them.
        needles.append(Data(issued.secret.prefix(12).utf8))
        needles.append(Data(base64Encoded: issued.secret)!)
        for file in [dir.path, dir.path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            XCTAssertGreaterThan(bytes.count, 0)
            for needle in needles {
                XCTAssertNil(bytes.range(of: needle), "\(file) holds part of the secret")
            }
        }
        // What is stored: the last four, and a hash that matches the secret with its salt.
        let stored = try dir.store.read { db in
            try Row.fetchOne(db, sql: "SELECT secret_salt, secret_hash, secret_last4 FROM credential WHERE id = ?", arguments: [issued.credentialID])!
        }
        XCTAssertEqual(stored["secret_last4"] as String, String(issued.secret.suffix(4)))
        let salt: Data = stored["secret_salt"]
        let hash: Data = stored["secret_hash"]
        XCTAssertEqual(Array(hash), CredentialFactory.hash(secret: issued.secret, salt: Array(salt)))
    }

    func testSystemEntropyGivesDifferentSecretsEachTime() throws {
        let a = CredentialFactory(entropy: SystemEntropy()).secret()
        let b = CredentialFactory(entropy: SystemEntropy()).secret()
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(Data(base64Encoded: a)?.count, 33)
    }
}

import GRDB
