import ArgumentParser
import Foundation
import GRDB
import IDMDomain
import IDMStore

struct Clients: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "API clients.", subcommands: [
        ClientsList.self, ClientsShow.self, CredentialCommands.self, ClientsRotate.self, ClientsTransfer.self,
        ClientsLock.self, ClientsUnlock.self, ClientsDelete.self,
    ])
}

struct ClientsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The API clients of the account.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON instead of a table.") var json = false

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        let rows = try store.read { db in try Q.clients(db, account: ctx.account.id).map { try ClientRow(db, $0) } }
        if json { return Stdout.line(try Output.json(rows)) }
        Stdout.line(Output.table(["NAME", "TYPE", "OWNER", "CREATOR", "LOCKED", "APIS", "CREDENTIALS"], rows.map {
            [$0.name, $0.type, $0.owner, $0.creator, $0.locked ? "locked" : "",
             $0.apis.map { "\($0.service) \($0.level)" }.joined(separator: ", "),
             $0.credentials.map { "\($0.status.lowercased()) …\($0.secretLast4)" }.joined(separator: ", ")]
        }))
    }
}

struct ClientsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One API client, in full (never a secret).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "NAME|ID")) var client: String
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        let row = try store.read { db -> ClientRow in
            guard let found = try Q.client(db, account: ctx.account.id, key: client) else {
                throw IDMError.notFound("No API client \"\(client)\" in \(ctx.account.name).")
            }
            return try ClientRow(db, found)
        }
        if json { return Stdout.line(try Output.json(row)) }
        let lines: [(String, String)] = [
            ("Name", row.name), ("Client id", row.clientKey), ("Type", row.type), ("Description", row.description),
            ("Owner", row.owner), ("Creator", row.creator), ("Locked", row.locked ? "yes" : "no"),
            ("APIs", row.apis.map { "\($0.name) (\($0.service)) \($0.level)" }.joined(separator: "\n")),
            ("Groups", row.noAccess ? "none: no access (its owner lost access to every group it had)" : row.groups.joined(separator: "\n")),
            ("IP allowlist", row.ipAllowlist.joined(separator: "\n")),
            ("Notification emails", row.notificationEmails.joined(separator: "\n")),
            ("Credentials", row.credentials.map {
                "\($0.tokenPrefix)…  secret …\($0.secretLast4)  \($0.status)  expires \(Formats.day($0.expiresAt))  \($0.description)"
            }.joined(separator: "\n")),
        ]
        for (label, value) in lines {
            let values = value.isEmpty ? ["-"] : value.split(separator: "\n").map(String.init)
            for (i, v) in values.enumerated() {
                Stdout.line((i == 0 ? label + ":" : "").padding(toLength: 21, withPad: " ", startingAt: 0) + Output.safe(v))
            }
        }
    }
}

/// An API client as the command line shows it: people by login, groups by path.
struct ClientRow: Encodable {
    struct API: Encodable { let service, name, level: String }
    struct Cred: Encodable {
        let id: Int64; let tokenPrefix, secretLast4, status, description: String; let createdAt, expiresAt: Date
        let version: Int64

        init(_ c: Credential) {
            id = c.id
            tokenPrefix = c.tokenPrefix
            secretLast4 = c.secretLast4
            status = c.status.rawValue
            description = c.description
            createdAt = c.createdAt
            expiresAt = c.expiresAt
            version = c.version
        }
    }
    let id: Int64
    /// The row version, for `--expect-version` (optimistic concurrency in scripts).
    let version: Int64
    let clientKey, name, description, type, owner, creator: String
    let locked: Bool
    /// Rule 17: shrunk to no group when its owner lost access; it stays, authorizing nothing.
    let noAccess: Bool
    let apis: [API]
    let groups: [String]
    let ipAllowlist, notificationEmails: [String]
    let credentials: [Cred]

    init(_ db: Database, _ c: APIClient) throws {
        let tree = try Q.tree(db, account: c.accountID)
        let services = Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0.name) })
        id = c.id
        version = c.version
        clientKey = c.clientKey
        name = c.name
        description = c.description
        type = c.kind.rawValue
        owner = try Q.user(db, id: c.ownerID)?.login ?? "?"
        creator = try Q.user(db, id: c.creatorID)?.login ?? "?"
        locked = c.locked
        noAccess = c.hasNoAccess
        apis = c.apis.map { API(service: $0.serviceID, name: services[$0.serviceID] ?? $0.serviceID, level: $0.level.rawValue) }
        groups = c.groupIDs.map { tree.path(of: $0) }.sorted()
        ipAllowlist = c.ipAllowlist
        notificationEmails = c.notificationEmails
        credentials = try Q.credentials(db, client: c.id).map(Cred.init)
    }
}
