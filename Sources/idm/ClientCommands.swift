import ArgumentParser
import Foundation
import GRDB
import IDMDomain
import IDMStore

struct Clients: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "API clients.", subcommands: [
        ClientsList.self, ClientsShow.self, ClientsCreate.self, CredentialCommands.self, ClientsRotate.self, ClientsTransfer.self,
        ClientsLock.self, ClientsUnlock.self, ClientsDelete.self,
    ])
}

struct ClientsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The API clients of the account, by name, written as they are read.",
        discussion: "With --limit, the next page starts after the name printed on standard error as `next: NAME`: pass it as --after.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON instead of a table.") var json = false
    @Option(help: ArgumentHelp("Only clients whose name, owner or creator contains TEXT (any case), as the console's filter.", valueName: "TEXT"))
    var filter: String?
    @Option(help: ArgumentHelp("At most N clients.", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Start after this client name (the `next:` of an earlier page).", valueName: "NAME")) var after: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit wants at least 1.") }
    }

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        let stream = ListStream(store: store, spec: ListSpec(list: .clients, accountID: ctx.account.id, filter: filter ?? ""))
        guard json else {
            // The table needs no group, so no tree: one read per page, from the listing indexes.
            let list = StreamingList<ClientTableRow>(table: (ClientTableRow.header, \.cells), limit: limit, cursor: \.name)
            return try list.write(stream, after: after) { db, page in
                try ListStream.clientTableListings(db, account: ctx.account.id, page: page).map(ClientTableRow.init)
            }
        }
        // The tree and the services once, for every row.
        let (tree, services) = try store.read { db in (try Q.tree(db, account: ctx.account.id), try ClientRow.serviceNames(db)) }
        let paths = GroupPaths(tree)
        let list = StreamingList<ClientRow>(table: nil, limit: limit, cursor: \.name)
        try list.write(stream, after: after) { db, page in
            // The clients with the logins they name, and their credentials, in the page's read.
            let listings = try ListStream.clientListings(db, ids: page.ids)
            let credentials = try ListStream.credentials(db, clients: page.ids)
            return listings.map {
                ClientRow($0.client, credentials: credentials[$0.client.id] ?? [], owner: $0.owner, creator: $0.creator,
                          services: services, paths: paths.path(of:))
            }
        }
    }
}

/// A row of the `clients list` table (`ClientRow`'s fields as cells), read from the listing
/// indexes alone.
struct ClientTableRow: Encodable {
    static let header = ["NAME", "TYPE", "OWNER", "CREATOR", "LOCKED", "APIS", "CREDENTIALS"]
    let name: String
    let cells: [String]

    init(_ c: ListStream.ClientTableListing) {
        name = c.name
        // A login not found (a user gone under a stale read) shows as "?", as in `ClientRow`.
        cells = [c.name, c.kind, c.owner ?? "?", c.creator ?? "?", c.locked ? "locked" : "",
                 c.apis.map { "\($0.service) \($0.level)" }.joined(separator: ", "),
                 c.credentials.map { "\($0.status.lowercased()) …\($0.secretLast4)" }.joined(separator: ", ")]
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
        let logins = try ListStream.logins(db, users: [c.ownerID, c.creatorID])
        self.init(c, credentials: try Q.credentials(db, client: c.id), owner: logins[c.ownerID], creator: logins[c.creatorID],
                  services: try Self.serviceNames(db), paths: tree.path(of:))
    }

    /// From what a page of a list read for all of its rows at once. A login not found (a user
    /// gone under a stale read) shows as "?".
    init(_ c: APIClient, credentials: [Credential], owner: String?, creator: String?, services: [String: String], paths: (GroupID) -> String) {
        id = c.id
        version = c.version
        clientKey = c.clientKey
        name = c.name
        description = c.description
        type = c.kind.rawValue
        self.owner = owner ?? "?"
        self.creator = creator ?? "?"
        locked = c.locked
        noAccess = c.hasNoAccess
        apis = c.apis.map { API(service: $0.serviceID, name: services[$0.serviceID] ?? $0.serviceID, level: $0.level.rawValue) }
        groups = c.groupIDs.map(paths).sorted()
        ipAllowlist = c.ipAllowlist
        notificationEmails = c.notificationEmails
        self.credentials = credentials.map(Cred.init)
    }

    /// Service names by id.
    static func serviceNames(_ db: Database) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0.name) })
    }
}
