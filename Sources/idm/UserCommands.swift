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
        if json { return Stdout.line(try Output.json(row)) }
        Stdout.line(Output.safe("Created user \(row.login) (\(row.name)): \(row.grants.map { "\($0.role) on \($0.group)" }.joined(separator: "; "))."))
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
    @Flag(help: "Apply new roles even though they shrink API clients the user owns (rule 17).") var yes = false
    @Flag(help: "JSON instead of text.") var json = false

    /// The profile and the roles are one change, in one transaction: a refusal of either leaves
    /// the user as they were.
    func run() throws {
        let admin = try Admin(global)
        var user = try admin.user(login)
        let profile = UserProfileEdit(firstName: first, lastName: last, email: email, jobTitle: title, phone: phone, timeZone: timeZone)
        guard !profile.isEmpty || !grant.isEmpty else {
            throw Failure("Nothing to change: give --first, --last, --email, --title, --phone, --time-zone or --grant.")
        }
        let grants = grant.isEmpty ? nil : try admin.grants(grant)
        var shown: [ClientImpact]?
        if let grants {
            let impacts = try admin.service.previewUserAccess(admin.actor, user: user.id, grants: grants)
            try admin.confirmShrinking(impacts, owner: user.login, yes: yes, json: json, what: "These roles")
            shown = impacts
        }
        user = try admin.service.editUser(admin.actor, user: user.id, UserEdit(profile: profile, grants: grants),
                                          expectedVersion: user.version, confirming: shown)
        let row = try admin.userRow(user)
        if json { return Stdout.line(try Output.json(row)) }
        Stdout.line(Output.safe("Updated \(row.login): \(row.name), \(row.email)\(row.jobTitle.isEmpty ? "" : ", \(row.jobTitle)"); " +
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
        Stdout.line(Output.safe("Locked \(user.login). Their API clients keep their access; `idm users offboard` also hands them over."))
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
        Stdout.line(Output.safe("Unlocked \(user.login)."))
    }
}

struct UsersDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a user who created no API client; with --transfer-to, their clients go to another owner first (rule 10).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Option(name: .customLong("transfer-to"), help: ArgumentHelp("Give the user's API clients to this user, in the same transaction.", valueName: "LOGIN"))
    var transferTo: String?
    @Flag(help: "Transfer even though the new owner cannot cover all of a client's access.") var yes = false

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        let newOwner = try transferTo.map { try admin.user($0) }
        if let newOwner {
            // What the clients lose under their new owner, shown before anything changes.
            let cut = try admin.service.previewHandover(admin.actor, user: user.id, to: newOwner.id, deleting: true)
            try admin.confirmShrinking(cut, owner: newOwner.login, yes: yes, json: false, what: "Handing \(user.login)'s clients to \(newOwner.login)")
        }
        do {
            try admin.service.deleteUser(admin.actor, user: user.id, transferTo: newOwner?.id, expectedVersion: user.version)
        } catch IDMError.denied(let reason) where newOwner == nil && reason.contains("transfer ownership") {
            throw Failure("\(reason) Add --transfer-to LOGIN to transfer and delete in one step.")
        }
        Stdout.line(Output.safe(newOwner.map { "\($0.login) now owns \(user.login)'s API clients; deleted \(user.login)." } ?? "Deleted \(user.login)."))
    }
}

struct UsersOffboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offboard",
        abstract: "Take a user out of service in one transaction: lock them and give every API client they own to another user.",
        discussion: "Each client is cut down to what the new owner can cover, as a transfer is. A refusal of any step changes nothing.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Option(help: ArgumentHelp("The new owner of the user's API clients.", valueName: "NEWOWNER")) var to: String
    @Flag(help: "Offboard even though the new owner cannot cover all of a client's access.") var yes = false
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        let newOwner = try admin.user(to)
        let cut = try admin.service.previewHandover(admin.actor, user: user.id, to: newOwner.id)
        try admin.confirmShrinking(cut, owner: newOwner.login, yes: yes, json: json, what: "Handing \(user.login)'s clients to \(newOwner.login)")
        let clients = try admin.service.offboardUser(admin.actor, user: user.id, to: newOwner.id, expectedVersion: user.version)
        if json { return Stdout.line(try Output.json(["login": user.login, "locked": "true", "clientsTo": newOwner.login, "clients": clients.joined(separator: ", ")])) }
        Stdout.line(Output.safe("Offboarded \(user.login): locked" +
                          (clients.isEmpty ? "; they owned no API client." : "; \(newOwner.login) now owns \(clients.joined(separator: ", ")).")))
    }
}

struct UsersBlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Stop the access a user inherits on a subgroup.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The login.") var login: String
    @Argument(help: "The subgroup: name, path or id.") var group: String
    @Flag(help: "Block even though it shrinks API clients the user owns (rule 17).") var yes = false

    func run() throws {
        let admin = try Admin(global)
        let user = try admin.user(login)
        let target = try admin.group(group)
        let impacts = try admin.service.previewBlock(admin.actor, user: user.id, group: target.id)
        try admin.confirmShrinking(impacts, owner: user.login, yes: yes, json: false, what: "Blocking \(target.name)")
        try admin.service.blockGroup(admin.actor, user: user.id, group: target.id, expectedVersion: user.version, confirming: impacts)
        Stdout.line(Output.safe("Blocked \(try admin.tree().path(of: target.id)) for \(user.login)."))
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
        Stdout.line(Output.safe("Unblocked \(try admin.tree().path(of: target.id)) for \(user.login)."))
    }
}
