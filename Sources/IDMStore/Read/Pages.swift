import Foundation
import IDMDomain

/// What the console shows on one entity's page, read in one snapshot when the page opens or
/// reloads. Plain values: the console lays them out and never reads while drawing.
public struct UserPage: Sendable {
    public let user: User
    public let access: UserAccess
    public let owned: [APIClient]
    public let created: [APIClient]
    public let sshKeys: [SSHKey]
}

public struct GroupPage: Sendable {
    public struct Holder: Sendable {
        public let userID: UserID
        public let login: String
        public let role: String
        /// The group the grant is on: this one, or an ancestor it is inherited from.
        public let groupID: GroupID
    }
    public struct ClientWithAccess: Sendable {
        public let id: ClientID
        public let name: String
        public let owner: String
    }
    public let group: Group
    public let contract: Contract?
    public let holders: [Holder]
    public let clients: [ClientWithAccess]
}

public struct RolePage: Sendable {
    public struct Holder: Sendable {
        public let userID: UserID
        public let login: String
        public let groupID: GroupID
    }
    public let role: Role
    public let products: [ProductID: Product]
    public let holders: [Holder]
}

public struct ClientPage: Sendable {
    public let facts: ClientFacts
    public let services: [ServiceID: APIService]
}

/// Who is at the keyboard, as the console needs it at start and after every change: their
/// context in the account on screen, the accounts they may open, and the account-wide answers
/// of the decision table (the keys that do not depend on a selected row).
public struct SessionFacts: Sendable {
    public let context: ActorContext
    public let browsable: [Account]
    /// "Admin", "Reseller Admin (Northwind Partners)".
    public let roleSummary: String
    public let newClientForMe: Decision
    public let newClientForOther: Decision
    public let auditLog: Decision
    public let migrationReport: Decision
    public let createUser: Decision
    public let createRole: Decision
}

/// The audit log's filter (actor, target, action, days), as the console and the command line build it.
public typealias AuditFilter = Q.AuditFilter
