import GRDB

extension ListWindow {
    /// The row's position in the current order, or nil when the filter hides it.
    /// (Simple version; the keyset version counts rows with a smaller key.)
    public func offset(ofID id: Int64) throws -> Int? {
        let sql = ListSQL(spec)
        return try store.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT \(sql.idColumn) FROM \(sql.from) WHERE \(sql.where) ORDER BY \(sql.order)", arguments: sql.arguments)
            return ids.firstIndex(of: id)
        }
    }
}
