import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct UsersCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "A new user with at least one role on a group.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Option(help: "First name (1-50 characters).") var first: String
    @Option(help: "Last name (1-50 characters).") var last: String
    @Option(help: "Email address.") var email: String
    @Option(help: "Job title (up to 75 characters).") var title: String = ""
    @Option(help: ArgumentHelp("A role on a group, GROUP=ROLE (repeatable; at least one).", valueName: "GROUP=ROLE")) var grant: [String] = []
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        guard !grant.isEmpty else { throw Failure("A user needs at least one group role: add --grant \"GROUP=ROLE\".") }
        let user = try admin.service.createUser(admin.actor, NewUser(login: login, firstName: first, lastName: last, email: email,
                                                                     jobTitle: title, grants: try admin.grants(grant)))
        let row = try admin.userRow(user)
        if json { return print(try Output.json(row)) }
        print(Output.safe("Created user \(row.login) (\(row.name)): \(row.grants.map { "\($0.role) on \($0.group)" }.joined(separator: "; "))."))
    }
}

struct UsersEdit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a user's profile, or replace their roles with --grant.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Option(help: "First name (1-50 characters).") var first: String?
    @Option(help: "Last name (1-50 characters).") var last: String?
    @Option(help: "Email address.") var email: String?
    @Option(help: "Job title (up to 75 characters; empty clears it).") var title: String?
    @Option(help: "Phone, E.164 (+441234567891; empty clears it).") var phone: String?
    @Option(name: .customLong("time-zone"), help: "Time zone, e.g. Europe/Paris.") var timeZone: String?
    @Option(help: ArgumentHelp("Replaces every role of the user: GROUP=ROLE (repeatable).", valueName: "GROUP=ROLE")) var grant: [String] = []
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        var user = try admin.user(login)
        let edit = UserProfileEdit(firstName: first, lastName: last, email: email, jobTitle: title, phone: phone, timeZone: timeZone)
        guard !edit.isEmpty || !grant.isEmpty else {
            throw Failure("Nothing to change: give --first, --last, --email, --title, --phone, --time-zone or --grant.")
        }
        let grants = grant.isEmpty ? nil : try admin.grants(grant)
        if !edit.isEmpty { user = try admin.service.editUser(admin.actor, user: user.id, edit, expectedVersion: user.version) }
        if let grants { user = try admin.service.setUserGrants(admin.actor, user: user.id, grants: grants, expectedVersion: user.version) }
        let row = try admin.userRow(user)
        if json { return print(try Output.json(row)) }
        print(Output.safe("Updated \(row.login): \(row.name), \(row.email)\(row.jobTitle.isEmpty ? "" : ", \(row.jobTitle)"); " +
                          row.grants.map { "\($0.role) on \($0.group)" }.joined(separator: "; ") + "."))
    }
}

struct UsersLock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lock", abstract: "Lock a user: they can no longer act.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        try admin.service.lockUser(admin.actor, user: user.id, expectedVersion: user.version)
        print(Output.safe("Locked \(user.login)."))
    }
}

struct UsersUnlock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a user.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        try admin.service.unlockUser(admin.actor, user: user.id, expectedVersion: user.version)
        print(Output.safe("Unlocked \(user.login)."))
    }
}

struct UsersDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a user who owns and created no API client (rule 10).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        do {
            try admin.service.deleteUser(admin.actor, user: user.id, expectedVersion: user.version)
        } catch IDMError.denied(let reason) {
            // Rule 10's way out, on the command line: one transfer per owned client.
            let owned = try admin.store.read { db in try Q.clients(db, ownedBy: user.id).filter { $0.kind == .api } }
            guard let first = owned.first, reason.contains("transfer ownership") else { throw IDMError.denied(reason) }
            throw Failure("\(reason) Run `idm clients transfer \(first.name) --to LOGIN`\(owned.count > 1 ? " for each" : "").")
        }
        print(Output.safe("Deleted \(user.login)."))
    }
}

struct UsersBlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Stop the access a user inherits on a subgroup.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Argument(help: "The subgroup: name, path or id.") var group: String

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        let target = try admin.group(group)
        try admin.service.blockGroup(admin.actor, user: user.id, group: target.id, expectedVersion: user.version)
        print(Output.safe("Blocked \(try admin.tree().path(of: target.id)) for \(user.login)."))
    }
}

struct UsersUnblock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unblock", abstract: "Let a user inherit access on a subgroup again.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Argument(help: "The subgroup: name, path or id.") var group: String

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        let target = try admin.group(group)
        try admin.service.unblockGroup(admin.actor, user: user.id, group: target.id, expectedVersion: user.version)
        print(Output.safe("Unblocked \(try admin.tree().path(of: target.id)) for \(user.login)."))
    }
}
