import ArgumentParser
import Foundation
import IDMStore
#if canImport(Glibc)
import Glibc
#endif

/// The command line's lists as a script feels them: each run as its own process, timed from
/// the start to its first row on standard output and to its end, with the most memory it held.
/// Measures; asserts nothing.
struct BenchCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "Time the streaming commands (users, clients, groups, roles, audit list): first row, total, peak memory.",
        discussion: """
            Runs this idm binary once per command, its standard output read through a pipe as a script would. "first row" \
            is the time until the first row is complete: the line after the header of a table, the first element's \
            closing brace in JSON. "peak RSS" is the process's maximum resident set (wait4's ru_maxrss). The median of \
            --runs runs is printed.
            """)

    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user.", valueName: "LOGIN")) var actor: String = LargeSeed.adminLogin
    @Option(help: "Runs per command (the median is printed).") var runs: Int = 1

    static let commands: [[String]] = [
        ["users", "list"], ["users", "list", "--json"], ["users", "list", "--filter", "mar"],
        ["clients", "list"], ["clients", "list", "--json"],
        ["groups", "list"], ["roles", "list"], ["audit", "list"],
    ]

    struct Run { var first: Double?; var total: Double; var peakMB: Double; var rows: Int; var status: Int32 }

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs wants at least 1.") }
    }

    func run() throws {
        _ = try Store(path: db, create: false)   // migrated once, before anything is timed
        let binary = Paths.thisExecutable
        Stdout.line("idm bench cli: \(db), as \(actor), median of \(runs) run\(runs == 1 ? "" : "s")")
        Stdout.line("host: \(BenchConsole.host())")
        Stdout.line(SpeedProbe.line() + ", before")
        var table: [[String]] = []
        for command in Self.commands {
            let results = try (0..<runs).map { _ in try Self.measure([binary] + command + ["--db", db, "--as", actor]) }
            let failed = results.first { $0.status != 0 }
            let firsts = results.compactMap(\.first)
            table.append(["idm " + command.joined(separator: " "),
                          firsts.isEmpty ? "-" : String(format: "%.0f ms", BenchConsole.median(firsts)),
                          String(format: "%.2f s", BenchConsole.median(results.map(\.total)) / 1000),
                          String(format: "%.0f MB", BenchConsole.median(results.map(\.peakMB))),
                          String(results[0].rows),
                          failed.map { "exit \($0.status)" } ?? ""])
        }
        Stdout.line(Output.table(["command", "first row", "total", "peak RSS", "lines", ""], table))
        Stdout.line(SpeedProbe.line() + ", after")
    }

    /// Runs `arguments` with standard output into a pipe (standard error discarded), reading
    /// as it comes.
    static func measure(_ arguments: [String]) throws -> Run {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw Failure("Could not make a pipe: errno \(errno).") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw Failure("Could not start \(arguments[0]): error \(spawned).")
        }
        let json = arguments.contains("--json")
        var first: Double?
        var lines = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var tail: [UInt8] = []
        while true {
            let n = read(pipe[0], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            let chunk = buffer[0..<n]
            lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            if first == nil {
                tail += chunk
                // A table's first row ends its second line; JSON's first element ends at "\n  }".
                let done = json ? Self.contains(tail, Array("\n  }".utf8)) : tail.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } >= 2
                if done { first = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6; tail = [] }
            }
        }
        close(pipe[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let total = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Run(first: first, total: total, peakMB: Double(usage.ru_maxrss) / 1024, rows: lines, status: exit)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
