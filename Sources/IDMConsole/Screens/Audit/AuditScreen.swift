import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// `L`: the audit log of the account on screen, newest first. A window over the log in SQL
/// (`AuditWindow`: keyset pages on the event id), so only the rows on screen are in memory;
/// Enter shows an event's changes, `/` filters (`AuditQuery`'s `key:value` words).
///
/// The host gives it the area between the status line and the notice line (`handle`'s
/// `height` is that area's height) and shows `hints` in its hint bar.
struct AuditScreen {
    let session: Session
    let accountName: String
    private(set) var window: AuditWindow
    private(set) var count = 0
    /// Every event of the account, for "5 of 28 events" under a filter.
    private(set) var total = 0
    private(set) var selected = 0
    private(set) var top = 0
    /// The events from `top` that fit on screen, loaded after every key.
    private(set) var visible: [AuditEvent] = []
    /// The active filter as typed ("" for none).
    private(set) var query = ""
    /// The filter form while it is open.
    private(set) var form: FilterForm?
    /// The event shown in full, and how far its changes are scrolled (in fields).
    private(set) var detail: (event: AuditEvent, scroll: Int)?
    /// Suggestions for the filter form: the actions and actors present in this account's log.
    let actions: [String]
    let actors: [String]
    /// The hash chain, checked when the screen opens (README, "Security").
    let chain: AuditChain.Verification

    struct FilterForm {
        var text: String
        var error: String?
    }

    enum Outcome { case stay, close }

    /// Rows loaded before the first key tells the screen its height.
    static let initialRows = 60
    /// Title, filter line, column header above the rows.
    static let rowsAbove = 3

    init(session: Session) throws {
        self.session = session
        let account = session.account
        accountName = account.name
        window = AuditWindow(store: session.store, account: account.id, filter: Q.AuditFilter(includeGlobal: false))
        (actions, actors) = try session.read { db in
            (try Q.auditDistinct(db, .action, account: account.id, limit: 40), try Q.auditDistinct(db, .actor, account: account.id, limit: 20))
        }
        chain = try session.read { db in try AuditChain.verify(db) }
        count = try window.count()
        total = count
        visible = try window.rows(offset: 0, limit: Self.initialRows)
    }

    var selectedEvent: AuditEvent? {
        let i = selected - top
        return visible.indices.contains(i) ? visible[i] : nil
    }

    static func listRows(height: Int) -> Int { max(1, height - rowsAbove) }

    // MARK: Keys

    mutating func handle(_ key: KeyEvent, height: Int) throws -> Outcome {
        let rows = Self.listRows(height: height)
        if form != nil {
            try handleForm(key)
        } else if detail != nil {
            try handleDetail(key, rows: rows)
        } else if case .wheelUp = key {
            move(by: -3)
        } else if case .wheelDown = key {
            move(by: 3)
        } else if let binding = Bindings.match(key, in: Bindings.audit) {
            switch binding.action {
            case .quit: return .close
            case .back:
                guard !query.isEmpty else { return .close }
                try apply("", filter: Q.AuditFilter(includeGlobal: false))
            case .open:
                try loadVisible(rows: rows)
                if let event = selectedEvent { detail = (event, 0) }
            case .filter: form = FilterForm(text: query.isEmpty ? "" : query + " ")
            case .up: move(by: -1)
            case .down: move(by: 1)
            case .pageUp: move(by: -max(1, rows - 1))
            case .pageDown: move(by: max(1, rows - 1))
            case .top: selected = 0
            case .bottom: selected = max(0, count - 1)
            default: break
            }
        }
        try loadVisible(rows: rows)
        return .stay
    }

    private mutating func handleForm(_ key: KeyEvent) throws {
        guard var form else { return }
        switch key {
        case .escape:
            self.form = nil
            return
        case .enter:
            switch AuditQuery.parse(form.text) {
            case .success(let filter):
                self.form = nil
                try apply(form.text.trimmingCharacters(in: .whitespaces), filter: filter)
                return
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
    }

    private mutating func handleDetail(_ key: KeyEvent, rows: Int) throws {
        guard var shown = detail else { return }
        let fields = Self.changedFields(shown.event).count
        switch Bindings.match(key, in: Bindings.audit)?.action {
        case .back?, .quit?, .open?:
            detail = nil
            return
        case .up?: shown.scroll -= 1
        case .down?: shown.scroll += 1
        case .pageUp?: shown.scroll -= max(1, rows - 8)
        case .pageDown?: shown.scroll += max(1, rows - 8)
        case .top?: shown.scroll = 0
        case .bottom?: shown.scroll = fields
        case .previousTab?, .nextTab?:
            // Newer is up the list, older down; the panel follows the selection.
            move(by: Bindings.match(key, in: Bindings.audit)?.action == .previousTab ? -1 : 1)
            try loadVisible(rows: rows)
            if let event = selectedEvent { shown = (event, 0) }
        default: break
        }
        shown.scroll = max(0, min(shown.scroll, fields - 1))
        detail = shown
    }

    private mutating func move(by delta: Int) {
        selected = max(0, min(count - 1, selected + delta))
    }

    /// A new filter: a new window; the selection stays on the same event when it is still listed.
    private mutating func apply(_ text: String, filter: Q.AuditFilter) throws {
        let keep = selectedEvent?.id
        window = AuditWindow(store: session.store, account: session.account.id, filter: filter)
        query = text
        count = try window.count()
        selected = 0
        top = 0
        if let keep, let offset = try window.offset(ofID: keep) { selected = offset }
    }

    /// Keeps the selection on screen, then loads exactly the events shown.
    private mutating func loadVisible(rows: Int) throws {
        if count == 0 { selected = 0 }
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
        visible = try window.rows(offset: top, limit: rows)
    }

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
