import IDMDomain
import IDMTerminal

/// `A`: the accounts the user may browse, filtered as they type; Enter switches.
struct AccountSwitcherScreen: Screen {
    let accounts: [Account]
    let currentID: AccountID
    var filter = ""
    var list: ListState

    init(accounts: [Account], currentID: AccountID) {
        self.accounts = accounts
        self.currentID = currentID
        list = ListState(count: accounts.count, selected: accounts.firstIndex { $0.id == currentID } ?? 0)
    }

    var crumb: String { "Switch account" }
    var isModal: Bool { true }
    var isTyping: Bool { true }
    func binds(_ key: KeyEvent) -> Bool { true }

    var matches: [Account] {
        filter.isEmpty ? accounts : accounts.filter { $0.name.localizedCaseInsensitiveContains(filter) }
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        guard case .key(let key) = msg else { return [] }
        switch key {
        case .escape: return [.pop(.cancelled)]
        case .enter:
            let m = matches
            guard let i = list.selection, m.indices.contains(i) else { return [] }
            return [.pop(.cancelled), .switchAccount(m[i])]
        case .up: list.move(by: -1)
        case .down: list.move(by: 1)
        case .backspace:
            if !filter.isEmpty { filter.removeLast() }
            list = ListState(count: matches.count)
        case .character(let ch):
            filter.append(ch)
            list = ListState(count: matches.count)
        default: break
        }
        return []
    }

    func hints(_ env: Env) -> [Hint] {
        [Hint(key: "Enter", label: "Switch", essential: true), Hint(key: "Esc", label: "Cancel", essential: true)]
    }

    func help(_ env: Env) -> [HelpSection] {
        [HelpSection(title: "Switch account", lines: [.init(key: "Enter", help: "Open the selected account", reason: nil),
                                                      .init(key: "Esc", help: "Stay in this account", reason: nil)])]
    }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        let list = matches
        let width = min(56, area.width - 4)
        let height = min(area.height - 2, list.count + 5)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + 1, width: width, height: max(6, height))
        Box.draw(&grid, box, title: "Switch account")
        grid.put(x: box.x + 2, y: box.y + 1, text: "Find: " + Sanitize.clean(filter) + "▏", style: .bold, maxWidth: box.width - 4)
        let rows = Rect(x: box.x + 1, y: box.y + 2, width: box.width - 2, height: box.height - 4)
        if list.isEmpty {
            grid.put(x: rows.x + 1, y: rows.y, text: "No account matches \"\(Sanitize.clean(filter))\".", style: .dim, maxWidth: rows.width - 2)
        }
        let state = self.list.fitted(rows.height)
        for (line, i) in state.visible(rows.height).enumerated() where list.indices.contains(i) {
            let account = list[i]
            let y = rows.y + line
            let style: Style = i == state.selection ? .reverse : .normal
            grid.fill(Rect(x: rows.x, y: y, width: rows.width, height: 1), style: style)
            let mark = account.id == currentID ? "• " : "  "
            let kind = account.kind == .managed ? "managed" : account.kind.rawValue
            grid.put(x: rows.x + 1, y: y, text: mark + account.name, style: style, maxWidth: rows.width - 12, overflow: .ellipsis)
            grid.put(x: rows.maxX - 9, y: y, text: kind, style: style.adding(i == state.selection ? [] : .dim), maxWidth: 8)
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter switch  Esc cancel  type to filter", style: .dim, maxWidth: box.width - 4)
    }
}
