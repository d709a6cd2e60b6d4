import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// After Create: the new credentials, shown once, with `s` to save them as `.edgerc` sections.
/// Leaving asks whether the secret was saved, unless it was saved from here.
struct CredentialScreen {
    let clients: [APIClient]
    let issued: [IssuedCredential]
    let owner: String
    var saved: Set<String> = []
    var confirmingLeave = false
    var saving: SaveForm?
    var notice: String?
    var noticeIsError = false

    /// The "save as .edgerc" form: file and section, and a pending replace question.
    struct SaveForm {
        var path: String
        var section: String
        var field = 0
        var askReplace = false
        let credential: IssuedCredential
    }

    enum Outcome { case stay, done }

    mutating func handle(_ key: KeyEvent, home: String) -> Outcome {
        notice = nil
        if confirmingLeave {
            confirmingLeave = false
            return key == .character("y") ? .done : .stay
        }
        if var form = saving {
            let outcome = handleSave(&form, key)
            saving = outcome ? nil : form
            return .stay
        }
        switch key {
        case .character("s"):
            guard let next = issued.first(where: { !saved.contains($0.clientName) }) ?? issued.first else {
                notice = "There is no credential to save: only the owner (\(owner)) can generate one."
                return .stay
            }
            saving = SaveForm(path: "~/.edgerc", section: next.clientName, credential: next)
        case .enter, .escape, .character("q"):
            if issued.isEmpty || issued.allSatisfy({ saved.contains($0.clientName) }) { return .done }
            confirmingLeave = true
        default: break
        }
        return .stay
    }

    /// Returns true when the form is finished (saved or cancelled).
    private mutating func handleSave(_ form: inout SaveForm, _ key: KeyEvent) -> Bool {
        if form.askReplace {
            form.askReplace = false
            if key == .character("r") { return write(form, replace: true) }
            notice = "Not replaced: choose another section name."
            form.field = 1
            return false
        }
        switch key {
        case .escape: return true
        case .tab, .down, .up, .backTab: form.field = 1 - form.field
        case .backspace:
            if form.field == 0 { if !form.path.isEmpty { form.path.removeLast() } } else if !form.section.isEmpty { form.section.removeLast() }
        case .ctrl("u"):
            if form.field == 0 { form.path = "" } else { form.section = "" }
        case .character(let ch):
            if form.field == 0 { form.path.append(ch) } else { form.section.append(ch) }
        case .enter:
            do {
                if try Edgerc.sections(in: Edgerc.expand(form.path)).contains(form.section) {
                    form.askReplace = true
                    return false
                }
            } catch {
                notice = "\(error)"
                noticeIsError = true
                return false
            }
            return write(form, replace: false)
        default: break
        }
        return false
    }

    private mutating func write(_ form: SaveForm, replace: Bool) -> Bool {
        let c = form.credential
        do {
            let path = Edgerc.expand(form.path)
            let warnings = try Edgerc.save(EdgercCredential(host: c.host, clientToken: c.clientToken, clientSecret: c.secret, accessToken: c.accessToken),
                                           section: form.section, to: path, replace: replace)
            saved.insert(c.clientName)
            notice = "Saved [\(form.section)] to \(path)." + (warnings.isEmpty ? "" : " " + warnings.joined(separator: " "))
            noticeIsError = !warnings.isEmpty
            return true
        } catch {
            notice = "\(error)"
            noticeIsError = true
            return false
        }
    }

    var hints: [HintBar.Item] {
        if saving != nil {
            return [HintBar.Item(key: "Tab", label: "Field", enabled: true, action: .down),
                    HintBar.Item(key: "Enter", label: "Save", enabled: true, action: .open),
                    HintBar.Item(key: "Esc", label: "Cancel", enabled: true, action: .back)]
        }
        return [HintBar.Item(key: "s", label: "Save as .edgerc", enabled: !issued.isEmpty, action: .open),
                HintBar.Item(key: "Enter", label: "Done", enabled: true, action: .back)]
    }

    func render(into grid: inout Grid, area: Rect) {
        var y = area.y
        let names = clients.map(\.name).joined(separator: ", ")
        grid.put(x: area.x + 1, y: y, text: "Created: " + names, style: .bold, maxWidth: area.width - 2, overflow: .ellipsis)
        y += 1
        if issued.isEmpty {
            grid.put(x: area.x + 1, y: y + 1, text: "No credential yet: only the owner (\(owner)) can generate one, from the client's page.",
                     style: .normal, maxWidth: area.width - 2, overflow: .ellipsis)
        } else {
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
        if let form = saving {
            let width = min(64, area.width - 4)
            let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + 3, width: width, height: 7)
            Box.draw(&grid, box, title: "Save as .edgerc section")
            for (i, (label, value)) in [("File", form.path), ("Section", form.section)].enumerated() {
                let focused = i == form.field
                grid.put(x: box.x + 2, y: box.y + 2 + i, text: label, style: focused ? .bold : .normal)
                let used = grid.put(x: box.x + 12, y: box.y + 2 + i, text: value, style: .underline, maxWidth: width - 15)
                if focused { grid.put(x: box.x + 12 + used, y: box.y + 2 + i, text: "▏", style: .bold) }
            }
            let hint = form.askReplace ? "[\(form.section)] exists: r replace it, any other key: rename" : "New files are created with mode 0600."
            grid.put(x: box.x + 2, y: box.maxY - 2, text: hint, style: form.askReplace ? .bold : .dim, maxWidth: width - 4)
        }
        if confirmingLeave {
            ConfirmDialog.draw(&grid, area: area, title: "Leave without saving?",
                               message: "Did you save the secret? It will not be shown again; without it the credential is useless and a new one must be generated.",
                               keys: "y yes, leave  n stay")
        }
    }
}
