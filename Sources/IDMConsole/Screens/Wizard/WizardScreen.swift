import IDMDomain
import IDMStore
import IDMTerminal

/// The New API Client wizard on screen: the domain draft plus where the cursor is. The same
/// steps serve creating a client, and editing an existing client's API access (steps 1-2) or
/// details (step 3), with the same greying, tooltips and checks. Whether a name is taken is
/// asked as an effect when the name field is left.
struct WizardScreen: Screen {
    enum Mode: Equatable {
        case create
        case editAuthorization(clientName: String)
        case editDetails(clientName: String)
    }

    enum Action: Hashable {
        case move(Move), toggle, all, level, perContract, filter, unavailable, next, back, nextField, previousField, create
    }

    var wizard: NewClientWizard
    var mode: Mode = .create
    /// The login of whoever creates it (the creator).
    let creator: String
    /// The client being edited (its version guards the save).
    var editing: APIClient?
    /// The cursor row in steps 1, 2 and 4.
    var lists: [NewClientWizard.Step: ListState] = [:]
    var field: ClientDetails.Field = .name
    var editingFilter = false
    /// A message shown above the footer until the next key: a reason, or what is missing.
    var notice: String?
    /// Names asked about: taken in the account or not.
    var taken: [String: Bool] = [:]
    /// The step to take once the names asked about are answered.
    var advanceAfterCheck = false
    /// The API row under the mouse (step 2), whose tooltip shows.
    var hoverRow: Int?

    init(wizard: NewClientWizard, creator: String, mode: Mode = .create, editing: APIClient? = nil) {
        self.wizard = wizard
        self.creator = creator
        self.mode = mode
        self.editing = editing
    }

    var step: NewClientWizard.Step { wizard.step }
    /// What a later session needs to resume this wizard.
    var draft: WizardDraft { wizard.draft(field: field) }
    var row: Int { lists[step]?.selected ?? 0 }

    var quitWarning: String? { "The New API Client wizard is not finished; your answers are kept as a draft for your next start." }

    var crumb: String {
        switch mode {
        case .create: return (wizard.owner.login == creator ? "New API Client for Me" : "New API client for \(wizard.owner.login)") + " › " + step.title
        case .editAuthorization: return "API access › " + step.title
        case .editDetails: return "Edit details"
        }
    }

    var isTyping: Bool { step == .details || editingFilter }

    func binds(_ key: KeyEvent) -> Bool { isTyping || table.binds(key) }

    /// Rows of the list on screen in steps 1 and 2.
    static func listHeight(_ area: Rect, step: NewClientWizard.Step, filtering: Bool) -> Int {
        max(1, area.height - 4 - (step == .apis ? 1 + (filtering ? 1 : 0) : 0))
    }

    func nameTaken(_ name: String) -> Bool {
        if case .editDetails(let current) = mode, name.caseInsensitiveCompare(current) == .orderedSame { return false }
        return taken[name] ?? false
    }

    /// Names the details step would save that have not been asked about yet.
    var unaskedNames: [String] {
        let names = [wizard.details.name.trimmingCharacters(in: .whitespaces)] + (wizard.splitting ? wizard.drafts.map(\.name) : [])
        return Array(Set(names.filter { !$0.isEmpty && taken[$0] == nil }))
    }

    func askNames() -> Effect {
        let names = unaskedNames
        return .run { io in
            NameCheck(taken: Dictionary(uniqueKeysWithValues: try names.map { ($0, try io.reader.clientNameTaken(io.context.account.id, $0)) }))
        }
    }

    // MARK: Update

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        switch msg {
        case .key(let key):
            notice = nil
            return updateKey(key, env)
        case .reply(.success(let value)):
            if let check = value as? NameCheck {
                taken.merge(check.taken) { $1 }
                wizard.details.validate(.name, nameTaken: nameTaken)
                if advanceAfterCheck {
                    advanceAfterCheck = false
                    return next(env)
                }
                return [.handled]
            }
            if let made = value as? [CreatedClient] {
                return [.changed, .replace(CredentialScreen(purpose: .created, clients: made.map(\.client), issued: made.compactMap(\.credential),
                                                            owner: wizard.owner.login))]
            }
            if let step = value as? AdminStep { return [.pop(.submitted(step))] }
            return []
        case .reply(.failure(let error)):
            // The service checked every rule again and refused: nothing was saved.
            notice = (mode == .create ? "Not created: " : "Not saved: ") + ((error as? IDMError)?.description ?? "\(error)")
            return [.handled]
        case .result(.submitted):
            // The cancel question answered yes.
            return [.pop(.cancelled), .notice(.info("New API client cancelled; nothing was created."))]
        default:
            return []
        }
    }

    var table: KeyTable<Action> { Self.tables[step]! }

    private mutating func updateKey(_ key: KeyEvent, _ env: Env) -> [Effect] {
        let height = Self.listHeight(env.body, step: step, filtering: editingFilter || !wizard.apis.filter.isEmpty)
        switch key {
        case .click(_, let y, _), .doubleClick(_, let y), .motion(_, let y):
            guard step == .groups || step == .apis else { return [] }
            let listY = env.body.y + WizardScreen.bodyOffset + (step == .apis ? 1 + (editingFilter || !wizard.apis.filter.isEmpty ? 1 : 0) : 0)
            let count = step == .groups ? wizard.groups.rows.count : wizard.apis.rows.count
            var state = lists[step] ?? ListState(count: count)
            state.setCount(count)
            let index = state.row(atLine: y - listY, height: height)
            if case .motion = key {
                // Hovering over a row of step 2 shows its tooltip, as the FAQ describes.
                hoverRow = step == .apis ? index : nil
                return []
            }
            if let index { state.select(index); state.fit(height); lists[step] = state }
            if case .doubleClick = key, step == .groups, index != nil { return perform(.toggle, env) }
            return []
        case .wheelUp: return perform(.move(.up), env)
        case .wheelDown: return perform(.move(.down), env)
        default: break
        }
        if step == .details { return updateDetails(key, env) }
        if editingFilter { return updateFilter(key) }
        switch table.resolve(key, decide: decide) {
        case .act(let action): return perform(action, env)
        case .say(let effects): return effects
        }
    }

    func decide(_ action: Action) -> Decision {
        switch action {
        case .perContract:
            if mode != .create { return .denied("Editing one client's API access keeps it one client: one client per contract applies only when creating.") }
            return .require(wizard.contracts.count > 1, "Step 1 spans one contract: one client is enough.")
        default: return .allowed
        }
    }

    private mutating func perform(_ action: Action, _ env: Env) -> [Effect] {
        let height = Self.listHeight(env.body, step: step, filtering: editingFilter || !wizard.apis.filter.isEmpty)
        switch action {
        case .move(let m):
            let count: Int
            switch step {
            case .groups: count = wizard.groups.rows.count
            case .apis: count = wizard.apis.rows.count
            case .review:
                // The review scrolls: the row is how far.
                var state = lists[.review] ?? ListState(count: 200)
                state.setCount(200)
                switch m {
                case .up: state.move(by: -1)
                case .down: state.move(by: 1)
                case .pageUp: state.move(by: -10)
                case .pageDown: state.move(by: 10)
                case .top: state.first()
                case .bottom: state.select(60)
                }
                lists[.review] = state
                return []
            case .details: return []
            }
            var state = lists[step] ?? ListState(count: count)
            state.setCount(count)
            m.apply(&state, height: height)
            lists[step] = state
            hoverRow = nil
        case .toggle:
            if step == .groups {
                let rows = wizard.groups.rows
                guard rows.indices.contains(row) else { return [] }
                wizard.groups.toggle(rows[row])
                wizard.reevaluate()
            } else if step == .apis {
                let rows = wizard.apis.rows
                guard rows.indices.contains(row) else { return [] }
                // An unavailable row shows its reason in the tooltip beside it; Space says it again.
                if let reason = wizard.apis.toggle(rows[row].service.id).reason {
                    return [.notice(.reason("\(rows[row].service.name): \(reason)", key: "Space"))]
                }
            }
            wizard.isDirty = true
        case .all:
            guard wizard.groups.selected != wizard.ownerAccess.groupIDs else {
                return [.notice(.info("Every group of \(wizard.owner.login)'s is already selected."))]
            }
            wizard.groups.select(wizard.ownerAccess.groupIDs)
            wizard.isDirty = true
            wizard.reevaluate()
        case .level:
            let rows = wizard.apis.rows
            guard rows.indices.contains(row) else { return [] }
            if let reason = wizard.apis.cycleLevel(rows[row].service.id).reason { notice = reason }
        case .perContract:
            wizard.onePerContract.toggle()
            wizard.isDirty = true
            wizard.reevaluate()
        case .filter:
            editingFilter = true
        case .unavailable:
            wizard.apis.showUnavailable.toggle()
            clampAPIs()
        case .next, .create:
            return next(env)
        case .back:
            return back()
        case .nextField, .previousField:
            return []
        }
        return []
    }

    private mutating func clampAPIs() {
        var state = lists[.apis] ?? ListState()
        state.setCount(wizard.apis.rows.count)
        lists[.apis] = state
    }

    private mutating func updateFilter(_ key: KeyEvent) -> [Effect] {
        switch key {
        case .enter, .escape:
            editingFilter = false
            if key == .escape { wizard.apis.filter = "" }
        case .backspace: if !wizard.apis.filter.isEmpty { wizard.apis.filter.removeLast() }
        case .character(let ch): wizard.apis.filter.append(ch)
        case .up: lists[.apis]?.move(by: -1)
        case .down: lists[.apis]?.move(by: 1)
        default: break
        }
        clampAPIs()
        return []
    }

    private mutating func updateDetails(_ key: KeyEvent, _ env: Env) -> [Effect] {
        let fields = ClientDetails.Field.allCases
        let index = fields.firstIndex(of: field) ?? 0
        func leave(to newIndex: Int) -> [Effect] {
            wizard.details.validate(field, nameTaken: nameTaken)
            let left = field
            field = fields[max(0, min(fields.count - 1, newIndex))]
            return left == .name && !unaskedNames.isEmpty ? [askNames()] : []
        }
        switch Self.detailsTable.action(for: key) {
        case .nextField?: return leave(to: index + 1)
        case .previousField?: return leave(to: index - 1)
        case .next?:
            wizard.details.validate(field, nameTaken: nameTaken)
            return next(env)
        case .back?: return back()
        default: break
        }
        switch key {
        case .backspace:
            if !wizard.details[field].isEmpty { wizard.details[field].removeLast() }
        case .ctrl("u"): wizard.details[field] = ""
        case .character(let ch):
            wizard.details[field].append(ch)
            wizard.isDirty = true
        default: break
        }
        return []
    }

    private mutating func back() -> [Effect] {
        if case .editDetails = mode { return [.pop(.cancelled), .notice(.info("Nothing changed."))] }
        guard let previous = NewClientWizard.Step(rawValue: step.rawValue - 1), !(mode != .create && step == .groups) else {
            if wizard.isDirty && mode == .create {
                return [.push(ConfirmScreen(crumb: "Cancel", title: "Cancel the new client?",
                                            message: "The choices made so far will be lost.", yes: "discard"))]
            }
            return [.pop(.cancelled), .notice(.info(mode == .create ? "New API client cancelled; nothing was created." : "Nothing changed."))]
        }
        wizard.step = previous
        return []
    }

    private mutating func next(_ env: Env) -> [Effect] {
        if let problem = wizard.problem(leaving: step == .review ? .apis : step) {
            notice = problem
            return []
        }
        if case .editAuthorization(let name) = mode, step == .apis {
            guard let client = editing else { return [] }
            let groups = wizard.groups.selected
            let apis = wizard.apis.grantable
            return [.run { io in
                try io.service.editAuthorization(io.actor, client: client.id, groups: groups, apis: apis, expectedVersion: client.version)
                return AdminStep.done("API access of \(name) saved.", select: nil)
            }]
        }
        if step == .details {
            if !unaskedNames.isEmpty {
                advanceAfterCheck = true
                return [askNames()]
            }
            guard wizard.details.validateAll(nameTaken: nameTaken) else {
                field = ClientDetails.Field.allCases.first { wizard.details.errors[$0] != nil } ?? .name
                notice = "Correct the fields marked in red first."
                return []
            }
            if case .editDetails = mode, let client = editing {
                let d = wizard.details
                let edit = ClientDetailsEdit(name: d.name, description: d.description, notificationEmails: d.emails, ipAllowlist: d.cidrs)
                if edit.name == client.name && edit.description == client.description && edit.notificationEmails == client.notificationEmails
                    && edit.ipAllowlist == client.ipAllowlist {
                    // Saving an unchanged form changes nothing: no version, no audit event.
                    return [.pop(.cancelled), .notice(.info("Nothing changed."))]
                }
                return [.run { io in
                    try io.service.editDetails(io.actor, client: client.id, edit, expectedVersion: client.version)
                    return AdminStep.done("Details of \(d.name) saved.", select: nil)
                }]
            }
            if let problem = wizard.splitNameProblem(nameTaken: nameTaken) {
                notice = problem
                return []
            }
        }
        if step == .review {
            let drafts = wizard.drafts
            return [.run { io in try io.service.createClients(io.actor, drafts, issueCredentials: true).map { CreatedClient(client: $0.client, credential: $0.credential) } }]
        }
        if let following = NewClientWizard.Step(rawValue: step.rawValue + 1) { wizard.step = following }
        return []
    }

    // MARK: Hints and help

    func hints(_ env: Env) -> [Hint] {
        if editingFilter { return [Hint(key: "Enter", label: "Keep filter", essential: true), Hint(key: "Esc", label: "Clear filter", essential: true)] }
        let saving = (mode != .create && step == .apis) || mode != .create && step == .details
        return table.hints(applies: { a in a != .perContract || mode == .create }, decide: decide, label: { b in
            switch b.action {
            case .next: return saving ? "Save" : (step == .details ? "Review" : "Next")
            case .back: return step == .groups || (mode != .create && step == .details) ? "Cancel" : "Back"
            case .perContract: return wizard.onePerContract ? "One client" : "Per contract"
            case .unavailable: return wizard.apis.showUnavailable ? "Hide unavailable" : "Show unavailable"
            case .create: return wizard.drafts.count > 1 ? "Create \(wizard.drafts.count) clients" : "Create"
            default: return b.label
            }
        }, essential: [.next, .back, .create])
    }

    func help(_ env: Env) -> [HelpSection] {
        [table.section(title: "New API Client · \(step.rawValue) \(step.title)", applies: { a in a != .perContract || mode == .create }, decide: decide)]
    }
}

/// A client the wizard made, with its first credential when the creator owns it.
struct CreatedClient {
    let client: APIClient
    let credential: IssuedCredential?
}

/// Which of the asked names are taken in the account.
struct NameCheck {
    let taken: [String: Bool]
}
