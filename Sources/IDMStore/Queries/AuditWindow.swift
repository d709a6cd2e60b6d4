import Foundation
import GRDB
import IDMDomain

/// A window over an account's audit events, newest first, for a screen: it reads the rows it
/// shows, never the whole log. The order is the event id, descending, so paging is keyset on
/// the id: `id <= K ORDER BY id DESC` from a checkpoint (the id of the event at a position met
/// while paging), or `id >= K ORDER BY id ASC` backwards, with a small OFFSET within a page;
/// from the end of the log it reads the oldest events first. With an account, the
/// `audit_account(account_id, id)` index answers every statement by a range search.
///
/// The count and the checkpoints are cached; after new events, call `invalidate()`.
public final class AuditWindow: @unchecked Sendable {
    public let account: AccountID?
    /// The conditions; its `limit` and `beforeID` are ignored.
    public let filter: Q.AuditFilter
    let store: Store
    private let lock = NSLock()
    private var cachedCount: Int?
    private var marks = KeyMarks()

    public init(store: Store, account: AccountID?, filter: Q.AuditFilter = Q.AuditFilter()) {
        self.store = store
        self.account = account
        var filter = filter
        filter.limit = nil
        filter.beforeID = nil
        self.filter = filter
    }

    /// Events matching the filter.
    public func count() throws -> Int {
        if let n = locked({ cachedCount }) { return n }
        let n = try store.read { db in try Q.auditCount(db, account: account, filter: filter) }
        locked { cachedCount = n }
        return n
    }

    /// Events `offset ..< offset + limit`, newest first.
    public func rows(offset: Int, limit: Int) throws -> [AuditEvent] {
        guard limit > 0 else { return [] }
        let total = try count()
        let start = max(0, offset)
        guard start < total else { return [] }
        let end = start + min(limit, total - start)
        let seek = locked { marks.seek(start: start, end: end, total: total) }
        let (statement, arguments) = statement(seek: seek, limit: end - start)
        return try store.read { db in
            var events = try Row.fetchAll(db, sql: statement, arguments: arguments).map(Decode.audit)
            if case .backward = seek { events.reverse() }
            locked {
                for (i, event) in events.enumerated() where i == 0 || i == events.count - 1 || (start + i) % KeyMarks.stride == 0 {
                    marks.record(start + i, [event.id.databaseValue])
                }
            }
            return events
        }
    }

    /// The position of event `id` in this window, or nil when the filter leaves it out.
    public func offset(ofID id: Int64) throws -> Int? {
        try store.read { db in
            var (clauses, arguments) = filter.conditions(account: account)
            let condition = clauses.map { " AND " + $0 }.joined()
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_event WHERE id = ?\(condition))",
                                    arguments: StatementArguments([id] + arguments)) ?? false else { return nil }
            clauses.append("id > ?")
            arguments.append(id)
            let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE " + clauses.joined(separator: " AND "),
                                            arguments: StatementArguments(arguments)) ?? 0
            locked { marks.record(position, [id.databaseValue]) }
            return position
        }
    }

    /// Forgets the count and the checkpoints, e.g. after new events.
    public func invalidate() {
        locked {
            cachedCount = nil
            marks = KeyMarks()
        }
    }

    /// The checkpoints this window holds, for tests.
    var checkpointCount: Int { locked { marks.count } }

    func statement(seek: ListSeek, limit: Int) -> (String, StatementArguments) {
        var (clauses, arguments) = filter.conditions(account: account)
        let order: String
        let skip: Int
        switch seek {
        case let .forward(from, s):
            skip = s
            order = "id DESC"
            if let from { clauses.append("id <= ?"); arguments.append(from[0]) }
        case let .backward(from, s):
            skip = s
            order = "id ASC"
            if let from { clauses.append("id >= ?"); arguments.append(from[0]) }
        }
        let condition = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        arguments += [limit, skip]
        return ("SELECT * FROM audit_event\(condition) ORDER BY \(order) LIMIT ? OFFSET ?", StatementArguments(arguments))
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

extension AuditWindow {
    /// Events after `id`, oldest first, at most `limit` (`idm audit tail`): an account's own
    /// events, or with no account every event.
    public static func events(_ db: Database, after id: Int64, account: AccountID?, limit: Int = 1_000) throws -> [AuditEvent] {
        let filter = account == nil ? "" : " AND account_id = \(account!)"
        return try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE id > ?\(filter) ORDER BY id LIMIT ?",
                                arguments: [id, limit]).map(Decode.audit)
    }
}
