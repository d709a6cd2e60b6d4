import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What consoles keep that is not directory data, in a database of its own beside the
/// directory (`idm.sqlite` → `idm.state.sqlite`, same folder, owner-only): drafts of the wizard
/// and of open forms, the consoles open now (for "2 other admins in Acme Media"), and which new
/// secrets are on screen (so a session that ends before one was saved can say so next time).
///
/// Being a separate file is the point: writing here creates no audit event, is outside the
/// audit chain, leaves the directory byte-for-byte as it was (the "a refusal changes nothing"
/// comparisons), and does not move the directory's `PRAGMA data_version`, so a heartbeat never
/// wakes another console's refresh. Never a secret: only which credential's secret was shown.
public final class StateStore: @unchecked Sendable {
    public let path: String
    private let queue: DatabaseQueue
    /// Drafts older than this are not offered and are removed.
    public static let draftLifetime: TimeInterval = 7 * 24 * 3600

    /// `idm.sqlite` → `idm.state.sqlite`; any other name gets `.state.sqlite` appended.
    public static func path(besideDirectory directory: String) -> String {
        directory.hasSuffix(".sqlite") ? String(directory.dropLast(".sqlite".count)) + ".state.sqlite" : directory + ".state.sqlite"
    }

    public convenience init(besideDirectory directory: String) throws {
        try self.init(path: Self.path(besideDirectory: directory))
    }

    public init(path: String) throws {
        self.path = path
        try FileModes.makeParentDirectories(of: path)
        // Owner-only before SQLite opens it, so its -wal and -shm are too (see FileModes).
        try FileModes.createOwnerOnlyFile(path)
        var config = Configuration()
        config.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in _ = try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try Self.migrator.migrate(queue)
        FileModes.narrowSideFiles(of: path)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE draft (
                    login TEXT NOT NULL,
                    account_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    session_id TEXT NOT NULL,
                    saved_at REAL NOT NULL,
                    summary TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (login, account_id, kind)
                );
                CREATE TABLE console_session (
                    id TEXT PRIMARY KEY,
                    login TEXT NOT NULL,
                    account_id INTEGER NOT NULL,
                    pid INTEGER NOT NULL,
                    started_at REAL NOT NULL,
                    heartbeat_at REAL NOT NULL
                );
                CREATE TABLE secret_on_screen (
                    session_id TEXT NOT NULL,
                    login TEXT NOT NULL,
                    account_id INTEGER NOT NULL,
                    credential_id INTEGER NOT NULL,
                    client_id INTEGER NOT NULL,
                    client_name TEXT NOT NULL,
                    token_prefix TEXT NOT NULL,
                    shown_at REAL NOT NULL,
                    PRIMARY KEY (session_id, credential_id)
                );
                """)
        }
        return m
    }

    // MARK: Drafts

    public struct Draft: Equatable, Sendable {
        public let kind: String
        public let savedAt: Date
        /// "step 3, name web-deployer": what the resume question shows.
        public let summary: String
        public let payload: Data
    }

    /// Saves the draft of `kind` that the console `session` holds (one per user, account and kind).
    public func saveDraft(login: String, account: Int64, kind: String, session: String, summary: String, payload: Data, at: Date) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO draft (login, account_id, kind, session_id, saved_at, summary, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (login, account_id, kind) DO UPDATE SET session_id = excluded.session_id, saved_at = excluded.saved_at,
                    summary = excluded.summary, payload = excluded.payload
                """, arguments: [login, account, kind, session, at.timeIntervalSince1970, summary, payload])
        }
    }

    /// The drafts of `login` in `account` saved within the last week and left by a console that
    /// is no longer open (one still open is working on its own), newest first; older ones are
    /// removed on the way.
    public func drafts(login: String, account: Int64, now: Date) throws -> [Draft] {
        let rows = try queue.write { db in
            try db.execute(sql: "DELETE FROM draft WHERE saved_at < ?", arguments: [now.timeIntervalSince1970 - Self.draftLifetime])
            return try Row.fetchAll(db, sql: """
                SELECT d.kind, d.saved_at, d.summary, d.payload, c.pid AS pid, c.heartbeat_at AS heartbeat_at FROM draft d
                LEFT JOIN console_session c ON c.id = d.session_id
                WHERE d.login = ? AND d.account_id = ? ORDER BY d.saved_at DESC
                """, arguments: [login, account])
        }
        return rows.filter { Self.leftBehind($0, now: now) }.map {
            Draft(kind: $0["kind"], savedAt: Date(timeIntervalSince1970: $0["saved_at"]), summary: $0["summary"], payload: $0["payload"])
        }
    }

    public func removeDraft(login: String, account: Int64, kind: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM draft WHERE login = ? AND account_id = ? AND kind = ?", arguments: [login, account, kind])
        }
    }

    // MARK: Consoles open now

    /// A console older than this without a heartbeat has gone (killed, or its machine lost).
    public static let sessionTimeout: TimeInterval = 45

    public func register(session: String, login: String, account: Int64, at: Date) throws {
        try queue.write { db in
            // Consoles that were killed leave their row; a day later nobody needs it.
            try db.execute(sql: "DELETE FROM console_session WHERE heartbeat_at < ?", arguments: [at.timeIntervalSince1970 - 86_400])
            try db.execute(sql: "INSERT OR REPLACE INTO console_session (id, login, account_id, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [session, login, account, Int64(getpid()), at.timeIntervalSince1970, at.timeIntervalSince1970])
        }
    }

    /// Still here, now in `account` (a reseller may have switched).
    public func heartbeat(session: String, account: Int64, at: Date) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE console_session SET heartbeat_at = ?, account_id = ? WHERE id = ?",
                           arguments: [at.timeIntervalSince1970, account, session])
        }
    }

    public func unregister(session: String) throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM console_session WHERE id = ?", arguments: [session]) }
    }

    /// The logins of the other consoles open in `account` now (distinct, sorted).
    public func others(account: Int64, except session: String, now: Date) throws -> [String] {
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT login, pid, heartbeat_at FROM console_session WHERE account_id = ? AND id != ?",
                             arguments: [account, session])
        }
        let logins = rows.filter { Self.alive(pid: $0["pid"], heartbeat: $0["heartbeat_at"], now: now) }.map { $0["login"] as String }
        return Array(Set(logins)).sorted()
    }

    /// A row joined to the console that wrote it (`pid`, `heartbeat_at`): left behind when that
    /// console is gone (no row) or no longer alive.
    static func leftBehind(_ row: Row, now: Date) -> Bool {
        guard let pid: Int64 = row["pid"], let heartbeat: Double = row["heartbeat_at"] else { return true }
        return !alive(pid: pid, heartbeat: heartbeat, now: now)
    }

    /// A console is alive while its heartbeat is recent and, on this machine, its process runs.
    static func alive(pid: Int64, heartbeat: Double, now: Date) -> Bool {
        guard now.timeIntervalSince1970 - heartbeat < sessionTimeout else { return false }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }

    // MARK: Secrets on screen

    public struct SecretOnScreen: Equatable, Sendable {
        public let login: String
        public let account: Int64
        public let credentialID: Int64
        public let clientID: Int64
        public let clientName: String
        public let tokenPrefix: String
        public let shownAt: Date

        public init(login: String, account: Int64, credentialID: Int64, clientID: Int64, clientName: String, tokenPrefix: String, shownAt: Date) {
            self.login = login
            self.account = account
            self.credentialID = credentialID
            self.clientID = clientID
            self.clientName = clientName
            self.tokenPrefix = tokenPrefix
            self.shownAt = shownAt
        }
    }

    /// A new credential's secret is on screen in `session` and not saved yet.
    public func secretShown(_ secret: SecretOnScreen, session: String) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO secret_on_screen (session_id, login, account_id, credential_id, client_id, client_name, token_prefix, shown_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [session, secret.login, secret.account, secret.credentialID, secret.clientID, secret.clientName,
                                 secret.tokenPrefix, secret.shownAt.timeIntervalSince1970])
        }
    }

    /// Saved, or the screen was left on purpose: nothing to report later.
    public func secretDone(credential: Int64, session: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM secret_on_screen WHERE session_id = ? AND credential_id = ?", arguments: [session, credential])
        }
    }

    /// Secrets that were on screen, unsaved, when a session of `login` in `account` ended (its
    /// console is no longer alive), oldest first.
    public func interruptedSecrets(login: String, account: Int64, now: Date) throws -> [SecretOnScreen] {
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.*, c.pid AS pid, c.heartbeat_at AS heartbeat_at FROM secret_on_screen s
                LEFT JOIN console_session c ON c.id = s.session_id
                WHERE s.login = ? AND s.account_id = ? ORDER BY s.shown_at
                """, arguments: [login, account])
        }
        return rows.filter { Self.leftBehind($0, now: now) }.map {
            SecretOnScreen(login: $0["login"], account: $0["account_id"], credentialID: $0["credential_id"], clientID: $0["client_id"],
                           clientName: $0["client_name"], tokenPrefix: $0["token_prefix"], shownAt: Date(timeIntervalSince1970: $0["shown_at"]))
        }
    }

    /// The next start has told the user (or they rotated it): forget it, in every ended session.
    public func forgetSecret(credential: Int64, login: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM secret_on_screen WHERE credential_id = ? AND login = ?", arguments: [credential, login])
        }
    }
}
