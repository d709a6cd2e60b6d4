/// A named set of permissions. Standard roles are read-only; custom roles can be edited and
/// deleted when no one holds them [v3].
public struct Role: Equatable, Hashable, Sendable, Codable {
    public let id: RoleID
    public let accountID: AccountID
    public var name: String
    public var description: String
    public var isStandard: Bool
    public var permissions: Set<Permission>
    public var version: Int64
    /// Where an imported role came from ("akamai"): a role a grant named but no payload defined
    /// is imported with no permissions, and the role list says so. Nil for a role made here.
    public var importedFrom: String?

    public init(id: RoleID, accountID: AccountID, name: String, description: String, isStandard: Bool,
                permissions: Set<Permission>, version: Int64 = 1, importedFrom: String? = nil) {
        self.importedFrom = importedFrom
        self.id = id
        self.accountID = accountID
        self.name = name
        self.description = description
        self.isStandard = isStandard
        self.permissions = permissions
        self.version = version
    }

    public var isAdmin: Bool { permissions.contains(.admin) }

    /// Imported, and with no permission at all: a placeholder an admin fills in.
    public var isImportedWithoutPermissions: Bool { importedFrom != nil && permissions.isEmpty }

    /// The level this role gives on a product: Admin is read-write on everything.
    public func level(for product: ProductID) -> AccessLevel? {
        if isAdmin || permissions.contains(.product(product, .readWrite)) { return .readWrite }
        if permissions.contains(.product(product, .readOnly)) { return .readOnly }
        return nil
    }

    /// Whether the role carries a permission: Admin implies every IDM permission and read-write
    /// on every product; read-write on a product implies read.
    public func grants(_ permission: Permission) -> Bool {
        if permissions.contains(permission) { return true }
        if let (product, level) = permission.productAccess {
            return self.level(for: product).map { $0 >= level } ?? false
        }
        return isAdmin && permission.isIDM
    }
}
