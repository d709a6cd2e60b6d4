import Foundation

/// What one file turned out to be, recognised by its JSON shape (never by its name).
public enum AkamaiContent: Equatable, Sendable {
    case users([AkamaiUser])
    case groups([AkamaiGroup])
    case roles([AkamaiRole])
    /// The list of `GET /api-clients`, or one or more `GET /api-clients/{clientId}` objects.
    case clients([AkamaiClient])
    case papiGroups(PapiGroups)

    /// As the report names it.
    public var kind: String {
        switch self {
        case .users(let u): return "users (\(u.count))"
        case .groups(let g): return "groups (\(g.count) top-level)"
        case .roles(let r): return "roles (\(r.count))"
        case .clients(let c): return c.contains(where: \.isDetail) ? "API clients with detail (\(c.count))" : "API clients (\(c.count))"
        case .papiGroups(let p): return "PAPI groups with contracts (\(p.groups.items.count))"
        }
    }
}

/// One file read: its content, or why it was skipped (of no shape idm imports).
public struct AkamaiFile: Equatable, Sendable {
    public let name: String
    public let content: AkamaiContent?
    public let skipped: String?

    public init(name: String, content: AkamaiContent?, skipped: String? = nil) {
        self.name = name
        self.content = content
        self.skipped = skipped
    }
}

/// A file idm cannot read as what its shape says it is: nothing is imported. Names the file,
/// the entry (counted from 1, with its name when it has one) and the field (a JSON path inside
/// the entry, indexes from 0).
public struct AkamaiParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let entry: String?
    public let field: String?
    public let message: String

    public init(file: String, entry: String? = nil, field: String? = nil, message: String) {
        self.file = file
        self.entry = entry
        self.field = field
        self.message = message
    }

    public var description: String {
        var place = file
        if let entry { place += ", \(entry)" }
        if let field { place += ", field \(field)" }
        return "\(place): \(message) Nothing was imported."
    }
}

/// Reads v3 (and PAPI groups) response bodies: classifies each file by the keys of its JSON,
/// then decodes it whole, so a malformed file is refused before anything is planned.
public enum AkamaiParser {
    public static func parse(_ data: Data, file: String) throws -> AkamaiFile {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw AkamaiParseError(file: file, message: "is not complete, valid JSON (truncated or malformed).")
        }
        guard let shape = shape(of: root) else {
            return AkamaiFile(name: file, content: nil, skipped: skipReason(root))
        }
        let decoder = JSONDecoder()
        do {
            switch shape {
            case .users: return AkamaiFile(name: file, content: .users(try decodeList(AkamaiUser.self, data, root, decoder)))
            case .groups: return AkamaiFile(name: file, content: .groups(try decodeList(AkamaiGroup.self, data, root, decoder)))
            case .roles: return AkamaiFile(name: file, content: .roles(try decodeList(AkamaiRole.self, data, root, decoder)))
            case .clients: return AkamaiFile(name: file, content: .clients(try decodeList(AkamaiClient.self, data, root, decoder)))
            case .papi: return AkamaiFile(name: file, content: .papiGroups(try decoder.decode(PapiGroups.self, from: data)))
            }
        } catch let error as DecodingError {
            throw describe(error, file: file, root: root, single: !(root is [Any]))
        }
    }

    enum Shape { case users, groups, roles, clients, papi }

    /// The kind of an object by its identifying keys.
    static func shape(ofObject object: [String: Any]) -> Shape? {
        if object["uiUserName"] != nil || object["uiIdentityId"] != nil { return .users }
        if object["clientName"] != nil || object["clientId"] != nil { return .clients }
        if object["roleName"] != nil && object["groupId"] == nil { return .roles }
        if object["groupName"] != nil && object["groupId"] != nil { return .groups }
        if let groups = object["groups"] as? [String: Any], groups["items"] is [Any] { return .papi }
        return nil
    }

    static func shape(of root: Any) -> Shape? {
        if let object = root as? [String: Any] { return shape(ofObject: object) }
        guard let array = root as? [Any], let first = array.first as? [String: Any], let kind = shape(ofObject: first), kind != .papi else {
            return nil
        }
        return kind
    }

    static func skipReason(_ root: Any) -> String {
        if let array = root as? [Any] {
            if array.isEmpty { return "an empty array: nothing in it says what it lists" }
            return "an array whose first entry is not a v3 user, group, role or API client"
        }
        if root is [String: Any] { return "an object that is no v3 user, group, role or API client, nor PAPI's groups" }
        return "not an object or an array"
    }

    /// An array of `T`, or one `T` (a single-resource response) as a list of one.
    static func decodeList<T: Decodable>(_ type: T.Type, _ data: Data, _ root: Any, _ decoder: JSONDecoder) throws -> [T] {
        if root is [Any] { return try decoder.decode([T].self, from: data) }
        return [try decoder.decode(T.self, from: data)]
    }

    /// "entry 3 (jsmith)", the field's path, and what is wrong with it.
    static func describe(_ error: DecodingError, file: String, root: Any, single: Bool) -> AkamaiParseError {
        let (path, message): ([CodingKey], String)
        switch error {
        case .keyNotFound(let key, let context):
            (path, message) = (context.codingPath + [key], "is missing.")
        case .typeMismatch(let type, let context):
            (path, message) = (context.codingPath, "is \(found(at: context.codingPath, in: root)); expected \(expected(type)).")
        case .valueNotFound(let type, let context):
            (path, message) = (context.codingPath, "is null; expected \(expected(type)).")
        case .dataCorrupted(let context):
            (path, message) = (context.codingPath, context.debugDescription)
        @unknown default:
            return AkamaiParseError(file: file, message: "cannot be read.")
        }
        var rest = path[...]
        var entry: String? = single ? "the object" : nil
        if !single, let index = rest.first?.intValue {
            rest = rest.dropFirst()
            let label = ((root as? [Any]).flatMap { index < $0.count ? $0[index] as? [String: Any] : nil }).flatMap(entryName)
            entry = "entry \(index + 1)" + (label.map { " (\($0))" } ?? "")
        }
        return AkamaiParseError(file: file, entry: entry, field: rest.isEmpty ? nil : fieldPath(rest), message: message)
    }

    static func entryName(_ object: [String: Any]) -> String? {
        for key in ["uiUserName", "clientName", "roleName", "groupName"] {
            if let name = object[key] as? String { return name }
        }
        return nil
    }

    /// `authGrants[0].subGroups[1].roleId`.
    static func fieldPath(_ keys: ArraySlice<CodingKey>) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }

    static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int64.Type, is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }

    /// The JSON type found at `path` in the raw document.
    static func found(at path: [CodingKey], in root: Any) -> String {
        var value: Any? = root
        for key in path {
            if let index = key.intValue, let array = value as? [Any] {
                value = index < array.count ? array[index] : nil
            } else if let object = value as? [String: Any] {
                value = object[key.stringValue]
            } else {
                value = nil
            }
        }
        switch value {
        case nil: return "missing"
        case is NSNull: return "null"
        case let number as NSNumber: return String(cString: number.objCType) == "c" ? "a boolean" : "a number"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "of another type"
        }
    }
}
