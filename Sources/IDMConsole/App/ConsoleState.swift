import IDMDomain
import IDMTerminal

/// A message shown once, until the next key: a reason for something unavailable, an error,
/// or a confirmation that something happened.
struct Notice: Equatable {
    enum Kind { case info, reason, error }
    var text: String
    var kind: Kind
    /// The column to show it next to (the hint bar item of the key pressed), if any.
    var anchorX: Int?
}

/// What covers the main screen, if anything.
enum Overlay {
    case help(scroll: Int)
    case accounts(AccountSwitcher)
}

/// The console's layout constants, shared by update (how many rows fit) and render.
enum Layout {
    static let minimum = Size(width: 60, height: 15)
    /// Status line, tabs, info line, column header above the rows; notice and hint bar below.
    static let rowsAbove = 4
    static let rowsBelow = 2

    static func listHeight(_ size: Size) -> Int { max(0, size.height - rowsAbove - rowsBelow) }
    static func tooSmall(_ size: Size) -> Bool { size.width < minimum.width || size.height < minimum.height }
}
