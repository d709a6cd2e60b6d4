import IDMDomain
import IDMStore
import IDMTerminal

/// `N`: who will own the new client. A window over the account's users, filtered as the admin
/// types; picking someone the policy refuses shows the reason instead.
struct OwnerPicker {
    var users: ListTab
    var filter = ""
    var title = "New API client for another user: choose the owner"

    init(store: Store, account: AccountID) throws {
        users = try ListTab(store: store, spec: ListSpec(list: .users, accountID: account))
    }

    enum Outcome { case stay, cancel, pick(UserID) }

    mutating func handle(_ key: KeyEvent, store: Store, height: Int) throws -> Outcome {
        switch key {
        case .escape: return .cancel
        case .enter:
            guard let row = users.selectedRow else { return .stay }
            return .pick(row.id)
        case .up: users.move(by: -1)
        case .down: users.move(by: 1)
        case .pageUp: users.move(by: -height)
        case .pageDown: users.move(by: height)
        case .backspace:
            guard !filter.isEmpty else { return .stay }
            filter.removeLast()
            try refilter(store)
        case .character(let ch):
            filter.append(ch)
            try refilter(store)
        default: break
        }
        try users.loadVisible(height: height)
        return .stay
    }

    private mutating func refilter(_ store: Store) throws {
        var spec = users.spec
        spec.filter = filter
        try users.respec(spec, store: store)
    }

    func render(into grid: inout Grid, area: Rect) {
        let width = min(70, area.width - 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y, width: width, height: area.height)
        Box.draw(&grid, box, title: title)
        grid.put(x: box.x + 2, y: box.y + 1, text: "Find: " + filter + "▏", style: .bold, maxWidth: box.width - 4)
        let count = "\(users.count) users"
        grid.put(x: box.maxX - 2 - Width.of(count), y: box.y + 1, text: count, style: .dim)
        let rows = Rect(x: box.x + 1, y: box.y + 2, width: box.width - 2, height: box.height - 4)
        for (i, row) in users.visible.prefix(rows.height).enumerated() {
            let selected = users.top + i == users.selected
            var style: Style = row.locked ? .dim : .normal
            if selected { style = style.adding(.reverse); grid.fill(Rect(x: rows.x, y: rows.y + i, width: rows.width, height: 1), style: style) }
            grid.put(x: rows.x + 1, y: rows.y + i, text: row.cells[0], style: style, maxWidth: 20, overflow: .ellipsis)
            grid.put(x: rows.x + 22, y: rows.y + i, text: row.cells[1], style: style, maxWidth: rows.width - 32, overflow: .ellipsis)
            if row.locked { grid.put(x: rows.maxX - 8, y: rows.y + i, text: "locked", style: style) }
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter choose  Esc cancel  type to filter", style: .dim, maxWidth: box.width - 4)
    }
}
