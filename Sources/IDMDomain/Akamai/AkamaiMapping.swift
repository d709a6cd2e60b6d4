import Foundation

/// How v3 names map onto idm's: granted roles onto permissions, v3 APIs onto the catalogue's
/// services, access levels, timestamps, and contract ids.
public enum AkamaiMapping {
    /// The permissions a v3 granted role stands for: a permission by its name
    /// (`idm.apiClients.admin`, `product.reporting.read`, as `export akamai` writes them) or its
    /// label ("IDM Admin: Manage API Clients"), or a role of that name (a custom role is made of
    /// the roles it grants). Nil when idm has nothing of that name.
    public static func permissions(forGrantedRole name: String, products: [ProductID: Product],
                                   rolesByName: [String: Set<Permission>]) -> Set<Permission>? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let raw = Permission(trimmed)
        if Policy.isKnown(raw, products: Set(products.keys)) { return [raw] }
        let key = trimmed.lowercased()
        if let permission = labels(products)[key] { return [permission] }
        if let permissions = rolesByName[key] { return permissions }
        return nil
    }

    /// Every permission idm knows, by its label and by "<product name> read-only|read-write".
    static func labels(_ products: [ProductID: Product]) -> [String: Permission] {
        var out: [String: Permission] = [:]
        for permission in Policy.knownFlat { out[permission.label.lowercased()] = permission }
        for product in products.values {
            for level in AccessLevel.allCases {
                let permission = Permission.product(product.id, level)
                out[permission.label.lowercased()] = permission
                out["\(product.name) \(level.phrase)".lowercased()] = permission
            }
        }
        return out
    }

    /// The catalogue's service for a v3 API: by `endPoint` ("/papi/v1" is papi), by `apiName`
    /// (the service's name or id, case-insensitively), or by a few names the v3 API uses.
    public static func service(for api: AkamaiAPI, in services: [APIService]) -> APIService? {
        if let endPoint = api.endPoint {
            let first = endPoint.split(separator: "/").first.map(String.init)?.lowercased()
            if let first, let found = services.first(where: { $0.id.lowercased() == first }) { return found }
        }
        guard let name = api.apiName?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else { return nil }
        if let found = services.first(where: { $0.name.lowercased() == name || $0.id.lowercased() == name }) { return found }
        if let alias = aliases[name], let found = services.first(where: { $0.id == alias }) { return found }
        return nil
    }

    /// v3 API names that are not the catalogue's.
    static let aliases: [String: ServiceID] = [
        "property manager (papi)": "papi", "property manager": "papi", "papi": "papi",
        "edge hostnames": "hapi", "edge hostnames api (hapi)": "hapi",
        "cp codes and reporting groups": "cprg", "cp codes & reporting groups": "cprg",
        "ccu apis": "ccu", "fast purge": "ccu", "fast purge api (ccu)": "ccu",
        "reporting": "reporting", "luna reporting api": "reporting",
        "identity and access management": "identity-management", "identity management": "identity-management",
        "edge dns": "config-dns", "dns zone management": "config-dns",
        "edge diagnostics": "edge-diagnostics",
    ]

    /// "READ-ONLY", "READ-WRITE", also "read_only", "Read Write".
    public static func level(_ text: String?) -> AccessLevel? {
        guard let text else { return nil }
        let normal = text.uppercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        return AccessLevel(rawValue: normal)
    }

    public static func status(_ text: String?) -> Credential.Status? {
        text.flatMap { Credential.Status(rawValue: $0.uppercased()) }
    }

    /// ISO 8601, with or without fractional seconds.
    public static func date(_ text: String?) -> Date? {
        text.flatMap(LegacyExport.timestamp)
    }

    /// ISO 8601 with milliseconds, as v3 writes its dates.
    public static func text(_ date: Date) -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return format.string(from: date)
    }

    /// The contract a top-level group gets when no PAPI payload names one: "G-<v3 group id>",
    /// with a suffix when that id is taken.
    public static func ownContractID(forGroup v3ID: Int64?, name: String, taken: Set<ContractID>) -> ContractID {
        var base = v3ID.map { "G-\($0)" } ?? "G-" + String(name.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
            .map(Character.init).prefix(40)).uppercased()
        if base == "G-" { base = "G-IMPORTED" }
        var candidate = base
        var n = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }
}
