import Foundation
import IDMDomain
import IDMStore

/// Administration of users, groups and roles, from the lists and from their pages: each flow
/// reads the target fresh (as an effect), opens its form or question, previews what a change
/// would cut (rule 17) before anything is saved, and saves in one service call.
enum AdminFlows {
    enum UserAction: String, Codable { case editUser, lockToggle, block, delete, addSSHKey }
    enum GroupAction: String, Codable { case createSubgroup, rename, move, delete }
    enum RoleAction: String, Codable { case edit, delete }

    static func start(_ action: UserAction, user id: UserID) -> Effect {
        .run { io in try step(action, user: id, io) }
    }

    static func start(_ action: GroupAction, group id: GroupID) -> Effect {
        .run { io in try step(action, group: id, io) }
    }

    static func start(_ action: RoleAction, role id: RoleID) -> Effect {
        .run { io in try step(action, role: id, io) }
    }

    /// The first step of a user flow, read fresh: its form or question.
    static func step(_ action: UserAction, user id: UserID, _ io: ConsoleIO) throws -> AdminStep {
        guard let user = try io.reader.user(id) else { return AdminStep.refused("That user no longer exists.") }
        let subject = VersionedSubject(.user, id: user.id, version: user.version, name: user.login)
        switch action {
        case .editUser: return AdminStep.push(try editUserForm(user, io).keyed(.user(action, id), subject: subject))
        case .addSSHKey: return try SSHKeyFlows.addStep(user, io)
        case .block: return AdminStep.push(blockForm(user, io).keyed(.user(action, id), subject: subject))
        case .lockToggle:
            return AdminStep.push(user.locked
                ? ConfirmScreen(crumb: "Unlock", title: "Unlock \(user.login)", message: "\(user.login) can sign in and act again.", yes: "unlock") { io in
                    try io.service.unlockUser(io.actor, user: user.id, expectedVersion: user.version)
                    return AdminStep.done("Unlocked \(user.login).", select: nil)
                }
                : ConfirmScreen(crumb: "Lock", title: "Lock \(user.login)",
                                message: "\(user.login) can no longer sign in or change anything; their API clients keep working.", yes: "lock") { io in
                    try io.service.lockUser(io.actor, user: user.id, expectedVersion: user.version)
                    return AdminStep.done("Locked \(user.login).", select: nil)
                })
        case .delete:
            return AdminStep.push(ConfirmScreen(crumb: "Delete", title: "Delete \(user.login)",
                message: "Delete the user \(user.login) (\(user.fullName))? This cannot be undone.", yes: "delete") { io in
                try io.service.deleteUser(io.actor, user: user.id, expectedVersion: user.version)
                return AdminStep.done("Deleted \(user.login).", select: nil)
            })
        }
    }

    static func step(_ action: GroupAction, group id: GroupID, _ io: ConsoleIO) throws -> AdminStep {
        guard let group = try io.reader.group(id) else { return AdminStep.refused("That group no longer exists.") }
        let subject = VersionedSubject(.group, id: group.id, version: group.version, name: group.name)
        switch action {
        case .createSubgroup:
            return AdminStep.push(FormScreen(crumb: "New subgroup", title: "New subgroup of \(group.name)", message: "1-50 characters, unique among its siblings.",
                                             fields: [FormField(id: .name, label: "Name", value: "")], submitLabel: "create") { v, io in
                let made = try io.service.createGroup(io.actor, parent: group.id, name: v[.name])
                return AdminStep.done("Created \(made.name) under \(group.name).", select: made.id)
            }.keyed(.group(action, id), subject: subject))
        case .rename:
            return AdminStep.push(FormScreen(crumb: "Rename", title: "Rename \(group.name)", message: "1-50 characters, unique among its siblings.",
                                             fields: [FormField(id: .name, label: "Name", value: group.name)], submitLabel: "rename") { v, io in
                let renamed = try io.service.renameGroup(io.actor, group: group.id, to: v[.name], expectedVersion: group.version)
                return AdminStep.done("Renamed \(group.name) to \(renamed.name).", select: nil)
            }.keyed(.group(action, id), subject: subject))
        case .move:
            return AdminStep.push(FormScreen(crumb: "Move", title: "Move \(group.name)",
                message: "The new parent, by name or path, in the same contract (\(group.contractID)). Who gains or loses access is shown before anything moves.",
                fields: [FormField(id: .newParent, label: "New parent", value: "")], submitLabel: "preview") { v, io in
                let parent = try io.reader.group(io.context.account.id, key: v[.newParent].trimmingCharacters(in: .whitespaces))
                let preview = try io.service.previewGroupMove(io.actor, group: group.id, to: parent.id)
                return AdminStep.push(ConfirmScreen(crumb: "Preview", title: "Move \(group.name) under \(parent.name)",
                                                    message: Describe.move(preview, tree: io.context.tree), yes: "move") { io in
                    try io.service.moveGroup(io.actor, group: group.id, to: parent.id, expectedVersion: group.version, confirming: preview)
                    return AdminStep.done("Moved \(group.name) under \(parent.name).", select: nil)
                })
            }.keyed(.group(action, id), subject: subject))
        case .delete:
            return AdminStep.push(ConfirmScreen(crumb: "Delete", title: "Delete \(group.name)",
                message: "Delete the group \(group.name)? This cannot be undone.", yes: "delete") { io in
                try io.service.deleteGroup(io.actor, group: group.id, expectedVersion: group.version)
                return AdminStep.done("Deleted \(group.name).", select: nil)
            })
        }
    }

    static func step(_ action: RoleAction, role id: RoleID, _ io: ConsoleIO) throws -> AdminStep {
        guard let role = try io.reader.role(id) else { return AdminStep.refused("That role no longer exists.") }
        let subject = VersionedSubject(.role, id: role.id, version: role.version, name: role.name)
        switch action {
        case .edit:
            return AdminStep.push(FormScreen(crumb: "Edit", title: "Edit \(role.name)",
                message: "Permissions separated by commas. The users and API clients the change reaches are shown before it is saved.",
                fields: [FormField(id: .name, label: "Name", value: role.name), FormField(id: .description, label: "Description", value: role.description),
                         FormField(id: .permissions, label: "Permissions", value: role.permissions.sorted().map(\.rawValue).joined(separator: ", "))],
                submitLabel: "preview") { v, io in
                let permissions = parsePermissions(v[.permissions])
                let impact = try io.service.previewRoleEdit(io.actor, role: role.id, permissions: permissions)
                let edit = RoleEdit(name: v[.name], description: v[.description], permissions: permissions)
                return AdminStep.push(ConfirmScreen(crumb: "Preview", title: "Save \(role.name)?", message: Describe.roleEdit(impact), yes: "save") { io in
                    try io.service.editRole(io.actor, role: role.id, edit, expectedVersion: role.version, confirming: impact)
                    return AdminStep.done("Saved \(edit.name ?? role.name).", select: nil)
                })
            }.keyed(.role(action, id), subject: subject))
        case .delete:
            return AdminStep.push(ConfirmScreen(crumb: "Delete", title: "Delete \(role.name)",
                message: "Delete the custom role \(role.name)? No one holds it. This cannot be undone.", yes: "delete") { io in
                try io.service.deleteRole(io.actor, role: role.id, expectedVersion: role.version)
                return AdminStep.done("Deleted \(role.name).", select: nil)
            })
        }
    }

    static func createUserForm() -> FormScreen {
        FormScreen(crumb: "New user", title: "New user",
                   message: "A user needs at least one role on a group: GROUP=ROLE, several separated by commas (e.g. Acme Web=Property Viewer).",
                   fields: [FormField(id: .login, label: "Login", value: ""), FormField(id: .firstName, label: "First name", value: ""),
                            FormField(id: .lastName, label: "Last name", value: ""), FormField(id: .email, label: "Email", value: ""),
                            FormField(id: .jobTitle, label: "Job title", value: ""), FormField(id: .roles, label: "Roles", value: "")],
                   submitLabel: "create") { v, io in
            let grants = try parseGrants(v[.roles], io)
            let user = try io.service.createUser(io.actor, NewUser(login: v[.login], firstName: v[.firstName], lastName: v[.lastName],
                                                                    email: v[.email], jobTitle: v[.jobTitle], grants: grants))
            return AdminStep.done("Created \(user.login).", select: user.id)
        }.keyed(.newUser)
    }

    static func createRoleForm() -> FormScreen {
        FormScreen(crumb: "New role", title: "New custom role",
                   message: "Permissions separated by commas, e.g. idm.apiClients.user, product.reporting.read.",
                   fields: [FormField(id: .name, label: "Name", value: ""), FormField(id: .description, label: "Description", value: ""),
                            FormField(id: .permissions, label: "Permissions", value: "")], submitLabel: "create") { v, io in
            let role = try io.service.createRole(io.actor, name: v[.name], description: v[.description], permissions: parsePermissions(v[.permissions]))
            return AdminStep.done("Created the role \(v[.name].trimmingCharacters(in: .whitespaces)).", select: role)
        }.keyed(.newRole)
    }

    static func editUserForm(_ user: User, _ io: ConsoleIO) throws -> FormScreen {
        let tree = io.context.tree
        let roles = try io.reader.rolesByID(user.accountID)
        let grants = user.grants.map { "\(tree.path(of: $0.groupID))=\(roles[$0.roleID]?.name ?? "?")" }.joined(separator: ", ")
        return FormScreen(crumb: "Edit", title: "Edit \(user.login)",
            message: "Roles: GROUP=ROLE, separated by commas; they replace the current ones and cascade to subgroups. Leave them as they are to change the profile only.",
            fields: [FormField(id: .firstName, label: "First name", value: user.firstName), FormField(id: .lastName, label: "Last name", value: user.lastName),
                     FormField(id: .email, label: "Email", value: user.email), FormField(id: .jobTitle, label: "Job title", value: user.jobTitle),
                     FormField(id: .phone, label: "Phone", value: user.phone), FormField(id: .timeZone, label: "Time zone", value: user.timeZone),
                     FormField(id: .roles, label: "Roles", value: grants)], submitLabel: "save") { v, io in
            // Profile and roles are one intent, saved in one transaction: a refusal of either
            // leaves the user as they were. Clients the new roles shrink are shown first.
            let newGrants = try parseGrants(v[.roles], io)
            let profile = changedFields(UserProfileEdit(firstName: v[.firstName], lastName: v[.lastName], email: v[.email],
                                                        jobTitle: v[.jobTitle], phone: v[.phone], timeZone: v[.timeZone]), of: user)
            let edit = UserEdit(profile: profile, grants: Set(newGrants) == Set(user.grants) ? nil : newGrants)
            guard !edit.profile.isEmpty || edit.grants != nil else { return AdminStep.done("Nothing changed: \(user.login) is as it was.", select: nil) }
            if let grants = edit.grants {
                let impacts = try io.service.previewUserAccess(io.actor, user: user.id, grants: grants)
                if !impacts.isEmpty {
                    return AdminStep.push(ConfirmScreen(crumb: "Preview", title: "Save \(user.login)?", message: Describe.impacts(impacts, owner: user.login), yes: "save") { io in
                        try io.service.editUser(io.actor, user: user.id, edit, expectedVersion: user.version, confirming: impacts)
                        return AdminStep.done("Saved \(user.login).", select: nil)
                    })
                }
            }
            try io.service.editUser(io.actor, user: user.id, edit, expectedVersion: user.version, confirming: [])
            return AdminStep.done("Saved \(user.login).", select: nil)
        }
    }

    static func blockForm(_ user: User, _ io: ConsoleIO) -> FormScreen {
        let tree = io.context.tree
        let blocked = user.blockedGroups.sorted().map { tree.path(of: $0) }
        return FormScreen(crumb: "Block", title: "Block a subgroup for \(user.login)",
            message: "Inherited access stops at a blocked subgroup. Name one by name or path; naming a blocked one unblocks it. Blocked now: \(blocked.isEmpty ? "none" : blocked.joined(separator: "; ")).",
            fields: [FormField(id: .subgroup, label: "Subgroup", value: "")], submitLabel: "block or unblock") { v, io in
            let group = try io.reader.group(io.context.account.id, key: v[.subgroup].trimmingCharacters(in: .whitespaces))
            if user.blockedGroups.contains(group.id) {
                try io.service.unblockGroup(io.actor, user: user.id, group: group.id, expectedVersion: user.version)
                return AdminStep.done("\(user.login) inherits access to \(group.name) again.", select: nil)
            }
            let impacts = try io.service.previewBlock(io.actor, user: user.id, group: group.id)
            if !impacts.isEmpty {
                return AdminStep.push(ConfirmScreen(crumb: "Preview", title: "Block \(group.name) for \(user.login)?",
                                                    message: Describe.impacts(impacts, owner: user.login), yes: "block") { io in
                    try io.service.blockGroup(io.actor, user: user.id, group: group.id, expectedVersion: user.version, confirming: impacts)
                    return AdminStep.done("\(user.login)'s inherited access now stops at \(group.name); \(impacts.map(\.name).joined(separator: ", ")) cut down.", select: nil)
                })
            }
            try io.service.blockGroup(io.actor, user: user.id, group: group.id, expectedVersion: user.version, confirming: [])
            return AdminStep.done("\(user.login)'s inherited access now stops at \(group.name).", select: nil)
        }
    }

    /// Deleting a user refused: when the only obstacle is the API clients they own and the actor
    /// may transfer them, offer to choose a new owner (rule 10) instead of a dead end; the
    /// transfer and the deletion then happen in one transaction. Otherwise the refusal stands.
    static func offerTransferOrRefuse(user id: UserID, refusal: Decision) -> Effect {
        .run { io in
            guard let user = try io.reader.user(id) else { return AdminStep.refused("That user no longer exists.") }
            let owned = try io.reader.ownedClients(id).filter { $0.kind == .api }
            let viaActor = try io.reader.decision(io.context, .deleteUser(id, transferTo: io.context.user.id))
            guard !owned.isEmpty, viaActor.isAllowed || id == io.context.user.id else {
                return AdminStep.refused("Delete the selected row: \(refusal.reason ?? "")")
            }
            let names = owned.map(\.name).joined(separator: ", ")
            let them = owned.count == 1 ? "it" : "them"
            return AdminStep.push(ConfirmScreen(crumb: "Delete", title: "\(user.login) owns API clients",
                message: "\(user.login) owns \(Plural.count(owned.count, "API client")) (\(names)) and cannot be deleted until someone else owns \(them). Choose the new owner; the transfer and the deletion then happen together.",
                yes: "choose the new owner") { io in
                AdminStep.push(UserPickerScreen(crumb: "New owner", title: "Transfer \(names) from \(user.login) to",
                                                lists: io.lists, account: io.context.account.id) { newOwnerID, io in
                    guard newOwnerID != user.id else { throw IDMError.invalid(ValidationError(field: "owner", message: "Choose someone other than \(user.login).")) }
                    guard let newOwner = try io.reader.user(newOwnerID) else { throw IDMError.notFound("That user no longer exists.") }
                    try io.reader.decision(io.context, .deleteUser(user.id, transferTo: newOwner.id)).enforce()
                    let cut = try io.service.previewHandover(io.actor, user: user.id, to: newOwner.id, deleting: true)
                    let losses = cut.isEmpty ? "" : " Under \(newOwner.login), " + cut.map { "\($0.name) loses " + Describe.loss($0.preview) }.joined(separator: "; ") + "."
                    return AdminStep.push(ConfirmScreen(crumb: "Delete", title: "Delete \(user.login)",
                        message: "\(newOwner.login) will own \(names).\(losses) Delete the user \(user.login) (\(user.fullName))? This cannot be undone.",
                        yes: "transfer and delete") { io in
                        try io.service.deleteUser(io.actor, user: user.id, transferTo: newOwner.id, expectedVersion: user.version)
                        return AdminStep.done("\(newOwner.login) now owns \(user.login)'s API clients; deleted \(user.login).", select: nil)
                    })
                })
            })
        }
    }

    /// Only the fields the form changed, so an unchanged form saves nothing.
    static func changedFields(_ edit: UserProfileEdit, of user: User) -> UserProfileEdit {
        func changed(_ new: String?, _ old: String) -> String? { new.map { $0.trimmingCharacters(in: .whitespaces) } == old ? nil : new }
        return UserProfileEdit(firstName: changed(edit.firstName, user.firstName), lastName: changed(edit.lastName, user.lastName),
                               email: changed(edit.email, user.email), jobTitle: changed(edit.jobTitle, user.jobTitle),
                               phone: changed(edit.phone, user.phone), timeZone: changed(edit.timeZone, user.timeZone))
    }

    static func parseGrants(_ text: String, _ io: ConsoleIO) throws -> [Grant] {
        let account = io.context.account.id
        return try text.split(separator: ",").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw IDMError.invalid(ValidationError(field: "grants", message: "\"\(part.trimmingCharacters(in: .whitespaces))\" is not GROUP=ROLE."))
            }
            return Grant(groupID: try io.reader.group(account, key: pieces[0]).id, roleID: try io.reader.role(account, key: pieces[1]).id)
        }
    }

    static func parsePermissions(_ text: String) -> Set<Permission> {
        Set(text.split(whereSeparator: { $0 == "," || $0 == " " }).map { Permission(String($0)) })
    }
}

/// Counted nouns: "1 user", "2 users".
enum Plural {
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
