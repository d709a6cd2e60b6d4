import Foundation
import GRDB
import IDMDomain

/// Appends audit events, inside the transaction of the change they record.
enum Audit {
    /// `also` names rows the change touched besides its target (a deleted client's
    /// credentials, the users whose blocks went with a group); `baseline` records every row of
    /// those kinds whose state no event has recorded yet (a bulk seed step, the start of the
    /// directory's states).
    static func append(_ db: Database, time: Date, actor: String, origin: Origin = Origin(), account: AccountID?, action: String,
                       targetType: String, targetID: String, targetName: String,
                       before: [String: String] = [:], after: [String: String] = [:],
                       also: [DirectoryState.Entity] = [], baseline: [DirectoryState.Kind] = []) throws {
        let (id, link) = try AuditChain.next(db)
        var entities = Set(also)
        if let kind = DirectoryState.Kind(targetType: targetType), let row = Int64(targetID) {
            entities.insert(DirectoryState.Entity(kind: kind, id: row))
        }
        if !baseline.isEmpty { entities.formUnion(try DirectoryState.unrecorded(db, baseline)) }
        let (states, stateDigest) = try DirectoryState.snapshot(db, entities)
        let columns: [(String, DatabaseValue)] = [
            ("id", id.databaseValue), ("time", time.timeIntervalSince1970.databaseValue), ("actor_login", actor.databaseValue),
            ("os_user", origin.osUser.databaseValue), ("account_id", account.databaseValue), ("action", action.databaseValue),
            ("target_type", targetType.databaseValue), ("target_id", targetID.databaseValue), ("target_name", targetName.databaseValue),
            ("before", JSONMap.encode(before).databaseValue), ("after", JSONMap.encode(after).databaseValue),
            ("prev_hash", link.databaseValue), ("state_digest", stateDigest.databaseValue),
            ("ssh_client", origin.sshClient.databaseValue), ("ssh_key", origin.sshKey.databaseValue),
            ("via", origin.via.databaseValue),
        ]
        try insertChained(db, columns)
        try DirectoryState.record(db, event: id, states)
    }

    /// Inserts an event with its hash over `columns` (which hold its id and link).
    static func insertChained(_ db: Database, _ columns: [(String, DatabaseValue)]) throws {
        let hash = AuditChain.hash(columns)
        let names = columns.map(\.0) + ["hash"]
        try db.execute(sql: "INSERT INTO audit_event (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))",
                       arguments: StatementArguments(columns.map(\.1) + [hash.databaseValue]))
    }

    /// Only the fields that differ, so an event shows what changed and nothing else.
    static func diff(_ before: [String: String], _ after: [String: String]) -> (before: [String: String], after: [String: String]) {
        var b: [String: String] = [:]
        var a: [String: String] = [:]
        for key in Set(before.keys).union(after.keys) where before[key] != after[key] {
            b[key] = before[key]
            a[key] = after[key]
        }
        return (b, a)
    }
}

/// Fields of each entity as the audit log records them.
enum AuditFields {
    static func client(_ c: APIClient, tree: GroupTree? = nil) -> [String: String] {
        [
            "name": c.name,
            "description": c.description,
            "owner": String(c.ownerID),
            "creator": String(c.creatorID),
            "groups": c.groupIDs.sorted().map { tree?.path(of: $0) ?? String($0) }.joined(separator: "; "),
            "apis": c.apis.map { "\($0.serviceID):\($0.level.rawValue)" }.joined(separator: ", "),
            "ipAllowlist": c.ipAllowlist.joined(separator: ", "),
            "notificationEmails": c.notificationEmails.joined(separator: ", "),
            "locked": String(c.locked),
        ]
    }

    /// Never the secret: the token, its last four, status and dates.
    static func credential(_ c: Credential) -> [String: String] {
        [
            "clientToken": c.tokenPrefix + "…",
            "secretLast4": c.secretLast4,
            "status": c.status.rawValue,
            "expiresAt": Formats.timestamp(c.expiresAt),
            "description": c.description,
        ]
    }

    static func user(_ u: User) -> [String: String] {
        [
            "login": u.login,
            "firstName": u.firstName,
            "lastName": u.lastName,
            "email": u.email,
            "jobTitle": u.jobTitle,
            "locked": String(u.locked),
            "grants": u.grants.map { "\($0.groupID):\($0.roleID)" }.joined(separator: ", "),
        ]
    }
}
