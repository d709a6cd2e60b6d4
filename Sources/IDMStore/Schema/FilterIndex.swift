import GRDB

/// The index behind the console's filter (migration v8): FTS5 tables with the trigram
/// tokenizer over what the Users and API Clients filters match, kept in step by triggers, so
/// every transaction that changes a row changes its index entry with it.
///
/// - Contentless (`content=''`) and `detail='none'`: the index holds trigrams and row ids only,
///   nothing readable. A query is an AND of its trigrams, which finds a superset of the rows
///   containing the text; the filter's own LIKE then checks each candidate, so what the index
///   path returns is exactly what the LIKE alone returned.
/// - The text is `lower()`ed (ASCII only, as LIKE folds) and the tokenizer is case-sensitive,
///   so the index folds exactly as LIKE does.
/// - Each value ends with two U+0001 characters: every substring of one or two characters is
///   then the start of some trigram, and the vocabulary (`*_terms`, fts5vocab) answers short
///   queries with a range of terms.
/// - A contentless table forgets a row only when told the values it was given: the delete
///   triggers hand back the same expressions the insert used.
enum FilterIndex {
    /// One filter index: its table, the list's table, and the expressions it indexes.
    struct Table {
        let name: String
        let source: String
        let columns: [(name: String, expression: (String) -> String)]
        /// Source columns whose change changes what is indexed.
        let watched: [String]

        var terms: String { name + "_terms" }
    }

    static let sentinel = "char(1, 1)"

    static let users = Table(name: "user_search", source: "user", columns: [
        ("login", { "lower(\($0).login)" }),
        ("name", { "lower(\($0).first_name || ' ' || \($0).last_name)" }),
        ("email", { "lower(\($0).email)" }),
    ], watched: ["login", "first_name", "last_name", "email"])

    static let clients = Table(name: "client_search", source: "api_client", columns: [
        ("name", { "lower(\($0).name)" }),
        ("owner", { "(SELECT lower(login) FROM user WHERE id = \($0).owner_id)" }),
        ("creator", { "(SELECT lower(login) FROM user WHERE id = \($0).creator_id)" }),
    ], watched: ["name", "owner_id", "creator_id"])

    static let all = [users, clients]

    static func migrate(_ db: Database) throws {
        for t in all {
            let names = t.columns.map(\.name).joined(separator: ", ")
            func values(_ row: String) -> String { t.columns.map { "\($0.expression(row)) || \(sentinel)" }.joined(separator: ", ") }
            try db.execute(sql: """
                CREATE VIRTUAL TABLE \(t.name) USING fts5(\(names), tokenize = 'trigram case_sensitive 1', content = '', detail = 'none');
                CREATE VIRTUAL TABLE \(t.terms) USING fts5vocab(\(t.name), row);
                INSERT INTO \(t.name)(rowid, \(names)) SELECT x.id, \(values("x")) FROM \(t.source) x;
                CREATE TRIGGER \(t.name)_insert AFTER INSERT ON \(t.source) BEGIN
                    INSERT INTO \(t.name)(rowid, \(names)) VALUES (new.id, \(values("new")));
                END;
                CREATE TRIGGER \(t.name)_delete AFTER DELETE ON \(t.source) BEGIN
                    INSERT INTO \(t.name)(\(t.name), rowid, \(names)) VALUES ('delete', old.id, \(values("old")));
                END;
                CREATE TRIGGER \(t.name)_update AFTER UPDATE OF \(t.watched.joined(separator: ", ")) ON \(t.source) BEGIN
                    INSERT INTO \(t.name)(\(t.name), rowid, \(names)) VALUES ('delete', old.id, \(values("old")));
                    INSERT INTO \(t.name)(rowid, \(names)) VALUES (new.id, \(values("new")));
                END;
                """)
        }
    }
}
