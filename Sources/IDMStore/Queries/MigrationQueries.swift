import Foundation
import GRDB
import IDMDomain

/// Reads for the migration of legacy API clients: the planner's view of an account, and the
/// stored reports.
extension Q {
    /// Everything `MigrationPlanner` needs about `account`, read in one snapshot.
    public static func migrationDirectory(_ db: Database, account: Account) throws -> MigrationDirectory {
        let users = try Q.users(db, account: account.id)
        let tree = try Q.tree(db, account: account.id)
        let roles = try Q.rolesByID(db, account: account.id)
        var access: [UserID: UserAccess] = [:]
        for user in users {
            access[user.id] = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree, roles: roles)
        }
        let names = try String.fetchAll(db, sql: "SELECT name FROM api_client WHERE account_id = ?", arguments: [account.id])
        var legacy: [LegacyKey: LegacyState] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT e.kind, e.legacy_id, e.outcome, e.expires_at, c.name AS client_name
            FROM legacy_entry e LEFT JOIN api_client c ON c.id = e.client_id
            WHERE e.account_id = ?
            """, arguments: [account.id]) {
            guard let kind = LegacyKey.Kind(rawValue: row["kind"]) else { continue }
            let key = LegacyKey(kind: kind, id: row["legacy_id"])
            if (row["outcome"] as String) == "migrated" {
                legacy[key] = .migrated(clientName: row["client_name"])
            } else {
                legacy[key] = .declared(expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
        return MigrationDirectory(account: account, users: users, access: access, tree: tree, services: try Q.services(db),
                                  products: try Q.products(db), clientNames: names, legacy: legacy)
    }

    /// The legacy clientId a client was migrated from (a User record: the legacy username).
    public static func legacyID(_ db: Database, client: ClientID) throws -> String? {
        try String.fetchOne(db, sql: "SELECT legacy_id FROM legacy_entry WHERE client_id = ?", arguments: [client])
    }

    /// The newest stored report of the account, or of one run.
    public static func migrationReport(_ db: Database, account: AccountID, run: Int64? = nil) throws -> MigrationReport? {
        let row: Row?
        if let run {
            row = try Row.fetchOne(db, sql: "SELECT * FROM legacy_run WHERE account_id = ? AND id = ?", arguments: [account, run])
        } else {
            row = try Row.fetchOne(db, sql: "SELECT * FROM legacy_run WHERE account_id = ? ORDER BY id DESC LIMIT 1", arguments: [account])
        }
        guard let row else { return nil }
        let runID: Int64 = row["id"]
        var sections: [String: [MigrationReport.Line]] = [:]
        for line in try Row.fetchAll(db, sql: "SELECT * FROM legacy_report_line WHERE run_id = ? ORDER BY position", arguments: [runID]) {
            sections[line["section"], default: []].append(MigrationReport.Line(
                legacyID: line["legacy_id"], legacyType: line["legacy_type"], name: line["name"], owner: line["owner"],
                creator: line["creator"], client: line["client_name"], clientKey: line["client_key"], reasons: JSONList.decode(line["reasons"]),
                expiresAt: (line["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:))))
        }
        let accountName = try Q.account(db, id: account)?.name ?? "#\(account)"
        return MigrationReport(
            runID: runID, time: Date(timeIntervalSince1970: row["time"]), actor: row["actor_login"], account: accountName,
            source: row["source"], exportedAt: Date(timeIntervalSince1970: row["exported_at"]),
            expiresAt: Date(timeIntervalSince1970: row["expires_at"]), dryRun: false,
            migrated: sections["migrated"] ?? [], userRecords: sections["user-record"] ?? [],
            notMigrated: sections["not-migrated"] ?? [], alreadyMigrated: sections["already-migrated"] ?? [])
    }
}
