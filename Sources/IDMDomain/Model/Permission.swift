/// A flat permission name carried by roles.
public struct Permission: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }

    /// The Admin role: every IDM permission and read-write on every product, on its groups.
    public static let admin = Permission("admin")
    public static let apiClientsAdmin = Permission("idm.apiClients.admin")
    public static let apiClientsUser = Permission("idm.apiClients.user")
    public static let usersAdmin = Permission("idm.users.admin")
    public static let groupsAdmin = Permission("idm.groups.admin")
    public static let rolesAdmin = Permission("idm.roles.admin")
    /// A reseller's user may browse the accounts its account manages.
    public static let resellerBrowse = Permission("reseller.browse")

    /// Per-product access: `product.<id>.read` or `product.<id>.write`.
    public static func product(_ product: ProductID, _ level: AccessLevel) -> Permission {
        Permission("product.\(product).\(level == .readOnly ? "read" : "write")")
    }

    /// `product.<id>.read` -> (id, READ-ONLY), `product.<id>.write` -> (id, READ-WRITE).
    public var productAccess: (product: ProductID, level: AccessLevel)? {
        // Asked for every group a role is granted on: most permissions fail here, unsplit.
        guard rawValue.hasPrefix("product.") else { return nil }
        let parts = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "product", !parts[1].isEmpty else { return nil }
        switch parts[2] {
        case "read": return (String(parts[1]), .readOnly)
        case "write": return (String(parts[1]), .readWrite)
        default: return nil
        }
    }

    /// An IDM permission (the Admin role carries every one of them).
    public var isIDM: Bool { rawValue.hasPrefix("idm.") }

    /// The label a person sees, as the FAQ names them.
    public var label: String {
        switch self {
        case .admin: return "Admin"
        case .apiClientsAdmin: return "IDM Admin: Manage API Clients"
        case .apiClientsUser: return "IDM Non-Admin: Manage API Clients"
        case .usersAdmin: return "IDM: Manage Users"
        case .groupsAdmin: return "IDM: Manage Groups"
        case .rolesAdmin: return "IDM: Manage Roles"
        case .resellerBrowse: return "Reseller: Browse Managed Accounts"
        default:
            let parts = rawValue.split(separator: ".")
            if parts.count == 3, parts[0] == "product" {
                return "\(parts[1]) \(parts[2] == "write" ? "read-write" : "read")"
            }
            return rawValue
        }
    }
}
