import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// "Manage Users & Groups": the four tabs (Users, API Clients, Groups, Roles), the root of the
/// stack. Users, API Clients and Roles are windows over SQL (`WindowedList`); Groups is a tree
/// of the session's group tree (`GroupTreeView`). What the selected row allows is loaded as
/// facts when the selection changes (`RowFacts`), so drawing asks nothing of the database.
struct ManageScreen: Screen {
    enum Action: Hashable {
        case tab(Int), nextTab, previousTab, move(Move), filter, sort, reverse, open
        case newClientForMe, newClientForOther, switchAccount, refresh
        case create, edit, moveGroup, lockToggle, block, delete, migrationReport, expiringOnly
        case expand, collapse, quit
    }

    /// The decisions for the selected row's actions, read when the selection lands on it.
    struct RowFacts {
        let list: DirectoryList
        let id: Int64
        let decisions: [Action: Decision]
    }

    static let lists = DirectoryList.allCases
    var tabIndex = 0
    var windows: [DirectoryList: WindowedList] = [:]
    var groups: GroupTreeView
    var groupList = ListState()
    var groupCells: [GroupID: ListRow] = [:]
    var groupFilter = ""
    var editingFilter = false
    var facts: RowFacts?
    /// The facts of rows selected before, until the directory changes (`reload` forgets
    /// them): moving back to a row asks nothing again. At most `knownFactsLimit` are kept.
    var knownFacts: [FactsKey: RowFacts] = [:]
    static let knownFactsLimit = 512
    struct FactsKey: Hashable { let list: DirectoryList; let id: Int64 }
    /// Where the selection goes after the next refresh (a row just created).
    var selectAfterRefresh: (DirectoryList, Int64)?
    /// The name of the row selected on each list when the directory changed, to say so if it is gone.
    var keptNames: [DirectoryList: String] = [:]
    let lists: ListFactory

    init(env: Env) {
        lists = env.lists
        groups = GroupTreeView(tree: env.tree)
        groupList = ListState(count: groups.rows.count)
        for list in Self.lists where list != .groups {
            windows[list] = WindowedList(window: lists.window( ListSpec(list: list, accountID: env.account.id, now: env.now)))
        }
    }

    var crumb: String { "Manage Users & Groups" }
    var isTyping: Bool { editingFilter }
    var list: DirectoryList { Self.lists[tabIndex] }

    // MARK: Layout

    static let rowsAbove = 3   // tabs, info line, column header (inside the body)
    static func listHeight(_ env: Env) -> Int { max(1, env.body.height - rowsAbove) }
    static func listTop(_ env: Env) -> Int { env.body.y + rowsAbove }

    // MARK: Selection

    var selectedID: Int64? {
        if list == .groups {
            guard let i = groupList.selection, groups.rows.indices.contains(i), case .group(let id) = groups.rows[i].node else { return nil }
            return id
        }
        return windows[list]?.selectedRow?.id
    }

    var selectedNode: GroupTreeView.Node? {
        groupList.selection.flatMap { groups.rows.indices.contains($0) ? groups.rows[$0].node : nil }
    }

    var rowCount: Int { list == .groups ? groups.rows.count : windows[list]?.list.count ?? 0 }

    func filterText(_ l: DirectoryList) -> String { l == .groups ? groupFilter : windows[l]?.spec.filter ?? "" }

    // MARK: Update

    func binds(_ key: KeyEvent) -> Bool { editingFilter || Self.keys.binds(key) }

    mutating func start(_ env: Env) -> [Effect] { reload(env) }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        switch msg {
        case .key(let key): return editingFilter ? updateFilter(key, env) : updateKey(key, env)
        case .reply(.success(let value)): return reply(value, env)
        case .reply(.failure): return []
        case .result(.submitted(let value)): return reply(value, env)
        case .result: return []
        case .refresh: return reload(env)
        }
    }

    private mutating func updateKey(_ key: KeyEvent, _ env: Env) -> [Effect] {
        let height = Self.listHeight(env)
        switch key {
        case .click(let x, let y, _): return click(x: x, y: y, env, open: false)
        case .doubleClick(let x, let y): return click(x: x, y: y, env, open: true)
        case .wheelUp: scroll(-3, height); return afterMove(env)
        case .wheelDown: scroll(3, height); return afterMove(env)
        case .escape:
            guard !filterText(list).isEmpty else { return [] }
            return setFilter("", env)
        case .resize: return afterMove(env)
        default: break
        }
        guard let action = Self.keys.action(for: key) else {
            return [KeyTable<Action>.notAKey(key)]
        }
        let decision = decide(action, env)
        guard decision.isAllowed else {
            if action == .delete, list == .users, let id = selectedID { return [AdminFlows.offerTransferOrRefuse(user: id, refusal: decision)] }
            return [Self.keys.refusal(action, decision)]
        }
        return perform(action, env)
    }

    private mutating func perform(_ action: Action, _ env: Env) -> [Effect] {
        let height = Self.listHeight(env)
        switch action {
        case .quit: return [.quit]
        case .tab(let i):
            guard i != tabIndex else { return [.notice(.info("This is the \(list.title) tab."))] }
            tabIndex = i
            editingFilter = false
            return afterMove(env)
        case .nextTab: tabIndex = (tabIndex + 1) % Self.lists.count; editingFilter = false; return afterMove(env)
        case .previousTab: tabIndex = (tabIndex + Self.lists.count - 1) % Self.lists.count; editingFilter = false; return afterMove(env)
        case .move(let m):
            if list == .groups { m.apply(&groupList, height: height) } else { m.apply(&windows[list]!.list, height: height) }
            return afterMove(env)
        case .filter: editingFilter = true; return []
        case .sort, .reverse:
            guard var w = windows[list] else { return [] }
            var spec = w.spec
            if action == .sort { spec.sortColumn = spec.nextSort(); w.reversed = false } else { w.reversed.toggle() }
            let keep = w.selectedRow?.id
            w.respec(lists.window( spec))
            windows[list] = w
            return fetch(env, keep: keep)
        case .expiringOnly:
            guard var w = windows[.clients] else { return [] }
            var spec = w.spec
            spec.expiringOnly.toggle()
            spec.now = env.now
            let keep = w.selectedRow?.id
            w.respec(lists.window( spec))
            windows[.clients] = w
            return fetch(env, keep: keep) + [.notice(.info(spec.expiringOnly ? "Only clients with a credential expiring within 30 days (e again: all)." : "All API clients."))]
        case .open:
            if list == .groups, case .contract? = selectedNode { return toggle(env) }
            guard let id = selectedID else { return [] }
            switch list {
            case .users: return [.push(DetailPageScreen(.user(id)))]
            case .groups: return [.push(DetailPageScreen(.group(id)))]
            case .roles: return [.push(DetailPageScreen(.role(id)))]
            case .clients: return [.push(ClientPageScreen(clientID: id))]
            }
        case .expand, .collapse: return toggle(env, open: action == .expand)
        case .newClientForMe: return [NewClientFlow.forMe()]
        case .newClientForOther: return [.push(NewClientFlow.ownerPicker(env))]
        case .switchAccount:
            return [.push(AccountSwitcherScreen(accounts: env.session.browsable, currentID: env.account.id))]
        case .refresh:
            return reload(env) + [.notice(.info("Reloaded."))]
        case .migrationReport: return [.push(MigrationReportScreen())]
        case .create:
            switch list {
            case .users: return [.push(AdminFlows.createUserForm())]
            case .roles: return [.push(AdminFlows.createRoleForm())]
            case .groups: return selectedID.map { [AdminFlows.start(.createSubgroup, group: $0)] } ?? []
            case .clients: return []
            }
        case .edit, .lockToggle, .block, .delete, .moveGroup:
            guard let id = selectedID else { return [] }
            switch (action, list) {
            case (.edit, .users): return [AdminFlows.start(.editUser, user: id)]
            case (.lockToggle, .users): return [AdminFlows.start(.lockToggle, user: id)]
            case (.block, .users): return [AdminFlows.start(.block, user: id)]
            case (.delete, .users): return [AdminFlows.start(.delete, user: id)]
            case (.edit, .groups): return [AdminFlows.start(.rename, group: id)]
            case (.moveGroup, .groups): return [AdminFlows.start(.move, group: id)]
            case (.delete, .groups): return [AdminFlows.start(.delete, group: id)]
            case (.edit, .roles): return [AdminFlows.start(.edit, role: id)]
            case (.delete, .roles): return [AdminFlows.start(.delete, role: id)]
            default: return []
            }
        }
    }

    private mutating func updateFilter(_ key: KeyEvent, _ env: Env) -> [Effect] {
        var text = filterText(list)
        switch key {
        case .enter, .tab:
            editingFilter = false
            return []
        case .escape:
            editingFilter = false
            text = ""
        case .backspace:
            guard !text.isEmpty else { return [] }
            text.removeLast()
        case .ctrl("u"): text = ""
        case .character(let ch): text.append(ch)
        case .up, .down, .pageUp, .pageDown:
            let move: Move = key == .up ? .up : key == .down ? .down : key == .pageUp ? .pageUp : .pageDown
            return perform(.move(move), env)
        default: return []
        }
        return setFilter(text, env)
    }

    private mutating func setFilter(_ text: String, _ env: Env) -> [Effect] {
        if list == .groups {
            let keep = selectedNode
            groupFilter = text
            groups.setFilter(text, tree: env.tree)
            groupList.setCount(groups.rows.count)
            // The same group when it still shows as a match, else the first match.
            let kept = keep.flatMap(groups.index(of:)).flatMap { groups.rows[$0].onlyAncestor ? nil : $0 }
            groupList.select(kept ?? groups.rows.firstIndex { !$0.onlyAncestor } ?? 0)
            groupList.fit(Self.listHeight(env))
            return afterMove(env)
        }
        guard var w = windows[list] else { return [] }
        var spec = w.spec
        spec.filter = text
        let keep = w.selectedRow?.id
        w.refilter(spec, lists.window)
        w.list = ListState()
        windows[list] = w
        return fetch(env, keep: keep)
    }

    private mutating func toggle(_ env: Env, open: Bool? = nil) -> [Effect] {
        guard list == .groups, let i = groupList.selection, groups.rows.indices.contains(i) else { return [] }
        let row = groups.rows[i]
        let wantOpen = open ?? !row.expanded
        if !wantOpen && !row.expanded {
            // ← on a collapsed row or a leaf goes to its parent, as in a file tree.
            if let parent = groups.parent(of: row.node, tree: env.tree), let at = groups.index(of: parent) { groupList.select(at) }
            groupList.fit(Self.listHeight(env))
            return afterMove(env)
        }
        guard row.hasChildren else { return [.notice(.info("\(rowName(row.node, env)) has no subgroups."))] }
        guard groupFilter.isEmpty else { return [.notice(.info("While filtering, the tree shows every match with its parents; Esc clears the filter."))] }
        guard wantOpen != row.expanded else { return [.notice(.info("\(rowName(row.node, env)) is already expanded."))] }
        groups.setExpanded(row.node, wantOpen, tree: env.tree)
        groupList.setCount(groups.rows.count)
        groupList.select(groups.index(of: row.node) ?? i)
        groupList.fit(Self.listHeight(env))
        return afterMove(env)
    }

    private func rowName(_ node: GroupTreeView.Node, _ env: Env) -> String {
        switch node {
        case .contract(let id): return "Contract \(id)"
        case .group(let id): return env.tree[id]?.name ?? "This group"
        }
    }

    private mutating func scroll(_ delta: Int, _ height: Int) {
        if list == .groups { groupList.scroll(by: delta, height: height) } else { windows[list]?.list.scroll(by: delta, height: height) }
    }

    private mutating func click(x: Int, y: Int, _ env: Env, open: Bool) -> [Effect] {
        if y == env.body.y, let i = TabBar.tab(at: x, titles: tabTitles(env)) {
            return perform(.tab(i), env)
        }
        if y == env.body.y + 2, list != .groups, var w = windows[list] {
            // A click on a column header sorts by it; on the sorted one, reverses it.
            let columns = w.spec.columns
            let widths = Table.widths(columns + (list == .users || list == .clients ? [Table.statusColumn] : []), width: env.size.width - 2)
            var cx = 1
            for (i, column) in columns.enumerated() {
                if x >= cx && x < cx + widths[i] + 2 {
                    guard column.sortable else { return [.notice(.info("The list cannot be sorted by \(column.title)."))] }
                    var spec = w.spec
                    if spec.sortColumn == i { w.reversed.toggle() } else { spec.sortColumn = i; w.reversed = false }
                    let keep = w.selectedRow?.id
                    w.respec(lists.window( spec))
                    windows[list] = w
                    return fetch(env, keep: keep)
                }
                cx += widths[i] + 2
            }
            return []
        }
        let height = Self.listHeight(env)
        let state = list == .groups ? groupList : windows[list]!.list
        guard let index = state.row(atLine: y - Self.listTop(env), height: height) else { return [] }
        if list == .groups { groupList.select(index); groupList.fit(height) } else { windows[list]!.list.select(index); windows[list]!.list.fit(height) }
        return afterMove(env) + (open ? perform(.open, env) : [])
    }

    // MARK: Reads (as effects)

    /// The rows on screen and the selected row's facts, when they are not already held.
    mutating func afterMove(_ env: Env) -> [Effect] {
        fetch(env, keep: nil) + loadFacts(env)
    }

    private func fetch(_ env: Env, keep: Int64?) -> [Effect] {
        let height = Self.listHeight(env)
        if list == .groups {
            let visible = groupList.visible(height)
            let missing = visible.compactMap { i -> GroupID? in
                guard groups.rows.indices.contains(i), case .group(let id) = groups.rows[i].node, groupCells[id] == nil else { return nil }
                return id
            }
            guard !missing.isEmpty else { return [] }
            return [.run { io in GroupCells(rows: try io.reader.rows(.groups, ids: missing)) }]
        }
        let l = list
        guard let w = windows[l], let effect = w.fetch(height: height, keep: keep) else { return [] }
        return [effect.tagged(l)]
    }

    private mutating func loadFacts(_ env: Env) -> [Effect] {
        guard let id = selectedID else { return [] }
        if let facts, facts.list == list, facts.id == id { return [] }
        if let known = knownFacts[FactsKey(list: list, id: id)] {
            facts = known
            return []
        }
        let l = list
        let locked = list == .users ? windows[.users]?.selectedRow?.locked ?? false : false
        guard let questions = Self.questions(l, id: id, locked: locked) else { return [] }
        return [.latest(Console.rowFacts) { io in try Self.facts(io, l, id: id, questions) }]
    }

    /// What a row's keys ask of the policy; nil for a list whose rows decide nothing here
    /// (a client's page decides from facts it loads itself).
    static func questions(_ l: DirectoryList, id: Int64, locked: Bool) -> [(Action, Question)]? {
        switch l {
        case .users:
            return [(.edit, .editUser(id)), (.lockToggle, locked ? .unlockUser(id) : .lockUser(id)),
                    (.block, .editUserAccess(id, grants: nil, blocked: nil)), (.delete, .deleteUser(id, transferTo: nil))]
        case .groups:
            return [(.create, .createGroup(parent: id)), (.edit, .renameGroup(id)), (.moveGroup, .moveGroup(id, to: nil)), (.delete, .deleteGroup(id))]
        case .roles:
            return [(.edit, .editRole(id, permissions: nil)), (.delete, .deleteRole(id))]
        case .clients:
            return nil
        }
    }

    static func facts(_ io: ConsoleIO, _ l: DirectoryList, id: Int64, _ questions: [(Action, Question)]) throws -> RowFacts {
        let answers = try io.reader.decisions(io.context, questions.map(\.1))
        return RowFacts(list: l, id: id, decisions: Dictionary(uniqueKeysWithValues: zip(questions.map(\.0), answers)))
    }

    /// Decisions read ahead, while nothing waits, for the rows beside the selection.
    struct FactsAhead { let facts: [RowFacts] }

    /// The console has drawn and no key waits: the decisions of the rows just above and below
    /// the selection, not yet known, are read now, so that the next move (a held arrow key)
    /// draws at once instead of reading first. A failure here is not shown: the move itself
    /// will read, and say.
    mutating func readAhead(_ env: Env) -> [Effect] {
        guard !editingFilter, let at = list == .groups ? groupList.selection : windows[list]?.list.selection else { return [] }
        var rows: [(id: Int64, locked: Bool)] = []
        for i in [at + 1, at - 1] where i >= 0 {
            if list == .groups {
                guard groups.rows.indices.contains(i), case .group(let id) = groups.rows[i].node else { continue }
                rows.append((id, false))
            } else if let row = windows[list]?.row(at: i) {
                rows.append((row.id, row.locked))
            }
        }
        let l = list
        let wanted = rows.filter { knownFacts[FactsKey(list: l, id: $0.id)] == nil }
            .compactMap { row in Self.questions(l, id: row.id, locked: row.locked).map { (row.id, $0) } }
        guard !wanted.isEmpty else { return [] }
        return [.run { io in FactsAhead(facts: wanted.compactMap { try? Self.facts(io, l, id: $0.0, $0.1) }) }]
    }

    private mutating func remember(_ loaded: RowFacts) {
        if knownFacts.count >= Self.knownFactsLimit { knownFacts = [:] }
        knownFacts[FactsKey(list: loaded.list, id: loaded.id)] = loaded
    }

    /// Everything again: after a change saved here, or `r`.
    private mutating func reload(_ env: Env) -> [Effect] {
        facts = nil
        knownFacts = [:]
        groupCells = [:]
        let keepNode = selectedNode
        // The reloaded tree, keeping what was expanded and the filter.
        groups.setFilter(groupFilter, tree: env.tree)
        groupList.setCount(groups.rows.count)
        if let keepNode, let at = groups.index(of: keepNode) { groupList.select(at) }
        var effects: [Effect] = []
        // A tab not shown since the last change has no rows held: it keeps the row it waits for.
        let waiting = keptNames
        keptNames = [:]
        for l in Self.lists where l != .groups {
            guard var w = windows[l] else { continue }
            var keep = w.selectedRow?.id
            keptNames[l] = w.selectedRow?.cells.first ?? (w.pendingKeep != nil ? waiting[l] : nil)
            if let (target, id) = selectAfterRefresh, target == l { keep = id }
            w.respec(lists.window( w.spec))
            // The tab on screen reads its rows; the others only their counts, for the tab bar.
            if l == list {
                if let effect = w.fetch(height: Self.listHeight(env), keep: keep) { effects.append(effect.tagged(l)) }
            } else {
                effects.append(w.countOnly(keep: keep ?? w.pendingKeep).tagged(l))
            }
            windows[l] = w
        }
        if let (target, id) = selectAfterRefresh, target == .groups, let at = groups.index(of: .group(id)) { groupList.select(at) }
        selectAfterRefresh = nil
        return effects + fetch(env, keep: nil) + loadFacts(env)
    }

    private mutating func reply(_ value: Any, _ env: Env) -> [Effect] {
        let height = Self.listHeight(env)
        if let tagged = value as? TaggedReply {
            guard var w = windows[tagged.list] else { return [.handled] }
            let applied = w.apply(tagged.reply, height: tagged.list == list ? height : Self.listHeight(env))
            windows[tagged.list] = w
            var effects: [Effect] = tagged.list == list ? loadFacts(env) : [.handled]
            if applied, tagged.reply.rowsRead, let name = keptNames.removeValue(forKey: tagged.list), tagged.reply.lostKept, tagged.list == list {
                // The row you were on went away in a change made elsewhere: say so, once.
                effects.append(.notice(.info("\(name) is no longer in this list (deleted or changed elsewhere); the selection moved to the nearest row.")))
            }
            return effects
        }
        if let cells = value as? GroupCells {
            for row in cells.rows { groupCells[row.id] = row }
            return [.handled]
        }
        if let loaded = value as? RowFacts {
            facts = loaded
            remember(loaded)
            return [.handled]
        }
        if let ahead = value as? FactsAhead {
            for loaded in ahead.facts { remember(loaded) }
            return [.handled]
        }
        if let step = value as? AdminStep {
            if case .done(_, let select?) = step { selectAfterRefresh = (list, select) }
            return step.effects
        }
        if let start = value as? NewClientFlow.Start { return [.push(start.screen(env))] }
        if let left = value as? CredentialScreen.Left, let first = left.created.first {
            // Back from a new client's credentials: the API Clients tab, on the new client.
            tabIndex = Self.lists.firstIndex(of: .clients)!
            editingFilter = false
            return fetch(env, keep: first.id) + [.notice(.info("Created \(left.created.map(\.name).joined(separator: ", "))."))]
        }
        return []
    }

    // MARK: Decisions

    func decide(_ action: Action, _ env: Env) -> Decision {
        let s = env.session
        let hasRow = selectedID != nil
        let empty: Decision = .denied(filterText(list).isEmpty ? "The list is empty." : "No row matches the filter.")
        func rowFact() -> Decision {
            guard hasRow else {
                if list == .groups, selectedNode != nil { return .denied("Select a group: a contract's groups are made with idm init.") }
                return empty
            }
            guard let facts, facts.list == list, facts.id == selectedID else { return .denied("Loading…") }
            return facts.decisions[action] ?? .denied("Not on this tab.")
        }
        func onTab(_ tabs: [DirectoryList], _ what: String) -> Decision? {
            guard !tabs.contains(list) else { return nil }
            let names = tabs.map { "\($0.title) (\(Self.lists.firstIndex(of: $0)! + 1))" }
            // "the API Clients tab (2)"; "the Users (1), Groups (3) and Roles (4) tabs".
            let place = names.count == 1 ? "the \(tabs[0].title) tab (\(Self.lists.firstIndex(of: tabs[0])! + 1))"
                : "the " + names.dropLast().joined(separator: ", ") + " and " + names.last! + " tabs"
            return .denied("\(what) is on \(place).")
        }
        switch action {
        case .newClientForMe: return s.newClientForMe
        case .newClientForOther: return s.newClientForOther
        case .switchAccount:
            return .require(s.browsable.count > 1, "You have no other account to open: only a reseller's users browse the accounts it manages.")
        case .open: return list == .groups ? .require(selectedNode != nil, "The list is empty.") : (hasRow ? .allowed : empty)
        case .expiringOnly: return onTab([.clients], "Showing only clients with expiring credentials") ?? .allowed
        case .migrationReport: return s.migrationReport
        case .sort, .reverse:
            return list == .groups ? .denied("The Groups tab is a tree, ordered by name under each parent.") : .allowed
        case .expand, .collapse:
            return onTab([.groups], "Expanding and collapsing") ?? .require(selectedNode != nil, "The list is empty.")
        case .create:
            switch list {
            case .users: return s.createUser
            case .roles: return s.createRole
            case .groups: return rowFact()
            case .clients: return .denied("API clients are created with n (New API Client for Me) or N (for another user).")
            }
        case .edit: return onTab([.users, .groups, .roles], "Editing") ?? rowFact()
        case .delete: return onTab([.users, .groups, .roles], "Deleting from the list") ?? rowFact()
        case .lockToggle, .block: return onTab([.users], action == .block ? "Blocking a subgroup" : "Locking") ?? rowFact()
        case .moveGroup: return onTab([.groups], "Moving a group") ?? rowFact()
        default: return .allowed
        }
    }

    /// Which keys the hint bar offers on this tab (the rest explain themselves when pressed).
    func applies(_ action: Action) -> Bool {
        switch action {
        case .newClientForMe, .newClientForOther, .migrationReport, .expiringOnly: return list == .clients
        case .create, .edit, .delete: return list != .clients
        case .moveGroup, .expand, .collapse: return list == .groups
        case .lockToggle, .block: return list == .users
        case .sort, .reverse: return list != .groups
        default: return true
        }
    }

    func hints(_ env: Env) -> [Hint] {
        if editingFilter {
            return [Hint(key: "Enter", label: "Keep filter", essential: true), Hint(key: "Esc", label: "Clear filter", essential: true)]
        }
        let locked = list == .users && (windows[.users]?.selectedRow?.locked ?? false)
        return Self.keys.hints(applies: applies, decide: { decide($0, env) },
                               label: { $0.action == .lockToggle && locked ? "Unlock" : $0.label },
                               labelRoom: { $0.action == .lockToggle ? Width.of("Unlock") : nil }, essential: [.quit],
                               steady: Set(Self.questions(list, id: 0, locked: locked)?.map(\.0) ?? []))
    }

    func help(_ env: Env) -> [HelpSection] {
        [Self.keys.section(title: "Manage Users & Groups · \(list.title)", decide: { decide($0, env) })]
    }

    func tabTitles(_ env: Env) -> [String] {
        Self.lists.map { l in
            let n = l == .groups ? String(groups.groupCount) : windows[l]?.countText ?? "0"
            return "\(l.title) (\(n))"
        }
    }
}

/// A window's answer, with the tab it is for.
struct TaggedReply {
    let list: DirectoryList
    let reply: WindowedList.Reply
}

/// The counts of the Groups tree's visible groups.
struct GroupCells {
    let rows: [ListRow]
}

extension Effect {
    /// A window fetch, tagged with the tab it is for; a newer fetch of the same tab supersedes it.
    func tagged(_ list: DirectoryList) -> Effect {
        guard case .run(let task) = self else { return self }
        return .latest("rows of \(list.rawValue)") { io in TaggedReply(list: list, reply: try task(io) as! WindowedList.Reply) }
    }
}
