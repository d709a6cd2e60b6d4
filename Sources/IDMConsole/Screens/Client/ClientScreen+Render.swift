import IDMDomain
import IDMTerminal

extension ClientScreen {
    func render(into grid: inout Grid, area: Rect) {
        detail.render(into: &grid, area: area)
        // The selected credential's line, reversed, when it is on screen.
        if !facts.credentials.isEmpty {
            let y = area.y + 2 + credentialLine(selected) - detail.scroll
            if y >= area.y + 2 && y < area.maxY {
                grid.modifyStyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { $0 = $0.adding(.reverse) }
            }
        }
        switch pending {
        case .confirm(let confirmation, _)?: confirmation.render(into: &grid, area: area)
        case .form(let form, _)?: form.render(into: &grid, area: area)
        case .picker(let picker)?: picker.render(into: &grid, area: Rect(x: area.x, y: area.y - 1, width: area.width, height: area.height + 1))
        case nil: break
        }
    }

    func hints(_ session: Session) -> [HintBar.Item] {
        if pending != nil { return [] }
        let locked = facts.client.locked
        return ClientAction.allCases.filter(\.inBar).map {
            HintBar.Item(key: $0.key.description, label: $0.label(locked: locked), enabled: decision($0, session).isAllowed, action: .open)
        } + [HintBar.Item(key: "?", label: "Help", enabled: true, action: .help, essential: true),
             HintBar.Item(key: "Esc", label: "Back", enabled: true, action: .back, essential: true)]
    }

    /// For `?`: every action of the page with the policy's answer.
    func helpGroup(_ session: Session) -> [(String, Style)] {
        var out: [(String, Style)] = [("API client \(facts.client.name)", Style(.bold).foreground(.accent))]
        let locked = facts.client.locked
        for action in ClientAction.allCases {
            let key = action.key.description.padding(toLength: 14, withPad: " ", startingAt: 0)
            let help = action == .lockToggle ? (locked ? "Unlock the client" : "Lock the client") : action.help
            if let reason = decision(action, session).reason {
                out.append(("  " + key + help, .dim))
                for line in Wrap.lines(reason, width: 60) { out.append(("                " + line, .dim)) }
            } else {
                out.append(("  " + key + help, .normal))
            }
        }
        out.append(("  ↑/↓           Select a credential (or scroll)", .normal))
        out.append(("  r             Reload", .normal))
        return out
    }
}
