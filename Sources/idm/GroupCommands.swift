import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct GroupsCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "A new subgroup.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new group's name (1-50 characters).") var name: String
    @Option(help: ArgumentHelp("The parent group: name, path or id.", valueName: "GROUP")) var parent: String
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        let group = try admin.service.createGroup(admin.actor, parent: try admin.group(parent).id, name: name)
        let tree = try admin.tree()
        let row = GroupRow(id: group.id, name: group.name, path: tree.path(of: group.id), contract: group.contractID,
                           depth: tree.lineage(of: group.id).count - 1)
        if json { return Stdout.line(try Output.json(row)) }
        Stdout.line(Output.safe("Created group \(row.path) (id \(row.id))."))
    }
}

struct GroupsRename: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a group.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The group: name, path or id.") var group: String
    @Argument(help: "The new name (1-50 characters).") var newName: String

    func run() throws {
        let admin = try Admin(global)
        let target = try admin.group(group)
        let renamed = try admin.service.renameGroup(admin.actor, group: target.id, to: newName, expectedVersion: target.version)
        Stdout.line(Output.safe("Renamed \(target.name) to \(try admin.tree().path(of: renamed.id))."))
    }
}

struct GroupsMove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a group under another group of the same contract.",
        discussion: "Prints who gains or loses access first. When anyone's access changes, the move needs --yes.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The group: name, path or id.") var group: String
    @Option(help: ArgumentHelp("The new parent: name, path or id.", valueName: "GROUP")) var to: String
    @Flag(help: "Apply a move that changes someone's access.") var yes = false
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        let source = try admin.group(group)
        let parent = try admin.group(to)
        let preview = try admin.service.previewGroupMove(admin.actor, group: source.id, to: parent.id)
        let applies = yes || preview.changesNothing
        let report = try MoveReport(admin, preview, applied: applies)
        if json { Stdout.line(try Output.json(report)) } else { report.print() }
        guard applies else {
            throw Admin.needsYes("Moving \(source.name) changes access for \(plural(preview.users.count, "user"))" +
                                 (preview.clients.isEmpty ? "" : " and shrinks \(plural(preview.clients.count, "API client"))"))
        }
        try admin.service.moveGroup(admin.actor, group: source.id, to: parent.id, expectedVersion: source.version, confirming: preview)
        if !json { Stdout.line(Output.safe("Moved \(source.name) under \(report.to).")) }
    }
}

/// The preview of a move: groups by path (losses as they were, gains as they will be).
struct MoveReport: Encodable {
    struct UserChange: Encodable {
        struct RoleChange: Encodable { let group, from, to: String }
        let login: String
        let gains, loses: [String]
        let roleChanges: [RoleChange]
    }
    let group, from, to: String
    let applied: Bool
    let users: [UserChange]
    let clients: [ClientImpactRow]

    init(_ admin: Admin, _ preview: GroupMovePreview, applied: Bool) throws {
        let before = try admin.tree()
        let after = GroupTree(before.groups.values.map { g -> Group in
            var copy = g
            if g.id == preview.groupID { copy.parentID = preview.toParent }
            return copy
        })
        let roles = try admin.store.read { db in try Q.rolesByID(db, account: admin.account) }
        let logins = Dictionary(uniqueKeysWithValues: preview.users.map { ($0.userID, $0.login) })
        group = before.path(of: preview.groupID)
        from = preview.fromParent.map { before.path(of: $0) } ?? ""
        to = before.path(of: preview.toParent)
        self.applied = applied
        users = preview.users.map { change in
            UserChange(login: change.login, gains: change.gained.map { after.path(of: $0) }, loses: change.lost.map { before.path(of: $0) },
                       roleChanges: change.changedRole.map {
                           UserChange.RoleChange(group: after.path(of: $0.groupID), from: roles[$0.from]?.name ?? "?", to: roles[$0.to]?.name ?? "?")
                       })
        }
        let owners = try admin.store.read { db in
            try Dictionary(uniqueKeysWithValues: Set(preview.clients.map(\.ownerID)).map { ($0, try Q.user(db, id: $0)?.login ?? "?") })
        }
        clients = preview.clients.map { ClientImpactRow($0, owner: logins[$0.ownerID] ?? owners[$0.ownerID] ?? "?", tree: before) }
    }

    func print() {
        Stdout.line(Output.safe("Moving \(group) from under \(from) to under \(to):"))
        if users.isEmpty { return Stdout.line("  No one gains or loses access.") }
        var rows: [[String]] = []
        for user in users {
            rows += user.gains.map { [user.login, "gains", $0] } + user.loses.map { [user.login, "loses", $0] }
            rows += user.roleChanges.map { [user.login, "role changes", "\($0.group): \($0.from) -> \($0.to)"] }
        }
        Stdout.line(Output.table(["USER", "CHANGE", "GROUP"], rows))
        if !clients.isEmpty {
            Stdout.line("API clients that shrink to fit their owner:")
            for client in clients { Stdout.line(Output.safe("  " + client.text)) }
        }
    }
}

struct GroupsDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a group without subgroups, API clients or user roles (rule 11).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The group: name, path or id.") var group: String

    func run() throws {
        let admin = try Admin(global)
        let target = try admin.group(group)
        let path = try admin.tree().path(of: target.id)
        try admin.service.deleteGroup(admin.actor, group: target.id, expectedVersion: target.version)
        Stdout.line(Output.safe("Deleted group \(path)."))
    }
}
