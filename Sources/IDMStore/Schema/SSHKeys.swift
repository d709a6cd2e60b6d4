import GRDB

/// Migration v13: users' SSH public keys, and where each audited act came from.
///
/// `ssh_key.fingerprint` is UNIQUE: `idm ssh authorized-keys` finds the one user who holds the
/// key sshd was offered in one index lookup, and one key can never let two people in. A key
/// goes with its user (`ON DELETE CASCADE`). The user's state digest (`DirectoryState`) covers
/// their keys, so a key inserted from the sqlite3 shell is found by `idm audit verify`;
/// `last_used_at` is not state (every login writes it) and is left out of the digest.
///
/// `audit_event.ssh_client` and `ssh_key` are NULL for events not made over SSH: the chain's
/// hash leaves NULL columns out, so older events keep their hashes.
enum SSHKeys {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ssh_key (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                key TEXT NOT NULL,
                comment TEXT NOT NULL DEFAULT '',
                fingerprint TEXT NOT NULL UNIQUE,
                added_by TEXT NOT NULL,
                added_at DOUBLE NOT NULL,
                last_used_at DOUBLE
            );
            CREATE INDEX ssh_key_user ON ssh_key(user_id, id);
            ALTER TABLE audit_event ADD COLUMN ssh_client TEXT;
            ALTER TABLE audit_event ADD COLUMN ssh_key TEXT;
            """)
    }

    /// The columns `RowDecoding.sshKey` reads, by position.
    static let columns = "id, user_id, type, key, comment, fingerprint, added_by, added_at, last_used_at"

    /// The line of a key in its user's state digest: everything but when it was last used.
    static let stateLine = "'ssh-key=' || fingerprint || ' ' || type || ' ' || key || ' ' || quote(comment) || ' ' || added_by || ' ' || added_at"
}
