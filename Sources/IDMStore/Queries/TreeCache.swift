import Foundation
import GRDB
import IDMDomain

/// Group trees kept between reads: an account's tree is read from `grp` once and reused for as
/// long as its `GroupTreeStamp` is the same, which costs one indexed read instead of reading
/// and arranging every group (19,000 in the large directory) for each decision, list and
/// service call. The stamp is read in the caller's own transaction, so a tree is never older
/// than what that transaction sees, and a change to the groups inside it is seen at once.
///
/// Keyed by database file and account; in-memory databases (no file) are not cached. A few
/// trees at most are kept.
final class TreeCache: @unchecked Sendable {
    static let shared = TreeCache()
    static let capacity = 8

    private struct Key: Hashable { let file: String; let account: AccountID }
    private let lock = NSLock()
    private var trees: [Key: (stamp: Int64, tree: GroupTree)] = [:]
    /// How many trees were read from `grp` (for tests).
    private(set) var loads = 0

    func tree(_ db: Database, account: AccountID, load: (Database) throws -> GroupTree) throws -> GroupTree {
        // The main database's file ("" for an in-memory one).
        let file = try String.fetchOne(db.cachedStatement(sql: "SELECT file FROM pragma_database_list WHERE name = 'main'")) ?? ""
        guard !file.isEmpty, let stamp = try stamp(db, account: account) else { return try counted(load(db)) }
        let key = Key(file: file, account: account)
        if let kept = locked({ trees[key] }), kept.stamp == stamp { return kept.tree }
        let tree = try counted(load(db))
        locked {
            if trees.count >= Self.capacity, trees[key] == nil { trees.removeAll() }
            trees[key] = (stamp, tree)
        }
        return tree
    }

    /// The stamp, or nil before migration v9 (the migrations before it read trees too).
    private func stamp(_ db: Database, account: AccountID) throws -> Int64? {
        do {
            return try GroupTreeStamp.current(db, account: account)
        } catch let error as DatabaseError where error.message?.contains("no such table") == true {
            return nil
        }
    }

    private func counted(_ tree: GroupTree) -> GroupTree {
        locked { loads += 1 }
        return tree
    }

    var loadCount: Int { locked { loads } }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
