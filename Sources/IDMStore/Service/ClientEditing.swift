import Foundation
import GRDB
import IDMDomain

/// The fields of a client that "Edit details" changes.
public struct ClientDetailsEdit: Sendable, Equatable {
    public var name: String
    public var description: String
    public var notificationEmails: [String]
    public var ipAllowlist: [String]

    public init(name: String, description: String, notificationEmails: [String], ipAllowlist: [String]) {
        self.name = name
        self.description = description
        self.notificationEmails = notificationEmails
        self.ipAllowlist = ipAllowlist
    }
}

/// Editing a client's details and its authorization (rules 4 and 9).
extension DirectoryService {
    public func editDetails(_ actor: ActorRef, client id: ClientID, _ edit: ClientDetailsEdit, expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.edit") { db, ctx, client in
            try Decide.enforce(db, ctx, .editClientDetails(client.id))
            let name = try Validate.clientName(edit.name).valid()
            let description = try Validate.clientDescription(edit.description).valid()
            let emails = try edit.notificationEmails.map { try Validate.email($0).valid() }
            let cidrs = try edit.ipAllowlist.map { try Validate.cidr($0).valid() }
            try uniquely("An API client named \(name) already exists in \(ctx.account.name).") {
                try db.execute(sql: """
                    UPDATE api_client SET name = ?, description = ?, notification_emails = ?, ip_allowlist = ? WHERE id = ?
                    """, arguments: [name, description, JSONList.encode(emails), JSONList.encode(cidrs), id])
            }
        }
    }

    /// Only the owner, with IDM Admin or Non-Admin; every API checked as the wizard checks it.
    public func editAuthorization(_ actor: ActorRef, client id: ClientID, groups: Set<GroupID>, apis: [APIGrant],
                                  expectedVersion: Int64? = nil) throws {
        try changeClient(actor, id, expectedVersion: expectedVersion, action: "client.authorization") { db, ctx, client in
            try Decide.enforce(db, ctx, .editAuthorization(client.id))
            let owner = try requireUser(db, client.ownerID)
            let access = try Q.access(db, of: owner)
            try Policy.createClient(ctx, owner: owner, on: groups).enforce()
            try checkAuthorization(db, owner: owner, ownerAccess: access, groups: groups, apis: apis)
            try writeAuthorization(db, client: id, groups: groups, apis: apis)
        }
    }
}
