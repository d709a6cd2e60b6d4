import Foundation
import GRDB
import IDMDomain

/// The command line's lists, read a page at a time in the console's order (the same keyset
/// statements as `ListWindow`, filter index and all) and handed over page by page, so a list of
/// 200,000 users is written as it is read, in constant memory. Each page is one statement for
/// its keys, then one per kind of detail for all of its rows (no query per row).
public struct ListStream: Sendable {
    public let store: Store
    public let spec: ListSpec

    public init(store: Store, spec: ListSpec) {
        self.store = store
        self.spec = spec
    }

    /// Pages of row ids in the list's order, after the row whose first sort column is `after`
    /// (a user's login, a client's name: a cursor that stays valid when that row is gone).
    /// `body` returns false to stop.
    public func ids(after: String?, pageSize: Int, _ body: ([Int64]) throws -> Bool) throws {
        // The filter's plan as the console's window chooses it; no count (a stream has no cap).
        let sql = try ListWindow(store: store, spec: spec).statements().page
        let plan = ListPlan(sql: sql, userDriven: false)
        var from: [DatabaseValue]? = after.map { [$0.databaseValue, Int64.max.databaseValue] }
        var first = from == nil
        while true {
            let keys = try store.read { db in
                try plan.keys(db, seek: first ? .forward(from: nil, skip: 0) : .forward(from: from, skip: 0), limit: pageSize)
            }
            first = false
            // The seek is inclusive: drop the row the last page ended on.
            let fresh = keys.filter { from == nil || $0 != from! }
            guard !fresh.isEmpty else { return }
            guard try body(fresh.map(ListSQL.id(of:))) else { return }
            from = keys.last
            if keys.count < pageSize { return }
        }
    }

    /// The users of `ids`, in that order, with their grants and blocked groups: three statements.
    public static func users(_ db: Database, ids: [Int64]) throws -> [User] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        var grants: [Int64: [Grant]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT user_id, group_id, role_id FROM user_grant WHERE user_id IN (\(list)) ORDER BY user_id, group_id") {
            grants[r["user_id"], default: []].append(Grant(groupID: r["group_id"], roleID: r["role_id"]))
        }
        var blocked: [Int64: Set<GroupID>] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT user_id, group_id FROM user_blocked_group WHERE user_id IN (\(list))") {
            blocked[r["user_id"], default: []].insert(r["group_id"])
        }
        var byID: [Int64: User] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM user WHERE id IN (\(list))") {
            let id: Int64 = row["id"]
            byID[id] = Decode.user(row, grants: grants[id] ?? [], blocked: blocked[id] ?? [])
        }
        return ids.compactMap { byID[$0] }
    }
}
