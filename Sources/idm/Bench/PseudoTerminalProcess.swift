import Foundation
import IDMTerminal
#if canImport(Glibc)
import Glibc
#endif

/// A program on a pseudo-terminal of its own, as a person's terminal would run it: its
/// controlling terminal (so `/dev/tty` and the window size work), a fixed size, and everything
/// it draws read back on the master side. The benchmark plays the terminal: it types, and
/// times how long until the program has finished drawing.
final class PseudoTerminalProcess {
    let pid: pid_t
    private let master: Int32
    private(set) var received = 0

    /// Starts `arguments[0]` with `arguments` at `width` x `height`; standard input from `stdin`
    /// (a file) when given, else the terminal.
    init(_ arguments: [String], width: Int, height: Int, environment: [String: String], stdin: String? = nil) throws {
        let pair: (master: Int32, slave: String)
        do { pair = try PseudoTerminalPair.open() } catch { throw Failure("\(error)") }
        master = pair.master
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = pair.slave
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // A new session, then the terminal opened first: it becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 3, slave, O_RDWR, 0)
        if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0) } else { posix_spawn_file_actions_adddup2(&actions, 3, 0) }
        posix_spawn_file_actions_adddup2(&actions, 3, 1)
        posix_spawn_file_actions_adddup2(&actions, 3, 2)
        posix_spawn_file_actions_addclose(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26), which Swift's Glibc module does not export.
        posix_spawnattr_setflags(&attributes, 0x80)
        let env = environment.map { "\($0.key)=\($0.value)" }
        var cArgs = arguments.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, &cArgs, &cEnv)
        guard status == 0 else { throw Failure("Cannot start \(arguments[0]): \(String(cString: strerror(status))).") }
        pid = child
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    func type(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
    }

    /// What one key's answer cost: until the last byte of the drawing, and how many bytes.
    struct Burst {
        let milliseconds: Double
        let bytes: Int
        let text: String
    }

    /// Reads what the program draws until it has been quiet for `quiet` (or `limit` passed),
    /// timing from `start` to the last byte read.
    func burst(since start: UInt64 = DispatchTime.now().uptimeNanoseconds, quiet: Int32 = 40, limit: Double = 10_000) -> Burst {
        var bytes: [UInt8] = []
        var last = start
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let waited = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            if waited > limit { break }
            // Before the first byte, wait as long as it takes (up to the limit).
            let ready = poll(&descriptor, 1, bytes.isEmpty ? Int32(max(1, min(limit - waited, 1_000))) : quiet)
            if ready <= 0 { if bytes.isEmpty { continue } else { break } }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            last = DispatchTime.now().uptimeNanoseconds
            // A program that asks where the cursor is (fzf does, at start) waits for the
            // answer a terminal would give.
            if Self.asksCursorPosition(buffer[0..<count]) { type(Array("\u{1B}[1;1R".utf8)) }
        }
        received += bytes.count
        return Burst(milliseconds: Double(last - start) / 1e6, bytes: bytes.count, text: String(decoding: bytes, as: UTF8.self))
    }

    static func asksCursorPosition(_ bytes: ArraySlice<UInt8>) -> Bool {
        let query: [UInt8] = [0x1B, 0x5B, 0x36, 0x6E]   // ESC [ 6 n
        guard bytes.count >= query.count else { return false }
        let a = Array(bytes)
        return (0...(a.count - query.count)).contains { Array(a[$0..<($0 + query.count)]) == query }
    }

    /// Reads until the drawing contains `text` (the program is ready), or `limit` ms passed.
    func wait(for text: String, limit: Double = 30_000) -> Bool {
        let start = DispatchTime.now().uptimeNanoseconds
        var seen = ""
        while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 < limit {
            seen += burst(quiet: 50, limit: 1_000).text
            if seen.contains(text) { return true }
            if seen.count > 200_000 { seen = String(seen.suffix(1_000)) }
        }
        return false
    }

    /// The most memory the program has held (VmHWM), in MB.
    var peakMegabytes: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}
