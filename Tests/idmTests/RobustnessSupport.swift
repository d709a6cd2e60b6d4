import Foundation
import GRDB
import IDMDomain
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// Shared by the crash-safety, concurrency and monkey tests: a seeded random source, `idm`
/// started with posix_spawn (so a test can SIGKILL a pid it has not reaped yet), and the
/// after-checks every one of them makes (integrity, the audit chain).
enum Robustness {
    /// IDM_SOAK=1: the long runs.
    static var soak: Bool { ProcessInfo.processInfo.environment["IDM_SOAK"] == "1" }

    /// The seed: IDM_SEED when given (to repeat a run), else the test's fixed default.
    static func seed(default value: UInt64) -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["IDM_SEED"] {
            if let n = UInt64(text) { return n }
            if text.hasPrefix("0x"), let n = UInt64(text.dropFirst(2), radix: 16) { return n }
        }
        return value
    }

    /// `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, through a connection of the
    /// test's own that is closed again before returning.
    static func integrity(_ path: String) throws -> (integrity: [String], foreignKeys: Int) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
    }

    static func assertIntact(_ path: String, _ context: @autoclosure () -> String = "",
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let (integrity, foreignKeys) = try integrity(path)
        XCTAssertEqual(integrity, ["ok"], "PRAGMA integrity_check. \(context())", file: file, line: line)
        XCTAssertEqual(foreignKeys, 0, "PRAGMA foreign_key_check. \(context())", file: file, line: line)
        let verify = try CLI.run(["audit", "verify", "--db", path])
        XCTAssertEqual(verify.status, 0, "idm audit verify: \(verify.stdout)\(verify.stderr) \(context())", file: file, line: line)
    }
}

/// The same sequence for the same seed on every platform (the domain's one generator).
typealias SeededRandom = SplitMix64

/// An `idm` process started with posix_spawn, its stdout and stderr going to files. Until
/// `wait()` reaps it, its pid cannot be reused, so `kill()` can only ever reach this process.
final class SpawnedIDM {
    let pid: pid_t
    let arguments: [String]
    private let outPath: String
    private let errPath: String
    private(set) var reaped = false

    struct Outcome {
        /// Exited by itself, with `status`; otherwise killed by `signal`.
        let exited: Bool
        let status: Int32
        let signal: Int32
        let stdout: String
        let stderr: String
        var description: String {
            (exited ? "exit \(status)" : "signal \(signal)") + (stderr.isEmpty ? "" : ": \(stderr.trimmingCharacters(in: .newlines))")
        }
    }

    /// `program`: idm unless another is named (sshd's tests run ssh the same way); its
    /// environment is this process's plus `environment`, or with `inherit` false only that.
    init(_ arguments: [String], in folder: URL, environment: [String: String] = [:], program: String = CLI.binary, inherit: Bool = true) throws {
        self.arguments = arguments
        let tag = UUID().uuidString.prefix(8)
        outPath = folder.appendingPathComponent("spawn-\(tag).out").path
        errPath = folder.appendingPathComponent("spawn-\(tag).err").path
        var env = inherit ? ProcessInfo.processInfo.environment : [:]
        env["IDM_LOG"] = CLI.testLog
        for (k, v) in environment { env[k] = v }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = [program] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, program, &actions, nil, &cArgs, &cEnv)
        guard spawned == 0 else {
            throw NSError(domain: "SpawnedIDM", code: Int(spawned), userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(program): errno \(spawned)"])
        }
        pid = child
    }

    /// SIGKILL, unless already reaped (a zombie ignores it; its exit status stays).
    func kill() {
        guard !reaped else { return }
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Waits at most `timeout`, then kills it (a test must not hang on a stuck client); nil
    /// when it had to be killed.
    func wait(timeout: TimeInterval) -> Outcome? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return outcome(status) }
            if r == -1 && errno != EINTR { break }
            usleep(10_000)
        }
        kill()
        _ = wait()
        return nil
    }

    func wait() -> Outcome {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return outcome(status)
    }

    private func outcome(_ status: Int32) -> Outcome {
        reaped = true
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let signal = status & 0x7f
        return Outcome(exited: signal == 0, status: (status >> 8) & 0xff, signal: signal, stdout: out, stderr: err)
    }

    deinit { if !reaped { kill(); _ = wait() } }
}
