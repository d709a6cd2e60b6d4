import IDMTerminal

extension ManageScreen {
    private static func c(_ s: Character) -> KeyEvent { .character(s) }

    /// The only place the list screen's keys are defined.
    static let keys = KeyTable<Action>("Manage Users & Groups", [
        KeyBinding([.enter], .open, "Open", "Open the selected row's page (Groups: a contract row expands or collapses)", bar: true),
        KeyBinding([c("n")], .newClientForMe, "New client", "New API Client for Me (from any tab)", bar: true),
        KeyBinding([c("N")], .newClientForOther, "For user", "New API client for another user (from any tab)", bar: true),
        KeyBinding([c("c")], .create, "Create", "Users, Groups, Roles: create a user, a subgroup of the selected group, or a custom role", bar: true),
        KeyBinding([c("E")], .edit, "Edit", "Users: edit the profile and roles; Groups: rename; Roles: edit a custom role (its impact shown first)", bar: true),
        KeyBinding([c("l")], .lockToggle, "Lock", "Users: lock or unlock the selected user", bar: true),
        KeyBinding([c("M")], .moveGroup, "Move", "Groups: move the selected group within its contract (who gains or loses access shown first)", bar: true),
        KeyBinding([c("X")], .delete, "Delete", "Users, Groups, Roles: delete the selected row (refused with the reason when it is in use)", bar: true),
        KeyBinding([c("b")], .block, "Block", "Users: block (or unblock) a subgroup, where the user's inherited access stops"),
        KeyBinding([c("/")], .filter, "Filter", "Filter as you type (Enter keeps it, Esc clears it)", bar: true),
        KeyBinding([c("s")], .sort, "Sort", "Sort by the next column (a click on a column header sorts by it)", bar: true),
        KeyBinding([c("S")], .reverse, "Reverse", "Reverse the current sort"),
        KeyBinding([.right, c("+")], .expand, "Expand", "Groups: expand the selected contract or group"),
        KeyBinding([.left, c("-")], .collapse, "Collapse", "Groups: collapse it (on a collapsed one: go to its parent)"),
        KeyBinding([c("e")], .expiringOnly, "Expiring", "API Clients: only clients with a credential expiring within 30 days (again: all)"),
        KeyBinding([c("m")], .migrationReport, "Migration", "The report of the migration of legacy API clients from Manage APIs (from any tab)"),
        KeyBinding([c("A")], .switchAccount, "Account", "Switch account (resellers: the accounts you manage)", bar: true),
        KeyBinding([c("1")], .tab(0), "Users", "Users tab"),
        KeyBinding([c("2")], .tab(1), "API Clients", "API Clients tab"),
        KeyBinding([c("3")], .tab(2), "Groups", "Groups tab"),
        KeyBinding([c("4")], .tab(3), "Roles", "Roles tab"),
        KeyBinding([.tab], .nextTab, "Next tab", "Next tab"),
        KeyBinding([.backTab], .previousTab, "Previous tab", "Previous tab"),
        KeyBinding([c("r"), .ctrl("l")], .refresh, "Reload", "Reload from the database"),
        KeyBinding([c("q")], .quit, "Quit", "Quit idm", bar: true),
    ] + Move.bindings { .move($0) })
}
