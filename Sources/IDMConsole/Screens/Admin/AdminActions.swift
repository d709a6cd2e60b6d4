import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// A form or a question of the Users, Groups or Roles tab, and what answering it does.
enum AdminDialog {
    enum Form { case createUser, editUser(User), blockGroup(User), createGroup(parent: Group), renameGroup(Group), moveGroup(Group), createRole, editRole(Role) }
    enum Question {
        case lockUser(User), unlockUser(User), deleteUser(User), deleteGroup(Group), deleteRole(Role)
        /// Rule 10 in one transaction: the clients go to the new owner, then the user is deleted.
        case deleteUserTransferring(User, to: User)
        /// Rule 17: the edit shrinks these clients, shown before anything is saved.
        case editUser(User, UserEdit, [ClientImpact])
        case blockGroup(User, GroupID, [ClientImpact])
        case moveGroup(Group, to: GroupID, GroupMovePreview)
        case editRole(Role, RoleEdit, RoleChangeImpact)
        /// Rule 10's way out: the user owns clients; transfer them first, then delete.
        case offerTransfer(User, [APIClient])
    }
    case form(FormDialog, Form)
    case confirm(Confirmation, Question)
    /// Choosing who takes over the clients of a user about to be deleted.
    case pickNewOwner(OwnerPicker, User, [APIClient])
}

/// Administration from the lists: the selected row is what the action applies to, and the
/// policy decides, as everywhere, with a reason when it refuses.
extension Console {
    private func selected<T>(_ load: (GRDB_Database, Int64) throws -> T?) throws -> T? {
        guard let row = tab.selectedRow else { return nil }
        return try session.read { db in try load(db, row.id) }
    }

    /// The decision table's question for an action on the selected row (nil: not on this tab).
    func adminQuestion(_ action: Action) -> IDMDomain.Question? {
        let id = tab.selectedRow?.id
        switch (action, tab.list) {
        case (.create, .users): return .createUser(grants: nil)
        case (.create, .groups): return id.map { .createGroup(parent: $0) }
        case (.create, .roles): return .createRole(permissions: nil)
        case (.edit, .users): return id.map { .editUser($0) }
        case (.block, .users): return id.map { .editUserAccess($0, grants: nil, blocked: nil) }
        case (.edit, .groups): return id.map { .renameGroup($0) }
        case (.move, .groups): return id.map { .moveGroup($0, to: nil) }
        case (.edit, .roles): return id.map { .editRole($0, permissions: nil) }
        case (.lockToggle, .users):
            guard let id, let user = try? session.read({ db in try Q.user(db, id: id) }) else { return nil }
            return user.locked ? .unlockUser(id) : .lockUser(id)
        case (.delete, .users): return id.map { .deleteUser($0, transferTo: nil) }
        case (.delete, .groups): return id.map { .deleteGroup($0) }
        case (.delete, .roles): return id.map { .deleteRole($0) }
        default: return nil
        }
    }

    func adminAvailability(_ action: Action) -> Decision {
        guard let question = adminQuestion(action) else {
            if tab.list == .groups && action == .create { return .denied("Select the parent group first.") }
            return tab.selectedRow == nil && tab.list != .users ? .denied("The list is empty.") : .denied("Not on this tab.")
        }
        do {
            return try session.read { db in try Decide.decision(db, session.context, question) }
        } catch {
            return .denied("\(error)")
        }
    }

    /// When deleting a user is refused only because they own API clients that the actor may
    /// transfer, offers to transfer them first (rule 10) instead of a dead end. Transfer and
    /// deletion then happen in one transaction.
    func offerTransferBeforeDelete() throws -> Bool {
        guard tab.list == .users, let user = try selected({ try Q.user($0, id: $1) }) else { return false }
        let owned = try session.read { db in try Q.clients(db, ownedBy: user.id) }.filter { $0.kind == .api }
        guard !owned.isEmpty else { return false }
        // Would it be allowed with the clients transferred to someone who can take them (the actor)?
        let anyone = try session.read { db in try Decide.decision(db, session.context, .deleteUser(user.id, transferTo: session.context.user.id)) }
        guard anyone.isAllowed || user.id == session.context.user.id else { return false }
        let names = owned.map(\.name).joined(separator: ", ")
        adminDialog = .confirm(Confirmation(title: "\(user.login) owns API clients",
            message: "\(user.login) owns \(owned.count) API client\(owned.count == 1 ? "" : "s") (\(names)) and cannot be deleted until someone else owns \(owned.count == 1 ? "it" : "them"). Choose the new owner; the transfer and the deletion then happen together.",
            yes: "choose the new owner"), .offerTransfer(user, owned))
        return true
    }

    func startAdmin(_ action: Action) throws {
        switch (action, tab.list) {
        case (.create, .users):
            adminDialog = .form(FormDialog(title: "New user", message: "A user needs at least one role on a group: GROUP=ROLE, several separated by commas (e.g. Acme Web=Property Viewer).",
                fields: [("Login", ""), ("First name", ""), ("Last name", ""), ("Email", ""), ("Job title", ""), ("Roles", "")], submitLabel: "create"), .createUser)
        case (.create, .groups):
            guard let parent = try selected({ try Q.group($0, id: $1) }) else { return }
            adminDialog = .form(FormDialog(title: "New subgroup of \(parent.name)", message: "1-50 characters, unique among its siblings.",
                                           fields: [("Name", "")], submitLabel: "create"), .createGroup(parent: parent))
        case (.create, .roles):
            adminDialog = .form(FormDialog(title: "New custom role", message: "Permissions separated by commas, e.g. idm.apiClients.user, product.reporting.read.",
                fields: [("Name", ""), ("Description", ""), ("Permissions", "")], submitLabel: "create"), .createRole)
        case (.edit, .users):
            guard let user = try selected({ try Q.user($0, id: $1) }) else { return }
            let tree = try session.read { db in try Q.tree(db, account: user.accountID) }
            let roles = try session.read { db in try Q.rolesByID(db, account: user.accountID) }
            let grants = user.grants.map { "\(tree.path(of: $0.groupID))=\(roles[$0.roleID]?.name ?? "?")" }.joined(separator: ", ")
            adminDialog = .form(FormDialog(title: "Edit \(user.login)",
                message: "Roles: GROUP=ROLE, separated by commas; they replace the current ones and cascade to subgroups. Leave them as they are to change the profile only.",
                fields: [("First name", user.firstName), ("Last name", user.lastName), ("Email", user.email), ("Job title", user.jobTitle),
                         ("Phone", user.phone), ("Time zone", user.timeZone), ("Roles", grants)], submitLabel: "save"), .editUser(user))
        case (.block, .users):
            guard let user = try selected({ try Q.user($0, id: $1) }) else { return }
            let tree = try session.read { db in try Q.tree(db, account: user.accountID) }
            let blocked = user.blockedGroups.sorted().map { tree.path(of: $0) }
            adminDialog = .form(FormDialog(title: "Block a subgroup for \(user.login)",
                message: "Inherited access stops at a blocked subgroup. Name one by name or path; naming a blocked one unblocks it. Blocked now: \(blocked.isEmpty ? "none" : blocked.joined(separator: "; ")).",
                fields: [("Subgroup", "")], submitLabel: "block or unblock"), .blockGroup(user))
        case (.edit, .groups):
            guard let group = try selected({ try Q.group($0, id: $1) }) else { return }
            adminDialog = .form(FormDialog(title: "Rename \(group.name)", message: "1-50 characters, unique among its siblings.",
                                           fields: [("Name", group.name)], submitLabel: "rename"), .renameGroup(group))
        case (.move, .groups):
            guard let group = try selected({ try Q.group($0, id: $1) }) else { return }
            adminDialog = .form(FormDialog(title: "Move \(group.name)", message: "The new parent, by name or path, in the same contract (\(group.contractID)). Who gains or loses access is shown before anything moves.",
                                           fields: [("New parent", "")], submitLabel: "preview"), .moveGroup(group))
        case (.edit, .roles):
            guard let role = try selected({ try Q.role($0, id: $1) }) else { return }
            adminDialog = .form(FormDialog(title: "Edit \(role.name)", message: "Permissions separated by commas. The users and API clients the change reaches are shown before it is saved.",
                fields: [("Name", role.name), ("Description", role.description), ("Permissions", role.permissions.sorted().map(\.rawValue).joined(separator: ", "))],
                submitLabel: "preview"), .editRole(role))
        case (.lockToggle, .users):
            guard let user = try selected({ try Q.user($0, id: $1) }) else { return }
            adminDialog = user.locked
                ? .confirm(Confirmation(title: "Unlock \(user.login)", message: "\(user.login) can sign in and act again.", yes: "unlock"), .unlockUser(user))
                : .confirm(Confirmation(title: "Lock \(user.login)", message: "\(user.login) can no longer sign in or change anything; their API clients keep working.", yes: "lock"), .lockUser(user))
        case (.delete, .users):
            guard let user = try selected({ try Q.user($0, id: $1) }) else { return }
            adminDialog = .confirm(Confirmation(title: "Delete \(user.login)", message: "Delete the user \(user.login) (\(user.fullName))? This is final.", yes: "delete"), .deleteUser(user))
        case (.delete, .groups):
            guard let group = try selected({ try Q.group($0, id: $1) }) else { return }
            adminDialog = .confirm(Confirmation(title: "Delete \(group.name)", message: "Delete the group \(group.name)? This is final.", yes: "delete"), .deleteGroup(group))
        case (.delete, .roles):
            guard let role = try selected({ try Q.role($0, id: $1) }) else { return }
            adminDialog = .confirm(Confirmation(title: "Delete \(role.name)", message: "Delete the custom role \(role.name)? No one holds it.", yes: "delete"), .deleteRole(role))
        default: break
        }
    }

    func updateAdmin(_ event: KeyEvent) throws {
        guard let dialog = adminDialog else { return }
        switch dialog {
        case .confirm(_, .offerTransfer(let user, let clients)):
            adminDialog = nil
            guard Confirmation.confirms(event) else { return }
            var picker = try OwnerPicker(store: session.store, account: session.account.id)
            picker.title = "Transfer \(clients.map(\.name).joined(separator: ", ")) from \(user.login) to"
            try picker.users.loadVisible(height: pickerHeight)
            adminDialog = .pickNewOwner(picker, user, clients)
        case .pickNewOwner(var picker, let user, let clients):
            switch try picker.handle(event, store: session.store, height: pickerHeight) {
            case .stay: adminDialog = .pickNewOwner(picker, user, clients)
            case .cancel: adminDialog = nil
            case .pick(let id):
                let newOwner = try session.read { db in try Q.user(db, id: id)! }
                guard newOwner.id != user.id else {
                    adminDialog = .pickNewOwner(picker, user, clients)
                    notice = Notice(text: "Choose someone other than \(user.login).", kind: .reason, anchorX: 1)
                    return
                }
                let decision = try session.read { db in try Decide.decision(db, session.context, .deleteUser(user.id, transferTo: newOwner.id)) }
                if case .denied(let reason) = decision {
                    adminDialog = nil
                    notice = Notice(text: reason, kind: .error, anchorX: nil)
                    return
                }
                let cut = try session.service.previewHandover(session.actor, user: user.id, to: newOwner.id, deleting: true)
                let losses = cut.isEmpty ? "" : " Under \(newOwner.login), " + cut.map { "\($0.name) loses " + Self.loss($0.preview) }.joined(separator: "; ") + "."
                adminDialog = .confirm(Confirmation(title: "Delete \(user.login)",
                    message: "\(newOwner.login) will own \(clients.map(\.name).joined(separator: ", ")).\(losses) Delete the user \(user.login) (\(user.fullName))? This is final.",
                    yes: "transfer and delete"), .deleteUserTransferring(user, to: newOwner))
            }
        case .confirm(_, let question):
            adminDialog = nil
            guard Confirmation.confirms(event) else { return }
            do {
                notice = Notice(text: try answer(question), kind: .info, anchorX: nil)
                try reloadTabs()
            } catch {
                notice = Notice(text: "\(error)", kind: .error, anchorX: nil)
            }
        case .form(var form, let purpose):
            switch form.handle(event) {
            case .stay: adminDialog = .form(form, purpose)
            case .cancel: adminDialog = nil
            case .submit(let values):
                do {
                    adminDialog = nil
                    if let next = try submit(purpose, values) {
                        adminDialog = next
                    } else {
                        try reloadTabs()
                    }
                } catch {
                    // Refused or invalid: the form stays, with what was typed and the reason.
                    form.error = "\(error)"
                    adminDialog = .form(form, purpose)
                }
            }
        }
    }

    /// Submits a form; returns the confirmation to show next (previews), or nil when done.
    private func submit(_ purpose: AdminDialog.Form, _ v: [String]) throws -> AdminDialog? {
        let service = session.service
        let actor = session.actor
        let account = session.account.id
        switch purpose {
        case .createUser:
            let grants = try parseGrants(v[5])
            let user = try service.createUser(actor, NewUser(login: v[0], firstName: v[1], lastName: v[2], email: v[3], jobTitle: v[4], grants: grants))
            notice = Notice(text: "Created \(user.login).", kind: .info, anchorX: nil)
        case .editUser(let user):
            // Profile and roles are one intent, saved in one transaction: a refusal of either
            // leaves the user as they were. Clients the new roles shrink are shown first.
            let grants = try parseGrants(v[6])
            let profile = UserProfileEdit(firstName: v[0], lastName: v[1], email: v[2], jobTitle: v[3], phone: v[4], timeZone: v[5])
            let changed = Self.changedFields(profile, of: user)
            let edit = UserEdit(profile: changed, grants: Set(grants) == Set(user.grants) ? nil : grants)
            if let grants = edit.grants {
                let impacts = try service.previewUserAccess(actor, user: user.id, grants: grants)
                if !impacts.isEmpty {
                    return .confirm(Confirmation(title: "Save \(user.login)?", message: Self.describe(impacts, owner: user.login), yes: "save"),
                                    .editUser(user, edit, impacts))
                }
            }
            try service.editUser(actor, user: user.id, edit, expectedVersion: user.version, confirming: [])
            notice = Notice(text: "Saved \(user.login).", kind: .info, anchorX: nil)
        case .blockGroup(let user):
            let group = try session.read { db in try Q.group(db, account: account, key: v[0].trimmingCharacters(in: .whitespaces)) }
            if user.blockedGroups.contains(group.id) {
                try service.unblockGroup(actor, user: user.id, group: group.id, expectedVersion: user.version)
                notice = Notice(text: "\(user.login) inherits access to \(group.name) again.", kind: .info, anchorX: nil)
            } else {
                let impacts = try service.previewBlock(actor, user: user.id, group: group.id)
                if !impacts.isEmpty {
                    return .confirm(Confirmation(title: "Block \(group.name) for \(user.login)?", message: Self.describe(impacts, owner: user.login),
                                                 yes: "block"), .blockGroup(user, group.id, impacts))
                }
                try service.blockGroup(actor, user: user.id, group: group.id, expectedVersion: user.version, confirming: [])
                notice = Notice(text: "\(user.login)'s inherited access now stops at \(group.name).", kind: .info, anchorX: nil)
            }
        case .createGroup(let parent):
            let group = try service.createGroup(actor, parent: parent.id, name: v[0])
            notice = Notice(text: "Created \(group.name) under \(parent.name).", kind: .info, anchorX: nil)
        case .createRole:
            try service.createRole(actor, name: v[0], description: v[1], permissions: try parsePermissions(v[2]))
            notice = Notice(text: "Created the role \(v[0].trimmingCharacters(in: .whitespaces)).", kind: .info, anchorX: nil)
        case .renameGroup(let group):
            let renamed = try service.renameGroup(actor, group: group.id, to: v[0], expectedVersion: group.version)
            notice = Notice(text: "Renamed \(group.name) to \(renamed.name).", kind: .info, anchorX: nil)
        case .moveGroup(let group):
            let parent = try session.read { db in try Q.group(db, account: account, key: v[0].trimmingCharacters(in: .whitespaces)) }
            let preview = try service.previewGroupMove(actor, group: group.id, to: parent.id)
            let tree = try session.read { db in try Q.tree(db, account: account) }
            return .confirm(Confirmation(title: "Move \(group.name) under \(parent.name)", message: Self.describe(preview, tree: tree), yes: "move"),
                            .moveGroup(group, to: parent.id, preview))
        case .editRole(let role):
            let permissions = try parsePermissions(v[2])
            let impact = try service.previewRoleEdit(actor, role: role.id, permissions: permissions)
            let edit = RoleEdit(name: v[0], description: v[1], permissions: permissions)
            return .confirm(Confirmation(title: "Save \(role.name)?", message: Self.describe(impact), yes: "save"), .editRole(role, edit, impact))
        }
        return nil
    }

    private func answer(_ question: AdminDialog.Question) throws -> String {
        let service = session.service
        let actor = session.actor
        switch question {
        case .lockUser(let u): try service.lockUser(actor, user: u.id, expectedVersion: u.version); return "Locked \(u.login)."
        case .unlockUser(let u): try service.unlockUser(actor, user: u.id, expectedVersion: u.version); return "Unlocked \(u.login)."
        case .deleteUser(let u): try service.deleteUser(actor, user: u.id, expectedVersion: u.version); return "Deleted \(u.login)."
        case .deleteGroup(let g): try service.deleteGroup(actor, group: g.id, expectedVersion: g.version); return "Deleted \(g.name)."
        case .deleteRole(let r): try service.deleteRole(actor, role: r.id, expectedVersion: r.version); return "Deleted \(r.name)."
        case .moveGroup(let g, let parent, let preview):
            try service.moveGroup(actor, group: g.id, to: parent, expectedVersion: g.version, confirming: preview)
            return "Moved \(g.name)."
        case .editRole(let r, let edit, let impact):
            try service.editRole(actor, role: r.id, edit, expectedVersion: r.version, confirming: impact)
            return "Saved \(edit.name ?? r.name)."
        case .deleteUserTransferring(let u, let newOwner):
            try service.deleteUser(actor, user: u.id, transferTo: newOwner.id, expectedVersion: u.version)
            return "\(newOwner.login) now owns \(u.login)'s API clients; deleted \(u.login)."
        case .editUser(let u, let edit, let impacts):
            try service.editUser(actor, user: u.id, edit, expectedVersion: u.version, confirming: impacts)
            return "Saved \(u.login)."
        case .blockGroup(let u, let group, let impacts):
            try service.blockGroup(actor, user: u.id, group: group, expectedVersion: u.version, confirming: impacts)
            return "\(u.login)'s inherited access now stops there; \(impacts.map(\.name).joined(separator: ", ")) cut down."
        case .offerTransfer: return ""
        }
    }

    /// "1 group and papi", what a client loses under a new owner.
    static func loss(_ p: TransferPreview) -> String {
        var parts: [String] = []
        if !p.lostGroups.isEmpty { parts.append("\(p.lostGroups.count) group\(p.lostGroups.count == 1 ? "" : "s")") }
        parts += p.lostAPIs
        parts += p.loweredAPIs.map { "\($0.0) write access" }
        return parts.joined(separator: ", ")
    }

    /// Only the fields the form changed, so an unchanged form saves nothing.
    static func changedFields(_ edit: UserProfileEdit, of user: User) -> UserProfileEdit {
        func changed(_ new: String?, _ old: String) -> String? { new.map { $0.trimmingCharacters(in: .whitespaces) } == old ? nil : new }
        return UserProfileEdit(firstName: changed(edit.firstName, user.firstName), lastName: changed(edit.lastName, user.lastName),
                               email: changed(edit.email, user.email), jobTitle: changed(edit.jobTitle, user.jobTitle),
                               phone: changed(edit.phone, user.phone), timeZone: changed(edit.timeZone, user.timeZone))
    }

    /// "purge-pipeline (mike) loses Acme Streaming, Live, VOD and every API: it stays, marked no access."
    static func describe(_ impacts: [ClientImpact], owner: String) -> String {
        "\(owner) owns API clients that are cut down to their new access: " + impacts.map { impact in
            let p = impact.preview
            var parts: [String] = []
            if !p.lostGroups.isEmpty { parts.append("loses \(p.lostGroups.count) group\(p.lostGroups.count == 1 ? "" : "s")") }
            if !p.lostAPIs.isEmpty { parts.append("loses " + p.lostAPIs.joined(separator: ", ")) }
            if !p.loweredAPIs.isEmpty { parts.append("lowers " + p.loweredAPIs.map(\.0).joined(separator: ", ")) }
            return "\(impact.name) " + parts.joined(separator: ", ")
        }.joined(separator: "; ") + "."
    }

    private func parseGrants(_ text: String) throws -> [Grant] {
        let account = session.account.id
        return try text.split(separator: ",").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw IDMError.invalid(ValidationError(field: "grants", message: "\"\(part.trimmingCharacters(in: .whitespaces))\" is not GROUP=ROLE."))
            }
            return try session.read { db in
                Grant(groupID: try Q.group(db, account: account, key: pieces[0]).id, roleID: try Q.role(db, account: account, key: pieces[1]).id)
            }
        }
    }

    private func parsePermissions(_ text: String) throws -> Set<Permission> {
        Set(text.split(whereSeparator: { $0 == "," || $0 == " " }).map { Permission(String($0)) })
    }

    static func describe(_ preview: GroupMovePreview, tree: GroupTree) -> String {
        if preview.changesNothing { return "No one gains or loses access, and no API client changes." }
        var lines: [String] = []
        for change in preview.users {
            var parts: [String] = []
            if !change.gained.isEmpty { parts.append("gains " + change.gained.map { tree[$0]?.name ?? "#\($0)" }.joined(separator: ", ")) }
            if !change.lost.isEmpty { parts.append("loses " + change.lost.map { tree[$0]?.name ?? "#\($0)" }.joined(separator: ", ")) }
            if !change.changedRole.isEmpty { parts.append("changes role on \(change.changedRole.count) group\(change.changedRole.count == 1 ? "" : "s")") }
            lines.append("\(change.login) " + parts.joined(separator: "; "))
        }
        if !preview.clients.isEmpty {
            lines.append("API clients cut down to their owner's access: " + preview.clients.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: ". ") + "."
    }

    static func describe(_ impact: RoleChangeImpact) -> String {
        var text = "Reaches \(impact.userCount) user\(impact.userCount == 1 ? "" : "s") and \(impact.clientCount) API client\(impact.clientCount == 1 ? "" : "s")."
        if !impact.added.isEmpty { text += " Adds " + impact.added.map(\.rawValue).joined(separator: ", ") + "." }
        if !impact.removed.isEmpty { text += " Removes " + impact.removed.map(\.rawValue).joined(separator: ", ") + "." }
        if !impact.clients.isEmpty { text += " Clients cut down: " + impact.clients.map(\.name).joined(separator: ", ") + "." }
        return text
    }
}

