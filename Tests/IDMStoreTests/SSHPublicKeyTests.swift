import Foundation
import IDMDomain
@testable import IDMStore
import XCTest

/// Keys are parsed and checked, never trusted as text: every key type OpenSSH makes is read with
/// the fingerprint ssh-keygen prints, and a line that is cut, mislabelled, or carries
/// authorized_keys options anywhere is refused with a reason.
final class SSHPublicKeyTests: XCTestCase {
    func testEveryKeyTypeParsesWithSSHKeygensFingerprint() throws {
        let fixtures = [SSHKeyFixtures.ed25519, SSHKeyFixtures.rsa3072, SSHKeyFixtures.ecdsa256, SSHKeyFixtures.ecdsa384,
                        SSHKeyFixtures.ecdsa521, SSHKeyFixtures.skEd25519]
        for fixture in fixtures {
            let key = try SSHPublicKey.parse(line: fixture.line).get()
            XCTAssertEqual(SSHFingerprint.of(key), fixture.fingerprint, fixture.line)
            XCTAssertEqual(key.line, fixture.line, "the line as the .pub file holds it")
            // What sshd hands AuthorizedKeysCommand (%t %k) is the same key.
            let parts = fixture.line.split(separator: " ")
            XCTAssertEqual(try SSHPublicKey.parse(type: String(parts[0]), base64: String(parts[1])).get().blob, key.blob)
        }
        XCTAssertEqual(try SSHPublicKey.parse(line: SSHKeyFixtures.rsa3072.line).get().bits, 3072)
        XCTAssertEqual(try SSHPublicKey.parse(line: SSHKeyFixtures.ecdsa521.line).get().bits, 521)
        // Surrounding blanks, tabs, no comment, a comment with spaces.
        let parts = SSHKeyFixtures.ed25519.line.split(separator: " ")
        XCTAssertEqual(try SSHPublicKey.parse(line: "  \(parts[0])\t\(parts[1])  \n").get().comment, "")
        XCTAssertEqual(try SSHPublicKey.parse(line: "\(parts[0]) \(parts[1]) Alice's laptop (2026)").get().comment, "Alice's laptop (2026)")
    }

    func testBadLinesAreRefusedWithTheirReason() {
        let ed = SSHKeyFixtures.ed25519.line.split(separator: " ").map(String.init)
        let edBlob = [UInt8](Data(base64Encoded: ed[1])!)
        let cut = Data(edBlob.dropLast(5)).base64EncodedString()
        let trailing = Data(edBlob + [0, 0, 0, 0]).base64EncodedString()
        let cases: [(String, String)] = [
            ("", "Paste a public key line"),
            ("ssh-ed25519", "no key after it"),
            ("ssh-ed25519 \(cut) a@b", "cut short"),
            ("ssh-ed25519 \(trailing) a@b", "bytes after its end"),
            ("ssh-ed25519 !!!notbase64!!!", "not valid base64"),
            ("ssh-ed25519 \(ed[1].dropLast())", "not valid base64"),
            ("ssh-rsa \(ed[1]) mislabelled", "says it is \"ssh-ed25519\" but the line says ssh-rsa"),
            ("ssh-dss AAAAB3NzaC1kc3MAAACBAP== old", "Unknown key type \"ssh-dss\""),
            ("ssh-ed25519-cert-v01@openssh.com AAAA", "certificates are not accepted"),
            (SSHKeyFixtures.rsa1024.line, "The RSA key has 1024 bits; idm accepts 2048 or more"),
            // Options smuggled in front, or in the comment, or a second line.
            ("command=\"/bin/sh\" \(SSHKeyFixtures.ed25519.line)", "starts with authorized_keys options"),
            ("restrict \(SSHKeyFixtures.ed25519.line)", "starts with authorized_keys options"),
            ("no-pty,from=\"*\" \(SSHKeyFixtures.ed25519.line)", "starts with authorized_keys options"),
            ("\(ed[0]) \(ed[1]) x\ncommand=\"sh\" \(SSHKeyFixtures.ed25519.line)", "One key per line"),
            ("\(ed[0]) \(ed[1]) x\rcommand=\"sh\"", "One key per line"),
            ("\(ed[0]) \(ed[1]) laptop\" command=\"sh", "may not contain a double quote"),
            ("\(ed[0]) \(ed[1]) lap\\top", "may not contain a backslash"),
            ("\(ed[0]) \(ed[1]) lap\u{1B}]52;c;top", "may not contain a control character"),
            ("\(ed[0]) \(ed[1]) " + String(repeating: "c", count: 201), "at most 200"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----", "That is a private key"),
            (String(repeating: "A", count: 9000), "at most 8192"),
        ]
        for (line, reason) in cases {
            switch SSHPublicKey.parse(line: line) {
            case .success: XCTFail("accepted: \(line.debugDescription)")
            case .failure(let error):
                XCTAssertTrue(error.message.contains(reason), "\(line.debugDescription): \(error.message)")
                XCTAssertEqual(error.field, "sshKey")
            }
        }
    }

    func testFingerprintsAreNormalizedAsTyped() {
        let fp = SSHKeyFixtures.ed25519.fingerprint
        XCTAssertEqual(SSHPublicKey.normalizedFingerprint(fp), fp)
        XCTAssertEqual(SSHPublicKey.normalizedFingerprint(" " + String(fp.dropFirst(7)) + " "), fp)
        XCTAssertNil(SSHPublicKey.normalizedFingerprint("SHA256:short"))
        XCTAssertNil(SSHPublicKey.normalizedFingerprint("MD5:" + String(fp.dropFirst(7))))
        XCTAssertNil(SSHPublicKey.normalizedFingerprint(String(fp.dropLast()) + "'"))
    }

    /// The line for sshd: restricted, a pty, and the console forced with absolute paths; every
    /// word the shell could split or expand is quoted, and sshd's own quotes escaped.
    func testTheAuthorizedKeysLineIsRestrictedQuotedAndAbsolute() throws {
        let key = try SSHPublicKey.parse(line: SSHKeyFixtures.ed25519.line).get()
        let fp = SSHKeyFixtures.ed25519.fingerprint
        let plain = AuthorizedKeysLine.render(executable: "/usr/local/bin/idm", database: "/srv/idm/idm.sqlite", login: "alice",
                                              fingerprint: fp, key: key)
        XCTAssertEqual(plain, "restrict,pty,command=\"/usr/local/bin/idm open --db /srv/idm/idm.sqlite --as alice --ssh-key \(fp)\" ssh-ed25519 \(key.base64)")
        let odd = AuthorizedKeysLine.render(executable: "/opt/idm tools/idm", database: "/srv/it's \"here\"/$HOME;x.sqlite", login: "a.b-c_d",
                                            fingerprint: fp, key: key)
        XCTAssertEqual(odd, "restrict,pty,command=\"'/opt/idm tools/idm' open --db '/srv/it'\\''s \\\"here\\\"/$HOME;x.sqlite' --as a.b-c_d --ssh-key \(fp)\" ssh-ed25519 \(key.base64)")
        XCTAssertNil(AuthorizedKeysLine.render(executable: "idm", database: "/srv/idm.sqlite", login: "alice", fingerprint: fp, key: key),
                     "a relative binary")
        XCTAssertNil(AuthorizedKeysLine.render(executable: "/usr/bin/idm", database: "/srv/a\nb.sqlite", login: "alice", fingerprint: fp, key: key),
                     "a newline would end the line")
    }

    /// What the shell that sshd starts makes of the quoted command: exactly the words given.
    func testTheShellReadsTheQuotedCommandBackWordForWord() throws {
        let words = ["/opt/idm tools/idm", "open", "--db", "/srv/it's \"here\"/$HOME;`x`.sqlite", "--as", "alice"]
        let command = words.map(AuthorizedKeysLine.shellQuoted).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // printf stands in for idm: the words as the shell passes them, one per line.
        process.arguments = ["-c", "set -- \(command); for w in \"$@\"; do printf '%s\\n' \"$w\"; done"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(out, words.map { $0 + "\n" }.joined())
    }
}
