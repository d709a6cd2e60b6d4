import Foundation
import GRDB

/// Sees commits made by any other connection or process: SQLite's `PRAGMA data_version`, read
/// on a connection of its own (the value only moves for commits made elsewhere, and is only
/// comparable on one connection, so the store's pool cannot answer it). The console asks about
/// once a second when idle; asking costs one pragma and reads no table.
public final class ChangeWatch: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let lock = NSLock()
    private var last: Int

    public init(store: Store) throws {
        var config = Configuration()
        config.readonly = true
        queue = try DatabaseQueue(path: store.path, configuration: config)
        last = 0
        last = try version()
    }

    private func version() throws -> Int {
        try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// Whether anything was committed since the last call (or since the watch began).
    public func changed() throws -> Bool {
        let now = try version()
        lock.lock()
        defer { lock.unlock() }
        defer { last = now }
        return now != last
    }
}
