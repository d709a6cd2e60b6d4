import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// Issue 11, "Monkey": random keys into the real console in a pseudo-terminal (tmux), across
/// every screen (tabs, details, the client page, the New API Client wizard and its steps, `/`
/// filters with random text, `?`, `L`, `m`, the admin forms), with random resizes down to 1x1
/// and back. idm must never exit (it may only when `q` is sent at the very end: `q` and Ctrl-C
/// are never among the random keys), never hang (a resize probe every few hundred keys must be
/// drawn, and afterwards a known key sequence still works), and afterwards the file passes
/// `PRAGMA integrity_check` and `idm audit verify`.
///
/// 4,000 keys (IDM_SOAK=1: 30,000; IDM_MONKEY_KEYS=N overrides), acting as alice (an Admin, so
/// most actions are allowed and really change the copy of the demo database). The seed is
/// printed; IDM_SEED repeats the same key sequence.
final class MonkeyTests: XCTestCase {
    private var folder: URL!
    private var db: String!

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private enum Action: CustomStringConvertible {
        case keys([String])
        case text(String)
        case resize(width: Int, height: Int)
        indirect case sequence([Action])

        var keyCount: Int {
            switch self {
            case .keys(let keys): return keys.count
            case .text(let text): return text.count
            case .resize: return 0
            case .sequence(let actions): return actions.reduce(0) { $0 + $1.keyCount }
            }
        }

        var description: String {
            switch self {
            case .sequence(let actions): return actions.map(\.description).joined(separator: ", ")
            case .keys(let keys): return keys.joined(separator: " ")
            case .text(let text): return "text \(text.debugDescription)"
            case .resize(let w, let h): return "resize \(w)x\(h)"
            }
        }
    }

    func testRandomKeysAndResizesNeverCrashOrHang() throws {
        let seed = Robustness.seed(default: 0x0DDC_0FFE)
        let total = ProcessInfo.processInfo.environment["IDM_MONKEY_KEYS"].flatMap(Int.init) ?? (Robustness.soak ? 30_000 : 4_000)
        print("MonkeyTests: seed \(seed) (IDM_SEED=\(seed) repeats it), \(total) keys, database \(db!)")
        var rng = SeededRandom(seed: seed)
        let started = Date()

        let eventsBefore = try newEvents(after: 0).count
        let t = try Tmux()
        // The shell waits for idm and then says how it ended; `exec sleep` leaves no shell to
        // read any key sent after an unexpected exit.
        let pidFile = t.home.appendingPathComponent("shell.pid").path
        try t.run("echo $$ > \(pidFile); \(CLI.binary) --db \(db!) --as alice; echo \"IDM\"\"-EXIT=$?\"; exec sleep 86400")
        try t.waitFor("alice · Admin")
        let shell = try XCTUnwrap(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let pid = try XCTUnwrap(children.split(separator: " ").first.flatMap { pid_t($0) }, "idm, the shell's child: \(children)")

        let input = try XCTUnwrap(InputQueue(pid: pid), "idm's terminal")
        XCTAssertGreaterThanOrEqual(input.pending, 0, "FIONREAD on idm's terminal")
        var recent: [String] = []          // the last actions, for a failure's message
        var sent = 0
        var probes = 0
        var resizes = 0
        var nextResize = Int.random(in: 20...120, using: &rng)
        var small = false
        var nextProbe = 400
        var seen: [String: Int] = [:]      // what the screen showed, sampled every 25 actions
        var actions = 0
        func failure(_ what: String) throws -> String {
            "\(what) after \(sent) keys (seed \(seed)). Last actions:\n  " + recent.suffix(40).joined(separator: "\n  ") +
                "\nScreen:\n\(try t.screen())"
        }

        while sent < total {
            let action: Action
            if sent >= nextResize {
                // Too small for the console (below 60x15, where it only says so and ignores
                // every key but q) only for a few keys; a usable size for longer.
                let usable = small
                action = randomResize(usable: usable, &rng)
                if case .resize(let w, let h) = action { small = w < 60 || h < 15 }
                nextResize = sent + (small ? Int.random(in: 0...8, using: &rng) : Int.random(in: 80...250, using: &rng))
                resizes += 1
            } else {
                action = randomAction(&rng)
            }
            try perform(action, t)
            recent.append(action.description)
            // tmux passes a new size on to the terminal some 250 ms later (and only the latest):
            // wait for it, so that idm really gets every size and the keys after it are read
            // at that size.
            if case .resize(let w, let h) = action, !input.resized(to: w, h, within: 3) {
                return XCTFail(try failure("tmux did not resize the terminal to \(w)x\(h) within 3 s (it is \(String(describing: input.size)))"))
            }
            if recent.count > 200 { recent.removeFirst(100) }
            sent += action.keyCount
            actions += 1
            if actions % 25 == 0 { seen[kind(of: try t.screen()), default: 0] += 1 }
            // Never far ahead of idm: keys are meant for the screen they land on, and a loop
            // that stops reading its terminal is a hang.
            guard input.drain(below: 32, within: 10) else {
                return XCTFail(try failure(alive(pid) ? "idm read no key for 10 s (\(input.pending) bytes waiting: hung?)" : "idm exited"))
            }

            if sent >= nextProbe {
                nextProbe = sent + 400
                guard alive(pid) else { return XCTFail(try failure("idm exited")) }
                // Every size below 60x15 draws "Terminal too small: WxH" in every state: the
                // probe is answered only by a loop that still reads, updates and draws.
                probes += 1
                let (w, h) = (30 + probes % 29, 4 + probes % 10)
                try perform(.resize(width: w, height: h), t)
                recent.append("probe \(w)x\(h)")
                _ = input.resized(to: w, h, within: 3)
                small = true
                nextResize = sent
                guard try waitUntil(10, { $0.contains("Terminal too small: \(w)x\(h)") }, t) else {
                    return XCTFail(try failure(alive(pid) ? "idm did not draw a resize within 10 s (hung?)" : "idm exited"))
                }
            }
        }
        guard alive(pid) else { return XCTFail(try failure("idm exited")) }

        // Back to a normal terminal and to the list, with Esc (and y where a question asks to
        // discard something); then a known sequence: the audit log opens and says the chain
        // verifies, Esc closes it, q quits with status 0.
        try t.resize(width: 80, height: 24)
        recent.append("resize 80x24")
        _ = input.resized(to: 80, 24, within: 3)
        var escapes = 0
        while true {
            guard try settle(input, t) else { return XCTFail(try failure("idm did not settle within 10 s after the storm")) }
            let screen = try t.screen()
            if atList(screen) { break }
            guard escapes < 40 else { return XCTFail(try failure("40 Esc did not bring back the list")) }
            let key = screen.contains("y discard") || screen.contains("y yes, leave") ? "y" : "Escape"
            try t.press(key)
            recent.append("(back) \(key)")
            escapes += 1
        }
        try t.press("L")
        guard try waitUntil(5, { $0.contains("Audit log ·") && $0.contains("chain verifies") }, t) else {
            return XCTFail(try failure(alive(pid) ? "L did not show the audit log and \"chain verifies\" within 5 s" : "idm exited"))
        }
        try t.press("Escape")
        guard try waitUntil(5, atList, t), try settle(input, t) else { return XCTFail(try failure("Esc did not close the audit log")) }
        try t.press("q")
        guard try waitUntil(5, { $0.contains("IDM-EXIT=") }, t) else { return XCTFail(try failure("q did not quit within 5 s")) }
        let end = try t.screen()
        XCTAssertTrue(end.contains("IDM-EXIT=0"), "q quits with status 0:\n\(end)")

        try Robustness.assertIntact(db, "after \(sent) random keys, seed \(seed)")
        let changes = try newEvents(after: eventsBefore).summary
        print("MonkeyTests: \(sent) keys, \(resizes) resizes, \(probes) probes in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; " +
              "changes made (audit events): \(changes.isEmpty ? "none" : changes); screens sampled: " +
              seen.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    // MARK: The keys

    /// What a person might press, weighted toward moving about and opening things.
    private func randomAction(_ rng: inout SeededRandom) -> Action {
        let navigation = ["Up", "Down", "Left", "Right", "PPage", "NPage", "Home", "End", "j", "k", "g", "G", "h", "C-b", "C-f"]
        let tabs = ["1", "2", "3", "4", "Tab", "BTab"]
        // Every other key the screens bind (never q, never C-c): opening, acting, confirming.
        let actions = ["s", "e", "r", "C-l", "c", "E", "M", "l", "b", "X", "a", "d", "D", "x", "t", "p", "R", "u", "o",
                       "y", "n", "N", "A", "Space", "BSpace", "C-u", "Enter", "Escape", "?", "F1", "L", "m", "/",
                       "M-a", "M-[", "M-O", "F5", "IC", "DC", "C-a", "C-e", "C-w"]
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<16: return .keys((0..<Int.random(in: 1...4, using: &rng)).map { _ in navigation.randomElement(using: &rng)! })
        case 16..<20:
            // Leaving: "Leave without saving?" and "Discard?" take y.
            return .keys([["Escape", "Enter"].randomElement(using: &rng)!, "y"])
        case 20..<30: return .keys([tabs.randomElement(using: &rng)!])
        case 30..<40: return .keys(["Enter"])
        case 40..<50: return .keys(["Escape"])
        case 50..<54: return .keys([["n", "N"].randomElement(using: &rng)!])
        case 54..<60:
            // A filter with random text, kept, cleared or left open.
            return .sequence([.keys(["/"]), .text(randomText(&rng)), .keys([["Enter", "Escape", "BSpace", "Down"].randomElement(using: &rng)!])])
        case 60..<63: return .keys([["?", "F1"].randomElement(using: &rng)!])
        case 63..<66: return .keys(["L"])
        case 66..<69: return .keys(["2", "m"])
        case 69..<74:
            // Deeper into the wizard: a step or two forward, choices, typing.
            var keys = [["n", "N"].randomElement(using: &rng)!]
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                keys.append(["Enter", "Space", "Down", "Tab", "Right", "Left", "u", "o", "a", "/"].randomElement(using: &rng)!)
            }
            return .keys(keys)
        case 74..<77:
            // Through the wizard to Review and Create: groups, an API (the first rows may be
            // unavailable), a name (random, so often refused), maybe a description.
            var steps: [Action] = [.keys(["2", "n", "Enter"] + Array(repeating: "Down", count: Int.random(in: 0...5, using: &rng)) + ["Space", "Enter"]),
                                   .text(randomText(&rng))]
            if Bool.random(using: &rng) { steps += [.keys(["Tab"]), .text(randomText(&rng))] }
            steps.append(.keys(Array(repeating: "Enter", count: Int.random(in: 1...3, using: &rng))))
            return .sequence(steps)
        case 77..<83:
            // An admin action where it applies: a row of a tab, the action's key, answers.
            let downs = Array(repeating: "Down", count: Int.random(in: 0...6, using: &rng))
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return .keys(["1"] + downs + ["l", ["y", "Enter", "n"].randomElement(using: &rng)!])
            case 1: return .keys(["2"] + downs + ["Enter", ["l", "g", "d", "a", "D", "R", "x"].randomElement(using: &rng)!,
                                                  ["y", "Enter", "Escape", "Down"].randomElement(using: &rng)!])
            case 2: return .sequence([.keys(["3"] + downs + ["c"]), .text(randomText(&rng)), .keys(["Enter"])])
            case 3: return .sequence([.keys(["1"] + downs + ["E", "Tab", "Tab", "Tab"]), .text(randomText(&rng)), .keys(["Enter", "y"])])
            case 4: return .sequence([.keys(["4", "c"]), .text(randomText(&rng)), .keys(["Tab"]), .text(randomText(&rng)),
                                      .keys(["Tab"]), .text("product.reporting.read"), .keys(["Enter"])])
            default: return .keys(["3"] + downs + [["M", "X", "E"].randomElement(using: &rng)!, "Down", ["y", "Enter", "Escape"].randomElement(using: &rng)!])
            }
        case 83..<90: return .keys([actions.randomElement(using: &rng)!])
        default: return .text(randomText(&rng))
        }
    }

    /// Printable text, mostly ASCII (never q), sometimes wide, combining or right-to-left.
    private func randomText(_ rng: inout SeededRandom) -> String {
        let exotic = ["é", "ß", "日本", "🙂", "e\u{301}", "\u{202E}", "\u{200B}", "ﷺ", "Ж", " ", "=", ",", "@", ">"]
        var text = ""
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            if Int.random(in: 0..<6, using: &rng) == 0 {
                text += exotic.randomElement(using: &rng)!
            } else {
                var scalar: UInt8
                repeat { scalar = UInt8.random(in: 0x20...0x7e, using: &rng) } while scalar == UInt8(ascii: "q")
                text.append(Character(Unicode.Scalar(scalar)))
            }
        }
        return text
    }

    private func randomResize(usable: Bool, _ rng: inout SeededRandom) -> Action {
        if usable {
            return .resize(width: Int.random(in: 60...200, using: &rng), height: Int.random(in: 15...60, using: &rng))
        }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<2: return .resize(width: 1, height: 1)
        case 2..<4: return .resize(width: Int.random(in: 1...20, using: &rng), height: Int.random(in: 1...10, using: &rng))
        case 4..<7: return .resize(width: Int.random(in: 55...70, using: &rng), height: Int.random(in: 12...18, using: &rng))
        default: return .resize(width: Int.random(in: 80...200, using: &rng), height: Int.random(in: 24...60, using: &rng))
        }
    }

    private func perform(_ action: Action, _ t: Tmux) throws {
        switch action {
        case .keys(let keys):
            try t.tmux(["send-keys", "-t", t.session] + keys)
        case .text(let text):
            // tmux ends a command at an argument ending in ";" (and drops it); "\;" is a ";".
            let escaped = text.hasSuffix(";") ? text.dropLast() + "\\;" : text
            try t.tmux(["send-keys", "-t", t.session, "-l", "--", escaped])
        case .sequence(let actions):
            for action in actions { try perform(action, t) }
        case .resize(let w, let h):
            try t.resize(width: w, height: h)
        }
    }

    // MARK: Watching

    /// The audit events after the first `count`, as "action ×N" (the console's changes).
    private func newEvents(after count: Int) throws -> (count: Int, summary: String) {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { db in
            let actions = try String.fetchAll(db, sql: "SELECT action FROM audit_event ORDER BY id LIMIT -1 OFFSET ?", arguments: [count])
            let counted = Dictionary(actions.map { ($0, 1) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
            return (count + actions.count, counted.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
    }

    /// Alive: the pid exists and is not a zombie (tmux reaps its pane's process).
    private func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Which screen this is, roughly (for the printed coverage only).
    private func kind(of screen: String) -> String {
        let lines = screen.components(separatedBy: "\n")
        let line = { (i: Int) in i < lines.count ? lines[i] : "" }
        let compact = screen.filter { !$0.isWhitespace }
        let hint = lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        let boxed = screen.contains("┌") ? "+box" : ""
        if compact.contains("Terminaltoosmall") || compact.contains("idmneedsatleast") { return "too small" }
        if screen.contains("┌─ Keys") { return "help" }
        if screen.contains("choose the owner") { return "owner picker" }
        if line(1).contains("Audit log ·") { return "audit log" + boxed }
        if screen.contains("Migration report") { return "migration report" }
        if screen.contains("Save these now") { return "new credential" + boxed }
        if screen.contains("1 Groups  ›") {
            for (sign, step) in [("Space Toggle", "groups"), ("Space Pick", "APIs"), ("Tab Next field", "details"), ("Enter Create", "review")]
            where hint.contains(sign) { return "wizard \(step)" }
            return "wizard"
        }
        if line(2).contains("  API client") { return "client page" + boxed }
        if line(1).contains("1 Users (") {
            let header = line(3)
            let tab = header.hasPrefix(" Login") ? "users" : header.contains("Owner") ? "clients" : header.contains("Permissions") ? "roles" : "groups/roles"
            return "list \(tab)" + (boxed.isEmpty ? (line(2).hasPrefix(" Filter:") ? "+filter" : "") : boxed)
        }
        for what in ["user", "group", "role"] where line(2).contains("  \(what) ") { return "\(what) detail" }
        return "other (mid-resize)"
    }

    /// The main list: the tab bar, no box drawn over it, the list's hint bar.
    private func atList(_ screen: String) -> Bool {
        let lines = screen.components(separatedBy: "\n")
        guard lines.count > 3, lines[1].contains("1 Users ("), lines[1].contains("4 Roles (") else { return false }
        guard !screen.contains("┌") else { return false }
        let hint = lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        return hint.contains("q Quit")
    }

    /// Every key read, and the screen unchanged for 300 ms.
    private func settle(_ input: InputQueue, _ t: Tmux) throws -> Bool {
        let deadline = Date().addingTimeInterval(10)
        var last = try t.screen()
        var since = Date()
        while Date() < deadline {
            usleep(20_000)
            let screen = try t.screen()
            if screen != last || input.pending > 0 { last = screen; since = Date(); continue }
            if Date().timeIntervalSince(since) >= 0.3 { return true }
        }
        return false
    }

    private func waitUntil(_ seconds: TimeInterval, _ condition: (String) -> Bool, _ t: Tmux) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if condition(try t.screen()) { return true }
            usleep(20_000)
        } while Date() < deadline
        return false
    }
}

/// The terminal (pty slave) that is a process's standard input, looked at from outside: the
/// bytes typed that it has not read yet (FIONREAD), and its size (TIOCGWINSZ), which tmux
/// changes some 250 ms after `resize-window`. (ioctl is variadic in C, so it is called
/// through dlsym with a fixed signature: an int, a request and a pointer, which every ABI
/// Swift runs on passes the same way.)
final class InputQueue {
    private typealias Ioctl = @convention(c) (Int32, UInt, UnsafeMutableRawPointer) -> Int32
    private let fd: Int32
    private let ioctl: Ioctl

    init?(pid: pid_t) {
        guard let tty = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/0"),
              tty.hasPrefix("/dev/pts/"), let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ioctl") else { return nil }
        fd = open(tty, O_RDONLY | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        ioctl = unsafeBitCast(symbol, to: Ioctl.self)
    }

    deinit { close(fd) }

    var pending: Int {
        var count: Int32 = 0
        return ioctl(fd, UInt(FIONREAD), &count) == 0 ? Int(count) : -1
    }

    var size: (width: Int, height: Int)? {
        var size = winsize()
        return ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 ? (Int(size.ws_col), Int(size.ws_row)) : nil
    }

    /// Waits until fewer than `limit` bytes wait; false if that takes longer than `seconds`.
    func drain(below limit: Int, within seconds: TimeInterval) -> Bool {
        wait(seconds) { self.pending < limit }
    }

    /// Waits until tmux has given the terminal this size.
    func resized(to width: Int, _ height: Int, within seconds: TimeInterval) -> Bool {
        wait(seconds) { self.size.map { $0.width == width && $0.height == height } ?? true }
    }

    private func wait(_ seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        if condition() { return true }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            usleep(1_000)
            if condition() { return true }
        }
        return false
    }
}
