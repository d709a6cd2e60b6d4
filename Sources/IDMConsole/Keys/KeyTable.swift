import IDMDomain
import IDMTerminal

/// One key binding of a screen: its keys, the action, how the hint bar and `?` name it.
struct KeyBinding<Action: Hashable> {
    let keys: [KeyEvent]
    let action: Action
    /// Short label for the hint bar ("Filter").
    let label: String
    /// One line for `?` and the README.
    let help: String
    /// Offered in the one-line hint bar (the rest only in `?`).
    let inBar: Bool

    init(_ keys: [KeyEvent], _ action: Action, _ label: String, _ help: String, bar: Bool = false) {
        self.keys = keys
        self.action = action
        self.label = label
        self.help = help
        self.inBar = bar
    }

    /// "n", "↑/k".
    var keyLabel: String { keys.map(\.description).joined(separator: "/") }
}

/// A screen's keys: the only place they are defined. Dispatch (`action(for:)`), the hint bar
/// (`hints`), `?` (`section`) and the README's key list (`markdown`) all come from it.
struct KeyTable<Action: Hashable> {
    let title: String
    let bindings: [KeyBinding<Action>]

    init(_ title: String, _ bindings: [KeyBinding<Action>]) {
        self.title = title
        self.bindings = bindings
    }

    func action(for key: KeyEvent) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    func binding(_ action: Action) -> KeyBinding<Action>? {
        bindings.first { $0.action == action }
    }

    func binds(_ key: KeyEvent) -> Bool { action(for: key) != nil }

    /// The hint bar: the bar's bindings that apply now (`applies`), in the table's order
    /// (`HintBar` keeps the enabled ones first when not all fit); `essential` ones are never
    /// dropped for lack of width.
    func hints(applies: (Action) -> Bool = { _ in true }, decide: (Action) -> Decision,
               label: (KeyBinding<Action>) -> String = { $0.label }, labelRoom: (KeyBinding<Action>) -> Int? = { _ in nil },
               essential: Set<Action> = [], steady: Set<Action> = []) -> [Hint] {
        let shown = bindings.filter { $0.inBar && applies($0.action) }.map { b -> Hint in
            let d = decide(b.action)
            return Hint(key: b.keys[0].description, label: label(b), enabled: d.isAllowed, essential: essential.contains(b.action),
                        room: labelRoom(b), steady: steady.contains(b.action))
        }
        return shown
    }

    /// The `?` section: every binding, with the reason of each one unavailable now.
    func section(title: String? = nil, applies: (Action) -> Bool = { _ in true }, decide: (Action) -> Decision) -> HelpSection {
        HelpSection(title: title ?? self.title, lines: bindings.filter { applies($0.action) }.map {
            HelpSection.Line(key: $0.keyLabel, help: $0.help, reason: decide($0.action).reason)
        })
    }

    /// This table as a Markdown table, for the README.
    var markdown: String {
        var out = ["**\(title)**", "", "| key | action |", "|---|---|"]
        for b in bindings {
            out.append("| `\(b.keyLabel.replacingOccurrences(of: "|", with: "\\|"))` | \(b.help) |")
        }
        return out.joined(separator: "\n")
    }

    /// What a key means here: the action to take (allowed now), or what to say instead (its
    /// refusal, beside its key; or that the key is not one of this screen's). Every screen
    /// answers keys through this, so none does nothing silently.
    func resolve(_ key: KeyEvent, decide: (Action) -> Decision) -> KeyOutcome<Action> {
        guard let action = action(for: key) else { return .say([Self.notAKey(key)]) }
        let decision = decide(action)
        return decision.isAllowed ? .act(action) : .say([refusal(action, decision)])
    }

    static func notAKey(_ key: KeyEvent) -> Effect {
        .notice(.info("\(key.description) is not a key here; ? lists them."))
    }

    /// The reason notice for an action refused now, beside its key in the hint bar.
    func refusal(_ action: Action, _ decision: Decision) -> Effect {
        let b = binding(action)
        let what = b.map { $0.help.count <= 48 ? $0.help : $0.label } ?? ""
        return .notice(.reason(what.isEmpty ? decision.reason ?? "" : "\(what): \(decision.reason ?? "")", key: b?.keys[0].description))
    }
}

/// A key resolved by a table: act, or say why not.
enum KeyOutcome<Action> {
    case act(Action)
    case say([Effect])
}

/// One item of the hint bar.
struct Hint: Equatable {
    let key: String
    let label: String
    var enabled = true
    var essential = false
    /// The columns its label takes whatever it says: a label that changes with the selected
    /// row ("Lock", "Unlock") keeps the items after it in place, so a move redraws one word,
    /// not the rest of the bar.
    var room: Int?

    /// Keeps its place in the bar whether enabled or not: a key decided per row (Delete, for
    /// a user who owns clients and one who does not) dims where it is, and the keys that fit
    /// stay the same as the selection moves, so a move does not redraw the bar.
    var steady = false

    var labelWidth: Int { max(Width.of(label), room ?? 0) }
}

/// One screen's keys in the `?` overlay.
struct HelpSection: Equatable {
    struct Line: Equatable {
        let key: String
        let help: String
        /// Why it is unavailable now, or nil.
        let reason: String?
    }
    let title: String
    let lines: [Line]
}

/// Keys every screen shares, so each table lists them the same way.
enum CommonKeys {
    static func c(_ s: Character) -> KeyEvent { .character(s) }
    static let up: [KeyEvent] = [.up, c("k")]
    static let down: [KeyEvent] = [.down, c("j")]
    static let pageUp: [KeyEvent] = [.pageUp, .ctrl("b")]
    static let pageDown: [KeyEvent] = [.pageDown, .ctrl("f")]
    static let top: [KeyEvent] = [.home, c("g")]
    static let bottom: [KeyEvent] = [.end, c("G")]
    static let back: [KeyEvent] = [.escape, .backspace, c("q")]
}

/// The movement every list shares, as one action type screens embed.
enum Move: Hashable {
    case up, down, pageUp, pageDown, top, bottom

    static func bindings<A>(_ wrap: (Move) -> A) -> [KeyBinding<A>] {
        [KeyBinding(CommonKeys.up, wrap(.up), "Up", "Move up"),
         KeyBinding(CommonKeys.down, wrap(.down), "Down", "Move down"),
         KeyBinding(CommonKeys.pageUp, wrap(.pageUp), "PgUp", "Page up"),
         KeyBinding(CommonKeys.pageDown, wrap(.pageDown), "PgDn", "Page down"),
         KeyBinding(CommonKeys.top, wrap(.top), "Top", "First row"),
         KeyBinding(CommonKeys.bottom, wrap(.bottom), "Bottom", "Last row")]
    }

    func apply(_ list: inout ListState, height: Int) {
        let page = max(1, height - 1)
        switch self {
        case .up: list.move(by: -1)
        case .down: list.move(by: 1)
        case .pageUp: list.move(by: -page)
        case .pageDown: list.move(by: page)
        case .top: list.first()
        case .bottom: list.last()
        }
        list.fit(height)
    }
}
