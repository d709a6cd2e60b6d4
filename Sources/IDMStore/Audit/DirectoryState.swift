import Crypto
import Foundation
import GRDB

/// The directory itself made tamper-evident: every audit event records a digest of the
/// after-state of each row it changed (`audit_state`: entity, digest, event), and the event's
/// own hash covers them (`state_digest`). `verify` recomputes the digest of every current
/// user (with their grants and blocks), group, role (with its permissions), API client (with
/// its groups and APIs) and credential, and reports any whose state no event explains: a
/// direct `UPDATE user_grant ...` from the sqlite3 shell is found.
enum DirectoryState {
    enum Kind: String, CaseIterable, Sendable {
        case user, group, role, client = "api_client", credential

        var table: String {
            switch self {
            case .user: return "user"
            case .group: return "grp"
            case .role: return "role"
            case .client: return "api_client"
            case .credential: return "credential"
            }
        }

        /// The rows that belong to it: (table, the column naming the owner, a line for each row).
        var children: [(table: String, owner: String, line: String)] {
            switch self {
            case .user: return [("user_grant", "user_id", "'grant=' || group_id || ':' || role_id"),
                                ("user_blocked_group", "user_id", "'blocked=' || group_id"),
                                ("ssh_key", "user_id", SSHKeys.stateLine)]
            case .role: return [("role_permission", "role_id", "'permission=' || permission")]
            case .client: return [("client_group", "client_id", "'group=' || group_id"),
                                  ("client_api", "client_id", "'api=' || service_id || ':' || level")]
            case .group, .credential: return []
            }
        }

        /// The audit target types that name this kind.
        init?(targetType: String) {
            switch targetType {
            case "user": self = .user
            case "group": self = .group
            case "role": self = .role
            case "api_client": self = .client
            case "credential": self = .credential
            default: return nil
            }
        }
    }

    struct Entity: Hashable, Comparable, Sendable {
        let kind: Kind
        let id: Int64
        var name: String { "\(kind.rawValue):\(id)" }
        static func < (a: Entity, b: Entity) -> Bool { a.name < b.name }
    }

    /// The digest of a row that is not there (deleted in the event that records it).
    static let absent = "absent"

    /// The current digests of `kind`'s rows: of `ids`, or of every row when nil. A missing
    /// id is `absent`.
    static func digests(_ db: Database, _ kind: Kind, ids: [Int64]?) throws -> [Int64: String] {
        var lines: [Int64: [String]] = [:]
        let filter: (String) -> String = { column in
            guard let ids else { return "" }
            return " WHERE \(column) IN (\(ids.map(String.init).joined(separator: ",")))"
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(kind.table)" + filter("id"))
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            // A computed column (the filter's haystack) is no state of its own.
            lines[id] = row.columnNames.compactMap { name in
                UserHaystack.derivedColumns.contains(name) ? nil : AuditChain.tagged(row[name]).map { "\(name)=\($0)" }
            }
        }
        // A migration before v13 (the baseline of v7) runs before the table of users' keys exists.
        for child in kind.children where try db.tableExists(child.table) {
            let children = try Row.fetchCursor(db, sql: "SELECT \(child.owner), \(child.line) FROM \(child.table)" + filter(child.owner))
            while let child = try children.next() {
                let owner: Int64 = child[0]
                // A child whose owner row is gone (foreign keys off in a shell) is no state.
                lines[owner]?.append(child[1])
            }
        }
        var out: [Int64: String] = [:]
        for (id, parts) in lines {
            let text = "idm-state-v1 \(kind.rawValue)\n" + parts.sorted().joined(separator: "\n")
            out[id] = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        for id in ids ?? [] where out[id] == nil { out[id] = absent }
        return out
    }

    /// Every row whose current state no event has recorded (new, or changed since): what a
    /// baseline event records (the start of the states over an existing directory, a bulk seed
    /// step, which writes around the service).
    static func unrecorded(_ db: Database, _ kinds: [Kind]) throws -> [Entity] {
        try kinds.flatMap { kind in
            let latest = try latestStates(db, of: kind)
            return try digests(db, kind, ids: nil).compactMap { id, digest in
                let entity = Entity(kind: kind, id: id)
                return latest[entity.name] == digest ? nil : entity
            }
        }
    }

    /// The latest recorded digest of every entity (of one kind: a range of the primary key).
    static func latestStates(_ db: Database, of kind: Kind? = nil) throws -> [String: String] {
        var latest: [String: String] = [:]
        let range = kind.map { " WHERE entity >= '\($0.rawValue):' AND entity < '\($0.rawValue);'" } ?? ""
        let rows = try Row.fetchCursor(db, sql: "SELECT entity, digest FROM audit_state\(range) ORDER BY entity, event_id")
        while let row = try rows.next() { latest[row[0]] = row[1] }
        return latest
    }

    /// The digests of `entities` now, and the event's `state_digest` over them (nil for none).
    static func snapshot(_ db: Database, _ entities: Set<Entity>) throws -> (states: [(Entity, String)], digest: String?) {
        guard !entities.isEmpty else { return ([], nil) }
        var states: [(Entity, String)] = []
        for kind in Kind.allCases {
            let ids = entities.filter { $0.kind == kind }.map(\.id)
            guard !ids.isEmpty else { continue }
            for (id, digest) in try digests(db, kind, ids: ids) { states.append((Entity(kind: kind, id: id), digest)) }
        }
        states.sort { $0.0 < $1.0 }
        return (states, eventDigest(states.map { ($0.0.name, $0.1) }))
    }

    static func eventDigest(_ states: [(String, String)]) -> String {
        let text = states.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func record(_ db: Database, event: Int64, _ states: [(Entity, String)]) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO audit_state (event_id, entity, digest) VALUES (?, ?, ?)")
        for (entity, digest) in states { try insert.execute(arguments: [event, entity.name, digest]) }
    }

    /// The first row whose current state no audit event explains, or whose recorded states do
    /// not match their event; nil when the directory is as its events say.
    static func verify(_ db: Database) throws -> String? {
        // Each event's recorded states are the ones its (chained) state digest covers.
        var byEvent: [Int64: [(String, String)]] = [:]
        let states = try Row.fetchCursor(db, sql: "SELECT event_id, entity, digest FROM audit_state ORDER BY event_id")
        while let row = try states.next() { byEvent[row[0], default: []].append((row[1], row[2])) }
        let events = try Row.fetchCursor(db, sql: "SELECT id, state_digest FROM audit_event WHERE state_digest IS NOT NULL OR id IN (SELECT event_id FROM audit_state)")
        while let row = try events.next() {
            let id: Int64 = row[0]
            let recorded: String? = row[1]
            if recorded != eventDigest(byEvent[id] ?? []) {
                return "The states recorded with event #\(id) were changed after it was written."
            }
        }
        let latest = try latestStates(db)
        for kind in Kind.allCases {
            let current = try digests(db, kind, ids: nil)
            for id in current.keys.sorted() {
                let entity = Entity(kind: kind, id: id).name
                guard let last = latest[entity] else {
                    return "\(describe(kind, id)) is in the directory but no audit event records it: it was added behind idm's back."
                }
                if last != current[id] {
                    return "\(describe(kind, id)) is not as its last audit event left it: it was changed behind idm's back."
                }
            }
            for (entity, digest) in latest where entity.hasPrefix(kind.rawValue + ":") && digest != absent {
                if let id = Int64(entity.dropFirst(kind.rawValue.count + 1)), current[id] == nil {
                    return "\(describe(kind, id)) was deleted, but no audit event records it: it was removed behind idm's back."
                }
            }
        }
        // What is derived from the rows too: a kept count edited would show a wrong total.
        return try AccountRowCount.firstWrong(db)
    }

    static func describe(_ kind: Kind, _ id: Int64) -> String {
        switch kind {
        case .user: return "User #\(id) (with their grants and blocks)"
        case .group: return "Group #\(id)"
        case .role: return "Role #\(id) (with its permissions)"
        case .client: return "API client #\(id) (with its groups and APIs)"
        case .credential: return "Credential #\(id)"
        }
    }
}
