import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// The "Manage Users & Groups" console: state, what each key does to it (`handle`), and what
/// it looks like (`render`). Only `ConsoleLoop` talks to the terminal.
public final class Console {
    let session: Session
    var size: Size
    var tabIndex = 0
    var tabs: [ListTab] = []
    var detail: DetailState?
    var overlay: Overlay?
    var notice: Notice?
    var editingFilter = false
    /// The New API Client flow: choosing an owner (N), the wizard, then the credentials.
    var ownerPicker: OwnerPicker?
    var wizard: WizardScreen?
    var credentials: CredentialScreen?
    /// An API client's page, with its lifecycle actions.
    var clientScreen: ClientScreen?
    /// `L`: the audit log, over whatever was on screen.
    var auditScreen: AuditScreen?
    /// A form or question of the Users, Groups or Roles tab.
    var adminDialog: AdminDialog?
    /// `m` on the API Clients tab: what the migration of legacy clients did.
    var migrationReport: MigrationReportScreen?
    /// Said when the user leaves the new secret's screen (e.g. "deactivate the old credential").
    var pendingReminder: String?
    public private(set) var shouldQuit = false

    public init(session: Session, size: Size) throws {
        self.session = session
        self.size = size
        try loadTabs()
    }

    var tab: ListTab {
        get { tabs[tabIndex] }
        set { tabs[tabIndex] = newValue }
    }

    private func loadTabs() throws {
        // The clock marks clients whose credentials expire within 30 days.
        tabs = try DirectoryList.allCases.map {
            try ListTab(store: session.store, spec: ListSpec(list: $0, accountID: session.account.id, now: session.now()))
        }
        try loadVisible()
    }

    func loadVisible() throws {
        try tabs[tabIndex].loadVisible(height: Layout.listHeight(size))
    }

    // MARK: Update

    /// Applies one key (or mouse, or resize) event.
    public func handle(_ event: KeyEvent) {
        do {
            try update(event)
            try loadVisible()
        } catch {
            notice = Notice(text: "\(error)", kind: .error, anchorX: nil)
        }
    }

    private func update(_ event: KeyEvent) throws {
        if case .resize(let w, let h) = event {
            size = Size(width: w, height: h)
            return
        }
        notice = nil
        if Layout.tooSmall(size) {
            if event == .character("q") || event == .ctrl("c") { shouldQuit = true }
            return
        }
        if let overlay {
            try updateOverlay(overlay, event)
            return
        }
        if auditScreen != nil {
            try updateAudit(event)
            return
        }
        if var report = migrationReport {
            if event == .character("?") { overlay = .help(scroll: 0); return }
            migrationReport = report.handle(event, height: auditArea.height) == .close ? nil : report
            return
        }
        if event == .character("L") && acceptsGlobalKeys {
            let decision = ask(.readAuditLog)
            guard decision.isAllowed else {
                notice = Notice(text: "Audit log: \(decision.reason ?? "")", kind: .reason, anchorX: 1)
                return
            }
            auditScreen = try AuditScreen(session: session)
            return
        }
        if credentials != nil {
            try updateCredentials(event)
            return
        }
        if wizard != nil {
            try updateWizard(event)
            return
        }
        if ownerPicker != nil {
            try updateOwnerPicker(event)
            return
        }
        if clientScreen != nil {
            try updateClientScreen(event)
            return
        }
        if adminDialog != nil {
            try updateAdmin(event)
            return
        }
        if editingFilter {
            try updateFilter(event)
            return
        }
        if detail != nil {
            updateDetail(event)
            return
        }
        try updateList(event)
    }

    private func updateOverlay(_ current: Overlay, _ event: KeyEvent) throws {
        switch current {
        case .help(let scroll):
            switch event {
            case .down, .character("j"): overlay = .help(scroll: scroll + 1)
            case .up, .character("k"): overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown: overlay = .help(scroll: scroll + 10)
            case .pageUp: overlay = .help(scroll: max(0, scroll - 10))
            default: overlay = nil
            }
        case .accounts(var switcher):
            let (close, pick) = switcher.handle(event)
            overlay = close ? nil : .accounts(switcher)
            if let pick { try switchAccount(to: pick) }
        }
    }

    private func updateFilter(_ event: KeyEvent) throws {
        var spec = tab.spec
        switch event {
        case .enter, .tab:
            editingFilter = false
            return
        case .escape:
            editingFilter = false
            spec.filter = ""
        case .backspace:
            guard !spec.filter.isEmpty else { return }
            spec.filter.removeLast()
        case .ctrl("u"):
            spec.filter = ""
        case .character(let ch):
            spec.filter.append(ch)
        case .up, .down, .pageUp, .pageDown:
            try updateList(event)
            return
        default:
            return
        }
        try tabs[tabIndex].respec(spec, store: session.store)
    }

    private func updateDetail(_ event: KeyEvent) {
        let height = Layout.listHeight(size) + 1
        guard let binding = Bindings.match(event, in: Bindings.detail + Bindings.global) else { return }
        switch binding.action {
        case .back, .quit: detail = nil
        case .help: overlay = .help(scroll: 0)
        case .up: detail?.scroll(by: -1, height: height)
        case .down: detail?.scroll(by: 1, height: height)
        case .pageUp: detail?.scroll(by: -height, height: height)
        case .pageDown: detail?.scroll(by: height, height: height)
        case .top: detail?.scroll(by: -Int.max / 2, height: height)
        case .bottom: detail?.scroll(by: Int.max / 2, height: height)
        default: break
        }
    }

    private func updateList(_ event: KeyEvent) throws {
        switch event {
        case .click(let x, let y, _):
            return try click(x: x, y: y)
        case .wheelUp: tab.move(by: -3); return
        case .wheelDown: tab.move(by: 3); return
        case .escape:
            if !tab.spec.filter.isEmpty {
                var spec = tab.spec
                spec.filter = ""
                try tabs[tabIndex].respec(spec, store: session.store)
            }
            return
        default: break
        }
        guard let binding = Bindings.match(event, in: listBindings + Bindings.global) else { return }
        let decision = availability(binding.action)
        if !decision.isAllowed, binding.action == .delete, try offerTransferBeforeDelete() { return }
        guard decision.isAllowed else {
            notice = Notice(text: "\(binding.help.count <= 40 ? binding.help : binding.label): \(decision.reason ?? "")", kind: .reason, anchorX: hintX(of: binding.action))
            return
        }
        let page = max(1, Layout.listHeight(size) - 1)
        switch binding.action {
        case .quit: shouldQuit = true
        case .help: overlay = .help(scroll: 0)
        case .tab(let i): tabIndex = i
        case .nextTab: tabIndex = (tabIndex + 1) % tabs.count
        case .previousTab: tabIndex = (tabIndex + tabs.count - 1) % tabs.count
        case .up: tab.move(by: -1)
        case .down: tab.move(by: 1)
        case .pageUp: tab.move(by: -page)
        case .pageDown: tab.move(by: page)
        case .top: tab.select(0)
        case .bottom: tab.select(tab.count - 1)
        case .filter: editingFilter = true
        case .sort:
            var spec = tab.spec
            spec.sortColumn = spec.nextSort()
            try tabs[tabIndex].respec(spec, store: session.store)
        case .open:
            guard let row = tab.selectedRow else { return }
            if tab.list == .clients {
                clientScreen = try ClientScreen(session: session, clientID: row.id)
            } else {
                detail = try DetailBuilder.build(tab.list, id: row.id, session: session)
            }
        case .newClientForMe:
            try openWizard(owner: session.context.user)
        case .newClientForOther:
            ownerPicker = try OwnerPicker(store: session.store, account: session.account.id)
            try ownerPicker?.users.loadVisible(height: pickerHeight)
        case .switchAccount:
            overlay = .accounts(AccountSwitcher(accounts: session.browsableAccounts, currentID: session.account.id,
                                                selected: session.browsableAccounts.firstIndex { $0.id == session.account.id } ?? 0))
        case .refresh:
            try reloadTabs()
            notice = Notice(text: "Reloaded.", kind: .info, anchorX: nil)
        case .expiringOnly:
            var spec = tab.spec
            spec.expiringOnly.toggle()
            spec.now = session.now()
            try tabs[tabIndex].respec(spec, store: session.store)
        case .auditLog: break
        case .migrationReport:
            migrationReport = try MigrationReportScreen(session: session)
        case .create, .edit, .move, .lockToggle, .delete, .block:
            try startAdmin(binding.action)
        case .back: break
        }
    }

    private func click(x: Int, y: Int) throws {
        if y == 1, let i = TabBar.tab(at: x, titles: tabTitles) {
            tabIndex = i
            return
        }
        let row = y - Layout.rowsAbove
        if row >= 0, row < Layout.listHeight(size) { tab.select(tab.top + row) }
    }

    func switchAccount(to account: Account) throws {
        guard account.id != session.account.id else { return }
        try session.switchAccount(to: account.id)
        detail = nil
        try loadTabs()
        notice = Notice(text: "Now in \(account.name).", kind: .info, anchorX: nil)
    }

    // MARK: Availability (the policy's answers, for keys, hint bar and help)

    /// The bindings of the list screen; n/N belong to the API Clients tab.
    var listBindings: [Binding] {
        Bindings.manage.filter { binding in
            switch binding.action {
            case .newClientForMe, .newClientForOther: return tab.list == .clients
            case .create, .delete: return tab.list != .clients
            case .edit: return tab.list != .clients
            case .move: return tab.list == .groups
            case .migrationReport, .expiringOnly: return tab.list == .clients
            case .lockToggle, .block: return tab.list == .users
            default: return true
            }
        }
    }

    func availability(_ action: Action) -> Decision {
        switch action {
        case .newClientForMe: return ask(.createClientForSelf)
        case .newClientForOther: return ask(.createClientForOthers)
        case .switchAccount:
            return .require(session.browsableAccounts.count > 1,
                            "You have no other account to open: only a reseller's users browse the accounts it manages.")
        case .open: return .require(tab.count > 0, tab.spec.filter.isEmpty ? "The list is empty." : "No row matches the filter.")
        case .expiringOnly: return .require(tab.list == .clients, "Only the API Clients tab lists credentials' expiry.")
        case .auditLog: return ask(.readAuditLog)
        case .migrationReport: return ask(.readMigrationReport)
        case .create, .edit, .move, .lockToggle, .delete, .block: return adminAvailability(action)
        default: return .allowed
        }
    }

    /// The decision table, as every front asks it.
    func ask(_ question: IDMDomain.Question) -> Decision {
        do {
            return try session.read { db in try Decide.decision(db, session.context, question) }
        } catch {
            return .denied("\(error)")
        }
    }

    var tabTitles: [String] { tabs.map { "\($0.list.title) (\($0.count))" } }
}

extension Console {
    /// A message for the next frame, e.g. the terminal fallback notice at start.
    public func showNotice(_ text: String) {
        notice = Notice(text: text, kind: .info, anchorX: nil)
    }
}

// MARK: The New API Client flow

extension Console {
    var pickerHeight: Int { max(1, size.height - 7) }

    func openWizard(owner: User) throws {
        let draft = try session.wizard(for: owner)
        wizard = WizardScreen(wizard: draft, creator: session.login, nameTaken: { [session] in session.clientNameTaken($0) })
    }

    func updateOwnerPicker(_ event: KeyEvent) throws {
        guard var picker = ownerPicker else { return }
        switch try picker.handle(event, store: session.store, height: pickerHeight) {
        case .stay:
            ownerPicker = picker
        case .cancel:
            ownerPicker = nil
        case .pick(let id):
            ownerPicker = picker
            let owner = try session.read { db in try Q.user(db, id: id)! }
            let decision = ask(owner.id == session.context.user.id ? .createClientForSelf : .createClientFor(owner: owner.id))
            guard decision.isAllowed else {
                notice = Notice(text: decision.reason ?? "", kind: .reason, anchorX: 1)
                return
            }
            ownerPicker = nil
            try openWizard(owner: owner)
        }
    }

    func updateWizard(_ event: KeyEvent) throws {
        guard var screen = wizard else { return }
        screen.bodyHeight = size.height - 3 - WizardScreen.bodyY
        if event == .character("?") && screen.step != .details && !screen.editingFilter {
            overlay = .help(scroll: 0)
            return
        }
        let outcome = screen.handle(event)
        wizard = screen
        switch outcome {
        case .stay: break
        case .cancel:
            wizard = nil
            let editing = screen.mode != .create
            notice = Notice(text: editing ? "Nothing changed." : "New API client cancelled; nothing was created.", kind: .info, anchorX: nil)
        case .saveAuthorization(let groups, let apis):
            guard let page = clientScreen else { return }
            do {
                try session.service.editAuthorization(session.actor, client: page.clientID, groups: groups, apis: apis,
                                                      expectedVersion: page.facts.client.version)
                wizard = nil
                try clientScreen?.reload(session)
                notice = Notice(text: "API access of \(page.facts.client.name) saved.", kind: .info, anchorX: nil)
            } catch {
                wizard?.notice = "Not saved: \(error)"
            }
        case .saveDetails(let details):
            guard let page = clientScreen else { return }
            do {
                try session.service.editDetails(session.actor, client: page.clientID, ClientDetailsEdit(
                    name: details.name, description: details.description, notificationEmails: details.emails, ipAllowlist: details.cidrs),
                    expectedVersion: page.facts.client.version)
                wizard = nil
                try clientScreen?.reload(session)
                try reloadTabs()
                notice = Notice(text: "Details of \(details.name) saved.", kind: .info, anchorX: nil)
            } catch {
                wizard?.notice = "Not saved: \(error)"
            }
        case .create(let drafts):
            do {
                let made = try session.service.createClients(session.actor, drafts, issueCredentials: true)
                wizard = nil
                credentials = CredentialScreen(clients: made.map(\.client), issued: made.compactMap(\.credential),
                                               owner: screen.wizard.owner.login)
            } catch {
                // The service checked every rule again and refused: nothing was created.
                wizard?.notice = "Not created: \(error)"
            }
        }
    }

    func updateCredentials(_ event: KeyEvent) throws {
        guard var screen = credentials else { return }
        let outcome = screen.handle(event, home: NSHomeDirectory())
        credentials = screen
        guard case .done = outcome else { return }
        credentials = nil
        if clientScreen != nil {
            // Back to the client's page (a credential generated or rotated there).
            try clientScreen?.reload(session)
            if let reminder = pendingReminder { notice = Notice(text: reminder, kind: .info, anchorX: nil) }
            pendingReminder = nil
            return
        }
        let created = screen.clients.first
        try reloadTabs()
        tabIndex = DirectoryList.allCases.firstIndex(of: .clients) ?? 1
        if let created, let offset = try tab.window.offset(ofID: created.id) { tab.select(offset) }
        notice = Notice(text: "Created \(screen.clients.map(\.name).joined(separator: ", ")).", kind: .info, anchorX: nil)
    }
}

// MARK: An API client's page

extension Console {
    func reloadTabs() throws {
        for i in tabs.indices { try tabs[i].reload(store: session.store) }
    }

    func updateClientScreen(_ event: KeyEvent) throws {
        guard var page = clientScreen else { return }
        if event == .character("?") && page.pending == nil {
            overlay = .help(scroll: 0)
            return
        }
        let height = Layout.listHeight(size) + 1
        let outcome = try page.handle(event, session: session, height: height)
        clientScreen = page
        switch outcome {
        case .stay: break
        case .close:
            clientScreen = nil
            try reloadTabs()
            if page.pending == nil, (try? session.read({ db in try Q.client(db, id: page.clientID) })) ?? nil == nil {
                notice = Notice(text: "Deleted \(page.facts.client.name).", kind: .info, anchorX: nil)
            }
        case .wizard(let screen):
            wizard = screen
        case .credentials(let screen, let reminder):
            credentials = screen
            pendingReminder = reminder
        }
    }
}

// MARK: The audit log

extension Console {
    /// Where single-letter commands mean commands, not text being typed.
    var acceptsGlobalKeys: Bool {
        guard wizard == nil, credentials == nil, ownerPicker == nil, adminDialog == nil, !editingFilter else { return false }
        return clientScreen?.pending == nil
    }

    var auditArea: Rect { Rect(x: 0, y: 1, width: size.width, height: size.height - 1 - Layout.rowsBelow) }

    func updateAudit(_ event: KeyEvent) throws {
        guard var screen = auditScreen else { return }
        if event == .character("?") && screen.form == nil {
            overlay = .help(scroll: 0)
            return
        }
        let outcome = try screen.handle(event, height: auditArea.height)
        auditScreen = screen
        if case .close = outcome { auditScreen = nil }
    }
}
