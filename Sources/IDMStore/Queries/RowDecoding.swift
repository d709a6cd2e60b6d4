import Foundation
import GRDB
import IDMDomain

/// Domain values from rows. The domain knows nothing of SQL; this is the one place that maps.
enum Decode {
    static func account(_ row: Row) -> Account {
        Account(id: row["id"], name: row["name"], kind: Account.Kind(rawValue: row["kind"]) ?? .direct, managedBy: row["managed_by"])
    }

    static func contract(_ row: Row) -> Contract {
        Contract(id: row["id"], accountID: row["account_id"], name: row["name"], contractType: row["contract_type"])
    }

    /// The columns `group` reads, by position as `user`'s (a tree decodes every group).
    static let groupColumns = "id, account_id, contract_id, parent_id, name, version"

    static func group(_ row: Row) -> Group {
        Group(id: row[0], accountID: row[1], contractID: row[2], parentID: row[3], name: row[4], version: row[5])
    }

    static func product(_ row: Row) -> Product {
        Product(id: row["id"], name: row["name"])
    }

    static func service(_ row: Row) -> APIService {
        APIService(id: row["id"], name: row["name"], scope: APIService.Scope(rawValue: row["scope"]) ?? .accountWide,
                   requiredProduct: row["required_product"])
    }

    static func role(_ row: Row, permissions: Set<Permission>) -> Role {
        Role(id: row["id"], accountID: row["account_id"], name: row["name"], description: row["description"],
             isStandard: row["is_standard"], permissions: permissions, version: row["version"], importedFrom: row["imported_from"])
    }

    /// The columns `user` reads, in its order: select exactly these (`SELECT \(Decode.userColumns)
    /// FROM user ...`). A user is decoded by position, not by name, because lists decode
    /// 200,000 of them and a lookup by name compares every column's name.
    static let userColumns = "id, account_id, login, first_name, last_name, email, job_title, phone, time_zone, locked, version"

    static func user(_ row: Row, grants: [Grant], blocked: Set<GroupID>) -> User {
        User(id: row[0], accountID: row[1], login: row[2], firstName: row[3], lastName: row[4], email: row[5], jobTitle: row[6],
             phone: row[7], timeZone: row[8], locked: row[9], grants: grants, blockedGroups: blocked, version: row[10])
    }

    /// The columns `client` reads, by position as `user`'s.
    static let clientColumns = "id, account_id, client_key, name, description, kind, owner_id, creator_id, ip_allowlist, "
        + "notification_emails, locked, home_contracts, version"

    static func client(_ row: Row, groups: Set<GroupID>, apis: [APIGrant]) -> APIClient {
        APIClient(id: row[0], accountID: row[1], clientKey: row[2], name: row[3], description: row[4],
                  kind: APIClient.Kind(rawValue: row[5]) ?? .api, ownerID: row[6], creatorID: row[7], groupIDs: groups, apis: apis,
                  ipAllowlist: JSONList.decode(row[8]), notificationEmails: JSONList.decode(row[9]),
                  locked: row[10], homeContracts: Set(JSONList.decode(row[11])), version: row[12])
    }

    /// The columns `credential` reads, by position.
    static let credentialColumns = "id, client_id, client_token, secret_last4, status, created_at, expires_at, description, version"

    static func credential(_ row: Row) -> Credential {
        Credential(id: row[0], clientID: row[1], clientToken: row[2], secretLast4: row[3],
                   status: Credential.Status(rawValue: row[4]) ?? .inactive,
                   createdAt: Date(timeIntervalSince1970: row[5]), expiresAt: Date(timeIntervalSince1970: row[6]),
                   description: row[7], version: row[8])
    }

    static func audit(_ row: Row) -> AuditEvent {
        AuditEvent(id: row["id"], time: Date(timeIntervalSince1970: row["time"]), actorLogin: row["actor_login"],
                   accountID: row["account_id"], action: row["action"], targetType: row["target_type"],
                   targetID: row["target_id"], targetName: row["target_name"],
                   before: JSONMap.decode(row["before"]), after: JSONMap.decode(row["after"]), osUser: row["os_user"],
                   sshClient: row["ssh_client"], sshKey: row["ssh_key"], via: row["via"])
    }

    static func sshKey(_ row: Row) -> SSHKey {
        SSHKey(id: row[0], userID: row[1], type: row[2], key: row[3], comment: row[4], fingerprint: row[5],
               addedBy: row[6], addedAt: Date(timeIntervalSince1970: row[7]),
               lastUsedAt: (row[8] as Double?).map { Date(timeIntervalSince1970: $0) })
    }
}

/// Small JSON columns: lists of strings and string maps, always valid JSON in the file.
enum JSONList {
    static func encode(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String] {
        // Most lists are empty; a JSONDecoder costs more than the rest of a row.
        guard let text, text != "[]", !text.isEmpty else { return [] }
        // What `encode` wrote with no escape in it (most allowlists and emails): the strings
        // between `["` and `"]`, split at `","`, which no unescaped string can contain.
        if text.utf8.count >= 4, text.hasPrefix("[\""), text.hasSuffix("\"]"), !text.utf8.contains(UInt8(ascii: "\\")) {
            return splitUnescaped(text)
        }
        guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return list
    }
}

extension JSONList {
    /// The strings of `["a","b"]` (no backslash in it), read off its UTF-8 bytes: `split` with
    /// a string separator searched for it a character at a time, slower than the row's query.
    static func splitUnescaped(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var out: [String] = []
        var start = 2
        var i = 2
        let end = bytes.count - 2   // the closing `"]`
        while i < end {
            if bytes[i] == quote, bytes[i + 1] == comma, bytes[i + 2] == quote {
                out.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += 3
                start = i
            } else {
                i += 1
            }
        }
        out.append(String(decoding: bytes[start..<end], as: UTF8.self))
        return out
    }
}

enum JSONMap {
    static func encode(_ map: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(map)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, let map = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else { return [:] }
        return map
    }
}
