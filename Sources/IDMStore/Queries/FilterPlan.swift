import GRDB

/// How one filter is answered, chosen from the trigram index's own counts (`FilterIndex`):
///
/// - **index**: the rows the index names (`id IN (SELECT rowid ... MATCH ...)`), each checked
///   by the filter's LIKE and looked up by id. Quick while the index names few rows.
/// - **index, walking**: the account's rows in the list's order (its index only), keeping those
///   the index names, until the page is full. Quick when the index names many rows.
///   Users in login order skip the probe: their login index holds what the filter tests
///   (`UserHaystack`), so the walk alone is quicker.
/// - **like**: the account's rows in the list's order, each checked by the LIKE, stopping once
///   the page is full: for one-character queries (and two-character ones whose trigram prefix
///   range is too wide), which have no index query and are dense in any real directory.
///
/// Counts take the index whenever the query has one (but for those Users walks), and stop at
/// `countCap` (shown "1,000+"), so no keystroke pays for a full count of a dense match.
struct FilterPlan: Equatable {
    enum Path: Equatable {
        case like
        /// An FTS5 query on the list's index table. `lookup`: read the rows it names by id (few
        /// of them); else walk the list's order and keep the rows it names (many of them, so
        /// the page fills soon; the walk reads only the sort's index until a row is kept).
        case index(String, lookup: Bool)
        /// The index says no row contains the text.
        case nothing
    }

    var page: Path
    var count: Path

    /// Up to this many rows named by the index, pages read them by id.
    static let sparse = 2_000
    /// Past this many rows named (of about 200,000), a Users count walks the login index:
    /// finding `countCap` matches there costs about countCap × rows / named row tests, reading
    /// the index's rows costs `named` lookups; they meet near 14,000.
    static let dense = 16_000
    /// A filtered count stops here: the list then shows its first `countCap` matches.
    static let countCap = 1_000
    /// A short query is answered from at most this many index terms (an OR of them).
    static let shortTerms = 64

    static let none = FilterPlan(page: .like, count: .like)

    /// The index table behind a list's filter, if it has one.
    static func table(of list: DirectoryList) -> FilterIndex.Table? {
        switch list {
        case .users: return FilterIndex.users
        case .clients: return FilterIndex.clients
        case .groups, .roles: return nil
        }
    }

    /// The plan for `filter` on `table`. The index's counts are the directory's, not the
    /// account's: in a small account the LIKE walk is quick whichever path is taken.
    /// `walksAlone`: the list's order is the login's, whose index holds the Users haystack.
    static func choose(_ db: Database, table: FilterIndex.Table, filter: String, walksAlone: Bool = false) throws -> FilterPlan {
        let scalars = Array(filter.lowercased().unicodeScalars)
        guard !scalars.isEmpty else { return .none }
        let match: String
        let named: Int
        if scalars.count >= 3 {
            let grams = Set((0...(scalars.count - 3)).map { i in String(String.UnicodeScalarView(scalars[i..<(i + 3)])) })
            match = grams.sorted().map(quote).joined(separator: " AND ")
            // Only whether it is none, few, many or dense matters: the count stops past `dense`.
            named = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(table.name) WHERE \(table.name) MATCH ? LIMIT ?)",
                                     arguments: [match, dense + 1]) ?? 0
            if named == 0 { return FilterPlan(page: .nothing, count: .nothing) }
        } else {
            // Every substring of one or two characters starts some indexed trigram (each value
            // ends with two U+0001): the terms in that range are its trigrams.
            let low = String(String.UnicodeScalarView(scalars))
            guard let last = scalars.last, let next = Unicode.Scalar(last.value + 1) else { return .none }
            let high = String(String.UnicodeScalarView(scalars.dropLast() + [next]))
            let terms = try Row.fetchAll(db, sql: "SELECT term, doc FROM \(table.terms) WHERE term >= ? AND term < ? LIMIT ?",
                                         arguments: [low, high, shortTerms + 1])
            guard terms.count <= shortTerms else { return .none }
            guard !terms.isEmpty else { return FilterPlan(page: .nothing, count: .nothing) }
            match = terms.map { quote($0["term"]) }.joined(separator: " OR ")
            named = terms.reduce(0) { $0 + ($1["doc"] as Int) }
            // A union of many long term lists costs more than the LIKE walk over a dense match.
            guard named <= sparse else { return .none }
        }
        // Users, many rows named: the login index holds what the filter tests (`UserHaystack`),
        // so the page walks it alone. The count walks too once the rows are dense enough that
        // `countCap` of them come sooner along the index than reading every row named.
        if named > sparse, table.name == FilterIndex.users.name, walksAlone {
            return named > dense ? .none : FilterPlan(page: .like, count: .index(match, lookup: true))
        }
        return FilterPlan(page: .index(match, lookup: named <= sparse), count: .index(match, lookup: true))
    }

    /// An FTS5 string: one token for the trigram tokenizer (a term of three characters).
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
