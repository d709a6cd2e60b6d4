import IDMDomain
import IDMTerminal

extension WizardScreen {
    private static func c(_ s: Character) -> KeyEvent { .character(s) }

    static let groupsTable = KeyTable<Action>("New API Client: 1 Groups", [
        KeyBinding([c(" ")], .toggle, "Toggle", "Check or clear the row and everything beneath it", bar: true),
        KeyBinding([c("a")], .all, "All", "Select all of the owner's groups again", bar: true),
        KeyBinding([.enter], .next, "Next", "Next step", bar: true),
        KeyBinding([.escape], .back, "Cancel", "Cancel (asking first if anything changed)", bar: true),
    ] + Move.bindings { .move($0) })

    static let apisTable = KeyTable<Action>("New API Client: 2 APIs", [
        KeyBinding([c(" ")], .toggle, "Pick", "Pick or drop the API (an unavailable one says why)", bar: true),
        KeyBinding([.left, .right, c("l")], .level, "Level", "READ-ONLY or READ-WRITE (never above the owner's)", bar: true),
        KeyBinding([c("o")], .perContract, "Per contract", "One client per contract, so PAPI works across several contracts", bar: true),
        KeyBinding([c("/")], .filter, "Filter", "Filter by name", bar: true),
        KeyBinding([c("u")], .unavailable, "Unavailable", "Hide or show unavailable APIs (shown by default, with their reason)", bar: true),
        KeyBinding([.enter], .next, "Next", "Next step (editing: save)", bar: true),
        KeyBinding([.escape], .back, "Back", "Previous step", bar: true),
    ] + Move.bindings { .move($0) })

    static let detailsTable = KeyTable<Action>("New API Client: 3 Details", [
        KeyBinding([.tab, .down], .nextField, "Next field", "Next field (each is checked as you leave it)", bar: true),
        KeyBinding([.backTab, .up], .previousField, "Previous field", "Previous field"),
        KeyBinding([.enter], .next, "Review", "Review (editing: save)", bar: true),
        KeyBinding([.escape], .back, "Back", "Previous step (editing: cancel)", bar: true),
    ])

    static let reviewTable = KeyTable<Action>("New API Client: 4 Review", [
        KeyBinding([.enter, c("c")], .create, "Create", "Create the client (or one per contract) and, for your own, its first credential", bar: true),
        KeyBinding([.escape], .back, "Back", "Previous step", bar: true),
    ] + Move.bindings { .move($0) })

    static let tables: [NewClientWizard.Step: KeyTable<Action>] = [.groups: groupsTable, .apis: apisTable, .details: detailsTable, .review: reviewTable]
}
