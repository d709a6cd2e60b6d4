import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// Drives the real `idm` binary in a detached tmux session at a fixed size: keys in through
/// send-keys, the screen out through capture-pane. Waits poll the screen for text (no sleeps).
final class Tmux {
    let socket = "idm-e2e-\(UUID().uuidString.prefix(8))"
    let session = "t"
    let home: URL

    init(width: Int = 80, height: Int = 24) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (.ci/run installs it)")
        }
        home = FileManager.default.temporaryDirectory.appendingPathComponent("idm-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // A plain shell with a known prompt, so the test can see the prompt come back.
        let shell = "env -i PATH=/usr/bin:/bin HOME=\(home.path) TERM=xterm-256color LANG=C.UTF-8 TZ=UTC " +
            "XDG_DATA_HOME=\(home.path)/data PS1='PROMPT$ ' bash --norc --noprofile"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", shell])
        try waitFor("PROMPT$")
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: home)
    }

    /// Runs the tmux client and waits for it with waitpid. (Foundation's Process sometimes
    /// never notices the client's exit once it has forked the tmux server.) Only capture-pane's
    /// output is read; everything else writes to /dev/null, since the server would keep a pipe open.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let capturing = args.first == "capture-pane" || args.first == "show-buffer"
        let outputPath = home.appendingPathComponent("capture-\(UUID().uuidString)").path
        let argv = ["/usr/bin/tmux", "-L", socket] + args
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capturing ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard spawned == 0 else { throw XCTSkip("cannot start tmux: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard capturing else { return "" }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Types a line at the shell prompt.
    func run(_ command: String) throws {
        try tmux(["send-keys", "-t", session, "-l", command])
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    /// Presses keys (tmux key names: Enter, Escape, Up, q ...).
    func press(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", session, key]) }
    }

    func typeText(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    /// The screen with its SGR attributes, as escape sequences (`capture-pane -e`).
    func styledScreen() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", session])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen shows `text` (at most `timeout` seconds), returning the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(20_000)
        }
        XCTFail("Timed out waiting for \"\(text)\". Screen:\n\(last)", file: file, line: line)
        throw XCTSkip("screen never showed \(text)")
    }

    /// Waits until `text` is gone from the screen.
    func waitGone(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try !screen().contains(text) { return }
            usleep(20_000)
        }
        XCTFail("\"\(text)\" never left the screen:\n\(try screen())", file: file, line: line)
    }
}
