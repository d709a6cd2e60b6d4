import ArgumentParser
import Foundation
import IDMStore
#if canImport(Glibc)
import Glibc
#endif

/// The console as a person feels it: the real binary on a pseudo-terminal, timed from the key
/// written to the last byte of the drawing it causes (the terminal's view), with fzf on the same
/// user lines in the same run for comparison. Measures; asserts nothing.
struct BenchConsole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Time the real console in a pseudo-terminal: start, moves on each tab, filter keystrokes, peak memory (--vs-fzf: and fzf).",
        discussion: """
            Starts `idm open` on a pseudo-terminal of --width x --height, --starts times (each timed to its first \
            screen; the last one is measured further). Each figure is the time from writing a key to \
            the last byte drawn in answer (a drawing ends after 40 ms of quiet), and the bytes drawn. The filter script, run first on the Users tab, \
            types "zed.o", deletes it, types "mar", deletes it, types "ann". With --vs-fzf, fzf gets the same user lines \
            (login, name, email of every user) and the same keys, in the same run.
            """)

    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user.", valueName: "LOGIN")) var actor: String = LargeSeed.adminLogin
    @Option(help: "Moves timed per tab.") var moves: Int = 30
    @Option(help: "Starts timed, each to the first screen (a single start is as noisy as a single key).") var starts: Int = 5
    @Option(help: "Terminal columns.") var width: Int = 80
    @Option(help: "Terminal rows.") var height: Int = 24
    @Flag(name: .customLong("vs-fzf"), help: "Run fzf on the same rows and keys, and print the ratios.") var vsFzf = false

    static let script: [String] = Array("zed.o").map(String.init) + Array(repeating: "\u{7F}", count: 5)
        + Array("mar").map(String.init) + Array(repeating: "\u{7F}", count: 3) + Array("ann").map(String.init)
    static let down = "\u{1B}OB"
    static let up = "\u{1B}OA"

    struct Figures {
        var start: [Double] = []
        var moves: [(tab: String, times: [Double], bytes: [Int])] = []
        var filter: [Double] = []
        var peak: Double?
    }

    func validate() throws {
        guard moves >= 1 else { throw ValidationError("--moves wants at least 1.") }
        guard starts >= 1 else { throw ValidationError("--starts wants at least 1.") }
        guard width >= 60, height >= 15 else { throw ValidationError("The console needs at least 60x15.") }
    }

    var environment: [String: String] {
        ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": NSHomeDirectory(), "PATH": "/usr/bin:/bin", "TZ": "UTC"]
    }

    func run() throws {
        _ = try Store(path: db, create: false)   // migrated once, before anything is timed
        let before = SpeedProbe.line()
        let idm = try measureIDM()
        var fzf: Figures?
        var fzfVersion = ""
        var lines = 0
        if vsFzf {
            (fzf, fzfVersion, lines) = try measureFzf()
        }
        Stdout.line("idm bench console: \(db), \(width)x\(height), as \(actor)" +
                    (vsFzf ? "; \(fzfVersion) on the same \(lines) user lines (login, name, email)" : ""))
        Stdout.line("host: \(Self.host())")
        Stdout.line(before + ", before")
        var table: [[String]] = [["what", "idm median / p90", "idm bytes"] + (vsFzf ? ["fzf median / p90", "fzf bytes", "idm / fzf (median)"] : [])]
        func row(_ what: String, _ a: [Double], _ ab: [Int]?, _ b: [Double]?, _ bb: [Int]?) {
            var cells = [what, Self.pair(a), ab.map { "\(Self.median($0.map(Double.init)).rounded()) B" } ?? ""]
            if vsFzf, let b {
                cells += [Self.pair(b), bb.map { "\(Self.median($0.map(Double.init)).rounded()) B" } ?? "",
                          String(format: "%.2f", Self.median(a) / max(0.001, Self.median(b)))]
            } else if vsFzf { cells += ["", "", ""] }
            table.append(cells)
        }
        row("start to first screen", idm.start, nil, fzf?.start, nil)
        for (i, m) in idm.moves.enumerated() {
            let f = i == 0 ? fzf?.moves.first : nil
            row("move, \(m.tab)", m.times, m.bytes, f?.times, f?.bytes)
        }
        row("filter keystroke", idm.filter, nil, fzf?.filter, nil)
        table.append(["peak RSS", idm.peak.map { String(format: "%.0f MB", $0) } ?? "?", ""] +
                     (vsFzf ? [fzf?.peak.map { String(format: "%.0f MB", $0) } ?? "?", "", ""] : []))
        Stdout.line(Output.table(table[0], Array(table.dropFirst())))
        // Each key of the filter script, for seeing which query lengths cost what.
        func keys(_ times: [Double]) -> String {
            zip(Self.script, times).map { key, ms in (key == "\u{7F}" ? "⌫" : key) + String(format: " %.0f", ms) }.joined(separator: ", ")
        }
        Stdout.line("filter keys, idm (ms): " + keys(idm.filter))
        if let fzf { Stdout.line("filter keys, fzf (ms): " + keys(fzf.filter)) }
        Stdout.line(SpeedProbe.line() + ", after")
    }

    private func measureIDM() throws -> Figures {
        var f = Figures()
        let p: PseudoTerminalProcess
        (p, _, f.start) = try timedStarts(startIDM) { earlier in
            earlier.type(Array("q".utf8))
            _ = earlier.burst(quiet: 100, limit: 1_000)
        }
        // The filter first, on the Users tab as it opens: nothing else queued ahead of it.
        p.type(Array("/".utf8))
        _ = p.burst(quiet: 150, limit: 1_000)
        f.filter = Self.script.map { key in
            let start = DispatchTime.now().uptimeNanoseconds
            p.type(Array(key.utf8))
            let b = p.burst(since: start, quiet: 40, limit: 3_000)
            if ProcessInfo.processInfo.environment["IDM_BENCH_TRACE"] != nil {
                Stderr.line("key \(key == "\u{7F}" ? "⌫" : key): \(b.bytes) B in \(b.milliseconds) ms: \(b.text.suffix(120).debugDescription)")
            }
            return b.milliseconds
        }
        p.type([0x1B])
        _ = p.burst(quiet: 150, limit: 1_000)
        for (i, tab) in ["Users", "API Clients", "Groups", "Roles"].enumerated() {
            p.type(Array("\(i + 1)".utf8))
            _ = p.burst(quiet: 100, limit: 1_000)
            if tab == "Groups" {
                for key in [Self.down, "\u{1B}OC"] { p.type(Array(key.utf8)); _ = p.burst(quiet: 100, limit: 1_000) }
            }
            for _ in 0..<3 { p.type(Array(Self.down.utf8)); _ = p.burst(quiet: 60, limit: 1_000) }
            var times: [Double] = []
            var bytes: [Int] = []
            // Down, and at the end of a short list back up: every timed key moves the selection.
            var key = Self.down
            var tries = 0
            while times.count < moves, tries < moves * 3 {
                tries += 1
                let start = DispatchTime.now().uptimeNanoseconds
                p.type(Array(key.utf8))
                let b = p.burst(since: start, limit: 500)
                guard b.bytes > 0 else {
                    key = key == Self.down ? Self.up : Self.down
                    continue
                }
                times.append(b.milliseconds)
                bytes.append(b.bytes)
            }
            f.moves.append((tab, times, bytes))
        }
        f.peak = p.peakMegabytes
        p.type([0x1B])
        _ = p.burst(quiet: 100, limit: 500)
        p.type(Array("q".utf8))
        _ = p.burst(quiet: 100, limit: 500)
        return f
    }

    /// Starts a program --starts times, one at a time, each timed to its first drawing; every
    /// one but the last is let go (`leave`, then killed as it is released), and the last is
    /// returned with its first drawing, to be measured further.
    private func timedStarts(_ start: () throws -> (PseudoTerminalProcess, PseudoTerminalProcess.Burst),
                             leave: (PseudoTerminalProcess) -> Void = { _ in }) throws
        -> (PseudoTerminalProcess, PseudoTerminalProcess.Burst, [Double]) {
        var times: [Double] = []
        for _ in 1..<starts {
            let (earlier, first) = try start()
            times.append(first.milliseconds)
            leave(earlier)
        }
        let (last, first) = try start()
        return (last, first, times + [first.milliseconds])
    }

    /// The console started on its own pseudo-terminal, and its first screen.
    private func startIDM() throws -> (PseudoTerminalProcess, PseudoTerminalProcess.Burst) {
        let started = DispatchTime.now().uptimeNanoseconds
        let p = try PseudoTerminalProcess([Paths.thisExecutable, "open", "--db", db, "--as", actor], width: width, height: height, environment: environment)
        // The terminal set-up comes first; the first screen is the drawing with the tabs in it.
        var first = p.burst(since: started, quiet: 150, limit: 20_000)
        var seen = first.text
        while !seen.contains("Manage Users"), first.bytes > 0 {
            first = p.burst(since: started, quiet: 150, limit: 20_000)
            seen += first.text
        }
        guard seen.contains("Manage Users") else { throw Failure("The console did not start: \(seen.suffix(300))") }
        return (p, first)
    }

    private func measureFzf() throws -> (Figures, String, Int) {
        guard let fzf = ["/usr/bin/fzf", "/usr/local/bin/fzf"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure("fzf is not installed (apt-get install fzf), so --vs-fzf cannot compare.")
        }
        let store = try Store(path: db, readOnly: true)
        let lines = try store.read { db in try String.fetchAll(db, sql: "SELECT login || ' ' || first_name || ' ' || last_name || ' ' || email FROM user ORDER BY id") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("idm-bench-fzf-\(getpid()).txt").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let version = (try? Self.output([fzf, "--version"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var f = Figures()
        let p: PseudoTerminalProcess
        let first: PseudoTerminalProcess.Burst
        (p, first, f.start) = try timedStarts {
            let started = DispatchTime.now().uptimeNanoseconds
            let p = try PseudoTerminalProcess([fzf], width: width, height: height, environment: environment, stdin: file)
            return (p, p.burst(since: started, quiet: 150))
        }
        // Ready once every line is read: its info line says "N/N".
        let loaded = "\(lines.count)/\(lines.count)"
        guard first.text.contains(loaded) || p.wait(for: loaded) else { throw Failure("fzf did not finish reading its \(lines.count) lines.") }
        var times: [Double] = []
        var bytes: [Int] = []
        for _ in 0..<3 { p.type(Array(Self.down.utf8)); _ = p.burst(quiet: 60, limit: 1_000) }
        for _ in 0..<moves {
            let start = DispatchTime.now().uptimeNanoseconds
            p.type(Array(Self.down.utf8))
            let b = p.burst(since: start)
            times.append(b.milliseconds)
            bytes.append(b.bytes)
        }
        f.moves = [("Users", times, bytes)]
        f.filter = Self.script.map { key in
            let start = DispatchTime.now().uptimeNanoseconds
            p.type(Array(key.utf8))
            return p.burst(since: start, quiet: 40, limit: 3_000).milliseconds
        }
        f.peak = p.peakMegabytes
        return (f, "fzf " + version, lines.count)
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    static func p90(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int((Double(s.count) * 0.9).rounded(.up)) - 1)]
    }

    static func pair(_ values: [Double]) -> String {
        values.count == 1 ? String(format: "%.1f ms", values[0]) : String(format: "%.1f / %.1f ms", median(values), p90(values))
    }

    static func output(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    static func host() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "?"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)"
    }
}
