import Foundation

/// The directory as the import planner needs it: one account's groups, roles, users and
/// clients, the catalogue, and what other accounts already hold (logins and contract ids and
/// credential tokens are unique across the file).
public struct AkamaiDirectory: Sendable {
    public let account: Account
    public let users: [User]
    public let tree: GroupTree
    public let contracts: [Contract]
    public let roles: [Role]
    public let services: [APIService]
    public let products: [ProductID: Product]
    public let clients: [APIClient]
    /// Logins of users of other accounts, lowercased.
    public let loginsElsewhere: Set<String>
    /// Every contract id of the file.
    public let contractIDsTaken: Set<ContractID>
    /// Every credential's client token in the file.
    public let tokensTaken: Set<String>

    public init(account: Account, users: [User], tree: GroupTree, contracts: [Contract], roles: [Role], services: [APIService],
                products: [ProductID: Product], clients: [APIClient], loginsElsewhere: Set<String>, contractIDsTaken: Set<ContractID>,
                tokensTaken: Set<String>) {
        self.account = account
        self.users = users
        self.tree = tree
        self.contracts = contracts
        self.roles = roles
        self.services = services
        self.products = products
        self.clients = clients
        self.loginsElsewhere = loginsElsewhere
        self.contractIDsTaken = contractIDsTaken
        self.tokensTaken = tokensTaken
    }
}

/// What an import will write, in the order the service writes it. Entities the plan creates
/// have negative ids (a group -3, a role -7); the service maps each to the row it inserts, so
/// grants, parents and owners may name either kind. Planning writes nothing: a dry run prints
/// the plan's report.
public struct ImportPlan: Sendable {
    public struct NewContract: Sendable, Equatable {
        public let id: ContractID
        public let name: String
    }

    public struct NewGroup: Sendable, Equatable {
        public let id: GroupID
        /// Nil for a top-level group (a contract's root).
        public let parentID: GroupID?
        public let name: String
        public let contractID: ContractID
    }

    public struct NewRole: Sendable, Equatable {
        public let id: RoleID
        public let name: String
        public let description: String
        public let permissions: Set<Permission>
    }

    public struct NewUser: Sendable, Equatable {
        public let id: UserID
        public let login: String
        public let firstName: String
        public let lastName: String
        public let email: String
        public let grants: [Grant]
        public let blocked: Set<GroupID>
    }

    /// An existing user's grants and blocks becoming these (what they had, and what the payload adds).
    public struct AccessChange: Sendable, Equatable {
        public let userID: UserID
        public let login: String
        public let grants: [Grant]
        public let blocked: Set<GroupID>
    }

    public struct NewClient: Sendable, Equatable {
        public let name: String
        public let description: String
        public let ownerID: UserID
        public let creatorID: UserID
        public let groupIDs: Set<GroupID>
        public let apis: [APIGrant]
        public let notificationEmails: [String]
        public let ipAllowlist: [String]
        public let locked: Bool
    }

    /// A credential's metadata: no secret exists for it (the owner generates a new credential to call an API).
    public struct NewCredential: Sendable, Equatable {
        public let clientName: String
        public let clientToken: String
        public let accessToken: String?
        public let status: Credential.Status
        public let createdAt: Date
        public let expiresAt: Date
        public let description: String
    }

    public var contracts: [NewContract] = []
    /// Parents before their children.
    public var groups: [NewGroup] = []
    /// The new top-level groups on which the actor gets the Admin role (`adminRole`).
    public var actorAdminOn: [GroupID] = []
    public var adminRole: RoleID?
    public var roles: [NewRole] = []
    public var users: [NewUser] = []
    public var access: [AccessChange] = []
    public var clients: [NewClient] = []
    public var credentials: [NewCredential] = []
    /// Users locked once their clients exist (a locked user cannot be given one).
    public var lockUsers: [UserID] = []
    public var report: ImportReport

    public init(report: ImportReport) { self.report = report }

    public var changesNothing: Bool {
        contracts.isEmpty && groups.isEmpty && actorAdminOn.isEmpty && roles.isEmpty && users.isEmpty && access.isEmpty
            && clients.isEmpty && credentials.isEmpty && lockUsers.isEmpty
    }
}
