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

    static func group(_ row: Row) -> Group {
        Group(id: row["id"], accountID: row["account_id"], contractID: row["contract_id"], parentID: row["parent_id"],
              name: row["name"], version: row["version"])
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
             isStandard: row["is_standard"], permissions: permissions, version: row["version"])
    }

    static func user(_ row: Row, grants: [Grant], blocked: Set<GroupID>) -> User {
        User(id: row["id"], accountID: row["account_id"], login: row["login"], firstName: row["first_name"],
             lastName: row["last_name"], email: row["email"], jobTitle: row["job_title"], phone: row["phone"],
             timeZone: row["time_zone"], locked: row["locked"], grants: grants, blockedGroups: blocked, version: row["version"])
    }

    static func client(_ row: Row, groups: Set<GroupID>, apis: [APIGrant]) -> APIClient {
        APIClient(id: row["id"], accountID: row["account_id"], clientKey: row["client_key"], name: row["name"],
                  description: row["description"], kind: APIClient.Kind(rawValue: row["kind"]) ?? .api,
                  ownerID: row["owner_id"], creatorID: row["creator_id"], groupIDs: groups, apis: apis,
                  ipAllowlist: JSONList.decode(row["ip_allowlist"]), notificationEmails: JSONList.decode(row["notification_emails"]),
                  locked: row["locked"], homeContracts: Set(JSONList.decode(row["home_contracts"])), version: row["version"])
    }

    static func credential(_ row: Row) -> Credential {
        Credential(id: row["id"], clientID: row["client_id"], clientToken: row["client_token"], secretLast4: row["secret_last4"],
                   status: Credential.Status(rawValue: row["status"]) ?? .inactive,
                   createdAt: Date(timeIntervalSince1970: row["created_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
                   description: row["description"], version: row["version"])
    }

    static func audit(_ row: Row) -> AuditEvent {
        AuditEvent(id: row["id"], time: Date(timeIntervalSince1970: row["time"]), actorLogin: row["actor_login"],
                   accountID: row["account_id"], action: row["action"], targetType: row["target_type"],
                   targetID: row["target_id"], targetName: row["target_name"],
                   before: JSONMap.decode(row["before"]), after: JSONMap.decode(row["after"]), osUser: row["os_user"])
    }
}

/// Small JSON columns: lists of strings and string maps, always valid JSON in the file.
enum JSONList {
    static func encode(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String] {
        guard let text, let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return list
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
