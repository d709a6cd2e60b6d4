import Foundation

/// An export of the old "Manage APIs" system [FAQ]: its Luna users, and its API clients with
/// their access tokens. The format is ours (the README documents it, and
/// `samples/legacy-manage-apis.json` is an example):
///
///     { "system": "Manage APIs", "exportedAt": "2017-04-21T18:00:00Z", "account": "Acme Media",
///       "users":   [ { "username", "firstName", "lastName", "email" } ],
///       "clients": [ { "clientId", "name", "description", "clientType": "API" | "User",
///                      "owner": username, "creator": username,
///                      "accessTokens": [ { "token", "createdAt",
///                                          "apis": [ { "service": "papi", "level": "READ-ONLY" } ],
///                                          "groups": [ "Acme Web > Web APIs" or a name or an id ] } ] } ] }
///
/// `parse` checks the shape of the whole file before anything is planned: a malformed or
/// truncated file is refused with every fault, each naming the entry and the field.
public struct LegacyExport: Equatable, Sendable {
    public static let systemName = "Manage APIs"

    public struct LegacyUser: Equatable, Sendable {
        public var username: String
        public var firstName: String
        public var lastName: String
        public var email: String

        public init(username: String, firstName: String, lastName: String, email: String) {
            self.username = username
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
        }
    }

    /// A group as the export names it: a path ("Acme Web > Web APIs"), a name, or an id.
    public enum GroupRef: Equatable, Sendable, CustomStringConvertible {
        case name(String)
        case id(GroupID)

        public var description: String {
            switch self {
            case .name(let name): return name
            case .id(let id): return "#\(id)"
            }
        }
    }

    public struct API: Equatable, Sendable {
        public var service: String
        public var level: AccessLevel

        public init(service: String, level: AccessLevel) {
            self.service = service
            self.level = level
        }
    }

    public struct AccessToken: Equatable, Sendable {
        public var token: String
        public var createdAt: Date
        public var apis: [API]
        public var groups: [GroupRef]

        public init(token: String, createdAt: Date, apis: [API], groups: [GroupRef]) {
            self.token = token
            self.createdAt = createdAt
            self.apis = apis
            self.groups = groups
        }

        /// Enough of the token to recognise it, never all of it: "akab-lega...8d36" (ASCII, so
        /// it reads the same in any terminal and in JSON).
        public var hint: String {
            token.count <= 12 ? String(repeating: "*", count: token.count) : "\(token.prefix(9))...\(token.suffix(4))"
        }
    }

    public struct LegacyClient: Equatable, Sendable {
        public enum ClientType: String, Sendable, Codable {
            case api = "API"
            case user = "User"
        }

        public var clientId: String
        public var name: String
        public var description: String
        public var clientType: ClientType
        public var owner: String
        public var creator: String
        public var accessTokens: [AccessToken]

        public init(clientId: String, name: String, description: String = "", clientType: ClientType = .api,
                    owner: String, creator: String, accessTokens: [AccessToken]) {
            self.clientId = clientId
            self.name = name
            self.description = description
            self.clientType = clientType
            self.owner = owner
            self.creator = creator
            self.accessTokens = accessTokens
        }
    }

    public var exportedAt: Date
    /// The account the export was taken from, when it says: a guard against importing into the wrong one.
    public var account: String?
    public var users: [LegacyUser]
    public var clients: [LegacyClient]

    public init(exportedAt: Date, account: String? = nil, users: [LegacyUser], clients: [LegacyClient]) {
        self.exportedAt = exportedAt
        self.account = account
        self.users = users
        self.clients = clients
    }
}

/// Why an export file was refused as a whole: every fault found, each naming the entry (counted
/// from 1) and the field (a JSON path inside the entry, indexes from 0). Nothing is imported.
public struct LegacyExportError: Error, Equatable, Sendable, CustomStringConvertible {
    public let problems: [String]

    public init(_ problems: [String]) { self.problems = problems }

    public var description: String {
        "The export is malformed; nothing was imported.\n" + problems.map { "  " + $0 }.joined(separator: "\n")
    }
}

extension LegacyExport {
    /// The most faults listed at once: enough to fix a file in a few passes, short enough to read.
    public static let maximumProblems = 50

    public static func parse(_ data: Data) throws -> LegacyExport {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw LegacyExportError(["The file is not complete, valid JSON (truncated or malformed): nothing could be read."])
        }
        var reader = Reader()
        guard let top = root as? [String: Any] else {
            throw LegacyExportError(["The file must hold one JSON object with \"system\", \"exportedAt\", \"users\" and \"clients\"."])
        }
        let export = reader.export(top)
        if !reader.problems.isEmpty {
            var problems = Array(reader.problems.prefix(maximumProblems))
            if reader.problems.count > maximumProblems {
                problems.append("... and \(reader.problems.count - maximumProblems) more.")
            }
            throw LegacyExportError(problems)
        }
        return export
    }

    public static func parse(_ text: String) throws -> LegacyExport { try parse(Data(text.utf8)) }

    static let timestampFormats: [ISO8601DateFormatter] = {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return [plain, fractional]
    }()

    static func timestamp(_ text: String) -> Date? {
        for format in timestampFormats { if let date = format.date(from: text) { return date } }
        return nil
    }
}

/// Walks the JSON, collecting every fault with where it is.
private struct Reader {
    var problems: [String] = []

    /// The value's JSON type as a person says it.
    static func kind(_ value: Any?) -> String {
        switch value {
        case nil: return "missing"
        case is NSNull: return "null"
        case let number as NSNumber:
            return isBoolean(number) ? "a boolean" : "a number"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "of an unknown type"
        }
    }

    mutating func fault(_ place: String, _ field: String, _ message: String) {
        problems.append("\(place)field \(field): \(message)")
    }

    /// A required string (non-empty unless `allowEmpty`).
    mutating func string(_ object: [String: Any], _ key: String, path: String, place: String, allowEmpty: Bool = false,
                         optional: Bool = false) -> String? {
        guard let value = object[key] else {
            if !optional { fault(place, path + key, "is missing.") }
            return nil
        }
        guard let text = value as? String else {
            fault(place, path + key, "must be a string, not \(Self.kind(value)).")
            return nil
        }
        if !allowEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fault(place, path + key, "is empty.")
            return nil
        }
        return text
    }

    mutating func array(_ object: [String: Any], _ key: String, path: String, place: String) -> [Any]? {
        guard let value = object[key] else {
            fault(place, path + key, "is missing.")
            return nil
        }
        guard let list = value as? [Any] else {
            fault(place, path + key, "must be an array, not \(Self.kind(value)).")
            return nil
        }
        return list
    }

    mutating func timestamp(_ object: [String: Any], _ key: String, path: String, place: String) -> Date? {
        guard let text = string(object, key, path: path, place: place) else { return nil }
        guard let date = LegacyExport.timestamp(text) else {
            fault(place, path + key, "\"\(text)\" is not a timestamp like 2017-04-21T18:00:00Z.")
            return nil
        }
        return date
    }

    mutating func export(_ top: [String: Any]) -> LegacyExport {
        if let system = string(top, "system", path: "", place: "") , system != LegacyExport.systemName {
            fault("", "system", "\"\(system)\" is not an export of \(LegacyExport.systemName).")
        }
        let exportedAt = timestamp(top, "exportedAt", path: "", place: "")
        let account = string(top, "account", path: "", place: "", optional: true)
        var users: [LegacyExport.LegacyUser] = []
        var seenUsers: [String: Int] = [:]
        for (i, value) in (array(top, "users", path: "", place: "") ?? []).enumerated() {
            let number = i + 1
            guard let object = value as? [String: Any] else {
                problems.append("user \(number): must be an object, not \(Self.kind(value)).")
                continue
            }
            let username = object["username"] as? String
            let place = "user \(number)" + (username.map { " (username \($0))" } ?? "") + ": "
            let name = string(object, "username", path: "", place: place)
            let first = string(object, "firstName", path: "", place: place, allowEmpty: true)
            let last = string(object, "lastName", path: "", place: place, allowEmpty: true)
            let email = string(object, "email", path: "", place: place, allowEmpty: true)
            if let name {
                if let earlier = seenUsers[name.lowercased()] {
                    fault(place, "username", "\"\(name)\" is already user \(earlier).")
                } else {
                    seenUsers[name.lowercased()] = number
                }
            }
            if let name, let first, let last, let email {
                users.append(.init(username: name, firstName: first, lastName: last, email: email))
            }
        }
        var clients: [LegacyExport.LegacyClient] = []
        var seenClients: [String: Int] = [:]
        for (i, value) in (array(top, "clients", path: "", place: "") ?? []).enumerated() {
            let number = i + 1
            guard let object = value as? [String: Any] else {
                problems.append("entry \(number): must be an object, not \(Self.kind(value)).")
                continue
            }
            let id = (object["clientId"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            let place = "entry \(number)" + (id.map { " (clientId \($0))" } ?? "") + ": "
            if let client = client(object, place: place) {
                if let earlier = seenClients[client.clientId] {
                    fault(place, "clientId", "\"\(client.clientId)\" is already entry \(earlier).")
                    continue
                }
                seenClients[client.clientId] = number
                clients.append(client)
            }
        }
        return LegacyExport(exportedAt: exportedAt ?? Date(timeIntervalSince1970: 0), account: account, users: users, clients: clients)
    }

    mutating func client(_ object: [String: Any], place: String) -> LegacyExport.LegacyClient? {
        let before = problems.count
        let clientId = string(object, "clientId", path: "", place: place)
        let name = string(object, "name", path: "", place: place)
        let description = string(object, "description", path: "", place: place, allowEmpty: true, optional: true) ?? ""
        var type: LegacyExport.LegacyClient.ClientType?
        if let text = string(object, "clientType", path: "", place: place) {
            type = .init(rawValue: text)
            if type == nil { fault(place, "clientType", "\"\(text)\" is neither API nor User.") }
        }
        let owner = string(object, "owner", path: "", place: place)
        // A User entry is a Luna user's own record: its creator is itself when the export omits it.
        let creator = string(object, "creator", path: "", place: place, optional: type == .user) ?? (type == .user ? owner : nil)
        var tokens: [LegacyExport.AccessToken] = []
        for (t, value) in (array(object, "accessTokens", path: "", place: place) ?? []).enumerated() {
            let path = "accessTokens[\(t)]"
            guard let token = value as? [String: Any] else {
                fault(place, path, "must be an object, not \(Self.kind(value)).")
                continue
            }
            if let parsed = accessToken(token, path: path + ".", place: place) { tokens.append(parsed) }
        }
        guard problems.count == before, let clientId, let name, let type, let owner, let creator else { return nil }
        return .init(clientId: clientId, name: name, description: description, clientType: type, owner: owner, creator: creator,
                     accessTokens: tokens)
    }

    mutating func accessToken(_ object: [String: Any], path: String, place: String) -> LegacyExport.AccessToken? {
        let before = problems.count
        let token = string(object, "token", path: path, place: place)
        let created = timestamp(object, "createdAt", path: path, place: place)
        var apis: [LegacyExport.API] = []
        for (a, value) in (array(object, "apis", path: path, place: place) ?? []).enumerated() {
            let apiPath = path + "apis[\(a)]"
            guard let api = value as? [String: Any] else {
                fault(place, apiPath, "must be an object, not \(Self.kind(value)).")
                continue
            }
            let service = string(api, "service", path: apiPath + ".", place: place)
            var level: AccessLevel?
            if let text = string(api, "level", path: apiPath + ".", place: place) {
                level = AccessLevel(rawValue: text)
                if level == nil { fault(place, apiPath + ".level", "\"\(text)\" is neither READ-ONLY nor READ-WRITE.") }
            }
            if let service, let level { apis.append(.init(service: service, level: level)) }
        }
        var groups: [LegacyExport.GroupRef] = []
        for (g, value) in (array(object, "groups", path: path, place: place) ?? []).enumerated() {
            let groupPath = path + "groups[\(g)]"
            if let name = value as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty {
                groups.append(.name(name))
            } else if let number = value as? NSNumber, !isBoolean(number), number.doubleValue == number.doubleValue.rounded() {
                groups.append(.id(number.int64Value))
            } else {
                fault(place, groupPath, "must be a group's path, name or id, not \(value is String ? "an empty string" : Self.kind(value)).")
            }
        }
        guard problems.count == before, let token, let created else { return nil }
        return .init(token: token, createdAt: created, apis: apis, groups: groups)
    }
}

/// Whether a number from JSONSerialization was a JSON `true`/`false`: booleans come back as
/// NSNumbers of type "c" (and `is Bool` would also say yes for the numbers 0 and 1).
private func isBoolean(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c"
}
