import Foundation

/// A role on a group, held by a user. It cascades to the group's subgroups.
public struct Grant: Equatable, Hashable, Sendable, Codable {
    public var groupID: GroupID
    public var roleID: RoleID

    public init(groupID: GroupID, roleID: RoleID) {
        self.groupID = groupID
        self.roleID = roleID
    }
}

/// A person with a login. A user needs at least one group role [v3].
public struct User: Equatable, Hashable, Sendable, Codable {
    public let id: UserID
    public let accountID: AccountID
    public var login: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var jobTitle: String
    public var phone: String
    public var timeZone: String
    public var locked: Bool
    public var grants: [Grant]
    /// Subgroups where inherited access stops for this user [v3 "blocked"].
    public var blockedGroups: Set<GroupID>
    public var version: Int64

    public init(id: UserID, accountID: AccountID, login: String, firstName: String, lastName: String,
                email: String, jobTitle: String = "", phone: String = "", timeZone: String = "UTC",
                locked: Bool = false, grants: [Grant] = [], blockedGroups: Set<GroupID> = [], version: Int64 = 1) {
        self.id = id
        self.accountID = accountID
        self.login = login
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.jobTitle = jobTitle
        self.phone = phone
        self.timeZone = timeZone
        self.locked = locked
        self.grants = grants
        self.blockedGroups = blockedGroups
        self.version = version
    }

    public var fullName: String { "\(firstName) \(lastName)" }
}
