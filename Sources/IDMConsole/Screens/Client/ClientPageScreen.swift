import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// An API client's page: everything about it, its credentials, and every action of its
/// lifecycle, each dimmed with the policy's reason when it is not yours to take. The facts are
/// read when the page opens and after each change; the cursor is on a line, and the credential
/// actions act on the credential under it. Owner, creator and groups lead to their pages.
struct ClientPageScreen: Screen {
    enum Action: Hashable {
        case client(ClientAction)
        case move(Move), open, nextSection, previousSection, back, refresh
    }

    let clientID: ClientID
    var loaded: ClientPage?
    var page: PageView?
    var name = ""
    /// Said when the credentials screen on top closes (e.g. "deactivate the old credential").
    var reminder: String?

    /// An action to start as soon as the page has loaded (a lost secret's rotation).
    var then: ClientAction?

    init(clientID: ClientID, then: ClientAction? = nil) {
        self.clientID = clientID
        self.then = then
    }

    var crumb: String { name.isEmpty ? "…" : name }

    static let keys = KeyTable<Action>("API client page",
        ClientAction.allCases.map { KeyBinding([$0.key], .client($0), $0.label(locked: false), $0.help, bar: $0.inBar) } + [
        KeyBinding([.enter], .open, "Open", "Open the owner, the creator or a group (lines marked ›)", bar: true),
        KeyBinding([.tab], .nextSection, "Next section", "Next section (Credentials is the last)"),
        KeyBinding([.backTab], .previousSection, "Previous section", "Previous section"),
        KeyBinding([.character("r"), .ctrl("l")], .refresh, "Reload", "Reload from the database"),
        KeyBinding(CommonKeys.back, .back, "Back", "Back to the previous screen", bar: true),
    ] + Move.bindings { .move($0) })

    func binds(_ key: KeyEvent) -> Bool { Self.keys.binds(key) }

    var facts: ClientFacts? { loaded?.facts }

    /// The credential under the cursor.
    var selectedCredential: Credential? {
        guard let i = page?.current?.credential, let facts, facts.credentials.indices.contains(i) else { return nil }
        return facts.credentials[i]
    }

    mutating func start(_ env: Env) -> [Effect] { [load()] }

    func load() -> Effect {
        let id = clientID
        return .run { io in ClientLoad(page: try io.reader.clientPage(io.context, id)) }
    }

    // MARK: Update

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        let height = PageView.bodyHeight(env.body)
        switch msg {
        case .refresh: return [load()]
        case .reply(.success(let value)), .result(.submitted(let value)):
            return answer(value, env)
        case .reply(.failure): return []
        case .result(.closed), .result(.cancelled):
            return []
        case .result: return []
        case .key(let key):
            switch page?.pointer(key, area: env.body) {
            case .open?: return perform(.open, env)
            case .handled?: return []
            default: break
            }
            switch Self.keys.resolve(key, decide: { decide($0, env) }) {
            case .act(let action): return perform(action, env)
            case .say(let effects): return effects
            }
        }
    }

    private mutating func answer(_ value: Any, _ env: Env) -> [Effect] {
        if let load = value as? ClientLoad {
            guard let fresh = load.page else {
                return [.pop(.closed), .notice(.info("\(name.isEmpty ? "The API client" : name) no longer exists."))]
            }
            loaded = fresh
            name = fresh.facts.client.name
            page = PageView(title: fresh.facts.client.name, subtitle: ClientPageLines.subtitle(fresh.facts),
                            lines: ClientPageLines.lines(fresh, env), keeping: page)
            page?.cursor.fit(PageView.bodyHeight(env.body))
            if let action = then {
                then = nil
                let decision = decide(.client(action), env)
                return decision.isAllowed ? perform(.client(action), env) : [Self.keys.refusal(.client(action), decision)]
            }
            return [.handled]
        }
        if let step = value as? AdminStep { return step.effects }
        if let deleted = value as? ClientDeleted {
            return [.pop(.closed), .changed, .notice(.info("Deleted \(deleted.name)."))]
        }
        if let issued = value as? IssuedCredentials {
            reminder = issued.reminder
            return [.changed, .push(CredentialScreen(purpose: issued.purpose, clients: [issued.client], issued: issued.credentials, owner: issued.owner))]
        }
        if value is CredentialScreen.Left {
            defer { reminder = nil }
            return reminder.map { [.notice(.info($0))] } ?? []
        }
        if let start = value as? NewClientFlow.Edit { return [.push(start.screen())] }
        return []
    }

    // MARK: Actions

    func decide(_ action: Action, _ env: Env) -> Decision {
        guard let facts else { return .denied("Loading…") }
        switch action {
        case .client(let a): return a.decision(env.context, facts, selected: selectedCredential)
        case .open: return .require(page?.current?.link != nil, "This line leads nowhere; move to the owner, the creator or a group (marked ›).")
        default: return .allowed
        }
    }

    private mutating func perform(_ action: Action, _ env: Env) -> [Effect] {
        let height = PageView.bodyHeight(env.body)
        switch action {
        case .move(let m): page?.move(m, height: height); return []
        case .nextSection: page?.jumpSection(forward: true, height: height); return []
        case .previousSection: page?.jumpSection(forward: false, height: height); return []
        case .back: return [.pop(.closed)]
        case .refresh: return [load(), .notice(.info("Reloaded."))]
        case .open: return page?.current?.link.map { [DetailPageScreen.open($0)] } ?? []
        case .client(let a):
            guard let facts else { return [] }
            return ClientFlows.start(a, facts, selected: selectedCredential, env: env)
        }
    }

    // MARK: Hints and help

    func hints(_ env: Env) -> [Hint] {
        let locked = facts?.client.locked ?? false
        let credential = selectedCredential
        return Self.keys.hints(applies: { action in
            if action == .open { return page?.current?.link != nil }
            guard case .client(let a) = action else { return true }
            // Activate or deactivate: whichever applies to the credential under the cursor.
            if a == .activate { return credential?.status == .inactive }
            if a == .deactivate { return credential?.status != .inactive }
            return true
        }, decide: { decide($0, env) }, label: { b in
            if case .client(.lockToggle) = b.action { return locked ? "Unlock" : "Lock" }
            if b.action == .open, let link = page?.current?.link { return "Open " + DetailPageScreen.noun(link) }
            return b.label
        }, essential: [.back])
    }

    func help(_ env: Env) -> [HelpSection] {
        [Self.keys.section(title: "API client \(name)", decide: { decide($0, env) })]
    }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        guard let page else {
            grid.put(x: area.x + 1, y: area.y, text: "Loading…", style: .dim)
            return
        }
        page.render(into: &grid, area: area)
    }
}

/// The page's read.
struct ClientLoad {
    let page: ClientPage?
}

/// The client was deleted from its page.
struct ClientDeleted {
    let name: String
}

/// New credentials to show once, and what to say when their screen closes.
struct IssuedCredentials {
    let purpose: CredentialScreen.Purpose
    let client: APIClient
    let credentials: [IssuedCredential]
    let owner: String
    let reminder: String?
}
