import Foundation
import GRDB
import IDMDomain

/// What a new user looks like before they exist.
public struct NewUser: Sendable {
    public var login: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var jobTitle: String
    public var grants: [Grant]
    public var osLogin: String?
    /// Subgroups where inherited access stops (an import's blocked subgroups).
    public var blocked: Set<GroupID>
    /// Created locked (an import of a locked user).
    public var locked: Bool

    public init(login: String, firstName: String, lastName: String, email: String, jobTitle: String = "",
                grants: [Grant] = [], osLogin: String? = nil, blocked: Set<GroupID> = [], locked: Bool = false) {
        self.blocked = blocked
        self.locked = locked
        self.login = login
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.jobTitle = jobTitle
        self.grants = grants
        self.osLogin = osLogin
    }
}

/// Provisioning that no user of the directory performs: accounts, contracts, and the catalogue
/// of products and API services (in a real directory these come from the vendor). Recorded in
/// the audit log as the `system` actor.
extension DirectoryService {
    public struct ContractSpec: Sendable {
        public var id: ContractID
        public var name: String
        public var type: String
        public var rootGroup: String
        public init(id: ContractID, name: String, type: String = "Direct Customer", rootGroup: String) {
            self.id = id
            self.name = name
            self.type = type
            self.rootGroup = rootGroup
        }
    }

    public static let adminRoleName = "Admin"
    public static let resellerAdminRoleName = "Reseller Admin"

    /// A new account with its standard roles, first contract and root group, and its first
    /// admin (Admin on the root group).
    @discardableResult
    public func provisionAccount(name: String, kind: Account.Kind, managedBy: AccountID? = nil,
                                 contract: ContractSpec, admin: NewUser) throws -> (Account, User) {
        try store.write { db in
            let time = now
            let accountID: AccountID = try uniquely("An account named \(name) already exists.") {
                try db.execute(sql: "INSERT INTO account (name, kind, managed_by) VALUES (?, ?, ?)",
                               arguments: [name, kind.rawValue, managedBy])
                return db.lastInsertedRowID
            }
            try Audit.append(db, time: time, actor: Self.systemActor, account: accountID, action: "account.create",
                             targetType: "account", targetID: String(accountID), targetName: name,
                             after: ["name": name, "kind": kind.rawValue])
            let adminRole = try insertRole(db, account: accountID, name: Self.adminRoleName,
                                           description: "Full access: every IDM permission and read-write on every product.",
                                           standard: true, permissions: [.admin], actor: Self.systemActor)
            if kind == .reseller {
                try insertRole(db, account: accountID, name: Self.resellerAdminRoleName,
                               description: "Admin of the reseller account who may also browse the accounts it manages.",
                               standard: true, permissions: [.admin, .resellerBrowse], actor: Self.systemActor)
            }
            let root = try insertContract(db, account: accountID, spec: contract)
            var first = admin
            first.grants = [Grant(groupID: root, roleID: kind == .reseller ? try resellerRoleID(db, accountID) : adminRole)]
            let user = try insertUser(db, account: accountID, user: first, actor: Self.systemActor)
            return (try Q.account(db, id: accountID)!, user)
        }
    }

    /// Another contract for an account, with its root group; `admin`, if given, gets the
    /// account's Admin role on it.
    @discardableResult
    public func addContract(account: AccountID, spec: ContractSpec, admin: String? = nil) throws -> GroupID {
        try store.write { db in
            let root = try insertContract(db, account: account, spec: spec)
            if let admin {
                guard let user = try Q.user(db, login: admin), user.accountID == account else {
                    throw IDMError.notFound("No user \"\(admin)\" in that account.")
                }
                let role = try RoleID.fetchOne(db, sql: "SELECT id FROM role WHERE account_id = ? AND name = ?",
                                               arguments: [account, Self.adminRoleName])!
                try db.execute(sql: "INSERT INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)", arguments: [user.id, root, role])
                try bumpVersion(db, table: "user", id: user.id, expected: nil, targetType: "user", name: user.login)
                try Audit.append(db, time: now, actor: Self.systemActor, account: account, action: "user.grant", targetType: "user",
                                 targetID: String(user.id), targetName: user.login,
                                 after: ["grant": "\(spec.rootGroup): \(Self.adminRoleName)"])
            }
            return root
        }
    }

    public func defineProduct(_ product: Product) throws {
        try store.write { db in
            try uniquely("Product \(product.id) already exists.") {
                try db.execute(sql: "INSERT INTO product (id, name) VALUES (?, ?)", arguments: [product.id, product.name])
            }
            try Audit.append(db, time: now, actor: Self.systemActor, account: nil, action: "product.define",
                             targetType: "product", targetID: product.id, targetName: product.name, after: ["name": product.name])
        }
    }

    public func defineService(_ service: APIService) throws {
        try store.write { db in
            try uniquely("API service \(service.id) already exists.") {
                try db.execute(sql: "INSERT INTO api_service (id, name, scope, required_product) VALUES (?, ?, ?, ?)",
                               arguments: [service.id, service.name, service.scope.rawValue, service.requiredProduct])
            }
            try Audit.append(db, time: now, actor: Self.systemActor, account: nil, action: "service.define",
                             targetType: "api_service", targetID: service.id, targetName: service.name,
                             after: ["name": service.name, "scope": service.scope.rawValue, "requiredProduct": service.requiredProduct])
        }
    }

    /// The host suffix credentials are issued under (a setting; the console is no vendor's).
    public func setHostSuffix(_ suffix: String) throws {
        try store.write { db in
            let before = try Q.setting(db, "host_suffix")
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('host_suffix', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [suffix])
            try Audit.append(db, time: now, actor: Self.systemActor, account: nil, action: "setting.change",
                             targetType: "setting", targetID: "host_suffix", targetName: "host_suffix",
                             before: before.map { ["value": $0] } ?? [:], after: ["value": suffix])
        }
    }

    private func resellerRoleID(_ db: Database, _ account: AccountID) throws -> RoleID {
        try RoleID.fetchOne(db, sql: "SELECT id FROM role WHERE account_id = ? AND name = ?", arguments: [account, Self.resellerAdminRoleName])!
    }

    func insertContract(_ db: Database, account: AccountID, spec: ContractSpec, actor: String = DirectoryService.systemActor,
                        origin: Origin = Origin()) throws -> GroupID {
        let rootName = try Validate.groupName(spec.rootGroup).valid()
        try uniquely("Contract \(spec.id) already exists.") {
            try db.execute(sql: "INSERT INTO contract (id, account_id, name, contract_type) VALUES (?, ?, ?, ?)",
                           arguments: [spec.id, account, spec.name, spec.type])
        }
        try db.execute(sql: "INSERT INTO grp (account_id, contract_id, parent_id, name) VALUES (?, ?, NULL, ?)",
                       arguments: [account, spec.id, rootName])
        let root = db.lastInsertedRowID
        try Audit.append(db, time: now, actor: actor, origin: origin, account: account, action: "contract.create",
                         targetType: "contract", targetID: spec.id, targetName: spec.name,
                         after: ["name": spec.name, "type": spec.type, "rootGroup": rootName],
                         also: [DirectoryState.Entity(kind: .group, id: root)])
        return root
    }

    @discardableResult
    func insertRole(_ db: Database, account: AccountID, name: String, description: String, standard: Bool,
                    permissions: Set<Permission>, actor: String, origin: Origin = Origin(), importedFrom: String? = nil) throws -> RoleID {
        let name = try Validate.roleName(name).valid()
        let description = try Validate.roleDescription(description).valid()
        let id: RoleID = try uniquely("A role named \(name) already exists.") {
            try db.execute(sql: "INSERT INTO role (account_id, name, description, is_standard, imported_from) VALUES (?, ?, ?, ?, ?)",
                           arguments: [account, name, description, standard, importedFrom])
            return db.lastInsertedRowID
        }
        for permission in permissions.sorted() {
            try db.execute(sql: "INSERT INTO role_permission (role_id, permission) VALUES (?, ?)", arguments: [id, permission.rawValue])
        }
        var fields = ["name": name, "description": description, "standard": String(standard),
                      "permissions": permissions.sorted().map(\.rawValue).joined(separator: ", ")]
        if let importedFrom { fields["importedFrom"] = importedFrom }
        try Audit.append(db, time: now, actor: actor, origin: origin, account: account, action: importedFrom == nil ? "role.create" : "role.import",
                         targetType: "role", targetID: String(id), targetName: name, after: fields)
        return id
    }

    func insertUser(_ db: Database, account: AccountID, user draft: NewUser, actor: String, origin: Origin = Origin(),
                    action: String = "user.create") throws -> User {
        let login = try Validate.login(draft.login).valid()
        let first = try Validate.text(draft.firstName, field: "firstName", label: "First name", limits: FieldLimits.firstName).valid()
        let last = try Validate.text(draft.lastName, field: "lastName", label: "Last name", limits: FieldLimits.lastName).valid()
        let email = try Validate.email(draft.email).valid()
        let title = try Validate.text(draft.jobTitle, field: "jobTitle", label: "Job title", limits: FieldLimits.jobTitle).valid()
        guard !draft.grants.isEmpty else {
            throw IDMError.invalid(ValidationError(field: "grants", message: "A user needs at least one group role."))
        }
        let tree = try Q.tree(db, account: account)
        let roles = try Q.rolesByID(db, account: account)
        for grant in draft.grants {
            guard tree[grant.groupID] != nil else { throw IDMError.notFound("Group \(grant.groupID) is not in this account.") }
            guard roles[grant.roleID] != nil else { throw IDMError.notFound("Role \(grant.roleID) is not in this account.") }
        }
        for group in draft.blocked where tree[group] == nil { throw IDMError.notFound("Group \(group) is not in this account.") }
        let id: UserID = try uniquely("A user with login \(login) already exists.") {
            try db.execute(sql: """
                INSERT INTO user (account_id, login, first_name, last_name, email, job_title, os_login, locked)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [account, login, first, last, email, title, draft.osLogin, draft.locked])
            return db.lastInsertedRowID
        }
        for grant in draft.grants {
            try db.execute(sql: "INSERT INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)",
                           arguments: [id, grant.groupID, grant.roleID])
        }
        for group in draft.blocked.sorted() {
            try db.execute(sql: "INSERT INTO user_blocked_group (user_id, group_id) VALUES (?, ?)", arguments: [id, group])
        }
        let user = try Q.user(db, id: id)!
        var fields = AuditFields.user(user)
        fields["grants"] = user.grants.map { "\(tree.path(of: $0.groupID)): \(roles[$0.roleID]?.name ?? "?")" }.joined(separator: "; ")
        if !draft.blocked.isEmpty { fields["blocked"] = draft.blocked.map { tree.path(of: $0) }.sorted().joined(separator: "; ") }
        try Audit.append(db, time: now, actor: actor, origin: origin, account: account, action: action, targetType: "user",
                         targetID: String(id), targetName: login, after: fields)
        return user
    }
}
