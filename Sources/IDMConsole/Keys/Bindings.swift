import IDMTerminal

/// One key binding: the keys, what they do, how the hint bar and the `?` overlay name it.
/// The same table drives the hint bar, the help overlay and the README's key list.
public struct Binding: Sendable {
    public let keys: [KeyEvent]
    public let action: Action
    /// Short label for the hint bar ("Filter").
    public let label: String
    /// One line for the `?` overlay.
    public let help: String
    /// Shown in the one-line hint bar (the rest only in `?`).
    public let inBar: Bool

    public init(_ keys: [KeyEvent], _ action: Action, _ label: String, _ help: String, inBar: Bool = false) {
        self.keys = keys
        self.action = action
        self.label = label
        self.help = help
        self.inBar = inBar
    }

    /// "n", "↑/k", "1-4".
    public var keyLabel: String {
        if case .tab = action, keys.count == 1 { return keys[0].description }
        return keys.map(\.description).joined(separator: "/")
    }
}

/// A named group of bindings: one per screen, as the `?` overlay lists them.
public struct BindingGroup: Sendable {
    public let title: String
    public let bindings: [Binding]
    /// Whether the policy's availability applies (the list's actions); the wizard's keys are
    /// explained in place instead.
    public var checksAvailability = true
}

public enum Bindings {
    static func c(_ s: Character) -> KeyEvent { .character(s) }

    public static let movement: [Binding] = [
        Binding([.up, c("k")], .up, "Up", "Move up"),
        Binding([.down, c("j")], .down, "Down", "Move down"),
        Binding([.pageUp, .ctrl("b")], .pageUp, "PgUp", "Page up"),
        Binding([.pageDown, .ctrl("f")], .pageDown, "PgDn", "Page down"),
        Binding([.home, c("g")], .top, "Top", "First row"),
        Binding([.end, c("G")], .bottom, "Bottom", "Last row"),
    ]

    public static let manage: [Binding] = [
        Binding([.enter], .open, "Open", "Open the selected row's details", inBar: true),
        Binding([c("n")], .newClientForMe, "New client", "New API Client for Me", inBar: true),
        Binding([c("N")], .newClientForOther, "For user", "New API client for another user", inBar: true),
        Binding([c("/")], .filter, "Filter", "Filter as you type (Enter keeps it, Esc clears it)", inBar: true),
        Binding([c("s")], .sort, "Sort", "Sort by the next column", inBar: true),
        Binding([c("1")], .tab(0), "Users", "Users tab"),
        Binding([c("2")], .tab(1), "API Clients", "API Clients tab"),
        Binding([c("3")], .tab(2), "Groups", "Groups tab"),
        Binding([c("4")], .tab(3), "Roles", "Roles tab"),
        Binding([.tab], .nextTab, "Next tab", "Next tab"),
        Binding([.backTab], .previousTab, "Previous tab", "Previous tab"),
        Binding([c("A")], .switchAccount, "Account", "Switch account (resellers: the accounts you manage)", inBar: true),
        Binding([c("c")], .create, "Create", "Users, Groups, Roles: create a user, a subgroup of the selected group, or a custom role", inBar: true),
        Binding([c("E")], .edit, "Edit", "Users: edit the profile and roles; Groups: rename; Roles: edit a custom role (its impact shown first)", inBar: true),
        Binding([c("M")], .move, "Move", "Groups: move the selected group within its contract (who gains or loses access shown first)", inBar: true),
        Binding([c("l")], .lockToggle, "Lock", "Users: lock or unlock the selected user", inBar: true),
        Binding([c("b")], .block, "Block", "Users: block (or unblock) a subgroup, where the user's inherited access stops"),
        Binding([c("X")], .delete, "Delete", "Users, Groups, Roles: delete the selected row (refused with the reason when it is in use)", inBar: true),
        Binding([c("m")], .migrationReport, "Migration", "API Clients: the report of the migration of legacy API clients (Manage APIs)"),
        Binding([c("e")], .expiringOnly, "Expiring", "API Clients: only clients with a credential expiring within 30 days (again: all)"),
        Binding([c("r"), .ctrl("l")], .refresh, "Reload", "Reload from the database"),
    ] + movement

    public static let detail: [Binding] = [
        Binding([.escape, c("q")], .back, "Back", "Back to the list", inBar: true),
    ] + movement

    /// The wizard's keys, for `?` and the README (the wizard handles them itself, per step).
    public static let wizard: [Binding] = [
        Binding([.enter], .open, "Next", "Next step (on Review: Create)"),
        Binding([.escape], .back, "Back", "Previous step (on Groups: cancel, asking first if anything changed)"),
        Binding([c(" ")], .open, "Toggle", "Groups: check or clear the row and everything beneath it; APIs: pick or drop the API"),
        Binding([c("a")], .refresh, "All", "Groups: select all of the owner's groups again"),
        Binding([.left, .right], .sort, "Level", "APIs: READ-ONLY or READ-WRITE (never above the owner's)"),
        Binding([c("/")], .filter, "Filter", "APIs: filter by name"),
        Binding([c("u")], .refresh, "Unavailable", "APIs: hide or show unavailable APIs (shown by default, with their reason)"),
        Binding([c("o")], .switchAccount, "Per contract", "APIs: one client per contract, so PAPI works across several contracts"),
        Binding([.tab, .backTab], .down, "Field", "Details: next or previous field (each is checked as you leave it)"),
        Binding([c("s")], .open, "Save", "Credentials: save as an .edgerc section (file created with mode 0600)"),
    ]

    /// The audit log screen (`AuditScreen`); actions reuse the list's names for what they do here.
    public static let audit: [Binding] = [
        Binding([.enter], .open, "Details", "Show the selected event: each changed field, before → after", inBar: true),
        Binding([c("/")], .filter, "Filter", "Filter: actor:LOGIN target:NAME action:NAME since:YYYY-MM-DD until:YYYY-MM-DD", inBar: true),
        Binding([.escape], .back, "Back", "Close the event; else clear the filter; else close the audit log", inBar: true),
        Binding([c("q")], .quit, "Close", "Close the audit log (in an event: back to the list)", inBar: true),
        Binding([.left, c("h")], .previousTab, "Newer", "In an event: the newer event"),
        Binding([.right, c("l")], .nextTab, "Older", "In an event: the older event"),
    ] + movement

    public static let global: [Binding] = [
        Binding([c("?"), .function(1)], .help, "Help", "This help", inBar: true),
        Binding([c("L")], .auditLog, "Audit log", "The audit log: who changed what, newest first"),
        Binding([c("q")], .quit, "Quit", "Quit idm (in a detail view: back)", inBar: true),
    ]

    public static let helpGroups: [BindingGroup] = [
        BindingGroup(title: "Manage Users & Groups", bindings: manage),
        BindingGroup(title: "Detail views", bindings: detail),
        BindingGroup(title: "New API Client wizard", bindings: wizard, checksAvailability: false),
        BindingGroup(title: "Audit log", bindings: audit, checksAvailability: false),
        BindingGroup(title: "Everywhere", bindings: global),
    ]

    /// The first binding of `table` that `key` triggers.
    public static func match(_ key: KeyEvent, in table: [Binding]) -> Binding? {
        table.first { $0.keys.contains(key) }
    }
}

extension Bindings {
    /// The README's key list, made from the same table as the hint bar and `?`.
    public static func markdownKeyList() -> String {
        var out: [String] = []
        // The client page's actions live in ClientAction (their availability depends on the client).
        let page = BindingGroup(title: "API client page", bindings: ClientAction.allCases.map {
            Binding([$0.key], .open, $0.label(locked: false), $0.help)
        } + [Binding([.up, .down], .open, "Select", "Select a credential (or scroll)")], checksAvailability: false)
        for group in helpGroups.prefix(2) + [page] + helpGroups.dropFirst(2) {
            out.append("**\(group.title)**")
            out.append("")
            out.append("| key | action |")
            out.append("|---|---|")
            for binding in group.bindings {
                out.append("| `\(binding.keyLabel.replacingOccurrences(of: "|", with: "\\|"))` | \(binding.help) |")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
