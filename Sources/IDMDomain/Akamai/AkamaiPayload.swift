import Foundation

/// The response bodies of Akamai's Identity and Access Management API v3 that idm reads and
/// writes (`Tests/Fixtures/akamai-iam-v3/spec/openapi.json`, a copy of the reference spec), and PAPI's list of groups for the
/// contracts v3 groups do not carry. Every field idm does not need to identify an entry is
/// optional, so that the API's own varying payloads (missing fields, nulls) decode; encoding
/// writes only the fields that are set, so an export holds no key the schemas do not define.
///
/// Decoding is liberal where the API varies: `subGroups` or `subgroups`, ids as numbers or as
/// numeric strings, null for any optional field. What it cannot read (a name that is not a
/// string, an entry that is not an object) is a `DecodingError` whose coding path names the
/// entry and the field; `AkamaiParser` words it.
public enum Akamai {
    /// The value `Origin.via` and the audit log give an import's events.
    public static let via = "import akamai"
    /// `Role.importedFrom` of a role an import made.
    public static let importedFrom = "akamai"
}

/// `GET /identity-management/v3/user-admin/ui-identities?authGrants=true`: one user.
public struct AkamaiUser: Codable, Equatable, Sendable {
    public var uiIdentityId: String?
    public var uiUserName: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var accountId: String?
    public var isLocked: Bool?
    public var additionalAuthentication: String?
    public var additionalAuthenticationConfigured: Bool?
    public var tfaEnabled: Bool?
    public var tfaConfigured: Bool?
    public var authGrants: [AkamaiGrant]?

    public init(uiIdentityId: String? = nil, uiUserName: String, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
                accountId: String? = nil, isLocked: Bool? = nil, authGrants: [AkamaiGrant]? = nil) {
        self.uiIdentityId = uiIdentityId
        self.uiUserName = uiUserName
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.accountId = accountId
        self.isLocked = isLocked
        self.authGrants = authGrants
    }

    enum CodingKeys: String, CodingKey {
        case uiIdentityId, uiUserName, firstName, lastName, email, accountId, isLocked, additionalAuthentication,
             additionalAuthenticationConfigured, tfaEnabled, tfaConfigured, authGrants
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uiIdentityId = try c.liberalString(.uiIdentityId)
        uiUserName = try c.decode(String.self, forKey: .uiUserName)
        firstName = try c.decodeIfPresent(String.self, forKey: .firstName)
        lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        accountId = try c.liberalString(.accountId)
        isLocked = try c.decodeIfPresent(Bool.self, forKey: .isLocked)
        additionalAuthentication = try c.decodeIfPresent(String.self, forKey: .additionalAuthentication)
        additionalAuthenticationConfigured = try c.decodeIfPresent(Bool.self, forKey: .additionalAuthenticationConfigured)
        tfaEnabled = try c.decodeIfPresent(Bool.self, forKey: .tfaEnabled)
        tfaConfigured = try c.decodeIfPresent(Bool.self, forKey: .tfaConfigured)
        authGrants = try c.decodeIfPresent([AkamaiGrant].self, forKey: .authGrants)
    }
}

/// A role on a group, with the group's subgroups nested (`authGrants[]`, and a client's
/// `groupAccess.groups[]`, which has the same shape). Access cascades from a group to its
/// subgroups unless a subgroup's `isBlocked` is true; a subgroup listed with another role than
/// its parent's holds that role itself.
public struct AkamaiGrant: Codable, Equatable, Sendable {
    public var groupId: Int64?
    public var groupName: String?
    public var parentGroupId: Int64?
    public var isBlocked: Bool?
    public var roleId: Int64?
    public var roleName: String?
    public var roleDescription: String?
    public var subGroups: [AkamaiGrant]?

    public init(groupId: Int64? = nil, groupName: String? = nil, parentGroupId: Int64? = nil, isBlocked: Bool? = nil, roleId: Int64? = nil,
                roleName: String? = nil, roleDescription: String? = nil, subGroups: [AkamaiGrant]? = nil) {
        self.groupId = groupId
        self.groupName = groupName
        self.parentGroupId = parentGroupId
        self.isBlocked = isBlocked
        self.roleId = roleId
        self.roleName = roleName
        self.roleDescription = roleDescription
        self.subGroups = subGroups
    }

    enum CodingKeys: String, CodingKey {
        case groupId, groupName, parentGroupId, isBlocked, roleId, roleName, roleDescription, subGroups
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        groupId = try c.liberalInt(.groupId)
        groupName = try c.decodeIfPresent(String.self, forKey: .groupName)
        parentGroupId = try c.liberalInt(.parentGroupId)
        isBlocked = try c.decodeIfPresent(Bool.self, forKey: .isBlocked)
        roleId = try c.liberalInt(.roleId)
        roleName = try c.decodeIfPresent(String.self, forKey: .roleName)
        roleDescription = try c.decodeIfPresent(String.self, forKey: .roleDescription)
        subGroups = try c.decodeIfPresent([AkamaiGrant].self, forKey: .subGroups)
            ?? decoder.container(keyedBy: LowerCaseKeys.self).decodeIfPresent([AkamaiGrant].self, forKey: .subgroups)
    }
}

/// `subgroups`, as some of the API's payloads spell `subGroups`.
enum LowerCaseKeys: String, CodingKey { case subgroups }

/// `GET .../user-admin/groups`: a group and its subgroups.
public struct AkamaiGroup: Codable, Equatable, Sendable {
    public var groupId: Int64
    public var groupName: String
    public var parentGroupId: Int64?
    public var createdBy: String?
    public var createdDate: String?
    public var modifiedBy: String?
    public var modifiedDate: String?
    /// Required by the schema; empty when a payload has none (or null).
    public var subGroups: [AkamaiGroup]

    public init(groupId: Int64, groupName: String, parentGroupId: Int64? = nil, createdBy: String? = nil, createdDate: String? = nil,
                modifiedBy: String? = nil, modifiedDate: String? = nil, subGroups: [AkamaiGroup] = []) {
        self.groupId = groupId
        self.groupName = groupName
        self.parentGroupId = parentGroupId
        self.createdBy = createdBy
        self.createdDate = createdDate
        self.modifiedBy = modifiedBy
        self.modifiedDate = modifiedDate
        self.subGroups = subGroups
    }

    enum CodingKeys: String, CodingKey {
        case groupId, groupName, parentGroupId, createdBy, createdDate, modifiedBy, modifiedDate, subGroups
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try c.liberalInt(.groupId) else {
            throw DecodingError.keyNotFound(CodingKeys.groupId, .init(codingPath: c.codingPath, debugDescription: "is missing"))
        }
        groupId = id
        groupName = try c.decode(String.self, forKey: .groupName)
        parentGroupId = try c.liberalInt(.parentGroupId)
        createdBy = try c.decodeIfPresent(String.self, forKey: .createdBy)
        createdDate = try c.decodeIfPresent(String.self, forKey: .createdDate)
        modifiedBy = try c.decodeIfPresent(String.self, forKey: .modifiedBy)
        modifiedDate = try c.decodeIfPresent(String.self, forKey: .modifiedDate)
        subGroups = try c.decodeIfPresent([AkamaiGroup].self, forKey: .subGroups)
            ?? decoder.container(keyedBy: LowerCaseKeys.self).decodeIfPresent([AkamaiGroup].self, forKey: .subgroups) ?? []
    }
}

/// `GET .../user-admin/roles?grantedRoles=true` (an entry) or `GET .../roles/{roleId}`: a role
/// and the roles it grants (a custom role is made of granted roles).
public struct AkamaiRole: Codable, Equatable, Sendable {
    public var roleId: Int64?
    public var roleName: String
    public var roleDescription: String?
    /// `custom`, `standard` or `account`.
    public var type: String?
    public var createdBy: String?
    public var createdDate: String?
    public var modifiedBy: String?
    public var modifiedDate: String?
    public var grantedRoles: [AkamaiGrantedRole]?

    public init(roleId: Int64? = nil, roleName: String, roleDescription: String? = nil, type: String? = nil, createdBy: String? = nil,
                createdDate: String? = nil, modifiedBy: String? = nil, modifiedDate: String? = nil, grantedRoles: [AkamaiGrantedRole]? = nil) {
        self.roleId = roleId
        self.roleName = roleName
        self.roleDescription = roleDescription
        self.type = type
        self.createdBy = createdBy
        self.createdDate = createdDate
        self.modifiedBy = modifiedBy
        self.modifiedDate = modifiedDate
        self.grantedRoles = grantedRoles
    }

    enum CodingKeys: String, CodingKey {
        case roleId, roleName, roleDescription, type, createdBy, createdDate, modifiedBy, modifiedDate, grantedRoles
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roleId = try c.liberalInt(.roleId)
        roleName = try c.decode(String.self, forKey: .roleName)
        roleDescription = try c.decodeIfPresent(String.self, forKey: .roleDescription)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        createdBy = try c.decodeIfPresent(String.self, forKey: .createdBy)
        createdDate = try c.decodeIfPresent(String.self, forKey: .createdDate)
        modifiedBy = try c.decodeIfPresent(String.self, forKey: .modifiedBy)
        modifiedDate = try c.decodeIfPresent(String.self, forKey: .modifiedDate)
        grantedRoles = try c.decodeIfPresent([AkamaiGrantedRole].self, forKey: .grantedRoles)
    }

    public var isCustom: Bool { (type ?? "custom").lowercased() == "custom" }
}

public struct AkamaiGrantedRole: Codable, Equatable, Sendable {
    public var grantedRoleId: Int64?
    public var grantedRoleName: String
    public var grantedRoleDescription: String?

    public init(grantedRoleId: Int64? = nil, grantedRoleName: String, grantedRoleDescription: String? = nil) {
        self.grantedRoleId = grantedRoleId
        self.grantedRoleName = grantedRoleName
        self.grantedRoleDescription = grantedRoleDescription
    }

    enum CodingKeys: String, CodingKey { case grantedRoleId, grantedRoleName, grantedRoleDescription }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        grantedRoleId = try c.liberalInt(.grantedRoleId)
        grantedRoleName = try c.decode(String.self, forKey: .grantedRoleName)
        grantedRoleDescription = try c.decodeIfPresent(String.self, forKey: .grantedRoleDescription)
    }
}

/// `GET .../api-clients` (an entry) or `GET .../api-clients/{clientId}?apiAccess=true&groupAccess=true&credentials=true&ipAcl=true`.
public struct AkamaiClient: Codable, Equatable, Sendable {
    public var clientId: String?
    public var clientName: String
    public var clientDescription: String?
    public var clientType: String?
    public var authorizedUsers: [String]?
    public var createdBy: String?
    public var createdDate: String?
    public var isLocked: Bool?
    public var notificationEmails: [String]?
    public var accessToken: String?
    public var activeCredentialCount: Int?
    public var allowAccountSwitch: Bool?
    public var canAutoCreateCredential: Bool?
    public var baseURL: String?
    public var apiAccess: APIAccess?
    public var groupAccess: GroupAccess?
    public var ipAcl: IPACL?
    public var credentials: [AkamaiCredential]?

    public struct APIAccess: Codable, Equatable, Sendable {
        public var allAccessibleApis: Bool?
        public var apis: [AkamaiAPI]?
        public init(allAccessibleApis: Bool? = nil, apis: [AkamaiAPI]? = nil) {
            self.allAccessibleApis = allAccessibleApis
            self.apis = apis
        }
    }

    public struct GroupAccess: Codable, Equatable, Sendable {
        public var cloneAuthorizedUserGroups: Bool?
        public var groups: [AkamaiGrant]?
        public init(cloneAuthorizedUserGroups: Bool? = nil, groups: [AkamaiGrant]? = nil) {
            self.cloneAuthorizedUserGroups = cloneAuthorizedUserGroups
            self.groups = groups
        }
    }

    public struct IPACL: Codable, Equatable, Sendable {
        public var cidr: [String]?
        public var enable: Bool?
        public init(cidr: [String]? = nil, enable: Bool? = nil) {
            self.cidr = cidr
            self.enable = enable
        }
    }

    public init(clientId: String? = nil, clientName: String) {
        self.clientId = clientId
        self.clientName = clientName
    }

    enum CodingKeys: String, CodingKey {
        case clientId, clientName, clientDescription, clientType, authorizedUsers, createdBy, createdDate, isLocked, notificationEmails,
             accessToken, activeCredentialCount, allowAccountSwitch, canAutoCreateCredential, baseURL, apiAccess, groupAccess, ipAcl, credentials
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clientId = try c.liberalString(.clientId)
        clientName = try c.decode(String.self, forKey: .clientName)
        clientDescription = try c.decodeIfPresent(String.self, forKey: .clientDescription)
        clientType = try c.decodeIfPresent(String.self, forKey: .clientType)
        authorizedUsers = try c.decodeIfPresent([String].self, forKey: .authorizedUsers)
        createdBy = try c.decodeIfPresent(String.self, forKey: .createdBy)
        createdDate = try c.decodeIfPresent(String.self, forKey: .createdDate)
        isLocked = try c.decodeIfPresent(Bool.self, forKey: .isLocked)
        notificationEmails = try c.decodeIfPresent([String].self, forKey: .notificationEmails)
        accessToken = try c.decodeIfPresent(String.self, forKey: .accessToken)
        activeCredentialCount = try c.decodeIfPresent(Int.self, forKey: .activeCredentialCount)
        allowAccountSwitch = try c.decodeIfPresent(Bool.self, forKey: .allowAccountSwitch)
        canAutoCreateCredential = try c.decodeIfPresent(Bool.self, forKey: .canAutoCreateCredential)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
        apiAccess = try c.decodeIfPresent(APIAccess.self, forKey: .apiAccess)
        groupAccess = try c.decodeIfPresent(GroupAccess.self, forKey: .groupAccess)
        ipAcl = try c.decodeIfPresent(IPACL.self, forKey: .ipAcl)
        credentials = try c.decodeIfPresent([AkamaiCredential].self, forKey: .credentials)
    }

    /// This entry completed by `other`, the same client from another payload (the list's entry
    /// and the detail's object): each field this one lacks is taken from `other`.
    public func filled(from other: AkamaiClient) -> AkamaiClient {
        var out = self
        out.clientId = clientId ?? other.clientId
        out.clientDescription = clientDescription ?? other.clientDescription
        out.clientType = clientType ?? other.clientType
        out.authorizedUsers = authorizedUsers ?? other.authorizedUsers
        out.createdBy = createdBy ?? other.createdBy
        out.createdDate = createdDate ?? other.createdDate
        out.isLocked = isLocked ?? other.isLocked
        out.notificationEmails = notificationEmails ?? other.notificationEmails
        out.accessToken = accessToken ?? other.accessToken
        out.apiAccess = apiAccess ?? other.apiAccess
        out.groupAccess = groupAccess ?? other.groupAccess
        out.ipAcl = ipAcl ?? other.ipAcl
        out.credentials = credentials ?? other.credentials
        return out
    }

    /// Whether it carries the detail (what the list entry lacks).
    public var isDetail: Bool { apiAccess != nil || groupAccess != nil || ipAcl != nil || credentials != nil }
}

public struct AkamaiAPI: Codable, Equatable, Sendable {
    public var apiId: Int64?
    public var apiName: String?
    public var description: String?
    public var documentationUrl: String?
    public var endPoint: String?
    public var accessLevel: String?

    public init(apiId: Int64? = nil, apiName: String? = nil, description: String? = nil, documentationUrl: String? = nil,
                endPoint: String? = nil, accessLevel: String? = nil) {
        self.apiId = apiId
        self.apiName = apiName
        self.description = description
        self.documentationUrl = documentationUrl
        self.endPoint = endPoint
        self.accessLevel = accessLevel
    }

    enum CodingKeys: String, CodingKey { case apiId, apiName, description, documentationUrl, endPoint, accessLevel }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiId = try c.liberalInt(.apiId)
        apiName = try c.decodeIfPresent(String.self, forKey: .apiName)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        documentationUrl = try c.decodeIfPresent(String.self, forKey: .documentationUrl)
        endPoint = try c.decodeIfPresent(String.self, forKey: .endPoint)
        accessLevel = try c.decodeIfPresent(String.self, forKey: .accessLevel)
    }
}

/// A credential's metadata; its secret is never in a v3 response, nor in idm.
public struct AkamaiCredential: Codable, Equatable, Sendable {
    public var credentialId: Int64?
    public var clientToken: String?
    public var status: String?
    public var createdOn: String?
    public var expiresOn: String?
    public var description: String?
    public var actions: [String: Bool]?

    public init(credentialId: Int64? = nil, clientToken: String? = nil, status: String? = nil, createdOn: String? = nil,
                expiresOn: String? = nil, description: String? = nil, actions: [String: Bool]? = nil) {
        self.credentialId = credentialId
        self.clientToken = clientToken
        self.status = status
        self.createdOn = createdOn
        self.expiresOn = expiresOn
        self.description = description
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey { case credentialId, clientToken, status, createdOn, expiresOn, description, actions }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        credentialId = try c.liberalInt(.credentialId)
        clientToken = try c.decodeIfPresent(String.self, forKey: .clientToken)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        createdOn = try c.decodeIfPresent(String.self, forKey: .createdOn)
        expiresOn = try c.decodeIfPresent(String.self, forKey: .expiresOn)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        actions = nil
    }
}

/// PAPI's `GET /papi/v1/groups`: the contracts of each group, which v3 groups do not carry.
public struct PapiGroups: Codable, Equatable, Sendable {
    public var accountId: String?
    public var accountName: String?
    public var groups: Items

    public struct Items: Codable, Equatable, Sendable {
        public var items: [PapiGroup]
        public init(items: [PapiGroup]) { self.items = items }
    }

    public init(accountId: String? = nil, accountName: String? = nil, items: [PapiGroup]) {
        self.accountId = accountId
        self.accountName = accountName
        self.groups = Items(items: items)
    }
}

public struct PapiGroup: Codable, Equatable, Sendable {
    /// "grp_12345": the v3 group 12345.
    public var groupId: String
    public var groupName: String?
    public var parentGroupId: String?
    /// "ctr_C-1IE2OHM": the contract C-1IE2OHM.
    public var contractIds: [String]?

    public init(groupId: String, groupName: String? = nil, parentGroupId: String? = nil, contractIds: [String]? = nil) {
        self.groupId = groupId
        self.groupName = groupName
        self.parentGroupId = parentGroupId
        self.contractIds = contractIds
    }

    enum CodingKeys: String, CodingKey { case groupId, groupName, parentGroupId, contractIds }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try c.liberalString(.groupId) else {
            throw DecodingError.keyNotFound(CodingKeys.groupId, .init(codingPath: c.codingPath, debugDescription: "is missing"))
        }
        groupId = id
        groupName = try c.decodeIfPresent(String.self, forKey: .groupName)
        parentGroupId = try c.liberalString(.parentGroupId)
        contractIds = try c.decodeIfPresent([String].self, forKey: .contractIds)
    }

    /// The v3 group id ("grp_12345" or "12345" is 12345).
    public var v3GroupID: Int64? { Int64(groupId.hasPrefix("grp_") ? String(groupId.dropFirst(4)) : groupId) }
    public var v3ParentID: Int64? {
        parentGroupId.flatMap { Int64($0.hasPrefix("grp_") ? String($0.dropFirst(4)) : $0) }
    }

    /// The contract ids without PAPI's "ctr_" prefix.
    public var contracts: [String] {
        (contractIds ?? []).map { $0.hasPrefix("ctr_") ? String($0.dropFirst(4)) : $0 }
    }
}

extension KeyedDecodingContainer {
    /// An integer id, also when written as a numeric string ("12345"); nil when missing or null.
    func liberalInt(_ key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return number }
        if let text = try? decode(String.self, forKey: key), let number = Int64(text.trimmingCharacters(in: .whitespaces)) { return number }
        throw DecodingError.typeMismatch(Int64.self, .init(codingPath: codingPath + [key], debugDescription: "expected an integer id"))
    }

    /// A string id, also when written as a number; nil when missing or null.
    func liberalString(_ key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        throw DecodingError.typeMismatch(String.self, .init(codingPath: codingPath + [key], debugDescription: "expected a string"))
    }
}
