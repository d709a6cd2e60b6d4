import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// New credentials, shown once: after Create, Generate or Rotate. `s` saves one as an `.edgerc`
/// section (the file created 0600); leaving asks whether the secret was saved, unless it was
/// saved from here.
struct CredentialScreen: Screen {
    enum Purpose { case created, generated, rotated }
    enum Action: Hashable { case save, copySecret, copySection, done }
    /// The screen was left; the one beneath may say what comes next (the list selects a client
    /// just created).
    struct Left {
        var created: [APIClient] = []
    }
    /// A copy to the admin's clipboard was confirmed.
    struct Copy {
        let text: String
        let what: String
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
        KeyBinding([.character("y")], .copySecret, "Copy secret", "Copy the client secret to your own clipboard (OSC 52, through SSH to your terminal)", bar: true),
        KeyBinding([.character("Y")], .copySection, "Copy .edgerc", "Copy the whole .edgerc section to your own clipboard (OSC 52)"),
        KeyBinding([.character("s")], .save, "Save on server", "Save a credential as an .edgerc section on the host idm runs on (a new file is created with mode 0600)", bar: true),
        KeyBinding([.enter, .escape, .character("q")], .done, "Done", "Done (asks first if a secret was not saved)", bar: true),
    ])

    func binds(_ key: KeyEvent) -> Bool { Self.keys.binds(key) }

    func decide(_ action: Action) -> Decision {
        switch action {
        case .save, .copySecret, .copySection:
            return .require(!issued.isEmpty, "There is no credential to \(action == .save ? "save" : "copy"): only the owner (\(owner)) can generate one.")
        case .done: return .allowed
        }
    }

    var quitWarning: String? {
        issued.allSatisfy { saved.contains($0.clientName) } ? nil
            : "The secret on screen is shown only this once; if you have not saved it, the credential is useless."
    }

    /// The credential the next save or copy is about: the first not saved yet.
    var next: IssuedCredential { issued.first { !saved.contains($0.clientName) } ?? issued[0] }

    /// Asks before anything goes to the clipboard, naming exactly what would.
    static func copyQuestion(_ c: IssuedCredential, whole: Bool) -> ConfirmScreen {
        let what = whole ? "the .edgerc section [\(c.clientName)] (client_secret, host, access_token, client_token)" : "the client_secret of \(c.clientName)"
        let text = whole
            ? String(decoding: Edgerc.sectionText(section: c.clientName, credential: c.edgerc), as: UTF8.self)
            : c.secret
        return ConfirmScreen(crumb: "Copy", title: whole ? "Copy the .edgerc section?" : "Copy the secret?",
            message: "Send \(what) to your clipboard? It goes to the terminal you type in (OSC 52), so over SSH it lands on your own machine. Anything that reads your clipboard can read it.",
            yes: "copy") { _ in Copy(text: text, what: what) }
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
                return [.push(Self.saveForm(next))]
            case .copySecret, .copySection:
                return [.push(Self.copyQuestion(next, whole: action == .copySection))]
            case .done:
                if issued.isEmpty || issued.allSatisfy({ saved.contains($0.clientName) }) { return [.pop(.submitted(left))] }
                return [.push(ConfirmScreen(crumb: "Leave", title: "Leave without saving?",
                    message: "Did you save the secret? It will not be shown again; without it the credential is useless and a new one must be generated.",
                    yes: "yes, leave"))]
            }
        case .result(.submitted(let value)):
            if let copy = value as? Copy {
                return [.clipboard(copy.text), .notice(.info("Sent \(copy.what) to your terminal's clipboard. Whether it arrived is up to your terminal; under tmux it needs `set -g set-clipboard on`."))]
            }
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
        // The message names the host: over SSH, "~" is the server's, not the admin's machine.
        FormScreen(crumb: "Save", title: "Save as .edgerc section",
                   message: "The secret is written to this file on \(Edgerc.hostName), which only you can read there (new files get mode 0600). y on the credentials copies it to your own machine instead.",
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
        let warnings = try Edgerc.save(c.edgerc, section: section, to: path, replace: replace)
        // Over SSH the file is on the server, not the admin's machine: say which host.
        return Saved(clientName: c.clientName, message: "Saved [\(section)] to \(path) on \(Edgerc.hostName)." + (warnings.isEmpty ? "" : " " + warnings.joined(separator: " ")),
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
