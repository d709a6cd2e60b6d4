import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import IDMStore
import XCTest

/// A secret never goes into an `.edgerc` others can read: narrowed to 0600 first when this
/// process owns the file, refused otherwise. (Tests run as root in CI: a file "someone else
/// owns" is chown'ed to uid 65534.)
final class EdgercPermissionTests: XCTestCase {
    let secret = "s3cr3t+PERMISSION/test="
    lazy var credential = EdgercCredential(host: "akab-host.luna.akamaiapis.net", clientToken: "akab-client-token",
                                           clientSecret: secret, accessToken: "akab-access-token")
    var dir = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgerc-modes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ text: String, to path: String, mode: mode_t) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(path, mode), 0)
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    func info(_ path: String) -> stat {
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        return st
    }

    func testAnOwnedWorldReadableFileIsNarrowedBeforeTheSecretIsWritten() throws {
        let path = dir + "/.edgerc"
        try write("[a]\nhost = a\n", to: path, mode: 0o644)
        let warnings = try Edgerc.save(credential, section: "b", to: path)
        XCTAssertEqual(info(path).st_mode & 0o777, 0o600)
        XCTAssertTrue(try contents(path).contains("client_secret = \(secret)"))
        XCTAssertEqual(warnings, ["\(path) was readable by others (mode 0644); idm made it 0600 before writing the secret"])
        XCTAssertFalse(warnings.joined().contains(secret))
    }

    func testAnOwnedGroupReadableFileIsNarrowedWhenASectionIsReplaced() throws {
        let path = dir + "/.edgerc"
        try write("[b]\nclient_secret = old\nhost = hb\n", to: path, mode: 0o640)
        let warnings = try Edgerc.save(credential, section: "b", to: path, replace: true)
        XCTAssertEqual(info(path).st_mode & 0o777, 0o600)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("(mode 0640)"), warnings[0])
        XCTAssertFalse(try contents(path).contains("client_secret = old"))
    }

    func testAReadableFileSomeoneElseOwnsIsRefusedAndLeftAsItWas() throws {
        let path = dir + "/.edgerc"
        let original = "[a]\nhost = a\n"
        try write(original, to: path, mode: 0o644)
        guard chown(path, 65534, 65534) == 0 else { throw XCTSkip("cannot chown to uid 65534 here (not root)") }
        XCTAssertThrowsError(try Edgerc.save(credential, section: "b", to: path)) { error in
            guard case let .readableByOthers(p, mode, _)? = error as? EdgercError else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path)
            XCTAssertEqual(mode, "0644")
            XCTAssertTrue("\(error)".contains("will not write a secret"), "\(error)")
            XCTAssertTrue("\(error)".contains("chmod 600 \(path)"), "\(error)")
            XCTAssertFalse("\(error)".contains(self.secret))
        }
        XCTAssertEqual(try contents(path), original)
        XCTAssertEqual(info(path).st_mode & 0o777, 0o644)
        XCTAssertEqual(info(path).st_uid, 65534)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [".edgerc"], "no temporary file left")
    }

    func testAReadableFileReachedThroughALinkIsNarrowedAtItsTarget() throws {
        let real = dir + "/dotfiles-edgerc"
        try write("[a]\nhost = a\n", to: real, mode: 0o604)
        let link = dir + "/.edgerc"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        XCTAssertEqual(try Edgerc.save(credential, section: "b", to: link).count, 1)
        XCTAssertEqual(info(real).st_mode & 0o777, 0o600)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), real, "the link stays a link")
    }

    func testAPrivateFileSomeoneElseOwnsIsStillWritten() throws {
        // Not readable by others: nothing to narrow; root (CI) may write it, as before.
        let path = dir + "/.edgerc"
        try write("[a]\nhost = a\n", to: path, mode: 0o600)
        guard chown(path, 65534, 65534) == 0 else { throw XCTSkip("cannot chown to uid 65534 here (not root)") }
        XCTAssertEqual(try Edgerc.save(credential, section: "b", to: path), [])
        XCTAssertEqual(info(path).st_mode & 0o777, 0o600)
        XCTAssertEqual(info(path).st_uid, 65534, "the owner is kept")
    }
}
