import GRDB

/// Covering indexes for the command line's whole-list reads (migration v15). `users list` and
/// `clients list` visit every row in login or name order, which is not the order rows were
/// written in: each row looked up by id was a random read of the table, 180,000 of them for
/// 190,000 users when the table is larger than the page cache. Read from these indexes, a
/// page of the list is a run of neighbouring index entries, and a listing reads each page of
/// the index once (about 5,000 reads in all).
///
/// - `user_listing`: what `users list` prints of a user, in login order.
/// - `api_client_listing`: what `clients list` prints of a client, in name order.
/// - `user_login_by_id`: a client's owner and creator by login, from a small index rather than
///   the user table.
/// - `credential_client` gains the expiry, id and last four characters, so a client's
///   credentials in the table need no credential row.
///
/// The first three are partial indexes on a condition every row meets (`version` is NOT NULL):
/// only a statement that states it may use them. The console's statements, tuned to their own
/// indexes (the Users filter walks `user_account_login` for its haystack), do not, so SQLite
/// cannot pick a listing index for them. A listing statement says `term`; `version` is the
/// indexes' last column, so that saying it reads no row.
///
/// They cost about 35 MB on `idm seed large` (258 MB before), and a little on every write of
/// those columns.
enum ListingIndexes {
    /// What a statement says (of each table under its alias) to read these indexes.
    static func term(_ alias: String) -> String { "\(alias).version IS NOT NULL" }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX user_listing ON user(account_id, login, id, first_name, last_name, email, job_title, locked, version) WHERE version IS NOT NULL;
            CREATE INDEX api_client_listing ON api_client(account_id, name, id, kind, locked, owner_id, creator_id, version) WHERE version IS NOT NULL;
            CREATE INDEX user_login_by_id ON user(id, login, version) WHERE version IS NOT NULL;
            DROP INDEX credential_client;
            CREATE INDEX credential_client ON credential(client_id, status, expires_at, id, secret_last4);
            """)
    }
}
