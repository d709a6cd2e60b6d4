import Foundation
import GRDB
import IDMDomain

/// The four lists of "Manage Users & Groups".
public enum DirectoryList: String, CaseIterable, Sendable {
    case users, clients, groups, roles

    public var title: String {
        switch self {
        case .users: return "Users"
        case .clients: return "API Clients"
        case .groups: return "Groups"
        case .roles: return "Roles"
        }
    }
}

/// A column of a list as the screen lays it out.
public struct ListColumn: Equatable, Sendable {
    public let title: String
    /// Columns never narrower than this.
    public let minWidth: Int
    /// Share of the spare width (0: fixed at minWidth).
    public let flex: Int
    public let sortable: Bool

    public init(title: String, minWidth: Int, flex: Int, sortable: Bool) {
        self.title = title
        self.minWidth = minWidth
        self.flex = flex
        self.sortable = sortable
    }
}

/// What a tab shows: which list, in which account, filtered and sorted how.
public struct ListSpec: Equatable, Sendable {
    public var list: DirectoryList
    public var accountID: AccountID
    /// Typed by the user; matched case-insensitively as a substring of the searchable columns.
    public var filter: String
    /// Index into `columns` of a sortable column.
    public var sortColumn: Int
    /// API clients only: list just the clients that have an ACTIVE credential expiring within
    /// `ListSpec.expiryWindow` of `now`, or already expired (the rows flagged "expiring" or
    /// "expired"). Without `now`, the current time is used for this filter.
    public var expiringOnly = false
    /// The clock for expiry marks (the console passes its own, tests a fixed date). With nil,
    /// rows carry no expiry flag.
    public var now: Date?

    /// "Expiring soon" means an ACTIVE credential expiring within this of now.
    public static let expiryWindow: TimeInterval = 30 * 86_400

    public init(list: DirectoryList, accountID: AccountID, filter: String = "", sortColumn: Int = 0,
                expiringOnly: Bool = false, now: Date? = nil) {
        self.list = list
        self.accountID = accountID
        self.filter = filter
        self.sortColumn = sortColumn
        self.expiringOnly = expiringOnly
        self.now = now
    }

    /// The end of the "expiring soon" window: ACTIVE credentials expiring at or before it count.
    var expiryHorizon: Date { (now ?? Date()).addingTimeInterval(Self.expiryWindow) }

    public var columns: [ListColumn] { ListColumns.of(list) }

    /// The next sortable column after the current one.
    public func nextSort() -> Int {
        let cols = columns
        var next = sortColumn
        repeat { next = (next + 1) % cols.count } while !cols[next].sortable
        return next
    }
}

/// One row, already formatted for the screen (text only; the screen sanitizes and styles it).
/// For API clients, `flag` is "expired" when an ACTIVE credential is past its expiry, else
/// "expiring" when one expires within 30 days (only when the spec has a clock, `ListSpec.now`).
public struct ListRow: Equatable, Sendable {
    public let id: Int64
    public let cells: [String]
    /// Locked users and clients show dimmed.
    public let locked: Bool
    /// A short mark for the row, e.g. "expiring" for a client with a credential expiring soon.
    public let flag: String?

    public init(id: Int64, cells: [String], locked: Bool = false, flag: String? = nil) {
        self.id = id
        self.cells = cells
        self.locked = locked
        self.flag = flag
    }
}

public enum ListColumns {
    public static func of(_ list: DirectoryList) -> [ListColumn] {
        switch list {
        case .users:
            return [ListColumn(title: "Login", minWidth: 10, flex: 1, sortable: true),
                    ListColumn(title: "Name", minWidth: 14, flex: 2, sortable: true),
                    ListColumn(title: "Email", minWidth: 16, flex: 2, sortable: true),
                    ListColumn(title: "Roles", minWidth: 5, flex: 0, sortable: false)]
        case .clients:
            return [ListColumn(title: "Name", minWidth: 14, flex: 2, sortable: true),
                    ListColumn(title: "Type", minWidth: 4, flex: 0, sortable: false),
                    ListColumn(title: "Owner", minWidth: 8, flex: 1, sortable: true),
                    ListColumn(title: "Creator", minWidth: 8, flex: 1, sortable: true),
                    ListColumn(title: "Credentials", minWidth: 11, flex: 0, sortable: false)]
        case .groups:
            return [ListColumn(title: "Group", minWidth: 16, flex: 3, sortable: true),
                    ListColumn(title: "Contract", minWidth: 12, flex: 1, sortable: true),
                    ListColumn(title: "Users", minWidth: 5, flex: 0, sortable: false),
                    ListColumn(title: "Clients", minWidth: 7, flex: 0, sortable: false)]
        case .roles:
            return [ListColumn(title: "Role", minWidth: 16, flex: 2, sortable: true),
                    ListColumn(title: "Type", minWidth: 8, flex: 0, sortable: true),
                    ListColumn(title: "Users", minWidth: 5, flex: 0, sortable: false),
                    ListColumn(title: "Permissions", minWidth: 11, flex: 3, sortable: false)]
        }
    }
}

/// A window over one list in SQL: the screen asks for the rows it shows, never the whole table.
/// Counting and filtering run in SQLite.
///
/// Paging is keyset with checkpoints. Every order is a total order on a sort key that ends with
/// the row's id (`ListSQL.key`). As rows are fetched, the window remembers the key of the rows
/// at page boundaries (a checkpoint: "the row at position p has key K"). `rows(offset:limit:)`
/// then seeks from the nearest checkpoint with a row-value comparison, `(k1, k2, id) >= (?, ?, ?)`,
/// which an index answers with a range search, plus a small OFFSET within a page; from the end of
/// the list it reads the reverse order (`ORDER BY ... DESC`), so the last page is as quick as
/// the first. Only a jump far from every checkpoint pays an OFFSET over an index, and it is then
/// a checkpoint itself. Cells are read for the returned rows only.
///
/// The window caches the count and the checkpoints; after a change to the directory, call
/// `invalidate()` (or make a new window).
public final class ListWindow: @unchecked Sendable {
    public let spec: ListSpec
    let store: Store
    /// The statements before the filter's plan is known (and for an unfiltered list, always).
    private let unplanned: ListSQL
    private let lock = NSLock()
    private var cachedCount: Int?
    private var capped = false
    private var resolved: (page: ListSQL, count: ListSQL)?
    private var cachedPlan: ListPlan?
    private var marks = KeyMarks()

    public init(store: Store, spec: ListSpec) {
        self.store = store
        self.spec = spec
        self.unplanned = ListSQL(spec)
    }

    /// The page statements (once a filter's plan is chosen, by `count`).
    var sql: ListSQL { locked { resolved?.page } ?? unplanned }

    /// The statements for pages and for the count: a filter on a list with a filter index
    /// looks at the index's counts first (`FilterPlan`).
    func statements() throws -> (page: ListSQL, count: ListSQL) {
        if let known = locked({ resolved }) { return known }
        var chosen = (page: unplanned, count: unplanned)
        if unplanned.hasFilter, let table = FilterPlan.table(of: spec.list) {
            let walksAlone = spec.list == .users && unplanned.key.first == "u.login" && !spec.filter.contains("\u{1}")
            let plan = try store.read { db in try FilterPlan.choose(db, table: table, filter: spec.filter, walksAlone: walksAlone) }
            chosen = (ListSQL(spec, path: plan.page), ListSQL(spec, path: plan.count))
        }
        locked { resolved = chosen }
        return chosen
    }

    /// Rows matching the filter; a filtered count stops at `FilterPlan.countCap` (`isCapped`
    /// then says more match, and the list holds the first ones in its order).
    public func count() throws -> Int {
        if let n = locked({ cachedCount }) { return n }
        let sql = try statements().count
        // Unfiltered: exact, through the account's index. Filtered: stops past the cap, so a
        // dense match never costs a pass over every row.
        let n = try store.read { db in
            try sql.count(db, cap: sql.hasFilter ? FilterPlan.countCap + 1 : nil)
        }
        let shown = sql.hasFilter ? min(n, FilterPlan.countCap) : n
        locked {
            capped = n > shown
            cachedCount = shown
        }
        return shown
    }

    /// The capped count's statement and arguments, for query-plan tests.
    func countStatementForTests() throws -> String { try statements().count.cappedCountStatement() }
    func countArgumentsForTests() throws -> [String: (any DatabaseValueConvertible)?] { try statements().count.arguments }

    /// More rows match than the count says (it stopped at `FilterPlan.countCap`).
    public var isCapped: Bool { locked { capped } }

    /// Rows `offset ..< offset + limit` in the list's order.
    public func rows(offset: Int, limit: Int) throws -> [ListRow] {
        guard limit > 0 else { return [] }
        let total = try count()
        let start = max(0, offset)
        guard start < total else { return [] }
        let end = start + min(limit, total - start)
        let plan = try self.plan(total: total)
        let seek = locked { marks.seek(start: start, end: end, total: capped ? nil : total) }
        return try store.read { db in
            let keys = try plan.keys(db, seek: seek, limit: end - start)
            locked {
                for (i, key) in keys.enumerated() where i == 0 || i == keys.count - 1 || (start + i) % KeyMarks.stride == 0 {
                    marks.record(start + i, key)
                }
            }
            return try ListRowFormat.rows(db, spec.list, ids: keys.map(ListSQL.id(of:)), now: spec.now)
        }
    }

    /// The position of row `id` in the current order and filter, or nil when it is not in the
    /// list (another account, filtered out, deleted): a screen keeps its selection with it after
    /// a filter or sort change. Counts the rows with a smaller key, through the sort's index.
    public func offset(ofID id: Int64) throws -> Int? {
        let total = try count()
        let plan = try self.plan(total: total)
        // A filtered list holds its first `countCap` matches: a row past them is not in it, so
        // the rows before it are counted only up to there (a dense filter walks no further).
        let cap = sql.hasFilter ? FilterPlan.countCap : nil
        return try store.read { db in
            guard let key = try plan.key(db, id: id) else { return nil }
            let position = try plan.count(db, before: key, cap: cap)
            if let cap, position >= cap { return nil }
            locked { marks.record(position, key) }
            return position
        }
    }

    /// Forgets the count and the checkpoints, e.g. after a change to the directory.
    public func invalidate() {
        locked {
            cachedCount = nil
            capped = false
            resolved = nil
            cachedPlan = nil
            marks = KeyMarks()
        }
    }

    /// How this window reads its rows (see `ListPlan.userDriven`).
    func plan(total: Int) throws -> ListPlan {
        if let plan = locked({ cachedPlan }) { return plan }
        let sql = try statements().page
        var plan = ListPlan(sql: sql, userDriven: false)
        if sql.driver != nil {
            let (users, unfiltered) = try store.read { db in
                (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM user") ?? 0, try sql.unfilteredCount(db))
            }
            plan.userDriven = ListPlan.prefersUserDriven(matching: total, unfiltered: unfiltered, users: users)
        }
        locked { cachedPlan = plan }
        return plan
    }

    /// The checkpoints this window holds, for tests.
    var checkpointCount: Int { locked { marks.count } }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// Where a read starts: forward from a key (inclusive) or from the start, or backward from a
/// key (inclusive) or from the end; then `skip` rows are skipped.
enum ListSeek: Equatable {
    case forward(from: [DatabaseValue]?, skip: Int)
    case backward(from: [DatabaseValue]?, skip: Int)
}

/// Checkpoints: the sort key of the row at a position, for positions met while paging.
struct KeyMarks {
    /// Besides the first and last row of every read, rows at multiples of this are remembered.
    static let stride = 50
    /// More than this many checkpoints and the window starts over (a long scroll through 200,000
    /// rows keeps about 4,000).
    static let capacity = 50_000
    private var positions: [Int] = []
    private var keys: [Int: [DatabaseValue]] = [:]

    var count: Int { positions.count }

    mutating func record(_ position: Int, _ key: [DatabaseValue]) {
        if keys[position] == nil {
            if positions.count >= Self.capacity {
                positions.removeAll()
                keys.removeAll()
            }
            positions.insert(position, at: insertionIndex(position))
        }
        keys[position] = key
    }

    /// The first index whose position is >= `p`.
    private func insertionIndex(_ p: Int) -> Int {
        var lo = 0, hi = positions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if positions[mid] < p { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The cheapest way to read rows `start ..< end` of `total`: from the nearest checkpoint at or
    /// before `start` (forward), at or after `end - 1` (backward), or from either end of the list.
    /// `total` nil: the list's end is not known (a capped count), so nothing is read from it.
    func seek(start: Int, end: Int, total: Int?) -> ListSeek {
        var best = ListSeek.forward(from: nil, skip: start)
        var cost = start
        let i = insertionIndex(start + 1) - 1
        if i >= 0 {
            let p = positions[i]
            if start - p < cost { best = .forward(from: keys[p], skip: start - p); cost = start - p }
        }
        if let total, total - end < cost { best = .backward(from: nil, skip: total - end); cost = total - end }
        let j = insertionIndex(end - 1)
        if j < positions.count {
            let q = positions[j]
            if q - (end - 1) < cost { best = .backward(from: keys[q], skip: q - (end - 1)); cost = q - (end - 1) }
        }
        return best
    }
}

/// The queries of one window: its SQL, and for a sort by a user's login, which join order.
struct ListPlan {
    let sql: ListSQL
    /// Clients sorted by owner or creator login: read the users in login order (their unique
    /// index) and each one's clients in the account by name (index api_client(owner_id,
    /// account_id, name)), so no sort of the whole list is needed. Worth it when the list is a
    /// good part of the directory; for a small account, sorting its few clients is cheaper than
    /// walking every user of the directory.
    var userDriven: Bool

    /// Cost model: a user-driven page walks about `page × users / matching` users; the plain
    /// query reads all `unfiltered` clients of the account and sorts the matches.
    static func prefersUserDriven(matching: Int, unfiltered: Int, users: Int) -> Bool {
        matching > 0 && matching * unfiltered >= 64 * users
    }

    var from: String { userDriven ? sql.driver!.from : sql.from }

    /// Keys (sort key values, the id last) of up to `limit` rows from `seek`, in the list's order.
    /// `cached`: the statement is kept prepared for the next call (a stream asks the same
    /// statement for every page; the console's change with every filter typed, so it does not).
    func keys(_ db: Database, seek: ListSeek, limit: Int, cached: Bool = false) throws -> [[DatabaseValue]] {
        let (statement, arguments) = keysStatement(seek: seek, limit: limit)
        let rows = try cached ? Row.fetchAll(db.cachedStatement(sql: statement), arguments: arguments)
            : Row.fetchAll(db, sql: statement, arguments: arguments)
        let keys = rows.map { Array($0.databaseValues) }
        if case .backward = seek { return keys.reversed() }
        return keys
    }

    func keysStatement(seek: ListSeek, limit: Int) -> (String, StatementArguments) {
        var clauses = [sql.where]
        var arguments = sql.arguments
        let columns = sql.key.joined(separator: ", ")
        let order: String
        let skip: Int
        switch seek {
        case let .forward(from, s):
            skip = s
            order = columns
            if let from {
                clauses.append("(\(columns)) >= (\(bind(from, into: &arguments)))")
                // The row value is checked row by row; this bound is what the user index seeks.
                if userDriven { clauses.append("\(sql.driver!.login) >= :lo"); arguments["lo"] = from[0] }
            } else if userDriven {
                // A range, even an open one, keeps SQLite from building a Bloom filter over
                // every client before the first row.
                clauses.append("\(sql.driver!.login) >= ''")
            }
        case let .backward(from, s):
            skip = s
            order = sql.key.map { "\($0) DESC" }.joined(separator: ", ")
            if let from {
                clauses.append("(\(columns)) <= (\(bind(from, into: &arguments)))")
                if userDriven { clauses.append("\(sql.driver!.login) <= :hi"); arguments["hi"] = from[0] }
            } else if userDriven {
                clauses.append("\(sql.driver!.login) >= ''")
            }
        }
        arguments["lim"] = limit
        arguments["off"] = skip
        return ("SELECT \(columns) FROM \(from) WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(order) LIMIT :lim OFFSET :off",
                StatementArguments(arguments))
    }

    /// The key of row `id` if it is in the list.
    func key(_ db: Database, id: Int64) throws -> [DatabaseValue]? {
        var arguments = sql.arguments
        arguments["id"] = id
        return try Row.fetchOne(db, sql: "SELECT \(sql.key.joined(separator: ", ")) FROM \(sql.from) WHERE \(sql.where) AND \(sql.idColumn) = :id",
                                arguments: StatementArguments(arguments)).map { Array($0.databaseValues) }
    }

    /// How many rows of the list come before `key`; with a cap, counting stops there.
    func count(_ db: Database, before key: [DatabaseValue], cap: Int? = nil) throws -> Int {
        let (statement, arguments) = countStatement(before: key, cap: cap)
        return try Int.fetchOne(db, sql: statement, arguments: arguments) ?? 0
    }

    func countStatement(before key: [DatabaseValue], cap: Int? = nil) -> (String, StatementArguments) {
        var arguments = sql.arguments
        var clauses = [sql.where, "(\(sql.key.joined(separator: ", "))) < (\(bind(key, into: &arguments)))"]
        if userDriven { clauses.append("\(sql.driver!.login) <= :hi"); arguments["hi"] = key[0] }
        let rows = "FROM \(from) WHERE \(clauses.joined(separator: " AND "))"
        guard let cap else { return ("SELECT COUNT(*) " + rows, StatementArguments(arguments)) }
        return ("SELECT COUNT(*) FROM (SELECT 1 \(rows) LIMIT \(cap))", StatementArguments(arguments))
    }

    private func bind(_ key: [DatabaseValue], into arguments: inout [String: (any DatabaseValueConvertible)?]) -> String {
        key.enumerated().map { i, value in
            arguments["k\(i)"] = value
            return ":k\(i)"
        }.joined(separator: ", ")
    }

    /// The statements a window runs, for `EXPLAIN QUERY PLAN` in tests.
    func statements(sampleKey key: [DatabaseValue]) -> [(name: String, sql: String, arguments: StatementArguments)] {
        var out: [(String, String, StatementArguments)] = []
        for (name, seek) in [("first page", ListSeek.forward(from: nil, skip: 10)), ("forward from checkpoint", .forward(from: key, skip: 10)),
                             ("last page", .backward(from: nil, skip: 10)), ("backward from checkpoint", .backward(from: key, skip: 10))] {
            let (statement, arguments) = keysStatement(seek: seek, limit: 50)
            out.append((name, statement, arguments))
        }
        let (statement, arguments) = countStatement(before: key)
        out.append(("offset of id", statement, arguments))
        out.append(("count", "SELECT COUNT(*) FROM \(sql.countFrom) WHERE \(sql.where)", StatementArguments(sql.arguments)))
        return out
    }
}

/// The SQL of one list spec.
struct ListSQL {
    /// The list's table.
    let table: String
    let hasFilter: Bool
    /// The filter's rows come from its index (`FilterPlan.Path.index` or `.nothing`).
    let byIndex: Bool
    /// The account condition, `x.account_id = :a`, and the filter's, ` AND (...)` or empty
    /// (the typed text's LIKE terms, and for `expiringOnly` the credential condition).
    let accountTerm: String
    let filterTerm: String
    /// The tables the filter needs: enough to count.
    let countFrom: String
    /// The tables the filter and the sort need.
    let from: String
    var `where`: String { accountTerm + filterTerm }
    /// The sort key: ascending expressions ending with the row's id, so the order is total.
    /// `ORDER BY key` is the list's order; `(key) > (...)` is "after" in it (each element
    /// compares with its column's collation, as ORDER BY does).
    let key: [String]
    let arguments: [String: (any DatabaseValueConvertible)?]
    /// A sort by a user's login: the same rows with the user table first (see `ListPlan`).
    let driver: (from: String, login: String)?
    /// Counts the account's rows ignoring the filter.
    let unfilteredFrom: String

    var idColumn: String { key.last! }
    static func id(of key: [DatabaseValue]) -> Int64 { Int64.fromDatabaseValue(key.last!)! }

    /// With `cap`, counting stops there (a filter's count shows "1,000+" beyond it).
    func count(_ db: Database, cap: Int? = nil) throws -> Int {
        let term = accountTerm + filterTerm
        guard let cap else {
            if filterTerm.isEmpty { return try unfilteredCount(db) }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(countFrom) WHERE \(term)", arguments: StatementArguments(arguments)) ?? 0
        }
        var arguments = self.arguments
        arguments["cap"] = cap
        return try Int.fetchOne(db, sql: cappedCountStatement(), arguments: StatementArguments(arguments)) ?? 0
    }

    /// The count statement as `count(db, cap:)` runs it (also for query-plan tests). A walk in
    /// the list's order where that order's index answers the filter alone (`countInOrder`).
    func cappedCountStatement() -> String {
        let order = countInOrder ? " ORDER BY \(key.joined(separator: ", "))" : ""
        return "SELECT COUNT(*) FROM (SELECT 1 FROM \(countFrom) WHERE \(accountTerm)\(filterTerm)\(order) LIMIT :cap)"
    }

    /// The Users filter without the trigram index, by login: the login index holds what the
    /// filter tests (`UserHaystack`), so counting along it reads no row; unordered, SQLite
    /// would pick another index of the account and look every row up.
    var countInOrder: Bool { table == "user" && hasFilter && !byIndex && key.first == "u.login" }

    /// Every row of the account: kept by triggers for users and clients (`AccountRowCount`),
    /// counted for the few groups and roles.
    func unfilteredCount(_ db: Database) throws -> Int {
        let sql = AccountRowCount.tables.contains(table) ? AccountRowCount.countSQL(table) : "SELECT COUNT(*) FROM \(unfilteredFrom)"
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: ["a": arguments["a"] ?? nil]) ?? 0
    }

    /// `path`: how the filter finds its rows (`FilterPlan`); the LIKE is always applied, so an
    /// index path returns exactly what the LIKE alone returns.
    init(_ spec: ListSpec, path: FilterPlan.Path = .like) {
        let pattern = "%" + spec.filter.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let hasFilter = !spec.filter.isEmpty
        self.hasFilter = hasFilter
        // LIKE is case-insensitive for ASCII, which is all SQLite's lower() folds: `x LIKE p` is
        // `lower(x) LIKE p` for the lowercased pattern, without a function call per row.
        func like(_ columns: [String]) -> String {
            hasFilter ? " AND (" + columns.map { "\($0) LIKE :p ESCAPE '\\'" }.joined(separator: " OR ") + ")" : ""
        }
        var args: [String: (any DatabaseValueConvertible)?] = ["a": spec.accountID]
        if hasFilter { args["p"] = pattern }
        var driver: (from: String, login: String)?
        // By index: the candidates' ids, looked up one by one (`+` keeps SQLite off walking the
        // account's index instead); by nothing: no row.
        func indexed(_ alias: String, _ table: String) -> String {
            switch path {
            case .like: return ""
            case .nothing: return " AND 0"
            case .index(let m, _):
                args["m"] = m
                return " AND \(alias).id IN (SELECT rowid FROM \(table) WHERE \(table) MATCH :m)"
            }
        }
        let indexedPath: Bool
        var lookup = false
        switch path {
        case .like: indexedPath = false
        case .nothing: indexedPath = hasFilter
        case .index(_, let byID): indexedPath = hasFilter; lookup = byID
        }
        let byIndex = indexedPath && FilterPlan.table(of: spec.list) != nil
        self.byIndex = byIndex
        // Looking the rows up by id: keep SQLite off walking the account's index.
        let plus = byIndex && lookup ? "+" : ""
        switch spec.list {
        case .users:
            table = "user"
            countFrom = "user u"
            from = countFrom
            unfilteredFrom = "user u WHERE u.account_id = :a"
            accountTerm = plus + "u.account_id = :a"
            // The LIKE on login, name and email, as the one test the login index can answer alone.
            let haystack: String
            if hasFilter && !spec.filter.contains("\u{1}") {
                args["n"] = spec.filter.lowercased()
                haystack = " AND instr(u.haystack, :n) > 0"
            } else {
                haystack = like(["u.login", "u.first_name || ' ' || u.last_name", "u.email"])
            }
            filterTerm = (byIndex ? indexed("u", FilterIndex.users.name) : "") + haystack
            key = [["u.login", "u.id"], ["u.last_name", "u.first_name", "u.id"], ["u.email", "u.id"], ["u.login", "u.id"]][spec.sortColumn]
        case .clients:
            // Every client has its owner and creator (NOT NULL foreign keys, enforced), so the
            // joins only matter for what reads the users' logins: the filter and those two sorts.
            let both = "api_client c JOIN user o ON o.id = c.owner_id JOIN user k ON k.id = c.creator_id"
            table = "api_client"
            countFrom = hasFilter ? both : "api_client c"
            unfilteredFrom = "api_client c WHERE c.account_id = :a"
            accountTerm = plus + "c.account_id = :a"
            // Expiring soon: the few ACTIVE credentials up to the horizon, a range of the
            // credential_expiry(status, expires_at) index, looked up by client id. Part of the
            // WHERE of every statement (count, pages, offset of an id), so paging stays keyset.
            let expiring = spec.expiringOnly
                ? " AND c.id IN (SELECT client_id FROM credential WHERE status = 'ACTIVE' AND expires_at <= :soon)" : ""
            if spec.expiringOnly { args["soon"] = spec.expiryHorizon.timeIntervalSince1970 }
            filterTerm = (byIndex ? indexed("c", FilterIndex.clients.name) : "") + like(["c.name", "o.login", "k.login"]) + expiring
            switch spec.sortColumn {
            case 2:
                from = hasFilter ? both : "api_client c JOIN user o ON o.id = c.owner_id"
                key = ["o.login", "c.name", "c.id"]
                driver = ("user o CROSS JOIN api_client c ON c.owner_id = o.id" + (hasFilter ? " CROSS JOIN user k ON k.id = c.creator_id" : ""),
                          "o.login")
            case 3:
                from = hasFilter ? both : "api_client c JOIN user k ON k.id = c.creator_id"
                key = ["k.login", "c.name", "c.id"]
                driver = ("user k CROSS JOIN api_client c ON c.creator_id = k.id" + (hasFilter ? " CROSS JOIN user o ON o.id = c.owner_id" : ""),
                          "k.login")
            default:
                from = countFrom
                key = ["c.name", "c.id"]
            }
        case .groups:
            table = "grp"
            countFrom = "grp g"
            from = countFrom
            unfilteredFrom = "grp g WHERE g.account_id = :a"
            accountTerm = "g.account_id = :a"
            filterTerm = like(["g.name", "g.contract_id"])
            key = [["g.name", "g.id"], ["g.contract_id", "g.name", "g.id"], ["g.name", "g.id"], ["g.name", "g.id"]][spec.sortColumn]
        case .roles:
            table = "role"
            countFrom = "role r"
            from = countFrom
            unfilteredFrom = "role r WHERE r.account_id = :a"
            accountTerm = "r.account_id = :a"
            filterTerm = like(["r.name", "r.description"])
            // Standard roles first: `-is_standard` ascending is `is_standard DESC`, and keeps
            // every key ascending so one row value compares the whole key. Roles are few per
            // account: no index needed.
            key = [["r.name", "r.id"], ["-r.is_standard", "r.name", "r.id"], ["r.name", "r.id"], ["r.name", "r.id"]][spec.sortColumn]
        }
        arguments = args
        // Rows looked up by id: walking users in login order would only get in the way.
        self.driver = byIndex && lookup ? nil : driver
    }
}

/// The cells of the rows on screen, read for those rows only, in one statement per page.
enum ListRowFormat {
    static func row(_ db: Database, _ list: DirectoryList, id: Int64, now: Date? = nil) throws -> ListRow? {
        try rows(db, list, ids: [id], now: now).first
    }

    /// The rows of `ids`, in that order (an id no longer there is left out). With `now`, API
    /// clients are flagged "expired" or "expiring" from their earliest ACTIVE credential expiry.
    /// The clients' cells, for the ids that follow. The earliest expiry is looked up through the
    /// client's own credentials (`INDEXED BY`): left to itself, SQLite answers MIN(expires_at)
    /// by walking every active credential of the directory in expiry order (seconds per page on
    /// 200,000 credentials).
    static let clientCellsSQL = """
        SELECT c.id, c.name, c.kind, c.locked, o.login AS owner, k.login AS creator,
               (SELECT COUNT(*) FROM credential WHERE client_id = c.id AND status = 'ACTIVE') AS active,
               (SELECT COUNT(*) FROM credential WHERE client_id = c.id AND status = 'INACTIVE') AS inactive,
               (SELECT MIN(expires_at) FROM credential INDEXED BY credential_client WHERE client_id = c.id AND status = 'ACTIVE') AS next_expiry,
               (c.kind = 'API' AND NOT EXISTS (SELECT 1 FROM client_group WHERE client_id = c.id)) AS no_access
        FROM api_client c JOIN user o ON o.id = c.owner_id JOIN user k ON k.id = c.creator_id WHERE c.id IN
        """

    static func rows(_ db: Database, _ list: DirectoryList, ids: [Int64], now: Date? = nil) throws -> [ListRow] {
        guard !ids.isEmpty else { return [] }
        let idList = ids.map(String.init).joined(separator: ",")
        var byID: [Int64: ListRow] = [:]
        switch list {
        case .users:
            for r in try Row.fetchAll(db, sql: """
                SELECT id, login, first_name, last_name, email, locked,
                       (SELECT COUNT(*) FROM user_grant WHERE user_id = u.id) AS grants
                FROM user u WHERE id IN (\(idList))
                """) {
                byID[r["id"]] = ListRow(id: r["id"], cells: [r["login"], "\(r["first_name"] as String) \(r["last_name"] as String)", r["email"],
                                                             String(r["grants"] as Int)],
                                        locked: r["locked"])
            }
        case .clients:
            for r in try Row.fetchAll(db, sql: clientCellsSQL + "(\(idList))") {
                let active: Int = r["active"]
                let inactive: Int = r["inactive"]
                let creds = active + inactive == 0 ? "none" : inactive == 0 ? "\(active) active" : "\(active) on, \(inactive) off"
                // Rule 17: a client shrunk to nothing stays, marked; that outranks its expiry.
                let noAccess: Bool = r["no_access"]
                byID[r["id"]] = ListRow(id: r["id"], cells: [r["name"], r["kind"], r["owner"], r["creator"], creds], locked: r["locked"],
                                        flag: noAccess ? "no access" : expiryFlag(nextExpiry: r["next_expiry"], now: now))
            }
        case .groups:
            for r in try Row.fetchAll(db, sql: """
                SELECT g.id, g.name, g.contract_id,
                       (SELECT COUNT(*) FROM user_grant WHERE group_id = g.id) AS users,
                       (SELECT COUNT(*) FROM client_group WHERE group_id = g.id) AS clients
                FROM grp g WHERE g.id IN (\(idList))
                """) {
                byID[r["id"]] = ListRow(id: r["id"], cells: [r["name"], r["contract_id"], String(r["users"] as Int), String(r["clients"] as Int)])
            }
        case .roles:
            for r in try Row.fetchAll(db, sql: """
                SELECT r.id, r.name, r.is_standard,
                       (SELECT COUNT(DISTINCT user_id) FROM user_grant WHERE role_id = r.id) AS users,
                       (SELECT group_concat(permission, ', ') FROM role_permission WHERE role_id = r.id) AS permissions
                FROM role r WHERE r.id IN (\(idList))
                """) {
                byID[r["id"]] = ListRow(id: r["id"], cells: [r["name"], (r["is_standard"] as Bool) ? "standard" : "custom", String(r["users"] as Int),
                                                             (r["permissions"] as String?) ?? ""])
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// "expired" when the earliest ACTIVE expiry is at or before now, "expiring" when it is
    /// within `ListSpec.expiryWindow`; nil otherwise, or without a clock.
    static func expiryFlag(nextExpiry: Double?, now: Date?) -> String? {
        guard let now, let next = nextExpiry else { return nil }
        let t = now.timeIntervalSince1970
        if next <= t { return "expired" }
        if next <= t + ListSpec.expiryWindow { return "expiring" }
        return nil
    }
}
