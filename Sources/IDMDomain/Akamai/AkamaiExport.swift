import Foundation

/// An account in v3 shape, one payload per resource kind, as `export akamai` writes them and
/// `import akamai` reads them back: users with their `authGrants` (each grant with the subtree
/// it reaches, blocked subgroups `isBlocked`), the group tree, roles with their permissions as
/// `grantedRoles`, API clients in the detail shape (`apiAccess`, `groupAccess`, `ipAcl`,
/// credential metadata), and PAPI's groups with each group's contract.
///
/// The v3 list responses of roles and clients have no room for `grantedRoles` or `apiAccess`
/// (their schemas allow no other property), so `roles` and `clients` are arrays of the
/// single-resource responses (`GET /user-admin/roles/{roleId}?grantedRoles=true`,
/// `GET /api-clients/{clientId}?apiAccess=true&...`).
public struct AkamaiExport: Sendable {
    public var users: [AkamaiUser]
    public var groups: [AkamaiGroup]
    public var roles: [AkamaiRole]
    public var clients: [AkamaiClient]
    public var papi: PapiGroups
    /// What v3 has no place for (legacy User records), by name.
    public var leftOut: [String]

    /// Everything `build` reads about the account.
    public struct Source: Sendable {
        public let directory: AkamaiDirectory
        public let credentials: [ClientID: [Credential]]
        public let accessTokens: [ClientID: String]
        public let history: [String: [String: AkamaiHistory]]
        public let hostSuffix: String
        public let now: Date

        public init(directory: AkamaiDirectory, credentials: [ClientID: [Credential]], accessTokens: [ClientID: String],
                    history: [String: [String: AkamaiHistory]], hostSuffix: String, now: Date) {
            self.directory = directory
            self.credentials = credentials
            self.accessTokens = accessTokens
            self.history = history
            self.hostSuffix = hostSuffix
            self.now = now
        }
    }

    /// The file each payload is written to, at the top of the export's folder.
    public static let files = (users: "users.json", groups: "groups.json", roles: "roles.json", clients: "api-clients.json",
                               papi: "papi-groups.json")

    public static func build(_ source: Source) -> AkamaiExport {
        Builder(source).export()
    }

    /// Each file's name and contents: pretty, key-sorted JSON, as `export akamai` writes them.
    public func encodedFiles() throws -> [(name: String, data: Data)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        func file<T: Encodable>(_ name: String, _ value: T) throws -> (name: String, data: Data) {
            (name, try encoder.encode(value) + Data("\n".utf8))
        }
        let names = Self.files
        return [try file(names.users, users), try file(names.groups, groups), try file(names.roles, roles),
                try file(names.clients, clients), try file(names.papi, papi)]
    }
}

private struct Builder {
    let s: AkamaiExport.Source
    let tree: GroupTree
    let roles: [RoleID: Role]
    let logins: [UserID: String]
    let permissionIDs: [Permission: Int64]

    init(_ source: AkamaiExport.Source) {
        s = source
        tree = source.directory.tree
        roles = Dictionary(uniqueKeysWithValues: source.directory.roles.map { ($0.id, $0) })
        logins = Dictionary(uniqueKeysWithValues: source.directory.users.map { ($0.id, $0.login) })
        let all = Set(source.directory.roles.flatMap(\.permissions)).sorted()
        permissionIDs = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, Int64($0 + 1)) })
    }

    func export() -> AkamaiExport {
        let account = s.directory.account
        let clients = s.directory.clients.sorted { $0.name.lowercased() < $1.name.lowercased() }
        return AkamaiExport(
            users: s.directory.users.sorted { $0.login < $1.login }.map(user),
            groups: roots().map(group),
            roles: s.directory.roles.sorted { $0.name.lowercased() < $1.name.lowercased() }.map(role),
            clients: clients.filter { $0.kind == .api }.map(client),
            papi: PapiGroups(accountId: "act_A-\(account.id)", accountName: account.name,
                             items: tree.groups.values.sorted { $0.id < $1.id }.map(papiGroup)),
            leftOut: clients.filter { $0.kind == .user }.map(\.name))
    }

    func roots() -> [GroupID] {
        tree.contractIDs.flatMap { tree.rootGroups(of: $0) }.sorted { tree.path(of: $0).lowercased() < tree.path(of: $1).lowercased() }
    }

    func children(_ id: GroupID) -> [GroupID] { tree.children(of: id) }

    /// Who made it and when, and who changed it last: from the audit log, else idm and now.
    func history(_ type: String, _ id: String) -> (String, String, String, String) {
        guard let h = s.history[type]?[id] else {
            let now = AkamaiMapping.text(s.now)
            return ("idm", now, "idm", now)
        }
        return (h.createdBy, AkamaiMapping.text(h.createdAt), h.modifiedBy, AkamaiMapping.text(h.modifiedAt))
    }

    func groupHistory(_ g: Group) -> (String, String, String, String) {
        s.history["group"]?[String(g.id)] != nil || g.parentID != nil ? history("group", String(g.id)) : history("contract", g.contractID)
    }

    func group(_ id: GroupID) -> AkamaiGroup {
        let g = tree[id]!
        let (createdBy, created, modifiedBy, modified) = groupHistory(g)
        return AkamaiGroup(groupId: g.id, groupName: g.name, parentGroupId: g.parentID, createdBy: createdBy, createdDate: created,
                           modifiedBy: modifiedBy, modifiedDate: modified, subGroups: children(id).map(group))
    }

    func role(_ r: Role) -> AkamaiRole {
        let (createdBy, created, modifiedBy, modified) = history("role", String(r.id))
        return AkamaiRole(roleId: r.id, roleName: r.name, roleDescription: r.description, type: r.isStandard ? "standard" : "custom",
                          createdBy: createdBy, createdDate: created, modifiedBy: modifiedBy, modifiedDate: modified,
                          grantedRoles: r.permissions.sorted().map {
                              AkamaiGrantedRole(grantedRoleId: permissionIDs[$0], grantedRoleName: $0.rawValue, grantedRoleDescription: $0.label)
                          })
    }

    func user(_ u: User) -> AkamaiUser {
        let direct = Dictionary(u.grants.map { ($0.groupID, $0.roleID) }, uniquingKeysWith: { _, b in b })
        let grants = u.grants.sorted { tree.path(of: $0.groupID) < tree.path(of: $1.groupID) }.compactMap { grant -> AkamaiGrant? in
            guard let g = tree[grant.groupID] else { return nil }
            var top = entry(g, role: grant.roleID, blocked: false, subGroups: reach(below: g.id, role: grant.roleID, direct: direct, blocked: u.blockedGroups))
            top.parentGroupId = nil  // the schema of a user's top-level grant has no parentGroupId
            return top
        }
        var out = AkamaiUser(uiIdentityId: "U-\(u.id)", uiUserName: u.login, firstName: u.firstName, lastName: u.lastName, email: u.email,
                             accountId: "A-\(u.accountID)", isLocked: u.locked, authGrants: grants.isEmpty ? nil : grants)
        out.additionalAuthentication = "NONE"
        out.additionalAuthenticationConfigured = false
        out.tfaEnabled = false
        out.tfaConfigured = false
        return out
    }

    /// The subgroups a grant reaches, as v3 nests them: each with its effective role, a blocked
    /// one `isBlocked` (and nothing beneath it).
    func reach(below id: GroupID, role: RoleID, direct: [GroupID: RoleID], blocked: Set<GroupID>) -> [AkamaiGrant] {
        children(id).compactMap { child in
            guard let g = tree[child] else { return nil }
            if let own = direct[child] {
                return entry(g, role: own, blocked: false, subGroups: reach(below: child, role: own, direct: direct, blocked: blocked))
            }
            if blocked.contains(child) { return entry(g, role: role, blocked: true, subGroups: []) }
            return entry(g, role: role, blocked: false, subGroups: reach(below: child, role: role, direct: direct, blocked: blocked))
        }
    }

    func entry(_ g: Group, role: RoleID?, blocked: Bool, subGroups: [AkamaiGrant]) -> AkamaiGrant {
        let r = role.flatMap { roles[$0] }
        return AkamaiGrant(groupId: g.id, groupName: g.name, parentGroupId: g.parentID, isBlocked: blocked, roleId: r?.id ?? 0,
                           roleName: r?.name, roleDescription: r?.description, subGroups: subGroups)
    }

    func client(_ c: APIClient) -> AkamaiClient {
        let owner = s.directory.users.first { $0.id == c.ownerID }
        let ownerAccess = owner.map { UserAccess.resolve(grants: $0.grants, blocked: $0.blockedGroups, tree: tree, roles: roles) }
        let credentials = s.credentials[c.id] ?? []
        var out = AkamaiClient(clientId: c.clientKey, clientName: c.name)
        out.clientDescription = c.description.isEmpty ? c.name : c.description
        out.clientType = c.ownerID == c.creatorID ? "CLIENT" : "USER_CLIENT"
        out.authorizedUsers = [logins[c.ownerID] ?? "#\(c.ownerID)"]
        out.createdBy = logins[c.creatorID] ?? "#\(c.creatorID)"
        out.createdDate = history("api_client", String(c.id)).1
        out.isLocked = c.locked
        out.notificationEmails = c.notificationEmails
        out.accessToken = s.accessTokens[c.id] ?? "none"
        out.activeCredentialCount = credentials.filter { $0.status == .active }.count
        out.allowAccountSwitch = false
        out.canAutoCreateCredential = false
        out.baseURL = "https://\(s.hostSuffix)"
        let services = s.directory.services
        out.apiAccess = .init(allAccessibleApis: false, apis: c.apis.compactMap { grant in
            guard let index = services.firstIndex(where: { $0.id == grant.serviceID }) else { return nil }
            let service = services[index]
            return AkamaiAPI(apiId: Int64(index + 1), apiName: service.name, description: service.name,
                             documentationUrl: "idm:api-service:\(service.id)", endPoint: "/\(service.id)", accessLevel: grant.level.rawValue)
        })
        out.groupAccess = .init(cloneAuthorizedUserGroups: false, groups: groupAccess(c.groupIDs, ownerAccess))
        out.ipAcl = .init(cidr: c.ipAllowlist, enable: !c.ipAllowlist.isEmpty)
        out.credentials = credentials.map { credential in
            AkamaiCredential(credentialId: credential.id, clientToken: credential.clientToken, status: credential.status.rawValue,
                             createdOn: AkamaiMapping.text(credential.createdAt), expiresOn: AkamaiMapping.text(credential.expiresAt),
                             description: credential.description,
                             actions: ["delete": false, "activate": false, "deactivate": false, "editDescription": false, "editExpiration": false])
        }
        return out
    }

    /// The client's groups as v3 nests them: each topmost one, with its subgroups beneath (those
    /// it lacks `isBlocked`), the owner's role on each.
    func groupAccess(_ groups: Set<GroupID>, _ ownerAccess: UserAccess?) -> [AkamaiGrant] {
        func node(_ id: GroupID) -> AkamaiGrant {
            let g = tree[id]!
            let subs = children(id).map { child -> AkamaiGrant in
                groups.contains(child) ? node(child)
                    : entry(tree[child]!, role: ownerAccess?.access(on: child)?.role.id, blocked: true, subGroups: [])
            }
            return entry(g, role: ownerAccess?.access(on: id)?.role.id, blocked: false, subGroups: subs)
        }
        let topmost = groups.filter { id in tree[id].map { $0.parentID.map { !groups.contains($0) } ?? true } ?? false }
        return topmost.sorted { tree.path(of: $0) < tree.path(of: $1) }.map(node)
    }

    func papiGroup(_ g: Group) -> PapiGroup {
        PapiGroup(groupId: "grp_\(g.id)", groupName: g.name, parentGroupId: g.parentID.map { "grp_\($0)" }, contractIds: ["ctr_\(g.contractID)"])
    }
}
