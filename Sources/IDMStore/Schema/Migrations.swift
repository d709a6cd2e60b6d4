import GRDB

/// The schema, as versioned migrations. A migration that has shipped is never edited: a change
/// is a new migration appended to the list.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-directory", migrate: createDirectory)
        migrator.registerMigration("v1-audit", migrate: createAudit)
        migrator.registerMigration("v2-list-indexes", migrate: createListIndexes)
        migrator.registerMigration("v3-audit-account-index", migrate: createAuditAccountIndex)
        migrator.registerMigration("v4-legacy-migration", migrate: createLegacyMigration)
        migrator.registerMigration("v5-scoped-authorization", migrate: addScopedAuthorization)
        migrator.registerMigration("v6-audit-chain", migrate: AuditChainMigration.migrate)
        migrator.registerMigration("v7-directory-state", migrate: AuditChainMigration.recordDirectoryState)
        migrator.registerMigration("v8-filter-index", migrate: FilterIndex.migrate)
        migrator.registerMigration("v9-group-tree-stamp", migrate: GroupTreeStamp.migrate)
        migrator.registerMigration("v10-user-haystack", migrate: UserHaystack.migrate)
        migrator.registerMigration("v11-account-row-count", migrate: AccountRowCount.migrate)
        migrator.registerMigration("v12-group-tree-index", migrate: createGroupTreeIndex)
        migrator.registerMigration("v13-ssh-keys", migrate: SSHKeys.migrate)
        migrator.registerMigration("v14-akamai-import", migrate: AkamaiImportColumns.migrate)
        migrator.registerMigration("v15-listing-indexes", migrate: ListingIndexes.migrate)
        return migrator
    }

    private static func createDirectory(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE setting (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            CREATE TABLE account (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                kind TEXT NOT NULL CHECK (kind IN ('direct', 'reseller', 'managed')),
                managed_by INTEGER REFERENCES account(id),
                version INTEGER NOT NULL DEFAULT 1,
                CHECK ((kind = 'managed') = (managed_by IS NOT NULL))
            );
            CREATE INDEX account_managed_by ON account(managed_by, name);
            CREATE TABLE contract (
                id TEXT PRIMARY KEY NOT NULL,
                account_id INTEGER NOT NULL REFERENCES account(id),
                name TEXT NOT NULL,
                contract_type TEXT NOT NULL
            );
            CREATE INDEX contract_account ON contract(account_id);
            CREATE TABLE grp (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES account(id),
                contract_id TEXT NOT NULL REFERENCES contract(id),
                parent_id INTEGER REFERENCES grp(id),
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
                version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX grp_account_name ON grp(account_id, name, id);
            CREATE INDEX grp_parent ON grp(parent_id);
            CREATE TABLE product (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL
            );
            CREATE TABLE api_service (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                scope TEXT NOT NULL CHECK (scope IN ('account-wide', 'single-contract')),
                required_product TEXT NOT NULL REFERENCES product(id)
            );
            CREATE TABLE role (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES account(id),
                name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 70),
                description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 250),
                is_standard INTEGER NOT NULL DEFAULT 0,
                version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (account_id, name)
            );
            CREATE TABLE role_permission (
                role_id INTEGER NOT NULL REFERENCES role(id) ON DELETE CASCADE,
                permission TEXT NOT NULL,
                PRIMARY KEY (role_id, permission)
            ) WITHOUT ROWID;
            CREATE TABLE user (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES account(id),
                login TEXT NOT NULL UNIQUE COLLATE NOCASE,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                email TEXT NOT NULL,
                job_title TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                time_zone TEXT NOT NULL DEFAULT 'UTC',
                locked INTEGER NOT NULL DEFAULT 0,
                -- The operating-system login bound to this user: who `idm` acts as without --as.
                os_login TEXT UNIQUE,
                version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX user_account_login ON user(account_id, login);
            CREATE TABLE user_grant (
                user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                group_id INTEGER NOT NULL REFERENCES grp(id),
                role_id INTEGER NOT NULL REFERENCES role(id),
                PRIMARY KEY (user_id, group_id)
            ) WITHOUT ROWID;
            CREATE INDEX user_grant_group ON user_grant(group_id);
            CREATE INDEX user_grant_role ON user_grant(role_id);
            CREATE TABLE user_blocked_group (
                user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                group_id INTEGER NOT NULL REFERENCES grp(id),
                PRIMARY KEY (user_id, group_id)
            ) WITHOUT ROWID;
            CREATE TABLE api_client (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES account(id),
                client_key TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL CHECK (kind IN ('API', 'User')),
                owner_id INTEGER NOT NULL REFERENCES user(id),
                creator_id INTEGER NOT NULL REFERENCES user(id),
                ip_allowlist TEXT NOT NULL DEFAULT '[]',
                notification_emails TEXT NOT NULL DEFAULT '[]',
                locked INTEGER NOT NULL DEFAULT 0,
                version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (account_id, name)
            );
            CREATE INDEX api_client_owner ON api_client(owner_id);
            CREATE INDEX api_client_creator ON api_client(creator_id);
            CREATE TABLE client_group (
                client_id INTEGER NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
                group_id INTEGER NOT NULL REFERENCES grp(id),
                PRIMARY KEY (client_id, group_id)
            ) WITHOUT ROWID;
            CREATE INDEX client_group_group ON client_group(group_id);
            CREATE TABLE client_api (
                client_id INTEGER NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
                service_id TEXT NOT NULL REFERENCES api_service(id),
                level TEXT NOT NULL CHECK (level IN ('READ-ONLY', 'READ-WRITE')),
                PRIMARY KEY (client_id, service_id)
            ) WITHOUT ROWID;
            CREATE TABLE credential (
                id INTEGER PRIMARY KEY,
                client_id INTEGER NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
                client_token TEXT NOT NULL UNIQUE,
                access_token TEXT NOT NULL,
                -- The secret itself is never stored: a salted SHA-256 and its last four characters.
                secret_salt BLOB NOT NULL,
                secret_hash BLOB NOT NULL,
                secret_last4 TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DELETED')),
                created_at DOUBLE NOT NULL,
                expires_at DOUBLE NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX credential_client ON credential(client_id, status);
            CREATE INDEX credential_expiry ON credential(status, expires_at);
            """)
    }

    /// The audit log is append-only: these triggers refuse UPDATE and DELETE. They do not stop
    /// `INSERT OR REPLACE` (its implicit delete fires no trigger while recursive_triggers is off)
    /// nor someone who drops them: v6's chain triggers refuse the first, `idm audit verify` finds
    /// the second.
    private static func createAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_event (
                id INTEGER PRIMARY KEY,
                time DOUBLE NOT NULL,
                actor_login TEXT NOT NULL,
                account_id INTEGER,
                action TEXT NOT NULL,
                target_type TEXT NOT NULL,
                target_id TEXT NOT NULL,
                target_name TEXT NOT NULL,
                before TEXT NOT NULL DEFAULT '{}',
                after TEXT NOT NULL DEFAULT '{}'
            );
            CREATE INDEX audit_target ON audit_event(target_type, target_id, id);
            CREATE INDEX audit_actor ON audit_event(actor_login, id);
            CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: events cannot be changed'); END;
            CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: events cannot be deleted'); END;
            """)
    }

    /// An index for every order and filter of the lists (`ListSQL`), so that a list of 200,000
    /// users pages by index range searches (keyset paging) and counts by covering index scans.
    /// The rowid is the implicit last column of every index, so `(..., id)` orders need not name it.
    ///
    /// | list    | order                          | index                                        |
    /// |---------|--------------------------------|----------------------------------------------|
    /// | users   | login, id                      | user_account_login (v1)                      |
    /// | users   | last_name, first_name, id      | user_account_name                            |
    /// | users   | email, id                      | user_account_email                           |
    /// | clients | name, id                       | UNIQUE (account_id, name) (v1)               |
    /// | clients | owner login, name, id          | user's UNIQUE login, then api_client_owner_sort   |
    /// | clients | creator login, name, id        | user's UNIQUE login, then api_client_creator_sort |
    /// | groups  | name, id                       | grp_account_name (v1; covering since v12)    |
    /// | groups  | contract_id, name, id          | grp_account_contract                         |
    /// | roles   | name, id                       | UNIQUE (account_id, name) (v1)               |
    ///
    /// The owner and creator indexes replace v1's single-column ones, which are their prefixes.
    private static func createListIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX user_account_name ON user(account_id, last_name, first_name);
            CREATE INDEX user_account_email ON user(account_id, email);
            CREATE INDEX api_client_owner_sort ON api_client(owner_id, account_id, name);
            CREATE INDEX api_client_creator_sort ON api_client(creator_id, account_id, name);
            DROP INDEX api_client_owner;
            DROP INDEX api_client_creator;
            CREATE INDEX grp_account_contract ON grp(account_id, contract_id, name);
            """)
    }

    /// Every decision and list needs the account's group tree, read whole in name order
    /// (`Q.groups`) once per process and then cached (`TreeCache`): with every column it reads
    /// in the index, that read is a walk of one index, with no lookup of each group's row
    /// (5 ms instead of 17 for Hyperion Holdings' 19,006 groups, on every start).
    private static func createGroupTreeIndex(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX grp_account_name;
            CREATE INDEX grp_account_name ON grp(account_id, name, id, contract_id, parent_id, version);
            """)
    }

    /// The audit screen reads an account's events newest first, a page at a time (`AuditWindow`):
    /// a range of this index, by id, for the page and for the count.
    private static func createAuditAccountIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX audit_account ON audit_event(account_id, id)")
    }

    /// The migration of legacy API clients from Manage APIs [FAQ]: each run and its report (as
    /// printed), and every legacy entry a run handled, keyed by the legacy clientId (a legacy
    /// user: by username), so that a second run of the same export changes nothing.
    ///
    /// `legacy_entry.client_id` maps a migrated legacy client to the client it became; it turns
    /// NULL when that client is deleted, and the entry stays migrated (it is not recreated).
    private static func createLegacyMigration(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE legacy_run (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES account(id),
                time DOUBLE NOT NULL,
                actor_login TEXT NOT NULL,
                source TEXT NOT NULL,
                exported_at DOUBLE NOT NULL,
                expires_at DOUBLE NOT NULL
            );
            CREATE INDEX legacy_run_account ON legacy_run(account_id, id);
            CREATE TABLE legacy_report_line (
                run_id INTEGER NOT NULL REFERENCES legacy_run(id),
                position INTEGER NOT NULL,
                section TEXT NOT NULL CHECK (section IN ('migrated', 'user-record', 'not-migrated', 'already-migrated')),
                legacy_id TEXT NOT NULL,
                legacy_type TEXT NOT NULL CHECK (legacy_type IN ('API', 'User')),
                name TEXT NOT NULL,
                owner TEXT NOT NULL,
                creator TEXT,
                client_name TEXT,
                client_key TEXT,
                reasons TEXT NOT NULL DEFAULT '[]',
                expires_at DOUBLE,
                PRIMARY KEY (run_id, position)
            ) WITHOUT ROWID;
            CREATE TABLE legacy_entry (
                account_id INTEGER NOT NULL REFERENCES account(id),
                kind TEXT NOT NULL CHECK (kind IN ('client', 'user')),
                legacy_id TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('migrated', 'not-migrated')),
                client_id INTEGER UNIQUE REFERENCES api_client(id) ON DELETE SET NULL,
                run_id INTEGER NOT NULL REFERENCES legacy_run(id),
                token_hint TEXT,
                expires_at DOUBLE,
                PRIMARY KEY (account_id, kind, legacy_id)
            ) WITHOUT ROWID;
            """)
    }

    /// Rules 12-17: a client remembers the contracts of its groups (`home_contracts`), so that
    /// one shrunk to no group is still decided on those contracts' roots; an audit event records
    /// the operating-system user who acted as another login (`os_user`, the README's trust
    /// model; break-glass recovery names it too).
    private static func addScopedAuthorization(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE api_client ADD COLUMN home_contracts TEXT NOT NULL DEFAULT '[]';
            UPDATE api_client SET home_contracts = (
                SELECT json_group_array(DISTINCT g.contract_id) FROM client_group cg JOIN grp g ON g.id = cg.group_id
                WHERE cg.client_id = api_client.id)
            WHERE EXISTS (SELECT 1 FROM client_group WHERE client_id = api_client.id);
            ALTER TABLE audit_event ADD COLUMN os_user TEXT;
            """)
    }
}
