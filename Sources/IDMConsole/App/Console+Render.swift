import IDMDomain
import IDMStore
import IDMTerminal

extension Console {
    /// What the screen looks like now, drawn into a fresh grid from the screens' state alone:
    /// nothing here reads the database.
    public func render() -> Grid {
        var grid = Grid(size: size)
        if Layout.tooSmall(size) {
            renderTooSmall(&grid)
            return grid
        }
        let env = self.env
        StatusLine.render(&grid, lefts: crumbLines, rights: whoLines(env))
        // The top screen, over the nearest full screen beneath it when it is modal.
        let base = stack.lastIndex { !$0.screen.isModal } ?? 0
        for entry in stack[base...] {
            entry.screen.render(into: &grid, area: env.body, env)
        }
        let positions = HintBar.render(&grid, y: size.height - 1, items: hintItems(env))
        if let scroll = helpScroll {
            HelpOverlay.render(&grid, area: Rect(x: 0, y: 1, width: size.width, height: size.height - 2),
                               lines: HelpOverlay.lines(helpSections(env), width: min(84, size.width - 2) - 4), scroll: scroll)
        }
        if let notice {
            renderNotice(&grid, notice, anchorX: notice.key.flatMap { positions[$0] } ?? 1)
        }
        if let ending {
            Tooltip.draw(&grid, text: ending.text(at: env.now), anchorX: 1, aboveY: size.height - 1, maxWidth: size.width - 4, style: Style(.bold).foreground(.red))
        }
        return grid
    }

    /// "Manage Users & Groups › purge-pipeline › Rotate", then shorter forms for narrow screens.
    var crumbLines: [String] {
        let crumbs = stack.map(\.screen.crumb).filter { !$0.isEmpty }
        var lines = [crumbs.joined(separator: " › ")]
        if crumbs.count > 2 { lines.append("… › " + crumbs.suffix(2).joined(separator: " › ")) }
        if crumbs.count > 1 { lines.append("… › " + (crumbs.last ?? "")) }
        return lines
    }

    func whoLines(_ env: Env) -> [String] {
        var account = env.account.name
        if env.context.isBrowsingManagedAccount { account += " (managed by \(env.context.homeAccount.name))" }
        let roles = env.session.roleSummary
        let short = roles.components(separatedBy: " (").first ?? roles
        // Which account, and for a reseller that it is browsing a managed one, outrank the roles;
        // who else is here comes first of what is left out when the line is too narrow.
        let others = env.othersHere.count
        let here = others == 0 ? [] : ["\(env.login) · \(roles) · \(others) other admin\(others == 1 ? "" : "s") in \(account)",
                                        "\(env.login) · \(short) · \(others) other\(others == 1 ? "" : "s") in \(account)"]
        return here + ["\(env.login) · \(roles) · \(account)", "\(env.login) · \(short) · \(account)", "\(env.login) · \(account)",
                "\(env.login) · \(short) · \(env.account.name)", "\(env.login) · \(env.account.name)", env.login]
    }

    func hintItems(_ env: Env) -> [Hint] {
        var items = top.hints(env)
        if !top.isTyping && !top.binds(.character("?")) { items.append(Hint(key: "?", label: "Help", essential: true)) }
        return items
    }

    func helpSections(_ env: Env) -> [HelpSection] {
        top.help(env) + [HelpSection(title: "Everywhere", lines: [
            .init(key: "?/F1", help: "This help", reason: nil),
            .init(key: "L", help: "The audit log: who changed what, newest first", reason: session.facts.auditLog.reason),
            .init(key: "^C", help: "Quit idm", reason: nil),
        ])]
    }

    private func renderNotice(_ grid: inout Grid, _ notice: Notice, anchorX: Int) {
        switch notice.kind {
        case .reason:
            Tooltip.draw(&grid, text: notice.text, anchorX: anchorX, aboveY: size.height - 1)
        case .error:
            // Errors are read in full: wrapped in a box above the hint bar, in red.
            Tooltip.draw(&grid, text: notice.text, anchorX: 1, aboveY: size.height - 1, maxWidth: size.width - 4,
                         style: Style(.bold).foreground(.red))
        case .info:
            let lines = Wrap.lines(notice.text, width: size.width - 2)
            if lines.count <= 1 {
                grid.fill(Rect(x: 0, y: size.height - 2, width: size.width, height: 1))
                grid.put(x: 1, y: size.height - 2, text: notice.text, style: .normal, maxWidth: size.width - 2, overflow: .ellipsis)
            } else {
                Tooltip.draw(&grid, text: notice.text, anchorX: 1, aboveY: size.height - 1, maxWidth: size.width - 4)
            }
        }
    }

    private func renderTooSmall(_ grid: inout Grid) {
        let lines = ["Terminal too small: \(size.width)x\(size.height)",
                     "idm needs at least \(Layout.minimum.width)x\(Layout.minimum.height).",
                     "Enlarge the window, or q to quit."].flatMap { Wrap.lines($0, width: size.width) }
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let x = max(0, (size.width - Width.of(line)) / 2)
            grid.put(x: x, y: top + i, text: line, style: i == 0 ? .bold : .normal)
        }
    }
}
