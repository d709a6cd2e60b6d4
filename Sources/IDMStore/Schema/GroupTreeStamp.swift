import GRDB

/// A stamp per account that every change to its groups replaces (migration v9), so a group
/// tree read once can be reused until the stamp moves (`TreeCache`). Triggers set it in the
/// same transaction as the change: a rolled-back change rolls the stamp back with it.
///
/// The stamp is `random()`, not a counter: a counter could come back to a value it had before
/// (a backup restored, then changed again) while the groups differ, and a stamp seen once must
/// never again stand for other groups.
enum GroupTreeStamp {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE group_tree_stamp (
                account_id INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
                stamp INTEGER NOT NULL
            );
            INSERT INTO group_tree_stamp (account_id, stamp) SELECT id, random() FROM account;
            """)
        for (event, row) in [("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")] {
            try db.execute(sql: """
                CREATE TRIGGER group_tree_stamp_\(event.lowercased()) AFTER \(event) ON grp BEGIN
                    \(renew("\(row).account_id"))
                    \(event == "UPDATE" ? renew("old.account_id") : "")
                END;
                """)
        }
        // An account made later gets its stamp with its first group.
    }

    private static func renew(_ account: String) -> String {
        "INSERT INTO group_tree_stamp (account_id, stamp) VALUES (\(account), random()) ON CONFLICT (account_id) DO UPDATE SET stamp = excluded.stamp;"
    }

    /// The account's stamp now (nil for an account that never had a group).
    static func current(_ db: Database, account: Int64) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT stamp FROM group_tree_stamp WHERE account_id = ?"), arguments: [account])
    }
}
