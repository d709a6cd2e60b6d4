import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Users.", subcommands: [
        UsersList.self, UsersCreate.self, UsersEdit.self, UsersLock.self, UsersUnlock.self, UsersDelete.self, UsersOffboard.self, UsersBlock.self, UsersUnblock.self,
    ])
}

struct UsersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The users of the account, by login, written as they are read.",
        discussion: "With --limit, the next page starts after the login printed on standard error as `next: LOGIN`: pass it as --after.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON instead of a table.") var json = false
    @Option(help: ArgumentHelp("Only users whose login, name or email contains TEXT (any case), as the console's filter.", valueName: "TEXT"))
    var filter: String?
    @Option(help: ArgumentHelp("At most N users.", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Start after this login (the `next:` of an earlier page).", valueName: "LOGIN")) var after: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit wants at least 1.") }
    }

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        // The tree and the roles once, for every row's grants.
        let (tree, roles) = try store.read { db in (try Q.tree(db, account: ctx.account.id), try Q.rolesByID(db, account: ctx.account.id)) }
        let paths = GroupPaths(tree)
        let stream = ListStream(store: store, spec: ListSpec(list: .users, accountID: ctx.account.id, filter: filter ?? ""))
        // Most users share a few grants: each (group, role) is named once, and in the table
        // each set of grants is written out once (while it is among the last few thousand:
        // a large directory has 100,000 sets, most of them one user's).
        let grantRows = BoundedMemo<Grant, GrantRow> { grant in
            GrantRow(group: paths.path(of: grant.groupID), role: roles[grant.roleID]?.name ?? "?")
        }
        guard json else {
            let grantCells = BoundedMemo<[Grant], String> { grants in
                Output.safe(grants.map(grantRows.value).map { "\($0.role) on \($0.group)" }.joined(separator: "; "))
            }
            let list = StreamingList<UserTableRow>(table: (UserTableRow.header, \.cells), limit: limit, cursor: \.login)
            return try list.write(stream, after: after) { db, page in
                try ListStream.userListings(db, account: ctx.account.id, page: page).map { UserTableRow($0, grants: grantCells.value(for: $0.grants)) }
            }
        }
        let list = StreamingList<UserRow>(table: nil, limit: limit, cursor: \.login)
        try list.write(stream, after: after) { db, page in
            try ListStream.userListings(db, account: ctx.account.id, page: page).map { user in
                UserRow(login: user.login, name: user.fullName, email: user.email, jobTitle: user.jobTitle, locked: user.locked,
                        grants: user.grants.map(grantRows.value))
            }
        }
    }
}

/// A row of the `users list` table (`UserRow`'s fields as cells).
struct UserTableRow: Encodable {
    static let header = ["LOGIN", "NAME", "EMAIL", "LOCKED", "ROLES"]
    let login: String
    let cells: [String]

    /// `grants`: the user's grants as their cell ("Admin on Acme Web; ...").
    init(_ user: ListStream.UserListing, grants: String) {
        login = user.login
        cells = [user.login, user.fullName, user.email, user.locked ? "yes" : "", grants]
    }
}

struct Groups: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Groups.", subcommands: [
        GroupsList.self, GroupsCreate.self, GroupsRename.self, GroupsMove.self, GroupsDelete.self,
    ])
}

struct GroupsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The groups of the account, as trees under their contracts.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON instead of a table.") var json = false

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        // The tree is what is listed: read once (`TreeCache`), written as it is walked.
        let tree = try store.read { db in try Q.tree(db, account: ctx.account.id) }
        let table = StreamingTable(["ID", "CONTRACT", "GROUP"])
        let array = StreamingJSONArray<GroupRow>()
        var depth: [GroupID: Int] = [:]
        for contract in tree.contractIDs {
            for id in tree.rootGroups(of: contract).flatMap({ tree.subtree(of: $0) }) {
                guard let group = tree[id] else { continue }
                // Depth first: a group's parent came before it.
                let level = group.parentID.flatMap { depth[$0] }.map { $0 + 1 } ?? 0
                depth[id] = level
                let row = GroupRow(id: id, name: group.name, path: tree.path(of: id), contract: contract, depth: level)
                if json { array.add(row) } else { table.add([String(row.id), row.contract, String(repeating: "  ", count: row.depth) + row.name]) }
                if (depth.count % 500) == 0 { if json { try array.endPage() } else { table.endPage() } }
            }
        }
        if json { try array.finish() } else { table.flush() }
    }
}

struct Roles: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Roles.", subcommands: [RolesList.self, RolesCreate.self, RolesEdit.self, RolesDelete.self])
}

struct RolesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The roles of the account and their permissions.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON instead of a table.") var json = false

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        let rows: [RoleRow] = try store.read { db in
            let holders = try Q.roleHolderCounts(db, account: ctx.account.id)
            return try Q.roles(db, account: ctx.account.id).map { role in
                RoleRow(role, holders: holders[role.id] ?? 0)
            }
        }
        if json { return Stdout.line(try Output.json(rows)) }
        Stdout.line(Output.table(["ID", "ROLE", "TYPE", "USERS", "PERMISSIONS"], rows.map {
            [String($0.id), $0.name, $0.type, String($0.holders),
             $0.importedWithoutPermissions ? RoleRow.importedMarker : $0.permissions.joined(separator: ", ")]
        }))
    }
}

struct UserRow: Encodable { let login, name, email, jobTitle: String; let locked: Bool; let grants: [GrantRow] }
struct GrantRow: Encodable { let group, role: String }
struct GroupRow: Encodable { let id: Int64; let name, path, contract: String; let depth: Int }
struct RoleRow: Encodable {
    let id: Int64
    let name, type, description: String
    let permissions: [String]
    let holders: Int
    /// Made by `import akamai` for a grant whose role no payload defined: no permissions yet.
    let importedWithoutPermissions: Bool

    /// What the role list shows in place of the permissions of such a role.
    static let importedMarker = "(imported, no permissions)"
}
