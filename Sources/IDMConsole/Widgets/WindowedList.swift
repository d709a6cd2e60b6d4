import IDMDomain
import IDMStore

/// A list of rows in SQL (`ListWindow`), shown through a `ListState`: only the rows on screen
/// and a margin are held, and fetching them is an effect (`fetch`), answered by `apply`. Used by
/// the Users, API Clients and Roles tabs and the user pickers.
///
/// `reversed` mirrors the window's order (`S`): row i is the window's row `count - 1 - i`, so a
/// reversed list pages as fast as the forward one.
struct WindowedList {
    struct Reply {
        let generation: Int
        let count: Int
        let offset: Int
        let rows: [ListRow]
        /// Where the row to keep selected now is, when it was asked for.
        let keptAt: Int?
        /// The row to keep is no longer in the list (deleted, or changed out of the filter):
        /// the selection stays at the same place, on the nearest row.
        var lostKept = false
        /// The count stopped at the cap: more rows match than the list holds.
        var capped = false
        /// False for a count alone (`countOnly`): no row was read.
        var rowsRead = true
    }

    private(set) var window: ListWindow
    var list = ListState()
    var reversed = false
    private(set) var rows: [ListRow] = []
    private(set) var rowsOffset = 0
    private(set) var counted = false
    /// The row to keep selected, asked for while the list was not on screen (`countOnly`):
    /// the next fetch finds where it now is.
    private(set) var pendingKeep: Int64?
    /// More rows match the filter than the list holds (its count stopped at the cap).
    private(set) var capped = false
    /// Bumped by every new spec, so an answer to an older one is dropped.
    private(set) var generation = 0
    /// Rows fetched beyond the screen on either side, so a move rarely reads.
    static let margin = 40
    /// The last unfiltered window, kept while a filter is typed (`refilter`): clearing the
    /// filter goes back to it, with its count and checkpoints, instead of counting 190,000 rows
    /// again. Any other new window (`respec`: a sort, a refresh after a change) drops it.
    private var unfiltered: ListWindow?

    init(window: ListWindow) {
        self.window = window
    }

    var spec: ListSpec { window.spec }

    func row(at index: Int) -> ListRow? {
        let i = index - rowsOffset
        return rows.indices.contains(i) ? rows[i] : nil
    }

    var selectedRow: ListRow? { list.selection.flatMap(row(at:)) }

    /// A new filter, sort or directory state: a new window, counted again.
    mutating func respec(_ window: ListWindow) {
        unfiltered = nil
        self.window = window
        generation += 1
        counted = false
        rows = []
    }

    /// The filter typed changed: back to the kept unfiltered window when it is cleared (same
    /// sort and flags), else a new window from `make`.
    mutating func refilter(_ spec: ListSpec, _ make: (ListSpec) -> ListWindow) {
        let kept = window.spec.filter.isEmpty ? window : unfiltered
        if spec.filter.isEmpty, let kept, kept.spec == spec {
            respec(kept)
        } else {
            respec(make(spec))
            unfiltered = kept
        }
    }

    /// "1,000+" for a capped count, else the count.
    var countText: String { capped ? "\(Self.thousands(list.count))+" : String(list.count) }

    static func thousands(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// Whether the rows a screen of `height` shows are all held.
    func covers(_ height: Int) -> Bool {
        guard counted else { return false }
        let range = list.visible(height)
        return range.isEmpty || (range.lowerBound >= rowsOffset && range.upperBound <= rowsOffset + rows.count)
    }

    /// The read that brings the rows on screen (and the count, after a respec); nil when they
    /// are already held. With `keep`, the selection moves to that row wherever it now is.
    func fetch(height: Int, keep asked: Int64? = nil) -> Effect? {
        let keep = asked ?? pendingKeep
        guard !covers(height) || keep != nil else { return nil }
        let window = self.window
        let generation = self.generation
        let reversed = self.reversed
        let list = self.list
        return .run { _ in
            let count = try window.count()
            var kept: Int?
            if let keep, let at = try window.offset(ofID: keep) { kept = reversed ? count - 1 - at : at }
            var state = list
            state.setCount(count)
            if let kept { state.select(kept) }
            let visible = state.visible(height)
            let start = max(0, visible.lowerBound - Self.margin)
            let end = min(count, visible.upperBound + Self.margin)
            var rows: [ListRow]
            if reversed {
                rows = try window.rows(offset: count - end, limit: end - start).reversed()
            } else {
                rows = try window.rows(offset: start, limit: end - start)
            }
            return Reply(generation: generation, count: count, offset: start, rows: rows, keptAt: kept, lostKept: keep != nil && kept == nil,
                         capped: window.isCapped)
        }
    }

    /// Only the count, for a list that is not on screen (a tab not shown): the tab bar shows
    /// it, and its rows are read when it is shown. A Roles tab's rows count the holders of
    /// each role (80 ms for Hyperion Holdings' 87,000 holders of one role), an API Clients
    /// page its clients' credentials: neither belongs on the way to the first screen.
    mutating func countOnly(keep: Int64?) -> Effect {
        pendingKeep = keep
        let window = self.window
        let generation = self.generation
        return .run { _ in
            let count = try window.count()
            return Reply(generation: generation, count: count, offset: 0, rows: [], keptAt: nil, capped: window.isCapped, rowsRead: false)
        }
    }

    /// Takes a fetch's answer, unless a newer spec replaced the window meanwhile.
    mutating func apply(_ reply: Reply, height: Int) -> Bool {
        guard reply.generation == generation else { return false }
        if reply.rowsRead { pendingKeep = nil }
        counted = true
        capped = reply.capped
        list.setCount(reply.count)
        if let kept = reply.keptAt { list.select(kept) }
        list.fit(height)
        rows = reply.rows
        rowsOffset = reply.offset
        return true
    }
}
