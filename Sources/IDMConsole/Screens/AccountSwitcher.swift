import IDMDomain
import IDMTerminal

/// `A`: the accounts the user may browse, filtered as they type; Enter switches.
struct AccountSwitcher {
    let accounts: [Account]
    let currentID: AccountID
    var filter = ""
    var selected = 0

    var matches: [Account] {
        filter.isEmpty ? accounts : accounts.filter { $0.name.localizedCaseInsensitiveContains(filter) }
    }

    var chosen: Account? {
        let m = matches
        return m.indices.contains(selected) ? m[selected] : nil
    }

    /// Handles a key; returns the account to switch to when Enter picks one.
    mutating func handle(_ key: KeyEvent) -> (close: Bool, pick: Account?) {
        switch key {
        case .escape: return (true, nil)
        case .enter: return (true, chosen)
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, matches.count - 1), selected + 1)
        case .backspace:
            if !filter.isEmpty { filter.removeLast(); selected = 0 }
        case .character(let ch):
            filter.append(ch)
            selected = 0
        default: break
        }
        return (false, nil)
    }

    func render(into grid: inout Grid, area: Rect) {
        let width = min(56, area.width - 4)
        let height = min(area.height - 2, matches.count + 5)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + 1, width: width, height: max(6, height))
        Box.draw(&grid, box, title: "Switch account")
        grid.put(x: box.x + 2, y: box.y + 1, text: "Find: " + filter + "▏", style: .bold, maxWidth: box.width - 4)
        let rows = Rect(x: box.x + 1, y: box.y + 2, width: box.width - 2, height: box.height - 4)
        let list = matches
        if list.isEmpty {
            grid.put(x: rows.x + 1, y: rows.y, text: "No account matches \"\(filter)\".", style: .dim, maxWidth: rows.width - 2)
        }
        let first = max(0, selected - rows.height + 1)
        for (i, account) in list.enumerated().dropFirst(first).prefix(rows.height) {
            let y = rows.y + i - first
            let style: Style = i == selected ? .reverse : .normal
            grid.fill(Rect(x: rows.x, y: y, width: rows.width, height: 1), style: style)
            let mark = account.id == currentID ? "• " : "  "
            let kind = account.kind == .managed ? "managed" : account.kind.rawValue
            grid.put(x: rows.x + 1, y: y, text: mark + account.name, style: style, maxWidth: rows.width - 12, overflow: .ellipsis)
            grid.put(x: rows.maxX - 9, y: y, text: kind, style: style.adding(i == selected ? [] : .dim), maxWidth: 8)
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter switch  Esc cancel  type to filter", style: .dim, maxWidth: box.width - 4)
    }
}
