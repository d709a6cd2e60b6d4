import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct RolesCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "A new custom role.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The role's name (1-70 characters).") var name: String
    @Option(help: "What the role is for (1-250 characters).") var description: String
    @Option(help: ArgumentHelp("A permission, e.g. idm.apiClients.user or product.reporting.read (repeatable).", valueName: "PERMISSION"))
    var permission: [String] = []
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        let id = try admin.service.createRole(admin.actor, name: name, description: description,
                                              permissions: Set(permission.map { Permission($0.trimmingCharacters(in: .whitespaces)) }))
        let role = try admin.role(String(id))
        if json { return Stdout.line(try Output.json(RoleRow(role, holders: 0))) }
        Stdout.line(Output.safe("Created role \(role.name) (id \(role.id)): \(role.permissions.sorted().map(\.rawValue).joined(separator: ", "))."))
    }
}

struct RolesEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a custom role's name, description or permissions.",
        discussion: "A permission change prints its impact first (users holding the role, API clients that shrink); when it reaches anyone, it needs --yes.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The role: name or id.") var role: String
    @Option(help: "A new name (1-70 characters).") var name: String?
    @Option(help: "A new description (1-250 characters).") var description: String?
    @Option(help: ArgumentHelp("Replaces every permission of the role (repeatable).", valueName: "PERMISSION")) var permission: [String] = []
    @Flag(help: "Apply a permission change that reaches users or clients.") var yes = false
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        let target = try admin.role(role)
        let permissions = permission.isEmpty ? nil : Set(permission.map { Permission($0.trimmingCharacters(in: .whitespaces)) })
        guard name != nil || description != nil || permissions != nil else {
            throw Failure("Nothing to change: give --name, --description or --permission.")
        }
        var impact: RoleChangeImpact?
        if let permissions {
            let preview = try admin.service.previewRoleEdit(admin.actor, role: target.id, permissions: permissions)
            let applies = yes || preview.changesNothing
            let report = try ImpactReport(admin, target, preview, applied: applies)
            if json { Stdout.line(try Output.json(report)) } else { report.print() }
            guard applies else {
                throw Admin.needsYes("Changing \(target.name) reaches \(plural(preview.userCount, "user"))" +
                                     (preview.clients.isEmpty ? "" : " and shrinks \(plural(preview.clientCount, "API client"))"))
            }
            impact = preview
        }
        try admin.service.editRole(admin.actor, role: target.id, RoleEdit(name: name, description: description, permissions: permissions),
                                   expectedVersion: target.version, confirming: impact)
        let after = try admin.role(String(target.id))
        if json {
            if impact == nil { Stdout.line(try Output.json(RoleRow(after, holders: try admin.store.read { db in try Q.roleHolders(db, role: after.id) }))) }
            return
        }
        Stdout.line(Output.safe("Updated role \(after.name)."))
    }
}

/// A role edit's impact, in words and in JSON.
struct ImpactReport: Encodable {
    let role: String
    let added, removed: [String]
    let users: [String]
    let clients: [ClientImpactRow]
    let applied: Bool

    init(_ admin: Admin, _ role: Role, _ impact: RoleChangeImpact, applied: Bool) throws {
        let tree = try admin.tree()
        let logins = try admin.store.read { db in
            try Dictionary(uniqueKeysWithValues: impact.holders.map { ($0, try Q.user(db, id: $0)?.login ?? "?") })
        }
        self.role = role.name
        added = impact.added.map(\.rawValue)
        removed = impact.removed.map(\.rawValue)
        users = impact.holders.map { logins[$0] ?? "?" }
        clients = impact.clients.map { ClientImpactRow($0, owner: logins[$0.ownerID] ?? "?", tree: tree) }
        self.applied = applied
    }

    func print() {
        Stdout.line(Output.safe("Changing the permissions of \(role):"))
        if !added.isEmpty { Stdout.line(Output.safe("  adds     " + added.joined(separator: ", "))) }
        if !removed.isEmpty { Stdout.line(Output.safe("  removes  " + removed.joined(separator: ", "))) }
        if added.isEmpty && removed.isEmpty { Stdout.line("  No permission changes.") }
        Stdout.line(Output.safe("  \(plural(users.count, "user")) hold\(users.count == 1 ? "s" : "") it" +
                                (users.isEmpty ? "." : ": " + users.joined(separator: ", ") + ".")))
        Stdout.line("  \(plural(clients.count, "API client")) shrink\(clients.count == 1 ? "s" : "") to fit the owner's new access\(clients.isEmpty ? "." : ":")")
        for client in clients { Stdout.line(Output.safe("    " + client.text)) }
    }
}

struct RolesDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a custom role no one holds.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The role: name or id.") var role: String

    func run() throws {
        let admin = try Admin(global)
        let target = try admin.role(role)
        try admin.service.deleteRole(admin.actor, role: target.id, expectedVersion: target.version)
        Stdout.line(Output.safe("Deleted role \(target.name)."))
    }
}

extension RoleRow {
    init(_ role: Role, holders: Int) {
        self.init(id: role.id, name: role.name, type: role.isStandard ? "standard" : "custom", description: role.description,
                  permissions: role.permissions.sorted().map(\.rawValue), holders: holders,
                  importedWithoutPermissions: role.isImportedWithoutPermissions)
    }
}
