import GRDB

/// How many users and API clients each account has (migration v11), kept by triggers in the
/// same transaction as the insert or delete, so a rolled-back change rolls its count back.
///
/// The console shows these counts beside its tabs as it opens. Counted, they cost a pass over
/// an index of the account: 45 ms for Hyperion Holdings' 190,021 users and 15 ms for its
/// 95,010 clients, on every start. Kept, one indexed read each, whatever the size.
///
/// A derived table like the filter index: no row's recorded state includes it, and it is
/// rebuilt from the rows themselves (`rebuild`).
enum AccountRowCount {
    /// The counted tables; each is also the `list` its counts are stored under.
    static let tables = ["user", "api_client"]

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE account_row_count (
                account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                list TEXT NOT NULL,
                n INTEGER NOT NULL CHECK (n >= 0),
                PRIMARY KEY (account_id, list)
            ) WITHOUT ROWID;
            """)
        for table in tables {
            try db.execute(sql: """
                CREATE TRIGGER account_row_count_\(table)_insert AFTER INSERT ON \(table) BEGIN
                    \(add(1, "new.account_id", table))
                END;
                CREATE TRIGGER account_row_count_\(table)_delete AFTER DELETE ON \(table) BEGIN
                    \(add(-1, "old.account_id", table))
                END;
                CREATE TRIGGER account_row_count_\(table)_move AFTER UPDATE OF account_id ON \(table)
                WHEN new.account_id IS NOT old.account_id BEGIN
                    \(add(-1, "old.account_id", table))
                    \(add(1, "new.account_id", table))
                END;
                """)
        }
        try rebuild(db)
    }

    private static func add(_ delta: Int, _ account: String, _ list: String) -> String {
        "INSERT INTO account_row_count (account_id, list, n) VALUES (\(account), '\(list)', \(max(delta, 0))) "
            + "ON CONFLICT (account_id, list) DO UPDATE SET n = n + (\(delta));"
    }

    /// Counts every account's rows again.
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM account_row_count")
        for table in tables {
            try db.execute(sql: """
                INSERT INTO account_row_count (account_id, list, n)
                SELECT a.id, '\(table)', (SELECT COUNT(*) FROM \(table) t WHERE t.account_id = a.id) FROM account a
                """)
        }
    }

    /// The statement for one account's count of `list` ("user" or "api_client"), as a
    /// `SELECT COUNT(*)` would answer it (no row yet: 0).
    static func countSQL(_ list: String) -> String {
        "SELECT coalesce((SELECT n FROM account_row_count WHERE account_id = :a AND list = '\(list)'), 0)"
    }

    /// The first account whose kept count is not its rows' count (nil when all agree): what
    /// `idm audit verify` reports for a count changed behind idm's back.
    static func firstWrong(_ db: Database) throws -> String? {
        for table in tables {
            let what = table == "user" ? "users" : "API clients"
            if let row = try Row.fetchOne(db, sql: """
                SELECT a.name, coalesce(k.n, 0) AS kept, (SELECT COUNT(*) FROM \(table) t WHERE t.account_id = a.id) AS actual
                FROM account a LEFT JOIN account_row_count k ON k.account_id = a.id AND k.list = '\(table)'
                WHERE kept != actual ORDER BY a.id LIMIT 1
                """) {
                return "The kept count of \(what) of \(row["name"] as String) says \(row["kept"] as Int), but it has \(row["actual"] as Int): it was changed behind idm's back."
            }
        }
        return nil
    }
}
