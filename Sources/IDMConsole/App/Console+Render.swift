import IDMDomain
import IDMStore
import IDMTerminal

extension Console {
    /// What the screen looks like now, drawn into a fresh grid of the current size.
    public func render() -> Grid {
        var grid = Grid(size: size)
        if Layout.tooSmall(size) {
            renderTooSmall(&grid)
            return grid
        }
        StatusLine.render(&grid, lefts: statusLefts, rights: statusRights)
        let body = Rect(x: 0, y: 2, width: size.width, height: size.height - 2 - Layout.rowsBelow)
        if let auditScreen {
            auditScreen.render(into: &grid, area: auditArea)
        } else if let migrationReport {
            migrationReport.render(into: &grid, area: auditArea)
        } else if let credentials {
            credentials.render(into: &grid, area: body)
        } else if let wizard {
            wizard.render(into: &grid, area: Rect(x: 0, y: 1, width: size.width, height: size.height - 1 - Layout.rowsBelow))
        } else if let clientScreen {
            clientScreen.render(into: &grid, area: body)
        } else if let detail {
            detail.render(into: &grid, area: body)
        } else {
            renderList(&grid)
            switch adminDialog {
            case .form(let form, _)?: form.render(into: &grid, area: Rect(x: 0, y: 1, width: size.width, height: size.height - 3))
            case .confirm(let confirmation, _)?: confirmation.render(into: &grid, area: Rect(x: 0, y: 1, width: size.width, height: size.height - 3))
            case .pickNewOwner(let picker, _, _)?: picker.render(into: &grid, area: Rect(x: 0, y: 1, width: size.width, height: size.height - 3))
            case nil: break
            }
            if let ownerPicker { ownerPicker.render(into: &grid, area: Rect(x: 0, y: 1, width: size.width, height: size.height - 3)) }
        }
        let positions = HintBar.render(&grid, y: size.height - 1, items: hintItems)
        if let overlay {
            let area = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
            switch overlay {
            case .help(let scroll):
                HelpOverlay.render(&grid, area: area, lines: helpLines, scroll: scroll)
            case .accounts(let switcher):
                switcher.render(into: &grid, area: area)
            }
        }
        if let notice {
            renderNotice(&grid, notice, positions: positions)
        }
        if credentials == nil, wizard == nil, let pageNotice = clientScreen?.notice {
            renderNotice(&grid, pageNotice, positions: positions)
        }
        if let text = wizard?.notice ?? credentials?.notice {
            let error = credentials?.noticeIsError ?? true
            renderNotice(&grid, Notice(text: text, kind: error && credentials == nil ? .reason : (error ? .error : .info), anchorX: 1), positions: positions)
        }
        return grid
    }

    /// The status line's texts, longest first; the line shows the longest that fit.
    var statusLefts: [String] {
        var account = session.account.name
        if let reseller = session.managingReseller { account += " · managed by \(reseller.name)" }
        return ["idm · Manage Users & Groups · " + account, "idm · " + account, account]
    }

    var statusRights: [String] {
        ["\(session.login) · \(session.roleSummary)", "\(session.login) · \(session.shortRoleSummary)", session.login]
    }

    private func renderList(_ grid: inout Grid) {
        TabBar.render(&grid, y: 1, titles: tabTitles, current: tabIndex)
        let spec = tab.spec
        let columns = spec.columns
        var info = "Sorted by \(columns[spec.sortColumn].title)"
        if editingFilter || !spec.filter.isEmpty {
            grid.put(x: 1, y: 2, text: "Filter: ", style: .bold)
            let used = grid.put(x: 9, y: 2, text: spec.filter, style: editingFilter ? .underline : .normal, maxWidth: size.width / 2)
            if editingFilter { grid.put(x: 9 + used, y: 2, text: "▏", style: .bold) }
            info = ""
        }
        if !info.isEmpty { grid.put(x: 1, y: 2, text: info, style: .dim) }
        let position = tab.count == 0 ? "0 of 0" : "\(tab.selected + 1) of \(tab.count)"
        grid.put(x: size.width - 1 - Width.of(position), y: 2, text: position, style: .dim)
        let area = Rect(x: 0, y: Layout.rowsAbove, width: size.width, height: Layout.listHeight(size))
        Table.render(&grid, area: area, columns: columns, sortColumn: spec.sortColumn, rows: tab.visible,
                     selectedIndex: tab.count == 0 ? nil : tab.selected - tab.top, headerY: 3,
                     statusColumn: tab.list == .users || tab.list == .clients)
        if tab.count == 0 {
            let text = spec.filter.isEmpty ? "No \(tab.list.title.lowercased()) in \(session.account.name)." : "Nothing matches \"\(spec.filter)\". Esc clears the filter."
            grid.put(x: 2, y: area.y + 1, text: text, style: .dim, maxWidth: size.width - 4)
        }
    }

    var hintItems: [HintBar.Item] {
        let table: [Binding]
        if let auditScreen { return auditScreen.hints }
        if let migrationReport { return migrationReport.hints }
        if let credentials { return credentials.hints }
        if let wizard { return wizard.hints }
        if let clientScreen { return clientScreen.hints(session) }
        if ownerPicker != nil || adminDialog != nil { return [] }
        if editingFilter {
            return [HintBar.Item(key: "Enter", label: "Keep filter", enabled: true, action: .open),
                    HintBar.Item(key: "Esc", label: "Clear filter", enabled: true, action: .back)]
        } else if detail != nil {
            table = Bindings.detail + Bindings.global.filter { $0.action != .quit }
        } else {
            table = listBindings + Bindings.global
        }
        return table.filter(\.inBar).map {
            HintBar.Item(key: $0.keys[0].description, label: $0.label, enabled: availability($0.action).isAllowed, action: $0.action,
                         essential: $0.action == .help || $0.action == .quit || $0.action == .back)
        }
    }

    var helpLines: [(String, Style)] {
        let page = clientScreen.map { $0.helpGroup(session) + [("", .normal)] } ?? []
        return page + HelpOverlay.lines(groups: Bindings.helpGroups, availability: { [self] in availability($0) }, width: min(84, size.width - 2) - 4)
    }

    func hintX(of action: Action) -> Int? {
        var grid = Grid(width: size.width, height: 1)
        return HintBar.render(&grid, y: 0, items: hintItems)[action]
    }

    private func renderNotice(_ grid: inout Grid, _ notice: Notice, positions: [Action: Int]) {
        switch notice.kind {
        case .reason:
            Tooltip.draw(&grid, text: notice.text, anchorX: notice.anchorX ?? 1, aboveY: size.height - 1)
        case .error:
            // Errors are read in full: wrapped in a box above the hint bar, in red.
            Tooltip.draw(&grid, text: notice.text, anchorX: 1, aboveY: size.height - 1, maxWidth: size.width - 4,
                         style: Style(.bold).foreground(.red))
        case .info:
            let lines = Wrap.lines(notice.text, width: size.width - 2)
            if lines.count <= 1 {
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
