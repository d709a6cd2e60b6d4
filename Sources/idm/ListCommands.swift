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
        let stream = ListStream(store: store, spec: ListSpec(list: .users, accountID: ctx.account.id, filter: filter ?? ""))
        let table = StreamingTable(["LOGIN", "NAME", "EMAIL", "LOCKED", "ROLES"])
        let array = StreamingJSONArray<UserRow>()
        var written = 0
        var last: String?
        var more = false
        try stream.ids(after: after, pageSize: min(500, (limit ?? 500) + 1)) { ids in
            for user in try store.read({ db in try ListStream.users(db, ids: ids) }) {
                if let limit, written == limit { more = true; return false }
                let row = UserRow(login: user.login, name: user.fullName, email: user.email, jobTitle: user.jobTitle, locked: user.locked,
                                  grants: user.grants.map { GrantRow(group: tree.path(of: $0.groupID), role: roles[$0.roleID]?.name ?? "?") })
                if json { try array.add(row) } else {
                    table.add([row.login, row.name, row.email, row.locked ? "yes" : "", row.grants.map { "\($0.role) on \($0.group)" }.joined(separator: "; ")])
                }
                written += 1
                last = user.login
            }
            Stdout.flush()
            return true
        }
        if json { try array.finish() } else { table.flush() }
        if more, let last { Stderr.line("next: \(last)") }
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
        let rows: [GroupRow] = try store.read { db in
            let tree = try Q.tree(db, account: ctx.account.id)
            return tree.contractIDs.flatMap { contract in
                tree.rootGroups(of: contract).flatMap { tree.subtree(of: $0) }.map { id in
                    GroupRow(id: id, name: tree[id]!.name, path: tree.path(of: id), contract: contract,
                             depth: tree.lineage(of: id).count - 1)
                }
            }
        }
        if json { return Stdout.line(try Output.json(rows)) }
        Stdout.line(Output.table(["ID", "CONTRACT", "GROUP"], rows.map {
            [String($0.id), $0.contract, String(repeating: "  ", count: $0.depth) + $0.name]
        }))
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
            try Q.roles(db, account: ctx.account.id).map { role in
                let holders = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT user_id) FROM user_grant WHERE role_id = ?", arguments: [role.id]) ?? 0
                return RoleRow(id: role.id, name: role.name, type: role.isStandard ? "standard" : "custom", description: role.description,
                               permissions: role.permissions.sorted().map(\.rawValue), holders: holders)
            }
        }
        if json { return Stdout.line(try Output.json(rows)) }
        Stdout.line(Output.table(["ID", "ROLE", "TYPE", "USERS", "PERMISSIONS"], rows.map {
            [String($0.id), $0.name, $0.type, String($0.holders), $0.permissions.joined(separator: ", ")]
        }))
    }
}

struct UserRow: Encodable { let login, name, email, jobTitle: String; let locked: Bool; let grants: [GrantRow] }
struct GrantRow: Encodable { let group, role: String }
struct GroupRow: Encodable { let id: Int64; let name, path, contract: String; let depth: Int }
struct RoleRow: Encodable { let id: Int64; let name, type, description: String; let permissions: [String]; let holders: Int }
