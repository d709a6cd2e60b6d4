import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

extension ClientScreen {
    /// Keys go to the question or form in front; answering it performs the operation.
    mutating func handlePending(_ current: Pending, _ key: KeyEvent, session: Session, height: Int) throws -> Outcome {
        switch current {
        case .confirm(_, let operation):
            pending = nil
            guard Confirmation.confirms(key) else { return .stay }
            return try perform(operation, session: session)
        case .form(var form, let purpose):
            switch form.handle(key) {
            case .stay: pending = .form(form, purpose)
            case .cancel: pending = nil
            case .submit(let values):
                do {
                    let outcome = try submit(purpose, values, session: session)
                    pending = nil
                    return outcome
                } catch let error as IDMError {
                    if case .conflict = error { pending = nil; notice = conflictNotice(error); return .stay }
                    form.error = error.description
                    pending = .form(form, purpose)
                }
            }
            return .stay
        case .picker(var picker):
            switch try picker.handle(key, store: session.store, height: max(1, height - 4)) {
            case .stay: pending = .picker(picker)
            case .cancel: pending = nil
            case .pick(let id):
                let newOwner = try session.read { db in try Q.user(db, id: id)! }
                let access = try session.read { db in try Q.access(db, of: newOwner) }
                let services = try session.read { db in Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) }) }
                let preview = Policy.transferPreview(client: facts.client, newOwnerAccess: access, services: services)
                let decision = try session.read { db in try Decide.decision(db, session.context, .transferClient(facts.client.id, to: newOwner.id)) }
                if case .denied(let reason) = decision {
                    pending = .picker(picker)
                    notice = Notice(text: reason, kind: .reason, anchorX: 1)
                    return .stay
                }
                let tree = try session.read { db in try Q.tree(db, account: facts.client.accountID) }
                pending = .confirm(Confirmation(title: "Transfer \(facts.client.name) to \(newOwner.login)",
                                                message: Self.describe(preview, to: newOwner.login, tree: tree, services: services),
                                                yes: "transfer"), .transfer(newOwner))
            }
            return .stay
        }
    }

    /// What the client would lose under a new owner, in words.
    static func describe(_ preview: TransferPreview, to login: String, tree: GroupTree, services: [ServiceID: APIService]) -> String {
        let manage = preview.ownerCannotManage
            ? " \(login) could generate its credentials but not manage it (no Manage API Clients permission on its groups)." : ""
        if preview.losesNothing { return "\(login) can hold all of its access: nothing is lost.\(manage)" }
        var losses: [String] = []
        if !preview.lostGroups.isEmpty { losses.append("the groups " + preview.lostGroups.map { tree.path(of: $0) }.joined(separator: ", ")) }
        if !preview.lostAPIs.isEmpty { losses.append("the APIs " + preview.lostAPIs.map { services[$0]?.name ?? $0 }.joined(separator: ", ")) }
        for lowered in preview.loweredAPIs {
            losses.append("\(services[lowered.0]?.name ?? lowered.0) drops from \(lowered.from.rawValue) to \(lowered.to.rawValue)")
        }
        return "Under \(login) the client would lose " + losses.joined(separator: "; ") + ". A client never has more access than its owner." + manage
    }

    private mutating func perform(_ operation: Operation, session: Session) throws -> Outcome {
        let service = session.service
        let actor = session.actor
        let c = facts.client
        do {
            switch operation {
            case .activate(let cred): try service.setCredentialStatus(actor, credential: cred.id, active: true, expectedVersion: cred.version)
            case .deactivate(let cred): try service.setCredentialStatus(actor, credential: cred.id, active: false, expectedVersion: cred.version)
            case .deleteCredential(let cred): try service.deleteCredential(actor, credential: cred.id, expectedVersion: cred.version)
            case .deactivateAll: try service.deactivateAllCredentials(actor, client: c.id)
            case .lock: try service.lockClient(actor, client: c.id, expectedVersion: c.version)
            case .unlock: try service.unlockClient(actor, client: c.id, expectedVersion: c.version)
            case .transfer(let user): try service.transferOwnership(actor, client: c.id, to: user.login, expectedVersion: c.version)
            case .deleteInactiveThenRotate(let cred):
                // Nothing is deleted yet: the deletion and the new credential are one
                // transaction when the rotate form is submitted, so a cancel changes nothing.
                return try start(rotateMakingRoom: cred, session: session)
            }
        } catch let error as IDMError {
            notice = error.isConflict ? conflictNotice(error) : Notice(text: error.description, kind: .error, anchorX: nil)
            return .stay
        }
        try reload(session)
        notice = Notice(text: Self.done(operation, c.name), kind: .info, anchorX: nil)
        return .stay
    }

    mutating func start(rotateMakingRoom inactive: Credential?, session: Session) throws -> Outcome {
        let room = inactive.map { " The inactive credential \($0.tokenPrefix)… is deleted in the same step." } ?? ""
        pending = .form(FormDialog(title: "Rotate the credential of \(facts.client.name)",
            message: "A new credential is created now. The current one keeps working for the overlap, then expires; deactivate it once nothing uses it.\(room)",
            fields: [("Overlap (days)", "7"), ("New credential's description", "")], submitLabel: "rotate"), .rotate(makingRoom: inactive))
        return .stay
    }

    static func done(_ operation: Operation, _ name: String) -> String {
        switch operation {
        case .activate(let c): return "Activated \(c.tokenPrefix)…."
        case .deactivate(let c): return "Deactivated \(c.tokenPrefix)…."
        case .deleteCredential(let c): return "Deleted \(c.tokenPrefix)…."
        case .deactivateAll: return "Deactivated every credential of \(name)."
        case .lock: return "Locked \(name)."
        case .unlock: return "Unlocked \(name)."
        case .transfer(let u): return "\(name) now belongs to \(u.login)."
        case .deleteInactiveThenRotate: return "Rotated."
        }
    }

    /// Forms: validate, then call the service; a refusal stays in the form with its reason.
    private mutating func submit(_ purpose: FormPurpose, _ values: [String], session: Session) throws -> Outcome {
        let service = session.service
        let actor = session.actor
        let c = facts.client
        switch purpose {
        case .expiry(let cred):
            guard let day = Formats.parseDay(values[0].trimmingCharacters(in: .whitespaces)) else {
                throw IDMError.invalid(ValidationError(field: "expiresAt", message: "\"\(values[0])\" is not a day: use YYYY-MM-DD."))
            }
            try service.setCredentialExpiry(actor, credential: cred.id, expiresAt: day, expectedVersion: cred.version)
            try reload(session)
            notice = Notice(text: "\(cred.tokenPrefix)… now expires on \(Formats.day(day)).", kind: .info, anchorX: nil)
        case .describe(let cred):
            try service.setCredentialDescription(actor, credential: cred.id, description: values[0], expectedVersion: cred.version)
            try reload(session)
            notice = Notice(text: "Description saved.", kind: .info, anchorX: nil)
        case .rotate(let makingRoom):
            guard let days = Int(values[0].trimmingCharacters(in: .whitespaces)), days >= 0 else {
                throw IDMError.invalid(ValidationError(field: "overlap", message: "The overlap is a whole number of days, e.g. 7."))
            }
            let (issued, old) = try service.rotateCredential(actor, client: c.id, overlapDays: days, description: values[1],
                                                             deletingInactive: makingRoom?.id)
            try reload(session)
            let reminder = "Rotated. Deactivate the old credential \(old.tokenPrefix)… (now expiring \(Formats.day(old.expiresAt))) once nothing uses it: select it and press d."
            return .credentials(CredentialScreen(clients: [facts.client], issued: [issued], owner: facts.owner.login), reminder: reminder)
        case .deleteClient:
            guard values[0] == c.name else {
                throw IDMError.invalid(ValidationError(field: "name", message: "That is not the client's name; type \(c.name) exactly."))
            }
            try service.deleteClient(actor, client: c.id, expectedVersion: c.version)
            return .close
        }
        return .stay
    }

    func conflictNotice(_ error: IDMError) -> Notice {
        Notice(text: error.description.replacingOccurrences(of: "Reload and try again.", with: "Press r to reload, then try again."),
               kind: .error, anchorX: nil)
    }
}

extension IDMError {
    var isConflict: Bool {
        if case .conflict = self { return true }
        return false
    }
}
