import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// An API client's page: everything about it, its credentials with a cursor, and every action
/// of its lifecycle, each dimmed with the policy's reason when it is not yours to take.
struct ClientScreen {
    enum Outcome {
        case stay
        case close
        case wizard(WizardScreen)
        case credentials(CredentialScreen, reminder: String?)
    }

    /// A question or form in front of the page, and what answering it does.
    enum Pending {
        case confirm(Confirmation, Operation)
        case form(FormDialog, FormPurpose)
        case picker(OwnerPicker)
    }

    enum Operation {
        case activate(Credential), deactivate(Credential), deleteCredential(Credential), deactivateAll
        case lock, unlock, transfer(User)
        case deleteInactiveThenRotate(Credential)
    }

    /// `rotate` carries the inactive credential to delete in the same transaction, at the cap.
    enum FormPurpose { case expiry(Credential), describe(Credential), rotate(makingRoom: Credential?), deleteClient }

    let clientID: ClientID
    var facts: ClientFacts
    var detail: DetailState
    var selected = 0
    var pending: Pending?
    var notice: Notice?

    init(session: Session, clientID: ClientID) throws {
        self.clientID = clientID
        guard let facts = try session.read({ db in try Decide.clientFacts(db, session.context, client: clientID) }),
              let detail = try DetailBuilder.build(.clients, id: clientID, session: session) else {
            throw IDMError.notFound("That API client no longer exists.")
        }
        self.facts = facts
        self.detail = detail
    }

    var selectedCredential: Credential? {
        facts.credentials.indices.contains(selected) ? facts.credentials[selected] : nil
    }

    /// Re-reads the client (after a change, or on `r`), keeping the scroll and the selection.
    mutating func reload(_ session: Session) throws {
        let scroll = detail.scroll
        let fresh = try ClientScreen(session: session, clientID: clientID)
        facts = fresh.facts
        detail = fresh.detail
        detail.scroll = min(scroll, max(0, detail.lines.count - 1))
        selected = min(selected, max(0, facts.credentials.count - 1))
    }

    func decision(_ action: ClientAction, _ session: Session) -> Decision {
        action.decision(session.context, facts, selected: selectedCredential)
    }

    /// The line of the detail text that shows credential `i` (the credentials come last).
    func credentialLine(_ i: Int) -> Int { detail.lines.count - facts.credentials.count + i }

    // MARK: Keys

    mutating func handle(_ key: KeyEvent, session: Session, height: Int) throws -> Outcome {
        notice = nil
        if let pending {
            return try handlePending(pending, key, session: session, height: height)
        }
        switch key {
        case .escape, .character("q"): return .close
        case .up, .character("k"):
            if selected > 0 { selected -= 1; reveal(height) } else { detail.scroll(by: -1, height: height) }
            return .stay
        case .down, .character("j"):
            if selected < facts.credentials.count - 1 { selected += 1; reveal(height) } else { detail.scroll(by: 1, height: height) }
            return .stay
        case .pageUp: detail.scroll(by: -height, height: height); return .stay
        case .pageDown: detail.scroll(by: height, height: height); return .stay
        case .home: detail.scroll(by: -Int.max / 2, height: height); return .stay
        case .end: detail.scroll(by: Int.max / 2, height: height); return .stay
        case .character("r"), .ctrl("l"):
            try reload(session)
            notice = Notice(text: "Reloaded.", kind: .info, anchorX: nil)
            return .stay
        default: break
        }
        guard let action = ClientAction.allCases.first(where: { $0.key == key }) else { return .stay }
        let decision = decision(action, session)
        guard decision.isAllowed else {
            notice = Notice(text: "\(action.help): \(decision.reason ?? "")", kind: .reason, anchorX: 1)
            return .stay
        }
        return try start(action, session: session)
    }

    private mutating func reveal(_ height: Int) {
        let line = credentialLine(selected)
        if line < detail.scroll || line >= detail.scroll + height { detail.scroll = max(0, line - height + 2) }
    }

    /// Starts an allowed action: at once, or through a question or form.
    private mutating func start(_ action: ClientAction, session: Session) throws -> Outcome {
        let c = facts.client
        switch action {
        case .generate:
            let issued = try session.service.generateCredential(session.actor, client: c.id)
            try reload(session)
            return .credentials(CredentialScreen(clients: [facts.client], issued: [issued], owner: facts.owner.login), reminder: nil)
        case .rotate:
            // At the cap, the way out: the inactive credential is deleted in the same
            // transaction as the new one is created, once the form is submitted.
            if facts.credentials.count >= Credential.maximumPerClient, let inactive = facts.credentials.first(where: { $0.status == .inactive }) {
                pending = .confirm(Confirmation(title: "Rotate: make room first",
                    message: "\(c.name) already has \(facts.credentials.count) credentials, the most a client may have. Delete the inactive credential \(inactive.tokenPrefix)… (\(inactive.description.isEmpty ? "no description" : inactive.description)) when rotating? Deleting is final.",
                    yes: "delete it and rotate"), .deleteInactiveThenRotate(inactive))
                return .stay
            }
            return try start(rotateMakingRoom: nil, session: session)
        case .activate: pending = .confirm(Confirmation(title: "Activate", message: "Activate credential \(selectedCredential!.tokenPrefix)…?", yes: "activate"), .activate(selectedCredential!))
        case .deactivate:
            pending = .confirm(Confirmation(title: "Deactivate", message: "Deactivate credential \(selectedCredential!.tokenPrefix)…? Programs using it stop working at once.",
                                            yes: "deactivate"), .deactivate(selectedCredential!))
        case .deactivateAll:
            pending = .confirm(Confirmation(title: "Deactivate all", message: "Deactivate every credential of \(c.name)? Everything using the client stops working at once.",
                                            yes: "deactivate all"), .deactivateAll)
        case .expiry:
            let cred = selectedCredential!
            pending = .form(FormDialog(title: "Expiry of \(cred.tokenPrefix)…",
                message: "A day as YYYY-MM-DD, at most \(Credential.maximumLifetimeDays) days after the credential was created (\(Formats.day(cred.createdAt))).",
                fields: [("Expires on", Formats.day(cred.expiresAt))], submitLabel: "save"), .expiry(cred))
        case .describe:
            let cred = selectedCredential!
            pending = .form(FormDialog(title: "Description of \(cred.tokenPrefix)…", message: "What uses this credential?",
                                       fields: [("Description", cred.description)], submitLabel: "save"), .describe(cred))
        case .deleteCredential:
            pending = .confirm(Confirmation(title: "Delete credential", message: "Delete credential \(selectedCredential!.tokenPrefix)…? Deleted is final.",
                                            yes: "delete"), .deleteCredential(selectedCredential!))
        case .transfer:
            var picker = try OwnerPicker(store: session.store, account: session.account.id)
            picker.title = "Transfer \(c.name): choose the new owner"
            pending = .picker(picker)
        case .editAuthorization:
            var draft = try session.wizard(for: facts.owner)
            draft.groups.select(c.groupIDs)
            draft.apis.choose(c.apis)
            draft.reevaluate()
            var screen = WizardScreen(wizard: draft, creator: session.login, nameTaken: { _ in false })
            screen.mode = .editAuthorization(clientName: c.name)
            return .wizard(screen)
        case .editDetails:
            var draft = try session.wizard(for: facts.owner)
            draft.details = ClientDetails(name: c.name, description: c.description, emails: c.notificationEmails, cidrs: c.ipAllowlist)
            draft.step = .details
            let current = c.name
            var screen = WizardScreen(wizard: draft, creator: session.login,
                                      nameTaken: { name in name.caseInsensitiveCompare(current) != .orderedSame && session.clientNameTaken(name) })
            screen.mode = .editDetails(clientName: c.name)
            return .wizard(screen)
        case .lockToggle:
            pending = c.locked
                ? .confirm(Confirmation(title: "Unlock", message: "Unlock \(c.name)? It can be used and edited again.", yes: "unlock"), .unlock)
                : .confirm(Confirmation(title: "Lock", message: "Lock \(c.name)? No one can use or edit it until an Admin or IDM Admin unlocks it.", yes: "lock"), .lock)
        case .deleteClient:
            pending = .form(FormDialog(title: "Delete \(c.name)",
                message: "Deleting an API client is final; its credentials go with it. Type the client's name to confirm.",
                fields: [("Name", "")], submitLabel: "delete"), .deleteClient)
        }
        return .stay
    }
}
