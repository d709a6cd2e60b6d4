import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// The console over a real OpenSSH server on 127.0.0.1, set up as the README's deployment says:
/// a system user that owns the database, idm in a root-owned directory (sshd refuses a command
/// anywhere else), `AuthorizedKeysCommand` asking `idm ssh authorized-keys`. It needs root and
/// openssh-server (`.ci/run` installs it, and CI runs as root); elsewhere it is skipped.
final class SSHEndToEndTests: XCTestCase {
    /// Everything one run made, removed by `tearDown` whatever happened.
    final class Host {
        let unixUser = "idme2e\(Int.random(in: 100...999))"
        let root = URL(fileURLWithPath: "/var/lib/idm-ssh-e2e-\(UUID().uuidString.prefix(8))")
        var home: URL { root.appendingPathComponent("home") }
        var keys: URL { root.appendingPathComponent("keys") }
        var idm: String { root.appendingPathComponent("bin/idm").path }
        var database: String { home.appendingPathComponent("idm.sqlite").path }
        var port: Int32 = 0
        var sshd: SpawnedIDM?
        var userCreated = false
        var madeRunSSHD = false
    }

    var host: Host!

    override func setUpWithError() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root: it creates a system user and runs sshd (CI runs as root)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"), FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh") else {
            throw XCTSkip("openssh-server and openssh-client are not installed (.ci/run installs them)")
        }
        host = Host()
    }

    override func tearDown() {
        guard let host else { return }
        if let sshd = host.sshd {
            kill(sshd.pid, SIGTERM)
            _ = sshd.wait(timeout: 10)
        }
        if host.userCreated {
            _ = try? run("/usr/bin/pkill", ["-KILL", "-u", host.unixUser])
            usleep(200_000)
            _ = try? run("/usr/sbin/userdel", [host.unixUser])
        }
        try? FileManager.default.removeItem(at: host.root)
        if host.madeRunSSHD { try? FileManager.default.removeItem(atPath: "/run/sshd") }
    }

    // MARK: Helpers

    struct Ran { let status: Int32; let stdout: String; let stderr: String }

    /// Runs a program to its end, killed after `timeout` seconds: waited for with waitpid,
    /// since Foundation's Process sometimes never sees an ssh client exit (as Tmux.swift notes
    /// for the tmux client), and a test must not hang on it.
    @discardableResult
    func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 60) throws -> Ran {
        let spawned = try SpawnedIDM(arguments, in: FileManager.default.temporaryDirectory, environment: environment ?? [:],
                                     program: program, inherit: environment == nil)
        guard let outcome = spawned.wait(timeout: timeout) else {
            XCTFail("\(program) \(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s; killed")
            return Ran(status: -1, stdout: "", stderr: "")
        }
        return Ran(status: outcome.exited ? outcome.status : 128 + outcome.signal, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    /// idm as the database's owner, the way an operator runs it (`sudo -u idm idm ...`).
    @discardableResult
    func idm(_ arguments: [String]) throws -> Ran {
        let ran = try run("/usr/sbin/runuser", ["-u", host.unixUser, "--", host.idm] + arguments,
                          environment: ["PATH": "/usr/bin:/bin", "HOME": host.home.path, "LANG": "C.UTF-8"])
        XCTAssertEqual(ran.status, 0, "idm \(arguments.joined(separator: " ")): \(ran.stderr)")
        return ran
    }

    func keygen(_ name: String) throws -> String {
        let path = host.keys.appendingPathComponent(name).path
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "\(name)@laptop", "-f", path])
        return try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func sshArguments(_ key: String) -> [String] {
        ["-i", host.keys.appendingPathComponent(key).path, "-p", "\(host.port)", "-F", "/dev/null",
         "-o", "UserKnownHostsFile=\(host.keys.appendingPathComponent("known_hosts").path)", "-o", "StrictHostKeyChecking=yes",
         "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "\(host.unixUser)@127.0.0.1"]
    }

    /// A login that only authenticates (no terminal): 255 and "Permission denied" when refused.
    func tryLogin(_ key: String) throws -> Ran {
        try run("/usr/bin/ssh", ["-o", "BatchMode=yes", "-T"] + sshArguments(key) + ["true"])
    }

    /// A TCP socket and 127.0.0.1:`port`, for `body` to bind or connect.
    static func loopback(_ port: Int32, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    static func freePort() -> Int32 {
        for _ in 0..<50 {
            let port = Int32.random(in: 20000...60000)
            if loopback(port, { bind($0, $1, $2) }) == 0 { return port }
        }
        return 2222
    }

    static func accepting(_ port: Int32) -> Bool { loopback(port, { connect($0, $1, $2) }) == 0 }

    /// The README's steps, on this machine: user, root-owned idm, database, keys, sshd.
    func deploy() throws -> (alice: String, mike: String, nora: String) {
        let fm = FileManager.default
        try fm.createDirectory(at: host.root.appendingPathComponent("bin"), withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o755])
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: host.root.path)
        try fm.copyItem(atPath: CLI.binary, toPath: host.idm)
        try fm.setAttributes([.posixPermissions: 0o755, .ownerAccountID: 0, .groupOwnerAccountID: 0], ofItemAtPath: host.idm)
        try fm.createDirectory(at: host.keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        try run("/usr/sbin/useradd", ["--system", "--shell", "/bin/sh", "--home-dir", host.home.path, "--create-home", "--user-group", host.unixUser])
        host.userCreated = true
        try run("/usr/sbin/usermod", ["-p", "*", host.unixUser])
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: host.home.path)

        try idm(["seed", "demo", "--db", host.database])
        let alice = try keygen("alice"), mike = try keygen("mike"), nora = try keygen("nora")
        try idm(["ssh", "keys", "add", "alice", alice, "--db", host.database, "--as", "alice"])
        try idm(["ssh", "keys", "add", "mike", mike, "--db", host.database, "--as", "mike"])
        try idm(["ssh", "keys", "add", "nora", nora, "--db", host.database, "--as", "nora"])
        try idm(["users", "lock", "mike", "--db", host.database, "--as", "alice"])
        let noraKey = try idm(["ssh", "keys", "list", "nora", "--json", "--db", host.database, "--as", "alice"]).stdout
        let fingerprint = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(noraKey.utf8)) as? [[String: Any]])?.first?["fingerprint"] as? String)
        try idm(["ssh", "keys", "remove", "nora", fingerprint, "--db", host.database, "--as", "alice"])

        // sshd, as `idm ssh setup` prints it, on a free loopback port.
        let hostKey = host.keys.appendingPathComponent("host").path
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey])
        host.port = Self.freePort()
        let hostLine = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(host.port) \(hostLine)\n".write(toFile: host.keys.appendingPathComponent("known_hosts").path, atomically: true, encoding: .utf8)
        let setup = try idm(["ssh", "setup", "--unix-user", host.unixUser, "--db", host.database]).stdout
        let block = setup.components(separatedBy: "\n").drop { !$0.hasPrefix("Match User") }.prefix { !$0.isEmpty }
        XCTAssertTrue(block.contains { $0.contains("AuthorizedKeysCommand \(host.idm) ssh authorized-keys %u %t %k --db \(host.database) --unix-user \(host.unixUser)") },
                      setup)
        let config = """
            ListenAddress 127.0.0.1
            Port \(host.port)
            HostKey \(hostKey)
            PidFile none
            UsePAM no
            PermitRootLogin no
            PubkeyAuthentication yes
            PrintMotd no
            PrintLastLog no
            LogLevel VERBOSE
            \(block.joined(separator: "\n"))
            """
        let configPath = host.keys.appendingPathComponent("sshd_config").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        if !fm.fileExists(atPath: "/run/sshd") {
            try fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            host.madeRunSSHD = true
        }
        let check = try run("/usr/sbin/sshd", ["-t", "-f", configPath])
        guard check.status == 0 else {
            XCTFail("sshd -t refuses the block `idm ssh setup` printed: \(check.stderr)\n\(config)")
            throw XCTSkip("no sshd")
        }
        // sshd in the foreground, a child of this test: stopped in tearDown.
        host.sshd = try SpawnedIDM(["-D", "-e", "-f", configPath], in: host.keys, program: "/usr/sbin/sshd")
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepting(host.port) && Date() < deadline { usleep(20_000) }
        return (alice, mike, nora)
    }

    func readDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseQueue(path: host.database, configuration: { var c = Configuration(); c.readonly = true; return c }()).read(body)
    }

    func consoleProcesses() throws -> [String] {
        try run("/usr/bin/pgrep", ["-a", "-f", "\(host.idm) open"]).stdout.split(separator: "\n").map(String.init)
    }

    // MARK: The test

    func testAnAdminLandsInTheConsoleOverSSHAndLockedOrRemovedKeysAreRefused() throws {
        _ = try deploy()

        // A locked user's key and a removed key are refused at authentication.
        for key in ["mike", "nora"] {
            let refused = try tryLogin(key)
            XCTAssertEqual(refused.status, 255, "\(key): \(refused.stdout) \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("Permission denied"), refused.stderr)
        }

        // alice asks for a command of her own: sshd runs the console anyway.
        let t = try Tmux()
        let ssh = (["/usr/bin/ssh", "-tt"] + sshArguments("alice")).joined(separator: " ")
        try t.run(ssh + " 'sh -c id'")
        try t.waitFor("Manage Users & Groups")
        var screen = try t.waitFor("alice · Admin")
        XCTAssertFalse(screen.contains("uid="), screen)
        try t.press("q")
        // The session is over when ssh says so; a clean screen, so the next wait sees the next console.
        try t.waitFor("Connection to 127.0.0.1 closed.")
        try t.run("clear")
        try t.waitGone("closed.")

        // Again with a terminal: she locks ivan, and the connection drops.
        try t.run(ssh)
        try t.waitFor("alice · Admin")
        try t.press("Down")
        screen = try t.waitFor("ivan")
        try t.press("l")
        try t.waitFor("Lock ivan")
        try t.press("y")
        try t.waitFor("Locked ivan.")
        XCTAssertFalse(try consoleProcesses().isEmpty, "the console runs as the forced command")
        let client = try run("/usr/bin/pkill", ["-KILL", "-f", "^/usr/bin/ssh -tt .*\(host.keys.path)/alice"])
        XCTAssertEqual(client.status, 0, "the ssh client was found and killed")
        let deadline = Date().addingTimeInterval(10)
        while try !consoleProcesses().isEmpty && Date() < deadline { usleep(50_000) }
        XCTAssertEqual(try consoleProcesses(), [], "no idm is left once the connection is gone")

        // What was committed before the drop is there, and says where it came from.
        let (locked, event, lastUsed) = try readDatabase { db -> (Bool, Row?, Double?) in
            (try Bool.fetchOne(db, sql: "SELECT locked FROM user WHERE login = 'ivan'") ?? false,
             try Row.fetchOne(db, sql: "SELECT actor_login, ssh_client, ssh_key FROM audit_event WHERE action = 'user.lock' AND target_name = 'ivan'"),
             try Double.fetchOne(db, sql: "SELECT last_used_at FROM ssh_key JOIN user ON user.id = ssh_key.user_id WHERE login = 'alice'"))
        }
        XCTAssertTrue(locked)
        XCTAssertEqual(event?["actor_login"], "alice")
        XCTAssertTrue((event?["ssh_client"] as String?)?.hasPrefix("127.0.0.1 ") ?? false, "\(String(describing: event))")
        let fingerprint = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(try idm(["ssh", "keys", "list", "alice", "--json", "--db", host.database, "--as", "alice"]).stdout.utf8)) as? [[String: Any]])?.first?["fingerprint"] as? String)
        XCTAssertEqual(event?["ssh_key"], fingerprint)
        XCTAssertNotNil(lastUsed, "the login recorded when the key was used")
        XCTAssertEqual(try idm(["audit", "verify", "--db", host.database]).status, 0)
    }
}
