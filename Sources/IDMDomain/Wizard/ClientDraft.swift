/// Everything the wizard collects for one client.
public struct ClientDraft: Sendable, Equatable {
    public var ownerID: UserID
    public var name: String
    public var description: String
    public var groupIDs: Set<GroupID>
    public var apis: [APIGrant]
    public var ipAllowlist: [String]
    public var notificationEmails: [String]

    public init(ownerID: UserID, name: String, description: String = "", groupIDs: Set<GroupID>, apis: [APIGrant],
                ipAllowlist: [String] = [], notificationEmails: [String] = []) {
        self.ownerID = ownerID
        self.name = name
        self.description = description
        self.groupIDs = groupIDs
        self.apis = apis
        self.ipAllowlist = ipAllowlist
        self.notificationEmails = notificationEmails
    }
}
