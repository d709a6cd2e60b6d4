import IDMDomain
import IDMStore
import IDMTerminal

/// The New API Client wizard on screen: the domain draft plus where the cursor is.
struct WizardScreen {
    enum Outcome {
        case stay
        case cancel
        case create([ClientDraft])
        case saveAuthorization(groups: Set<GroupID>, apis: [APIGrant])
        case saveDetails(ClientDetails)
    }

    /// The same steps serve creating a client, and editing an existing client's API access
    /// (steps 1-2) or details (step 3), with the same greying, tooltips and checks.
    enum Mode: Equatable {
        case create
        case editAuthorization(clientName: String)
        case editDetails(clientName: String)
    }

    var wizard: NewClientWizard
    var mode: Mode = .create
    /// The login of whoever creates it (the creator).
    let creator: String
    let nameTaken: (String) -> Bool
    /// The cursor row in steps 1 and 2, the field in step 3.
    var cursor: [NewClientWizard.Step: Int] = [:]
    var top: [NewClientWizard.Step: Int] = [:]
    var field: ClientDetails.Field = .name
    var editingFilter = false
    var confirmingCancel = false
    /// A message for the next frame: a reason, or what is missing before the next step.
    var notice: String?
    /// Rows of the step's body on screen (set by the console from the terminal size), so a
    /// click lands on the row under the mouse.
    var bodyHeight = 17
    /// Where the body starts on screen (status line, title, steps, blank line above it).
    static let bodyY = 4

    init(wizard: NewClientWizard, creator: String, nameTaken: @escaping (String) -> Bool) {
        self.wizard = wizard
        self.creator = creator
        self.nameTaken = nameTaken
    }

    var step: NewClientWizard.Step { wizard.step }
    var row: Int { cursor[step] ?? 0 }

    // MARK: Keys

    mutating func handle(_ key: KeyEvent) -> Outcome {
        notice = nil
        if case .click(_, let y, _) = key, step == .groups || step == .apis {
            // Steps 1 and 2: the row under the mouse gets the focus (and its tooltip).
            let listTop = Self.bodyY + (step == .apis ? 1 + (editingFilter || !wizard.apis.filter.isEmpty ? 1 : 0) : 0)
            let count = step == .groups ? wizard.groups.rows.count : wizard.apis.rows.count
            let height = bodyHeight - (listTop - Self.bodyY)
            let first = firstVisible(count: count, height: height)
            let index = first + y - listTop
            if y >= listTop, index < count { cursor[step] = index }
            return .stay
        }
        if case .wheelUp = key { return handle(.up) }
        if case .wheelDown = key { return handle(.down) }
        if confirmingCancel {
            confirmingCancel = false
            if key == .character("y") || key == .enter { return .cancel }
            return .stay
        }
        switch step {
        case .groups: return handleGroups(key)
        case .apis: return handleAPIs(key)
        case .details: return handleDetails(key)
        case .review: return handleReview(key)
        }
    }

    private mutating func moveCursor(_ key: KeyEvent, count: Int, page: Int = 10) -> Bool {
        var r = row
        switch key {
        case .up, .character("k"): r -= 1
        case .down, .character("j"): r += 1
        case .pageUp: r -= page
        case .pageDown: r += page
        case .home, .character("g"): r = 0
        case .end, .character("G"): r = count - 1
        default: return false
        }
        cursor[step] = max(0, min(count - 1, r))
        return true
    }

    private mutating func back() -> Outcome {
        if case .editDetails = mode { return .cancel }
        guard let previous = NewClientWizard.Step(rawValue: step.rawValue - 1) else {
            if wizard.isDirty { confirmingCancel = true; return .stay }
            return .cancel
        }
        wizard.step = previous
        return .stay
    }

    private mutating func next() -> Outcome {
        if let problem = wizard.problem(leaving: step) {
            notice = problem
            return .stay
        }
        if case .editAuthorization = mode, step == .apis {
            return .saveAuthorization(groups: wizard.groups.selected, apis: wizard.apis.grantable)
        }
        if step == .details {
            guard wizard.details.validateAll(nameTaken: nameTaken) else {
                field = ClientDetails.Field.allCases.first { wizard.details.errors[$0] != nil } ?? .name
                notice = "Correct the fields marked in red first."
                return .stay
            }
            if case .editDetails = mode { return .saveDetails(wizard.details) }
            if wizard.splitting {
                if let taken = wizard.drafts.map(\.name).first(where: nameTaken) {
                    notice = "An API client named \(taken) already exists; choose another name."
                    return .stay
                }
            }
        }
        if let following = NewClientWizard.Step(rawValue: step.rawValue + 1) { wizard.step = following }
        return .stay
    }

    private mutating func handleGroups(_ key: KeyEvent) -> Outcome {
        let rows = wizard.groups.rows
        if moveCursor(key, count: rows.count) { return .stay }
        switch key {
        case .character(" "):
            guard rows.indices.contains(row) else { return .stay }
            wizard.groups.toggle(rows[row])
            wizard.isDirty = true
            wizard.reevaluate()
        case .character("a"):
            wizard.groups.select(wizard.ownerAccess.groupIDs)
            wizard.isDirty = true
            wizard.reevaluate()
        case .enter: return next()
        case .escape: return back()
        default: break
        }
        return .stay
    }

    private mutating func handleAPIs(_ key: KeyEvent) -> Outcome {
        if editingFilter {
            switch key {
            case .enter, .escape:
                editingFilter = false
                if key == .escape { wizard.apis.filter = "" }
            case .backspace: if !wizard.apis.filter.isEmpty { wizard.apis.filter.removeLast() }
            case .character(let ch): wizard.apis.filter.append(ch)
            case .up, .down: _ = moveCursor(key, count: wizard.apis.rows.count)
            default: break
            }
            cursor[.apis] = min(row, max(0, wizard.apis.rows.count - 1))
            return .stay
        }
        let rows = wizard.apis.rows
        if moveCursor(key, count: rows.count) { return .stay }
        let focused = rows.indices.contains(row) ? rows[row] : nil
        switch key {
        case .character(" "):
            guard let focused else { return .stay }
            // An unavailable row already shows its reason in the tooltip beside it.
            _ = wizard.apis.toggle(focused.service.id)
            wizard.isDirty = true
        case .left, .right, .character("l"):
            guard let focused else { return .stay }
            if let reason = wizard.apis.cycleLevel(focused.service.id).reason { notice = reason }
        case .character("u"):
            wizard.apis.showUnavailable.toggle()
            cursor[.apis] = min(row, max(0, wizard.apis.rows.count - 1))
        case .character("o"):
            guard wizard.contracts.count > 1 else {
                notice = "Step 1 spans one contract: one client is enough."
                return .stay
            }
            wizard.onePerContract.toggle()
            wizard.isDirty = true
            wizard.reevaluate()
        case .character("/"):
            editingFilter = true
        case .enter: return next()
        case .escape: return back()
        default: break
        }
        return .stay
    }

    private mutating func handleDetails(_ key: KeyEvent) -> Outcome {
        let fields = ClientDetails.Field.allCases
        let index = fields.firstIndex(of: field) ?? 0
        func leave(to newIndex: Int) {
            wizard.details.validate(field, nameTaken: nameTaken)
            field = fields[max(0, min(fields.count - 1, newIndex))]
        }
        switch key {
        case .tab, .down: leave(to: index + 1)
        case .backTab, .up: leave(to: index - 1)
        case .backspace:
            if !wizard.details[field].isEmpty { wizard.details[field].removeLast() }
        case .ctrl("u"): wizard.details[field] = ""
        case .character(let ch):
            wizard.details[field].append(ch)
            wizard.isDirty = true
        case .enter:
            wizard.details.validate(field, nameTaken: nameTaken)
            return next()
        case .escape: return back()
        default: break
        }
        return .stay
    }

    private mutating func handleReview(_ key: KeyEvent) -> Outcome {
        switch key {
        case .enter, .character("c"):
            if let problem = wizard.problem(leaving: .apis) { notice = problem; return .stay }
            return .create(wizard.drafts)
        case .escape: return back()
        case .up, .character("k"): cursor[.review] = max(0, row - 1)
        case .down, .character("j"): cursor[.review] = row + 1
        default: break
        }
        return .stay
    }

    // MARK: Hints

    var hints: [HintBar.Item] {
        func item(_ key: String, _ label: String, _ action: Action, enabled: Bool = true, essential: Bool = false) -> HintBar.Item {
            HintBar.Item(key: key, label: label, enabled: enabled, action: action, essential: essential)
        }
        var next = item("Enter", "Next", .nextTab, essential: true)
        switch (mode, step) {
        case (.editAuthorization, .apis), (.editDetails, _): next = item("Enter", "Save", .nextTab, essential: true)
        default: break
        }
        let back = item("Esc", step == .groups ? "Cancel" : "Back", .back, essential: true)
        let help = item("?", "Help", .help, essential: true)
        switch step {
        case .groups:
            return [item("Space", "Toggle", .open), item("a", "All", .refresh), next, back, help]
        case .apis:
            if editingFilter { return [item("Enter", "Keep filter", .open), item("Esc", "Clear filter", .back)] }
            return [item("Space", "Pick", .open), item("←→", "Level", .sort),
                    item("o", wizard.onePerContract ? "One client" : "Per contract", .switchAccount, enabled: wizard.contracts.count > 1),
                    item("/", "Filter", .filter), item("u", wizard.apis.showUnavailable ? "Hide unavailable" : "Show unavailable", .refresh),
                    next, back, help]
        case .details:
            return [item("Tab", "Next field", .down), mode == .create ? item("Enter", "Review", .nextTab, essential: true) : next,
                    item("Esc", mode == .create ? "Back" : "Cancel", .back, essential: true)]
        case .review:
            return [item("Enter", wizard.drafts.count > 1 ? "Create \(wizard.drafts.count) clients" : "Create", .open, essential: true), back, help]
        }
    }
}
