import Foundation
import XCTest

/// `idm ssh keys`, `idm ssh authorized-keys` and `idm ssh setup` on the real binary: what sshd
/// reads on standard output is exactly one line or nothing, and a bad key changes nothing.
final class SSHCommandTests: XCTestCase {
    var folder: URL!
    var db: String!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen") else {
            throw XCTSkip("ssh-keygen is not installed (.ci/run installs openssh-client)")
        }
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// A new key pair; its public line and the fingerprint ssh-keygen prints for it.
    func keygen(_ name: String) throws -> (line: String, fingerprint: String, path: String) {
        let path = folder.appendingPathComponent(name).path
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        made.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", "\(name)@laptop", "-f", path]
        try made.run()
        made.waitUntilExit()
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let list = Process()
        list.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        list.arguments = ["-lf", path + ".pub"]
        let out = Pipe()
        list.standardOutput = out
        try list.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        list.waitUntilExit()
        return (line, String(printed.split(separator: " ")[1]), path + ".pub")
    }

    func idm(_ arguments: String..., as login: String = "alice") throws -> CLI.Result {
        try CLI.run(arguments + ["--db", db, "--as", login])
    }

    func authorizedKeys(_ line: String, unixUser: String = "idm", pin: String? = nil) throws -> CLI.Result {
        let parts = line.split(separator: " ").map(String.init)
        return try CLI.run(["ssh", "authorized-keys", unixUser, parts[0], parts[1], "--db", db] + (pin.map { ["--unix-user", $0] } ?? []))
    }

    func testKeysAreAddedListedAndRemovedAndSSHDReadsOneLineOrNothing() throws {
        let alice = try keygen("alice"), mike = try keygen("mike"), stranger = try keygen("stranger")
        let added = try idm("ssh", "keys", "add", "alice", alice.line)
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertEqual(added.stdout, "Added ssh-ed25519 key \(alice.fingerprint) (alice@laptop) to alice.\n")
        // --file, as a .pub file holds it (with its newline), and from standard input.
        XCTAssertEqual(try idm("ssh", "keys", "add", "mike", "--file", mike.path, as: "mike").status, 0)
        let nora = try keygen("nora")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "cat \"$1\" | \"$2\" ssh keys add nora --file - --db \"$3\" --as nora", "sh", nora.path, CLI.binary, db]
        shell.environment = ["IDM_LOG": CLI.testLog, "PATH": "/usr/bin:/bin"]
        let shellOut = Pipe()
        shell.standardOutput = shellOut
        try shell.run()
        let piped = String(decoding: shellOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(piped, "Added ssh-ed25519 key \(nora.fingerprint) (nora@laptop) to nora.\n", "from standard input")
        let list = try idm("ssh", "keys", "list", "alice", "--json")
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["fingerprint"] as? String }, [alice.fingerprint], "the fingerprint ssh-keygen -l prints")
        XCTAssertEqual(rows.first?["addedBy"] as? String, "alice")
        XCTAssertNil(rows.first?["lastUsedAt"] as? String)
        XCTAssertTrue(try idm("ssh", "keys", "list", "alice").stdout.hasPrefix("FINGERPRINT"))

        // sshd's question: alice's key gets the forced command, with absolute paths.
        let answer = try authorizedKeys(alice.line)
        XCTAssertEqual(answer.status, 0, answer.stderr)
        let keyPart = alice.line.split(separator: " ").prefix(2).joined(separator: " ")
        let binary = URL(fileURLWithPath: CLI.binary).resolvingSymlinksInPath().path
        XCTAssertEqual(answer.stdout, "restrict,pty,command=\"\(binary) open --db \(db!) --as alice --ssh-key \(alice.fingerprint)\" \(keyPart)\n")
        XCTAssertEqual(answer.stderr, "")
        // Nothing (and exit 0, so sshd tries the next source) for: an unknown key, another
        // Unix account than the pinned one, a key that is not a key, a locked user.
        for (label, result) in [("unknown", try authorizedKeys(stranger.line)),
                                ("other unix user", try authorizedKeys(alice.line, unixUser: "root", pin: "idm")),
                                ("garbage", try CLI.run(["ssh", "authorized-keys", "idm", "ssh-ed25519", "AAAA\u{1B}[2J", "--db", db]))] {
            XCTAssertEqual(result.status, 0, "\(label): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", label)
        }
        XCTAssertEqual(try authorizedKeys(mike.line, pin: "idm").stdout.isEmpty, false, "mike's key, pinned to the right account")
        XCTAssertEqual(try idm("users", "lock", "mike").status, 0)
        XCTAssertEqual(try authorizedKeys(mike.line).stdout, "", "a locked user's key opens nothing")

        // Removed: the next login is refused; the forced command refuses it too.
        XCTAssertEqual(try idm("ssh", "keys", "remove", "alice", alice.fingerprint).status, 0)
        XCTAssertEqual(try authorizedKeys(alice.line).stdout, "")
        let late = try idm("open", "--ssh-key", alice.fingerprint)
        XCTAssertEqual(late.status, 1)
        XCTAssertTrue(late.stderr.contains("is not alice's (it was removed)"), late.stderr)

        // The audit log has both, by the actor who did them.
        let audit = try idm("audit", "list", "--json")
        XCTAssertTrue(audit.stdout.contains("\"user.ssh-key.add\""), audit.stdout)
        XCTAssertTrue(audit.stdout.contains("\"user.ssh-key.remove\""), audit.stdout)
    }

    func testABadKeyLineIsRefusedAndChangesNothing() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let key = try keygen("alice")
        for line in ["command=\"/bin/sh\" \(key.line)", key.line + "\u{1B}]52;c;aGk=\u{07}", "ssh-ed25519 AAAA", "hello"] {
            let refused = try idm("ssh", "keys", "add", "alice", line)
            XCTAssertEqual(refused.status, 1, line.debugDescription)
            XCTAssertTrue(refused.stderr.hasPrefix("Error: "), refused.stderr)
            XCTAssertFalse(refused.stderr.contains("\u{1B}"), "nothing typed reaches the terminal raw: \(refused.stderr.debugDescription)")
        }
        XCTAssertEqual(try idm("ssh", "keys", "list", "alice").stdout, "alice has no SSH keys; add one with `idm ssh keys add alice \"$(cat id_ed25519.pub)\"`.\n")
        // The key list is a read; the file is as it was (WAL checkpointed on close).
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
        XCTAssertEqual(try idm("ssh", "keys", "add", "alice").status, 64, "neither a line nor --file")
        let bad = try idm("open", "--ssh-key", "SHA256:nope")
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--ssh-key takes a fingerprint"), bad.stderr)
    }

    func testSetupPrintsTheMatchBlockWithAbsolutePaths() throws {
        let setup = try CLI.run(["ssh", "setup", "--unix-user", "idm", "--db", "relative/idm.sqlite"])
        XCTAssertEqual(setup.status, 0, setup.stderr)
        let cwd = FileManager.default.currentDirectoryPath
        let binary = URL(fileURLWithPath: CLI.binary).resolvingSymlinksInPath().path
        XCTAssertTrue(setup.stdout.contains("Match User idm\n"), setup.stdout)
        XCTAssertTrue(setup.stdout.contains("    AuthorizedKeysCommand \(binary) ssh authorized-keys %u %t %k --db \(cwd)/relative/idm.sqlite --unix-user idm\n"),
                      setup.stdout)
        XCTAssertTrue(setup.stdout.contains("    AuthorizedKeysCommandUser idm\n"))
        XCTAssertTrue(setup.stdout.contains("    DisableForwarding yes\n"))
        XCTAssertTrue(setup.stdout.contains("ssh -t idm@"))
        XCTAssertEqual(try CLI.run(["ssh", "setup", "--unix-user", "id m"]).status, 1)
    }
}
