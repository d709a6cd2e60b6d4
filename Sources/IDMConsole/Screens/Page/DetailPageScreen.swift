import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// A user's, group's or role's page: read when it opens and after every change, with the
/// actions that apply to it (the same flows as the lists') and a cursor on its lines; Enter on a
/// line that leads somewhere (a client, a group, a role, a user) opens that page on top.
struct DetailPageScreen: Screen {
    enum Target: Equatable { case user(UserID), group(GroupID), role(RoleID) }
    enum Action: Hashable {
        case move(Move), open, nextSection, previousSection, back, refresh
        case edit, lockToggle, block, delete, createSubgroup, moveGroup, addSSHKey
    }

    let target: Target
    var page: PageView?
    var decisions: [Action: Decision] = [:]
    var locked = false
    var name = ""

    init(_ target: Target) {
        self.target = target
    }

    var crumb: String { name.isEmpty ? "…" : name }

    static let keys = KeyTable<Action>("Pages (users, groups, roles)", [
        KeyBinding([.enter], .open, "Open", "Open what the line names (a client, group, role or user)", bar: true),
        KeyBinding([c("E")], .edit, "Edit", "User: edit the profile and roles; group: rename; role: edit (custom roles)", bar: true),
        KeyBinding([c("l")], .lockToggle, "Lock", "User: lock or unlock", bar: true),
        KeyBinding([c("b")], .block, "Block", "User: block or unblock a subgroup"),
        KeyBinding([c("K")], .addSSHKey, "Add key", "User: add an SSH public key (X on a key removes it)", bar: true),
        KeyBinding([c("c")], .createSubgroup, "Subgroup", "Group: create a subgroup", bar: true),
        KeyBinding([c("M")], .moveGroup, "Move", "Group: move it within its contract", bar: true),
        KeyBinding([c("X")], .delete, "Delete", "Delete the user, group or custom role; on an SSH key, remove the key", bar: true),
        KeyBinding([.tab], .nextSection, "Next section", "Next section"),
        KeyBinding([.backTab], .previousSection, "Previous section", "Previous section"),
        KeyBinding([c("r"), .ctrl("l")], .refresh, "Reload", "Reload from the database"),
        KeyBinding(CommonKeys.back, .back, "Back", "Back to the previous screen", bar: true),
    ] + Move.bindings { .move($0) })

    private static func c(_ s: Character) -> KeyEvent { .character(s) }

    func binds(_ key: KeyEvent) -> Bool { Self.keys.binds(key) }

    func applies(_ action: Action) -> Bool {
        if action == .open { return page?.current?.link != nil }
        switch (action, target) {
        case (.lockToggle, .user), (.block, .user), (.addSSHKey, .user): return true
        case (.lockToggle, _), (.block, _), (.addSSHKey, _): return false
        case (.createSubgroup, .group), (.moveGroup, .group): return true
        case (.createSubgroup, _), (.moveGroup, _): return false
        default: return true
        }
    }

    mutating func start(_ env: Env) -> [Effect] { [load()] }

    /// The page and the decisions for its actions, in one effect.
    func load() -> Effect {
        let target = self.target
        return .run { io in try PageLoad.load(target, io) }
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        let height = PageView.bodyHeight(env.body)
        switch msg {
        case .refresh: return [load()]
        case .reply(.success(let value)), .result(.submitted(let value)):
            if let loaded = value as? PageLoad {
                guard loaded.exists else { return [.pop(.closed), .notice(.info("\(name.isEmpty ? "It" : name) no longer exists."))] }
                name = loaded.name
                locked = loaded.locked
                decisions = loaded.decisions
                page = PageView(title: loaded.title, subtitle: loaded.subtitle, lines: loaded.lines(env), keeping: page)
                page?.cursor.fit(height)
                return [.handled]
            }
            if let step = value as? AdminStep {
                if case .done = step, case .delete? = lastAction { return [.pop(.closed)] + step.effects }
                return step.effects
            }
            return []
        case .reply(.failure): return []
        case .result: return []
        case .key(let key):
            switch page?.pointer(key, area: env.body) {
            case .open?: return perform(.open, env)
            case .handled?: return []
            default: break
            }
            guard let action = Self.keys.action(for: key) else {
                return [KeyTable<Action>.notAKey(key)]
            }
            let decision = decide(action, env)
            guard decision.isAllowed else {
                if action == .delete, case .user(let id) = target, selectedKey == nil {
                    return [AdminFlows.offerTransferOrRefuse(user: id, refusal: decision)]
                }
                return [Self.keys.refusal(action, decision)]
            }
            // Removing a key is not deleting the user: the page stays when it is done.
            lastAction = action == .delete && selectedKey != nil ? nil : action
            return perform(action, env)
        }
    }

    var lastAction: Action?

    /// The SSH key under the cursor on a user's page.
    var selectedKey: String? { page?.current?.sshKey }

    private mutating func perform(_ action: Action, _ env: Env) -> [Effect] {
        let height = PageView.bodyHeight(env.body)
        switch action {
        case .move(let m): page?.move(m, height: height); return []
        case .nextSection: page?.jumpSection(forward: true, height: height); return []
        case .previousSection: page?.jumpSection(forward: false, height: height); return []
        case .back: return [.pop(.closed)]
        case .refresh: return [load(), .notice(.info("Reloaded."))]
        case .open: return page?.current?.link.map { [Self.open($0)] } ?? []
        case .edit, .lockToggle, .block, .delete, .createSubgroup, .moveGroup, .addSSHKey:
            if action == .delete, case .user(let id) = target, let key = selectedKey { return [SSHKeyFlows.remove(user: id, fingerprint: key)] }
            switch (action, target) {
            case (.addSSHKey, .user(let id)): return [AdminFlows.start(.addSSHKey, user: id)]
            case (.edit, .user(let id)): return [AdminFlows.start(.editUser, user: id)]
            case (.lockToggle, .user(let id)): return [AdminFlows.start(.lockToggle, user: id)]
            case (.block, .user(let id)): return [AdminFlows.start(.block, user: id)]
            case (.delete, .user(let id)): return [AdminFlows.start(.delete, user: id)]
            case (.edit, .group(let id)): return [AdminFlows.start(.rename, group: id)]
            case (.createSubgroup, .group(let id)): return [AdminFlows.start(.createSubgroup, group: id)]
            case (.moveGroup, .group(let id)): return [AdminFlows.start(.move, group: id)]
            case (.delete, .group(let id)): return [AdminFlows.start(.delete, group: id)]
            case (.edit, .role(let id)): return [AdminFlows.start(.edit, role: id)]
            case (.delete, .role(let id)): return [AdminFlows.start(.delete, role: id)]
            default: return []
            }
        }
    }

    /// The page a link leads to, pushed on top.
    static func open(_ link: Link) -> Effect {
        switch link {
        case .user(let id): return .push(DetailPageScreen(.user(id)))
        case .group(let id): return .push(DetailPageScreen(.group(id)))
        case .role(let id): return .push(DetailPageScreen(.role(id)))
        case .client(let id): return .push(ClientPageScreen(clientID: id))
        }
    }

    func decide(_ action: Action, _ env: Env) -> Decision {
        guard page != nil else { return .denied("Loading…") }
        let kind: String
        switch target {
        case .user: kind = "a user's page"
        case .group: kind = "a group's page"
        case .role: kind = "a role's page"
        }
        switch action {
        case .open:
            return .require(page?.current?.link != nil, "This line leads nowhere; move to a client, group, role or user (marked ›).")
        case .edit, .lockToggle, .block, .delete, .createSubgroup, .moveGroup, .addSSHKey:
            guard applies(action) else { return .denied("Not on \(kind).") }
            // X on a key line removes the key: the key's decision, not the user's deletion.
            if action == .delete, selectedKey != nil { return decisions[.addSSHKey] ?? .denied("Not on \(kind).") }
            return decisions[action] ?? .denied("Not on \(kind).")
        default: return .allowed
        }
    }

    func hints(_ env: Env) -> [Hint] {
        Self.keys.hints(applies: applies, decide: { decide($0, env) },
                        label: { b in
                            if b.action == .lockToggle { return locked ? "Unlock" : "Lock" }
                            if b.action == .delete, selectedKey != nil { return "Remove key" }
                            if b.action == .edit, case .group = target { return "Rename" }
                            if b.action == .open, let link = page?.current?.link { return "Open " + Self.noun(link) }
                            return b.label
                        }, essential: [.back])
    }

    static func noun(_ link: Link) -> String {
        switch link {
        case .user: return "user"
        case .group: return "group"
        case .role: return "role"
        case .client: return "client"
        }
    }

    func help(_ env: Env) -> [HelpSection] {
        [Self.keys.section(title: "\(name)'s page", applies: { $0 == .open || applies($0) }, decide: { decide($0, env) })]
    }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        guard let page else {
            grid.put(x: area.x + 1, y: area.y, text: "Loading…", style: .dim)
            return
        }
        page.render(into: &grid, area: area)
    }
}
