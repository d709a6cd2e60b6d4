/// Everything a key can ask the console to do.
public enum Action: Hashable, Sendable {
    case quit, back, help
    case tab(Int), nextTab, previousTab
    case up, down, pageUp, pageDown, top, bottom
    case filter, sort, open
    case newClientForMe, newClientForOther
    case switchAccount
    case refresh
    case auditLog
    case create, edit, move, lockToggle, delete, block
    case migrationReport
    case expiringOnly
}
