import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// New credentials, shown once: after Create, Generate or Rotate. `s` saves one as an `.edgerc`
/// section (the file created 0600); leaving asks whether the secret was saved, unless it was
/// saved from here.
struct CredentialScreen: Screen {
    enum Purpose { case created, generated, rotated }
    enum Action: Hashable { case save, done }
    /// The screen was left; the one beneath may say what comes next (the list selects a client
    /// just created).
    struct Left {
        var created: [APIClient] = []
    }
    /// A section was written.
    struct Saved {
        let clientName: String
        let message: String
        let warned: Bool
    }

    let purpose: Purpose
    let clients: [APIClient]
    let issued: [IssuedCredential]
    let owner: String
    var saved: Set<String> = []

    init(purpose: Purpose, clients: [APIClient], issued: [IssuedCredential], owner: String) {
        self.purpose = purpose
        self.clients = clients
        self.issued = issued
        self.owner = owner
    }

    var crumb: String {
        switch purpose {
        case .created: return "Created"
        case .generated: return "New credential"
        case .rotated: return "Rotated"
        }
    }

    static let keys = KeyTable<Action>("New credentials", [
        KeyBinding([.character("s")], .save, "Save as .edgerc", "Save a credential as an .edgerc section (a new file is created with mode 0600)", bar: true),
        KeyBinding([.enter, .escape, .character("q")], .done, "Done", "Done (asks first if a secret was not saved)", bar: true),
    ])

    func binds(_ key: KeyEvent) -> Bool { Self.keys.binds(key) }

    func decide(_ action: Action) -> Decision {
        action == .save ? .require(!issued.isEmpty, "There is no credential to save: only the owner (\(owner)) can generate one.") : .allowed
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        switch msg {
        case .key(let key):
            let action: Action
            switch Self.keys.resolve(key, decide: decide) {
            case .act(let a): action = a
            case .say(let effects): return effects
            }
            switch action {
            case .save:
                let next = issued.first { !saved.contains($0.clientName) } ?? issued[0]
                return [.push(Self.saveForm(next))]
            case .done:
                if issued.isEmpty || issued.allSatisfy({ saved.contains($0.clientName) }) { return [.pop(.submitted(left))] }
                return [.push(ConfirmScreen(crumb: "Leave", title: "Leave without saving?",
                    message: "Did you save the secret? It will not be shown again; without it the credential is useless and a new one must be generated.",
                    yes: "yes, leave"))]
            }
        case .result(.submitted(let value)):
            if let s = value as? Saved {
                saved.insert(s.clientName)
                return [.notice(s.warned ? .error(s.message) : .info(s.message))]
            }
            if let replace = value as? ReplaceSection { return [.push(replace.question)] }
            // The leave question answered yes.
            return [.pop(.submitted(left))]
        default:
            return []
        }
    }

    var left: Left { Left(created: purpose == .created ? clients : []) }

    /// A section that already exists: replace it?
    struct ReplaceSection {
        let question: ConfirmScreen
    }

    static func saveForm(_ c: IssuedCredential) -> FormScreen {
        FormScreen(crumb: "Save", title: "Save as .edgerc section", message: "The secret is written to this file, which only you can read. New files are created with mode 0600.",
                   fields: [FormField(id: .edgercFile, label: "File", value: "~/.edgerc"), FormField(id: .edgercSection, label: "Section", value: c.clientName)],
                   submitLabel: "save") { v, io in
            let path = Edgerc.expand(v[.edgercFile])
            let section = v[.edgercSection]
            if try Edgerc.sections(in: path).contains(section) {
                return ReplaceSection(question: ConfirmScreen(crumb: "Replace", title: "Replace [\(section)]?",
                    message: "\(path) already has a section [\(section)]. Replace it with this credential?", yes: "replace") { _ in
                    try write(c, section: section, path: path, replace: true)
                })
            }
            return try write(c, section: section, path: path, replace: false)
        }
    }

    static func write(_ c: IssuedCredential, section: String, path: String, replace: Bool) throws -> Saved {
        let warnings = try Edgerc.save(EdgercCredential(host: c.host, clientToken: c.clientToken, clientSecret: c.secret, accessToken: c.accessToken),
                                       section: section, to: path, replace: replace)
        return Saved(clientName: c.clientName, message: "Saved [\(section)] to \(path)." + (warnings.isEmpty ? "" : " " + warnings.joined(separator: " ")),
                     warned: !warnings.isEmpty)
    }

    func hints(_ env: Env) -> [Hint] {
        Self.keys.hints(decide: decide, essential: [.done])
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: decide)] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        var y = area.y + 1
        let names = clients.map(\.name).joined(separator: ", ")
        let heading: String
        switch purpose {
        case .created: heading = "Created: " + names
        case .generated: heading = "New credential for " + names
        case .rotated: heading = "Rotated: new credential for " + names
        }
        grid.put(x: area.x + 1, y: y, text: heading, style: .bold, maxWidth: area.width - 2, overflow: .ellipsis)
        y += 1
        if issued.isEmpty {
            for (i, line) in Wrap.lines("No credential yet: only the owner (\(owner)) can generate one, from the client's page.", width: area.width - 2).enumerated() {
                grid.put(x: area.x + 1, y: y + 1 + i, text: line, style: .normal, maxWidth: area.width - 2)
            }
            return
        }
        grid.put(x: area.x + 1, y: y, text: "Save these now: the secret is shown only this once.", style: Style(.bold).foreground(.yellow),
                 maxWidth: area.width - 2)
        y += 2
        for c in issued {
            let mark = saved.contains(c.clientName) ? "  (saved)" : ""
            grid.put(x: area.x + 1, y: y, text: "[\(c.clientName)]" + mark, style: .bold, maxWidth: area.width - 2, overflow: .ellipsis)
            y += 1
            for (key, value) in [("client_secret", c.secret), ("host", c.host), ("access_token", c.accessToken), ("client_token", c.clientToken),
                                 ("expires", Formats.day(c.expiresAt))] {
                grid.put(x: area.x + 3, y: y, text: key, style: .dim)
                grid.put(x: area.x + 18, y: y, text: value, maxWidth: area.width - 19)
                y += 1
            }
            y += 1
            if y >= area.maxY - 1 { break }
        }
    }
}
