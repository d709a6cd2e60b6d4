import ArgumentParser
import Foundation
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal

/// Times what a person feels on each tab of the console: one move of the selection (the key
/// handled, its effects run, the frame drawn), on the real console against the database, in
/// memory (no terminal). Prints the median and 90th percentile, the reads per move and the
/// cells that changed on screen per move. Measures; asserts nothing.
struct BenchMoves: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moves",
        abstract: "Time a move of the selection on each tab of the console (key, effects, frame).",
        discussion: """
            Opens the console as --as (in --account) at --width x --height, and on each tab presses Down --moves times \
            after a few untimed ones; each figure is per move. "cells" is how many cells of the screen differ from the \
            frame before (what the terminal would be sent), "reads" how many database reads the move made.
            """)

    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user.", valueName: "LOGIN")) var actor: String = LargeSeed.adminLogin
    @Option(help: ArgumentHelp("The account to open (a reseller browsing a managed account).", valueName: "NAME|ID")) var account: String?
    @Option(help: "Moves timed per tab.") var moves: Int = 200
    @Option(help: "Terminal columns.") var width: Int = 80
    @Option(help: "Terminal rows.") var height: Int = 24

    func validate() throws {
        guard moves >= 1 else { throw ValidationError("--moves wants at least 1.") }
        guard width >= 60, height >= 15 else { throw ValidationError("The console needs at least 60x15.") }
    }

    func run() throws {
        let options = try GlobalOptions.parse(["--db", db, "--as", actor] + (account.map { ["--account", $0] } ?? []))
        let store = try options.openStore()
        let ctx = try options.context(store)
        let openStart = DispatchTime.now().uptimeNanoseconds
        let session = try Session(store: store, login: ctx.login, accountID: ctx.account.id)
        let console = try Console(session: session, size: Size(width: width, height: height))
        _ = console.render()
        let opened = Double(DispatchTime.now().uptimeNanoseconds - openStart) / 1e6
        Stdout.line("idm bench moves: \(db), as \(ctx.login) in \(ctx.account.name), \(width)x\(height), \(moves) moves per tab")
        Stdout.line(String(format: "open to first frame: %.1f ms", opened))
        var table: [[String]] = [["tab", "rows", "median ms", "p90 ms", "reads/move", "cells/move"]]
        for (i, list) in DirectoryList.allCases.enumerated() {
            console.handle(.character(Character(String(i + 1))))
            if list == .groups {
                // A large tree opens with contracts and their root groups: open the first root,
                // as a person would, so there are rows to move through.
                console.handle(.down)
                console.handle(.right)
            }
            var frame = console.render()
            for _ in 0..<5 { console.handle(.down); frame = console.render() }
            var times: [Double] = []
            var cells = 0
            let readsBefore = store.readsServed
            for _ in 0..<moves {
                let start = DispatchTime.now().uptimeNanoseconds
                console.handle(.down)
                let next = console.render()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                cells += zip(frame.cells, next.cells).filter { $0 != $1 }.count
                frame = next
            }
            let reads = Double(store.readsServed - readsBefore) / Double(moves)
            times.sort()
            let rows = frame.textLines()[2].split(separator: " ").last.map(String.init) ?? "?"
            table.append([list.title, rows, String(format: "%.2f", times[times.count / 2]), String(format: "%.2f", times[times.count * 9 / 10]),
                          String(format: "%.1f", reads), String(cells / moves)])
        }
        let widths = (0..<table[0].count).map { c in table.map { $0[c].count }.max()! }
        for row in table {
            Stdout.line(row.enumerated().map { c, cell in c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  "))
        }
    }
}
