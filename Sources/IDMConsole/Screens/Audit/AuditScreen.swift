import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// `L`: the audit log of the account on screen, newest first: a window over the log in SQL
/// (`AuditWindow`, keyset pages on the event id), read as effects, so only the events on screen
/// are held. `/` filters by actor, target, action and day; Enter shows an event's changes in
/// full; from an event, `u` opens its actor and `o` its target.
struct AuditScreen: Screen {
    enum Action: Hashable { case move(Move), open, filter, back, close, newer, older, openActor, openTarget }

    struct FilterForm {
        var text: String
        var error: String?
    }

    struct Overview {
        let actions: [String]
        let actors: [String]
        let chain: AuditChain.Verification
        let total: Int
    }

    struct Rows {
        let generation: Int
        let count: Int
        let offset: Int
        let events: [AuditEvent]
        let keptAt: Int?
    }

    let accountName: String
    let accountID: AccountID
    let lists: ListFactory
    private(set) var window: AuditWindow
    var list = ListState()
    var counted = false
    var generation = 0
    var events: [AuditEvent] = []
    var eventsOffset = 0
    /// Every event of the account, for "5 of 28 events" under a filter.
    var total = 0
    /// The active filter as typed ("" for none).
    var query = ""
    var form: FilterForm?
    /// The event shown in full, and how far its changes are scrolled (in fields).
    var detail: (event: AuditEvent, scroll: Int)?
    var actions: [String] = []
    var actors: [String] = []
    /// The hash chain, checked when the screen opens (README, "Security").
    var chain: AuditChain.Verification?

    /// Title, filter line, column header above the rows.
    static let rowsAbove = 3

    init(env: Env) {
        accountName = env.account.name
        accountID = env.account.id
        lists = env.lists
        window = env.lists.audit(account: env.account.id, filter: AuditFilter(includeGlobal: false))
    }

    var crumb: String { "Audit log" }
    var isTyping: Bool { form != nil }
    var count: Int { list.count }
    var selected: Int { list.selected }

    static let keys = KeyTable<Action>("Audit log", [
        KeyBinding([.enter], .open, "Details", "Show the selected event: each changed field, before → after", bar: true),
        KeyBinding([.character("/")], .filter, "Filter", "Filter: actor:LOGIN target:NAME action:NAME since:YYYY-MM-DD until:YYYY-MM-DD", bar: true),
        KeyBinding([.character("u")], .openActor, "Actor", "Open the page of the selected event's actor", bar: true),
        KeyBinding([.character("o")], .openTarget, "Target", "Open the page of the selected event's target (user, client, group or role)", bar: true),
        KeyBinding([.left, .character("h")], .newer, "Newer", "In an event: the newer event"),
        KeyBinding([.right, .character("l")], .older, "Older", "In an event: the older event"),
        KeyBinding([.escape, .backspace], .back, "Back", "Close the event; else clear the filter; else close the audit log", bar: true),
        KeyBinding([.character("q")], .close, "Close", "Close the audit log", bar: true),
    ] + Move.bindings { .move($0) })

    func binds(_ key: KeyEvent) -> Bool { form != nil || Self.keys.binds(key) }

    static func listRows(_ env: Env) -> Int { max(1, env.body.height - rowsAbove) }

    var selectedEvent: AuditEvent? {
        let i = list.selected - eventsOffset
        return events.indices.contains(i) ? events[i] : nil
    }

    func event(at index: Int) -> AuditEvent? {
        let i = index - eventsOffset
        return events.indices.contains(i) ? events[i] : nil
    }

    mutating func start(_ env: Env) -> [Effect] {
        let account = accountID
        let window = self.window
        return [.run { io in
            let o = try io.reader.auditOverview(account: account)
            return Overview(actions: o.actions, actors: o.actors, chain: o.chain, total: try window.count())
        }] + fetch(env, force: true)
    }

    /// The events on screen and a margin, when they are not all held.
    func fetch(_ env: Env, force: Bool = false, keep: Int64? = nil) -> [Effect] {
        let height = Self.listRows(env)
        let visible = list.visible(height)
        if !force && counted && (visible.isEmpty || (visible.lowerBound >= eventsOffset && visible.upperBound <= eventsOffset + events.count)) { return [] }
        let window = self.window
        let generation = self.generation
        let state = list
        return [.run { _ in
            let count = try window.count()
            var s = state
            s.setCount(count)
            var kept: Int?
            if let keep, let at = try window.offset(ofID: keep) { kept = at; s.select(at) }
            let range = s.visible(height)
            let start = max(0, range.lowerBound - 40)
            let end = min(count, range.upperBound + 40)
            return Rows(generation: generation, count: count, offset: start, events: try window.rows(offset: start, limit: end - start), keptAt: kept)
        }]
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        let height = Self.listRows(env)
        switch msg {
        case .refresh:
            window.invalidate()
            return fetch(env, force: true, keep: selectedEvent?.id)
        case .reply(.success(let value)):
            if let o = value as? Overview {
                (actions, actors, chain, total) = (o.actions, o.actors, o.chain, o.total)
            } else if let rows = value as? Rows, rows.generation == generation {
                counted = true
                list.setCount(rows.count)
                if let at = rows.keptAt { list.select(at) }
                list.fit(height)
                events = rows.events
                eventsOffset = rows.offset
                if let shown = detail, let event = selectedEvent, event.id != shown.event.id { detail = (event, 0) }
            } else if let open = value as? OpenPage {
                return [open.effect]
            }
            return [.handled]
        case .reply(.failure): return []
        case .result: return []
        case .key(let key):
            if form != nil { return updateForm(key, env) }
            switch key {
            case .wheelUp: list.scroll(by: -3, height: height); return fetch(env)
            case .wheelDown: list.scroll(by: 3, height: height); return fetch(env)
            case .click(_, let y, _), .doubleClick(_, let y):
                guard detail == nil, let i = list.row(atLine: y - (env.body.y + Self.rowsAbove), height: height) else { return [] }
                list.select(i)
                list.fit(height)
                if case .doubleClick = key, let event = selectedEvent { detail = (event, 0) }
                return fetch(env)
            default: break
            }
            switch Self.keys.resolve(key, decide: decide) {
            case .act(let action): return perform(action, env)
            case .say(let effects): return effects
            }
        }
    }

    func decide(_ action: Action) -> Decision {
        switch action {
        case .open, .openActor: return .require(selectedEvent != nil, "No event is selected.")
        case .openTarget:
            guard let e = selectedEvent else { return .denied("No event is selected.") }
            return .require(["user", "api_client", "client", "group", "role"].contains(e.targetType) && Int64(e.targetID) != nil,
                            "The target is a \(e.targetType); only users, clients, groups and roles have pages.")
        case .newer, .older: return .require(detail != nil, "Open an event first (Enter).")
        default: return .allowed
        }
    }

    private mutating func perform(_ action: Action, _ env: Env) -> [Effect] {
        let height = Self.listRows(env)
        switch action {
        case .close: return [.pop(.closed)]
        case .back:
            if detail != nil { detail = nil; return [] }
            guard !query.isEmpty else { return [.pop(.closed)] }
            return apply("", filter: AuditFilter(includeGlobal: false), env)
        case .open:
            if detail != nil { detail = nil; return [] }
            if let event = selectedEvent { detail = (event, 0) }
            return []
        case .filter: form = FilterForm(text: query.isEmpty ? "" : query + " "); return []
        case .move(let m):
            if var shown = detail {
                let fields = Self.changedFields(shown.event).count
                switch m {
                case .up: shown.scroll -= 1
                case .down: shown.scroll += 1
                case .pageUp: shown.scroll -= max(1, height - 8)
                case .pageDown: shown.scroll += max(1, height - 8)
                case .top: shown.scroll = 0
                case .bottom: shown.scroll = fields
                }
                shown.scroll = max(0, min(shown.scroll, fields - 1))
                detail = shown
                return []
            }
            m.apply(&list, height: height)
            return fetch(env)
        case .newer, .older:
            // Newer is up the list, older down; the panel follows the selection.
            list.move(by: action == .newer ? -1 : 1)
            list.fit(height)
            if let event = selectedEvent { detail = (event, 0) }
            return fetch(env)
        case .openActor:
            guard let login = selectedEvent?.actorLogin else { return [] }
            return [.run { io in
                guard let id = try io.reader.userID(login: login, account: io.context.account.id) else {
                    throw IDMError.notFound("\(login) is not a user of this account (the system, or deleted since).")
                }
                return OpenPage(effect: DetailPageScreen.open(.user(id)))
            }]
        case .openTarget:
            guard let e = selectedEvent, let id = Int64(e.targetID) else { return [] }
            switch e.targetType {
            case "user": return [DetailPageScreen.open(.user(id))]
            case "client", "api_client": return [DetailPageScreen.open(.client(id))]
            case "group": return [DetailPageScreen.open(.group(id))]
            default: return [DetailPageScreen.open(.role(id))]
            }
        }
    }

    private mutating func updateForm(_ key: KeyEvent, _ env: Env) -> [Effect] {
        guard var form else { return [] }
        switch key {
        case .escape:
            self.form = nil
            return []
        case .enter:
            switch AuditQuery.parse(form.text) {
            case .success(let filter):
                self.form = nil
                return apply(form.text.trimmingCharacters(in: .whitespaces), filter: filter, env)
            case .failure(let error):
                form.error = error.message
            }
        case .backspace:
            if !form.text.isEmpty { form.text.removeLast() }
            form.error = nil
        case .ctrl("u"):
            form.text = ""
            form.error = nil
        case .character(let ch):
            form.text.append(ch)
            form.error = nil
        default: break
        }
        self.form = form
        return []
    }

    /// A new filter: a new window; the selection stays on the same event when it is still listed.
    private mutating func apply(_ text: String, filter: AuditFilter, _ env: Env) -> [Effect] {
        let keep = selectedEvent?.id
        window = lists.audit(account: accountID, filter: filter)
        query = text
        generation += 1
        counted = false
        events = []
        list = ListState()
        return fetch(env, force: true, keep: keep)
    }

    func hints(_ env: Env) -> [Hint] {
        if form != nil {
            return [Hint(key: "Enter", label: "Apply", essential: true), Hint(key: "Esc", label: "Cancel", essential: true)]
        }
        if detail != nil {
            return [Hint(key: "←/→", label: "Newer/older"), Hint(key: "↑/↓", label: "Scroll"), Hint(key: "u", label: "Actor"),
                    Hint(key: "o", label: "Target", enabled: decide(.openTarget).isAllowed), Hint(key: "Esc", label: "Back", essential: true)]
        }
        return Self.keys.hints(applies: { $0 != .newer && $0 != .older }, decide: decide,
                               label: { $0.action == .back ? (query.isEmpty ? "Back" : "Clear filter") : $0.label }, essential: [.back, .close])
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: decide)] }

    // MARK: Formatting

    /// "2026-11-29 12:00" (UTC).
    static func minute(_ date: Date) -> String {
        String(Formats.timestamp(date).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// "2026-11-29 12:00:00 UTC".
    static func second(_ date: Date) -> String {
        String(Formats.timestamp(date).prefix(19)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    static func target(_ event: AuditEvent) -> String {
        event.targetName.isEmpty ? "\(event.targetType) \(event.targetID)" : event.targetName
    }

    /// The changed fields, alphabetically: (field, before, after), nil where the side is absent.
    static func changedFields(_ event: AuditEvent) -> [(field: String, before: String?, after: String?)] {
        Set(event.before.keys).union(event.after.keys).sorted().map { ($0, event.before[$0], event.after[$0]) }
    }
}

/// A page to open, found by an effect (e.g. the actor of an event, by login).
struct OpenPage {
    let effect: Effect
}
