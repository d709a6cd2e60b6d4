import Foundation
import GRDB
import IDMDomain

/// Reads for `import akamai` and `export akamai`: the planner's view of an account, and what an
/// export writes besides the entities (who made each one and when, from the audit log).
extension Q {
    /// Everything `ImportPlanner` needs about `account`, read in one snapshot.
    public static func akamaiDirectory(_ db: Database, account: Account) throws -> AkamaiDirectory {
        AkamaiDirectory(
            account: account, users: try users(db, account: account.id), tree: try tree(db, account: account.id),
            contracts: try contracts(db, account: account.id), roles: try roles(db, account: account.id), services: try services(db),
            products: try products(db), clients: try clients(db, account: account.id),
            loginsElsewhere: Set(try String.fetchAll(db, sql: "SELECT lower(login) FROM user WHERE account_id != ?", arguments: [account.id])),
            contractIDsTaken: Set(try String.fetchAll(db, sql: "SELECT id FROM contract")),
            tokensTaken: Set(try String.fetchAll(db, sql: "SELECT client_token FROM credential")))
    }

    /// Who created each entity of a kind and when, and who changed it last and when, from the
    /// audit log: `target_type` → target id → (first, last) event.
    public static func akamaiHistory(_ db: Database, account: AccountID) throws -> [String: [String: AkamaiHistory]] {
        var out: [String: [String: AkamaiHistory]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT target_type, target_id, actor_login, time FROM audit_event
            WHERE account_id = ? AND target_type IN ('group', 'role', 'api_client', 'user', 'contract') ORDER BY id
            """, arguments: [account])
        while let row = try rows.next() {
            let type: String = row[0], id: String = row[1], actor: String = row[2]
            let time = Date(timeIntervalSince1970: row[3])
            if let known = out[type]?[id] {
                out[type]![id] = AkamaiHistory(createdBy: known.createdBy, createdAt: known.createdAt, modifiedBy: actor, modifiedAt: time)
            } else {
                out[type, default: [:]][id] = AkamaiHistory(createdBy: actor, createdAt: time, modifiedBy: actor, modifiedAt: time)
            }
        }
        return out
    }

    /// The non-deleted and deleted credentials of every client of the account, by client.
    public static func credentialsByClient(_ db: Database, account: AccountID) throws -> [ClientID: [Credential]] {
        var out: [ClientID: [Credential]] = [:]
        for client in try ClientID.fetchAll(db, sql: "SELECT id FROM api_client WHERE account_id = ?", arguments: [account]) {
            out[client] = try credentials(db, client: client, includeDeleted: true)
        }
        return out
    }

    /// The access token of each client's newest credential (v3 has one per client).
    public static func accessTokens(_ db: Database, account: AccountID) throws -> [ClientID: String] {
        var out: [ClientID: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT c.client_id, c.access_token FROM credential c JOIN api_client a ON a.id = c.client_id
            WHERE a.account_id = ? ORDER BY c.id
            """, arguments: [account]) {
            out[row[0]] = row[1]
        }
        return out
    }
}
