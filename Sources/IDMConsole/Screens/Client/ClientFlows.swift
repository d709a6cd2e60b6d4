import Foundation
import IDMDomain
import IDMStore

/// What each allowed action of the client page starts: at once (an effect), or through a
/// question or form pushed on top, whose effect calls the service.
enum ClientFlows {
    static func start(_ action: ClientAction, _ f: ClientFacts, selected: Credential?, env: Env) -> [Effect] {
        let c = f.client
        let owner = f.owner.login
        func done(_ text: String) -> AdminStep { .done(text, select: nil) }
        func confirm(_ crumb: String, _ title: String, _ message: String, _ yes: String, _ perform: @escaping (ConsoleIO) throws -> Any) -> [Effect] {
            [.push(ConfirmScreen(crumb: crumb, title: title, message: message, yes: yes, perform: perform))]
        }
        switch action {
        case .generate:
            return [.run { io in
                let issued = try io.service.generateCredential(io.actor, client: c.id)
                return IssuedCredentials(purpose: .generated, client: c, credentials: [issued], owner: owner, reminder: nil)
            }]
        case .rotate:
            if let inactive = action.makeRoom(f) {
                // At the cap, the way out: the inactive credential is deleted in the same
                // transaction as the new one is made, once the rotate form is submitted.
                return confirm("Rotate", "Rotate: make room first",
                    "\(c.name) already has \(f.credentials.count) credentials, the most a client may have. Delete the inactive credential \(inactive.tokenPrefix)… (\(inactive.description.isEmpty ? "no description" : inactive.description)) when rotating? It cannot be undone.",
                    "delete it and rotate") { _ in AdminStep.push(rotateForm(f, makingRoom: inactive)) }
            }
            return [.push(rotateForm(f, makingRoom: nil))]
        case .activate:
            guard let cred = selected else { return [] }
            return confirm("Activate", "Activate", "Activate credential \(cred.tokenPrefix)…?", "activate") { io in
                try io.service.setCredentialStatus(io.actor, credential: cred.id, active: true, expectedVersion: cred.version)
                return done("Activated \(cred.tokenPrefix)….")
            }
        case .deactivate:
            guard let cred = selected else { return [] }
            return confirm("Deactivate", "Deactivate", "Deactivate credential \(cred.tokenPrefix)…? Programs using it stop working at once.", "deactivate") { io in
                try io.service.setCredentialStatus(io.actor, credential: cred.id, active: false, expectedVersion: cred.version)
                return done("Deactivated \(cred.tokenPrefix)….")
            }
        case .deactivateAll:
            return confirm("Deactivate all", "Deactivate all", "Deactivate every credential of \(c.name)? Everything using the client stops working at once.", "deactivate all") { io in
                try io.service.deactivateAllCredentials(io.actor, client: c.id)
                return done("Deactivated every credential of \(c.name).")
            }
        case .deleteCredential:
            guard let cred = selected else { return [] }
            return confirm("Delete credential", "Delete credential", "Delete credential \(cred.tokenPrefix)…? This cannot be undone.", "delete") { io in
                try io.service.deleteCredential(io.actor, credential: cred.id, expectedVersion: cred.version)
                return done("Deleted \(cred.tokenPrefix)….")
            }
        case .expiry:
            guard let cred = selected else { return [] }
            return [.push(FormScreen(crumb: "Expiry", title: "Expiry of \(cred.tokenPrefix)…",
                message: "A day as YYYY-MM-DD, at most \(Credential.maximumLifetimeDays) days after the credential was created (\(Formats.day(cred.createdAt))).",
                fields: [FormField(id: .expiresOn, label: "Expires on", value: Formats.day(cred.expiresAt))], submitLabel: "save") { v, io in
                let text = v[.expiresOn].trimmingCharacters(in: .whitespaces)
                guard let day = Formats.parseDay(text) else {
                    throw IDMError.invalid(ValidationError(field: "expiresAt", message: "\"\(text)\" is not a day: use YYYY-MM-DD."))
                }
                try io.service.setCredentialExpiry(io.actor, credential: cred.id, expiresAt: day, expectedVersion: cred.version)
                return done("\(cred.tokenPrefix)… now expires on \(Formats.day(day)).")
            })]
        case .describe:
            guard let cred = selected else { return [] }
            return [.push(FormScreen(crumb: "Description", title: "Description of \(cred.tokenPrefix)…", message: "What uses this credential?",
                                     fields: [FormField(id: .description, label: "Description", value: cred.description)], submitLabel: "save") { v, io in
                guard v[.description] != cred.description else { return done("Nothing changed.") }
                try io.service.setCredentialDescription(io.actor, credential: cred.id, description: v[.description], expectedVersion: cred.version)
                return done("Description saved.")
            })]
        case .transfer:
            return [.push(UserPickerScreen(crumb: "Transfer", title: "Transfer \(c.name): choose the new owner",
                                           lists: env.lists, account: env.account.id) { newOwnerID, io in
                guard let newOwner = try io.reader.user(newOwnerID) else { throw IDMError.notFound("That user no longer exists.") }
                try io.reader.decision(io.context, .transferClient(c.id, to: newOwner.id)).enforce()
                let preview = try io.reader.transferPreview(c, to: newOwner)
                return AdminStep.push(ConfirmScreen(crumb: "Preview", title: "Transfer \(c.name) to \(newOwner.login)",
                    message: Describe.transfer(preview, to: newOwner.login, tree: io.context.tree, services: try io.reader.services()), yes: "transfer") { io in
                    try io.service.transferOwnership(io.actor, client: c.id, to: newOwner.login, expectedVersion: c.version)
                    return done("\(c.name) now belongs to \(newOwner.login).")
                })
            })]
        case .editAuthorization:
            return [.run { io in
                var draft = try io.reader.wizard(for: f.owner)
                draft.groups.select(c.groupIDs)
                draft.apis.choose(c.apis)
                draft.reevaluate()
                return NewClientFlow.Edit(wizard: draft, mode: .editAuthorization(clientName: c.name), client: c)
            }]
        case .editDetails:
            return [.run { io in
                var draft = try io.reader.wizard(for: f.owner)
                draft.details = ClientDetails(name: c.name, description: c.description, emails: c.notificationEmails, cidrs: c.ipAllowlist)
                draft.step = .details
                return NewClientFlow.Edit(wizard: draft, mode: .editDetails(clientName: c.name), client: c)
            }]
        case .lockToggle:
            if c.locked {
                return confirm("Unlock", "Unlock", "Unlock \(c.name)? It can be used and edited again.", "unlock") { io in
                    try io.service.unlockClient(io.actor, client: c.id, expectedVersion: c.version)
                    return done("Unlocked \(c.name).")
                }
            }
            return confirm("Lock", "Lock", "Lock \(c.name)? No one can use or edit it until an Admin or IDM Admin unlocks it.", "lock") { io in
                try io.service.lockClient(io.actor, client: c.id, expectedVersion: c.version)
                return done("Locked \(c.name).")
            }
        case .deleteClient:
            return [.push(FormScreen(crumb: "Delete", title: "Delete \(c.name)",
                message: "Deleting an API client cannot be undone; its credentials go with it. Type the client's name to confirm.",
                fields: [FormField(id: .typedName, label: "Name", value: "")], submitLabel: "delete") { v, io in
                guard v[.typedName] == c.name else {
                    throw IDMError.invalid(ValidationError(field: "name", message: "That is not the client's name; type \(c.name) exactly."))
                }
                try io.service.deleteClient(io.actor, client: c.id, expectedVersion: c.version)
                return ClientDeleted(name: c.name)
            }.watching(VersionedSubject(.client, id: c.id, version: c.version, name: c.name)))]
        }
    }

    static func rotateForm(_ f: ClientFacts, makingRoom inactive: Credential?) -> FormScreen {
        let c = f.client
        let room = inactive.map { " The inactive credential \($0.tokenPrefix)… is deleted in the same step." } ?? ""
        return FormScreen(crumb: "Rotate", title: "Rotate the credential of \(c.name)",
            message: "A new credential is made now. The current one keeps working for the overlap, then expires; deactivate it once nothing uses it.\(room)",
            fields: [FormField(id: .overlapDays, label: "Overlap (days)", value: "7"), FormField(id: .description, label: "Description", value: "")],
            submitLabel: "rotate") { v, io in
            guard let days = Int(v[.overlapDays].trimmingCharacters(in: .whitespaces)), days >= 0 else {
                throw IDMError.invalid(ValidationError(field: "overlap", message: "The overlap is a whole number of days, e.g. 7."))
            }
            let (issued, old) = try io.service.rotateCredential(io.actor, client: c.id, overlapDays: days, description: v[.description],
                                                                deletingInactive: inactive?.id)
            let reminder = "Rotated. Deactivate the old credential \(old.tokenPrefix)… (now expiring \(Formats.day(old.expiresAt))) once nothing uses it: select it and press d."
            return IssuedCredentials(purpose: .rotated, client: c, credentials: [issued], owner: f.owner.login, reminder: reminder)
        }.watching(VersionedSubject(.client, id: c.id, version: c.version, name: c.name))
    }
}
