import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure the console's queries on a database.",
                                                    subcommands: [BenchLists.self, BenchMoves.self, BenchConsole.self, BenchCLI.self])
}

/// Times what the console's list screens ask of `ListWindow`, on each of the four lists of one
/// account: medians of several runs, in milliseconds. Measures; asserts nothing.
struct BenchLists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Time the four lists of an account: count, first, middle and last page, paging down, a filter, a sort change.",
        discussion: """
            Each figure is the median of --runs runs, in milliseconds, each on a new window (the console makes one per \
            list, filter and sort), with the count already known where the screen would know it. \
            "100 PgDn" is 100 steps of offset += 20 (50 rows each), in total. "filter" is count plus first page with \
            the filter; "sort" is count plus first page in the next sort order plus finding the selected row in it.
            """)

    @Option(help: ArgumentHelp("The database file.", valueName: "PATH")) var db: String
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user.", valueName: "LOGIN")) var actor: String = LargeSeed.adminLogin
    @Option(help: ArgumentHelp("The account to measure (a reseller browsing a managed account).", valueName: "NAME|ID")) var account: String?
    @Option(help: "Runs per figure (the median is printed).") var runs: Int = 5
    @Option(help: "The filter typed.") var filter: String = "ab"
    @Option(help: "Rows per page.") var page: Int = 50
    @Option(help: ArgumentHelp("Sort by this column (0 = first) where it is sortable; the first column elsewhere.", valueName: "N"))
    var sort: Int = 0

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs wants at least 1.") }
        guard page >= 1 else { throw ValidationError("--page wants at least 1.") }
    }

    func run() throws {
        let options = try GlobalOptions.parse(["--db", db, "--as", actor] + (account.map { ["--account", $0] } ?? []))
        let store = try options.openStore()
        let ctx = try options.context(store)
        Stdout.line("idm bench lists: \(db), as \(ctx.login) in \(ctx.account.name); median of \(runs) runs, milliseconds, \(page)-row pages")
        var table: [[String]] = []
        for list in DirectoryList.allCases {
            let columns = ListColumns.of(list)
            let spec = ListSpec(list: list, accountID: ctx.account.id,
                                sortColumn: columns.indices.contains(sort) && columns[sort].sortable ? sort : 0)
            let total = try ListWindow(store: store, spec: spec).count()
            func fresh(_ spec: ListSpec = spec) throws -> ListWindow {
                let window = ListWindow(store: store, spec: spec)
                _ = try window.count()
                return window
            }
            let count = try median { _ = try ListWindow(store: store, spec: spec).count() }
            let first = try median(prepare: { try fresh() }) { _ = try $0.rows(offset: 0, limit: page) }
            let middle = try median(prepare: { try fresh() }) { _ = try $0.rows(offset: total / 2, limit: page) }
            let last = try median(prepare: { try fresh() }) { _ = try $0.rows(offset: max(0, total - page), limit: page) }
            let pageDown = try median(prepare: { () -> ListWindow in
                let w = try fresh()
                _ = try w.rows(offset: 0, limit: page)
                return w
            }) { w in
                for step in 1...100 { _ = try w.rows(offset: step * 20, limit: page) }
            }
            var filtered = spec
            filtered.filter = filter
            var matches = 0
            let filterTime = try median {
                let w = ListWindow(store: store, spec: filtered)
                matches = try w.count()
                _ = try w.rows(offset: 0, limit: page)
            }
            var sorted = spec
            sorted.sortColumn = spec.nextSort()
            let selected = try ListWindow(store: store, spec: spec).rows(offset: total / 2, limit: 1).first?.id
            let sortTime = try median {
                let w = ListWindow(store: store, spec: sorted)
                _ = try w.count()
                _ = try w.rows(offset: 0, limit: page)
                if let selected { _ = try w.offset(ofID: selected) }
            }
            table.append(["\(list.title) by \(columns[spec.sortColumn].title)", String(total), ms(count), ms(first), ms(middle), ms(last), ms(pageDown),
                          "\(ms(filterTime)) (\(matches))", "\(ms(sortTime)) (\(spec.columns[sorted.sortColumn].title))"])
        }
        Stdout.line(Output.table(["LIST", "ROWS", "COUNT", "FIRST", "MIDDLE", "LAST", "100 PGDN", "FILTER \"\(filter)\" (ROWS)", "SORT (BY)"], table))
    }

    private func ms(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }

    private func median(_ body: () throws -> Void) throws -> Double {
        try median(prepare: { () }) { _ in try body() }
    }

    /// The median time of `body` over `runs` runs, each after an untimed `prepare`.
    private func median<T>(prepare: () throws -> T, _ body: (T) throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let state = try prepare()
            let start = DispatchTime.now().uptimeNanoseconds
            try body(state)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }
}
