/// An API the client may call, at a level.
public struct APIGrant: Equatable, Hashable, Sendable, Codable {
    public var serviceID: ServiceID
    public var level: AccessLevel

    public init(serviceID: ServiceID, level: AccessLevel) {
        self.serviceID = serviceID
        self.level = level
    }
}

/// An API client. Its effective access is derived from its owner and never exceeds the
/// owner's [FAQ][v3].
public struct APIClient: Equatable, Hashable, Sendable, Codable {
    /// `API` clients are managed here; `User` rows are read-only records of legacy users
    /// added by the migration from "Manage APIs" [FAQ].
    public enum Kind: String, Sendable, Codable {
        case api = "API"
        case user = "User"
    }

    public let id: ClientID
    public let accountID: AccountID
    /// The public identifier, like the v3 `clientId`.
    public var clientKey: String
    public var name: String
    public var description: String
    public var kind: Kind
    public var ownerID: UserID
    public var creatorID: UserID
    public var groupIDs: Set<GroupID>
    public var apis: [APIGrant]
    public var ipAllowlist: [String]
    public var notificationEmails: [String]
    public var locked: Bool
    /// The contracts of its groups, remembered when it shrinks to no group at all: decisions
    /// about it are then asked on these contracts' root groups (rule 17).
    public var homeContracts: Set<ContractID>
    public var version: Int64

    public init(id: ClientID, accountID: AccountID, clientKey: String, name: String, description: String = "",
                kind: Kind = .api, ownerID: UserID, creatorID: UserID, groupIDs: Set<GroupID> = [],
                apis: [APIGrant] = [], ipAllowlist: [String] = [], notificationEmails: [String] = [],
                locked: Bool = false, homeContracts: Set<ContractID> = [], version: Int64 = 1) {
        self.id = id
        self.accountID = accountID
        self.clientKey = clientKey
        self.name = name
        self.description = description
        self.kind = kind
        self.ownerID = ownerID
        self.creatorID = creatorID
        self.groupIDs = groupIDs
        self.apis = apis
        self.ipAllowlist = ipAllowlist
        self.notificationEmails = notificationEmails
        self.locked = locked
        self.homeContracts = homeContracts
        self.version = version
    }

    /// Shrunk to nothing (rule 17): it stays, its credentials authorize nothing.
    public var hasNoAccess: Bool { kind == .api && groupIDs.isEmpty }
}
