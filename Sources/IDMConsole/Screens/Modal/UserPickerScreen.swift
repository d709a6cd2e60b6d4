import IDMDomain
import IDMStore
import IDMTerminal

/// Choosing a user (the owner of a new client, the new owner of a client or of a deleted
/// user's clients): a window over the account's users, filtered as you type. `choose` checks the
/// choice as an effect (the decision table); a refusal keeps the picker open with the reason.
struct UserPickerScreen: Screen {
    enum Action: Hashable { case move(Move), choose, cancel }

    let crumb: String
    let title: String
    var filter = ""
    var users: WindowedList
    let choose: (UserID, ConsoleIO) throws -> Any
    var problem: String?
    private let lists: ListFactory
    private let account: AccountID

    init(crumb: String, title: String, lists: ListFactory, account: AccountID, choose: @escaping (UserID, ConsoleIO) throws -> Any) {
        self.crumb = crumb
        self.title = title
        self.lists = lists
        self.account = account
        self.choose = choose
        users = WindowedList(window: lists.window(ListSpec(list: .users, accountID: account)))
    }

    var isModal: Bool { true }
    var isTyping: Bool { true }
    func binds(_ key: KeyEvent) -> Bool { true }

    static let keys = KeyTable<Action>("Choosing a user", Move.bindings { .move($0) }.filter { $0.keys.first != .character("k") } + [
        KeyBinding([.enter], .choose, "Choose", "Choose the selected user", bar: true),
        KeyBinding([.escape], .cancel, "Cancel", "Cancel: nothing changes", bar: true),
    ])

    /// Rows of the box's list.
    static func listHeight(_ area: Rect) -> Int { max(1, area.height - 4) }

    mutating func start(_ env: Env) -> [Effect] {
        users.fetch(height: Self.listHeight(env.body)).map { [$0] } ?? []
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        let height = Self.listHeight(env.body)
        switch msg {
        case .key(let key):
            problem = nil
            switch key {
            case .up: Move.up.apply(&users.list, height: height)
            case .down: Move.down.apply(&users.list, height: height)
            case .pageUp: Move.pageUp.apply(&users.list, height: height)
            case .pageDown: Move.pageDown.apply(&users.list, height: height)
            case .home: Move.top.apply(&users.list, height: height)
            case .end: Move.bottom.apply(&users.list, height: height)
            case .wheelUp: users.list.scroll(by: -3, height: height)
            case .wheelDown: users.list.scroll(by: 3, height: height)
            case .escape: return [.pop(.cancelled)]
            case .enter:
                guard let row = users.selectedRow else { return [.notice(.reason("No user is selected.", key: "Enter"))] }
                let choose = self.choose
                return [.run { io in try choose(row.id, io) }]
            case .backspace:
                guard !filter.isEmpty else { return [] }
                filter.removeLast()
                refilter()
            case .ctrl("u"):
                filter = ""
                refilter()
            case .character(let ch):
                filter.append(ch)
                refilter()
            default: return []
            }
            return users.fetch(height: height).map { [$0] } ?? []
        case .reply(.success(let value)):
            if let reply = value as? WindowedList.Reply {
                _ = users.apply(reply, height: height)
                return [.handled]
            }
            return [.pop(.submitted(value))]
        case .reply(.failure(let error)):
            problem = (error as? IDMError)?.description ?? "\(error)"
            return [.handled]
        default:
            return []
        }
    }

    private mutating func refilter() {
        users.respec(lists.window(ListSpec(list: .users, accountID: account, filter: filter)))
        users.list = ListState()
    }

    func hints(_ env: Env) -> [Hint] {
        [Hint(key: "Enter", label: "Choose", enabled: users.selectedRow != nil, essential: true), Hint(key: "Esc", label: "Cancel", essential: true)]
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: { _ in .allowed })] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        let width = min(72, area.width - 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y, width: width, height: area.height)
        Box.draw(&grid, box, title: title)
        grid.put(x: box.x + 2, y: box.y + 1, text: "Find: " + Sanitize.clean(filter) + "▏", style: .bold, maxWidth: box.width - 16)
        let n = users.list.count
        let count = n == 1 ? "1 user" : "\(n) users"
        grid.put(x: box.maxX - 2 - Width.of(count), y: box.y + 1, text: count, style: .dim)
        let rows = Rect(x: box.x + 1, y: box.y + 2, width: box.width - 2, height: Self.listHeight(area))
        let state = users.list.fitted(rows.height)
        for (line, index) in state.visible(rows.height).enumerated() {
            guard let row = users.row(at: index) else { continue }
            let selected = index == state.selection
            var style: Style = row.locked ? .dim : .normal
            if selected { style = style.adding(.reverse); grid.fill(Rect(x: rows.x, y: rows.y + line, width: rows.width, height: 1), style: style) }
            grid.put(x: rows.x + 1, y: rows.y + line, text: row.cells[0], style: style, maxWidth: 20, overflow: .ellipsis)
            grid.put(x: rows.x + 22, y: rows.y + line, text: row.cells[1], style: style, maxWidth: rows.width - 32, overflow: .ellipsis)
            if row.locked { grid.put(x: rows.maxX - 8, y: rows.y + line, text: "locked", style: style) }
        }
        if n == 0 && users.covers(rows.height) {
            grid.put(x: rows.x + 1, y: rows.y, text: "No user matches \"\(Sanitize.clean(filter))\".", style: .dim, maxWidth: rows.width - 2)
        }
        if let problem {
            for (i, line) in Wrap.lines("✗ " + Sanitize.clean(problem), width: box.width - 4).prefix(3).enumerated() {
                grid.put(x: box.x + 2, y: box.maxY - 5 + i, text: line, style: Style(.bold).foreground(.red), maxWidth: box.width - 4)
            }
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter choose  Esc cancel  type to filter", style: .dim, maxWidth: box.width - 4)
    }
}
