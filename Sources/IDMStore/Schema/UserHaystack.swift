import GRDB

/// What the Users filter matches, as one lowercased text in the login index (migration v10):
/// `haystack` is a virtual generated column (stored nowhere but in the index), and
/// `user_account_login` becomes (account_id, login, id, haystack). A filter walking the
/// login order then tests each row in the index alone, with no lookup of the row: a short
/// query (one or two characters, which the trigram index cannot answer) walks four to five
/// times faster than the LIKE on three columns did.
///
/// `instr(haystack, needle)` is the LIKE it replaces: SQLite's lower() folds ASCII only, which
/// is all LIKE folds, and the separator (U+0001) cannot be typed, so no match spans two fields.
enum UserHaystack {
    static let separator = "char(1)"

    static func expression(_ row: String) -> String {
        "lower(\(row)login) || \(separator) || lower(\(row)first_name || ' ' || \(row)last_name) || \(separator) || lower(\(row)email)"
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE user ADD COLUMN haystack TEXT GENERATED ALWAYS AS (\(expression(""))) VIRTUAL;
            DROP INDEX user_account_login;
            CREATE INDEX user_account_login ON user(account_id, login, id, haystack);
            """)
    }

    /// Columns that are computed from others: not part of a row's recorded state.
    static let derivedColumns: Set<String> = ["haystack"]
}
