import IDMDomain
import IDMStore
import IDMTerminal

extension WizardScreen {
    /// Where the step's body starts, below the title, the steps and a blank line.
    static let bodyOffset = 3

    /// The first row shown: the list scrolls just enough to keep the cursor on screen.
    func firstVisible(count: Int, height: Int) -> Int {
        var state = lists[step] ?? ListState()
        state.setCount(count)
        return state.fitted(height).top
    }

    /// Draws the wizard in `area` (everything between the status line and the hint bar).
    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        let owner = wizard.owner.login
        var title = owner == creator ? "New API Client for Me" : "New API client for \(owner)"
        var steps = NewClientWizard.Step.allCases
        switch mode {
        case .create: break
        case .editAuthorization(let name):
            title = "Edit the API access of \(name) (owner \(owner))"
            steps = [.groups, .apis]
        case .editDetails(let name):
            title = "Edit the details of \(name)"
            steps = [.details]
        }
        grid.put(x: area.x + 1, y: area.y, text: title, style: .bold, maxWidth: area.width - 2)
        var x = area.x + 1
        for s in steps {
            // Editing details is one step: no number for a step of one.
            let label = steps.count == 1 ? " \(s.title) " : " \(s.rawValue) \(s.title) "
            let style: Style = s == step ? Style(.reverse).adding(.bold) : s.rawValue < step.rawValue ? .normal : .dim
            x += grid.put(x: x, y: area.y + 1, text: label, style: style)
            if s != steps.last { x += grid.put(x: x, y: area.y + 1, text: " › ", style: .dim) }
        }
        let body = Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 4)
        let footerY = area.maxY - 1
        switch step {
        case .groups: renderGroups(&grid, body, footerY: footerY)
        case .apis: renderAPIs(&grid, body, footerY: footerY)
        case .details: renderDetails(&grid, body)
        case .review: renderReview(&grid, body)
        }
        if let notice {
            Tooltip.draw(&grid, text: notice, anchorX: 1, aboveY: area.maxY, maxWidth: area.width - 4)
        }
    }

    private func scrolled(_ count: Int, height: Int) -> Int { firstVisible(count: count, height: height) }

    private func renderGroups(_ grid: inout Grid, _ body: Rect, footerY: Int) {
        let picker = wizard.groups
        let rows = picker.rows
        let first = scrolled(rows.count, height: body.height)
        for (i, r) in rows.enumerated().dropFirst(first).prefix(body.height) {
            let y = body.y + i - first
            let box: String
            switch picker.check(r) {
            case .all: box = "[x]"
            case .some: box = "[-]"
            case .none: box = "[ ]"
            }
            var style: Style = .normal
            let text: String
            switch r {
            case .contract(let id):
                style = .bold
                text = "\(box) Contract \(id)"
            case .group(_, let depth):
                text = String(repeating: "  ", count: depth + 1) + "\(box) " + picker.label(r)
            }
            if i == row {
                style = style.adding(.reverse)
                grid.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: style)
            }
            grid.put(x: body.x + 1, y: y, text: text, style: style, maxWidth: body.width - 2, overflow: .ellipsis)
        }
        grid.put(x: body.x + 1, y: footerY, text: picker.summary, style: .bold)
        if wizard.contracts.count > 1 {
            // The longest wording that fits beside the summary: never cut mid-word.
            let room = body.width - Width.of(picker.summary) - 4
            let hints = ["Property Manager and other single-contract APIs need groups of one contract.",
                         "PAPI and other single-contract APIs need groups of one contract.",
                         "PAPI needs groups of one contract.", "PAPI: one contract."]
            if let hint = hints.first(where: { Width.of($0) <= room }) {
                grid.put(x: body.x + 3 + Width.of(picker.summary), y: footerY, text: hint, style: .dim)
            }
        }
    }

    private func renderAPIs(_ grid: inout Grid, _ body: Rect, footerY: Int) {
        var listArea = body
        if editingFilter || !wizard.apis.filter.isEmpty {
            grid.put(x: body.x + 1, y: body.y, text: "Filter: " + wizard.apis.filter + (editingFilter ? "▏" : ""), style: .bold)
            listArea = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        }
        let levelX = listArea.maxX - 13
        let scopeX = levelX - 17
        grid.put(x: listArea.x + 1, y: listArea.y, text: "API", style: Style(.bold).adding(.underline))
        grid.put(x: scopeX, y: listArea.y, text: "Scope", style: Style(.bold).adding(.underline))
        grid.put(x: levelX, y: listArea.y, text: "Access level", style: Style(.bold).adding(.underline))
        let rows = wizard.apis.rows
        let height = listArea.height - 1
        let first = scrolled(rows.count, height: height)
        var focusY: Int?
        for (i, r) in rows.enumerated().dropFirst(first).prefix(height) {
            let y = listArea.y + 1 + i - first
            var style: Style = r.availability.isAvailable ? .normal : .dim
            if i == row {
                style = style.adding(.reverse)
                grid.fill(Rect(x: listArea.x, y: y, width: listArea.width, height: 1), style: style)
                focusY = y
            }
            let box = r.chosen != nil ? (r.availability.isAvailable ? "[x]" : "[!]") : "[ ]"
            grid.put(x: listArea.x + 1, y: y, text: "\(box) \(r.service.name) (\(r.service.id))", style: style,
                     maxWidth: scopeX - listArea.x - 2, overflow: .ellipsis)
            grid.put(x: scopeX, y: y, text: r.service.scope == .singleContract ? "one contract" : "account-wide", style: style)
            let level: String
            if !r.availability.isAvailable {
                level = "Unavailable"
            } else if let chosen = r.chosen {
                level = chosen.rawValue
            } else {
                level = "up to " + (r.availability.maxLevel == .readWrite ? "RW" : "RO")
            }
            grid.put(x: levelX, y: y, text: level, style: r.chosen != nil && r.availability.isAvailable ? style.adding(.bold) : style)
        }
        if rows.isEmpty {
            grid.put(x: listArea.x + 2, y: listArea.y + 2, text: "No API matches \"\(wizard.apis.filter)\".", style: .dim)
        }
        // Footer: what is picked, and the offer of one client per contract.
        let picked = wizard.apis.grantable.count
        var footer = "\(picked) API\(picked == 1 ? "" : "s") picked · \(wizard.groups.summary)"
        if wizard.splitting { footer += " · one client per contract (\(wizard.contracts.count))" }
        grid.put(x: body.x + 1, y: footerY, text: footer, style: .bold, maxWidth: body.width - 2, overflow: .ellipsis)
        // The tooltip of the row under the mouse, else of the focused row: why it is
        // unavailable, and what to do.
        var tipRow = row
        var tipY = focusY
        if let hover = hoverRow, rows.indices.contains(hover), hover >= first, hover < first + height {
            tipRow = hover
            tipY = listArea.y + 1 + hover - first
        }
        if let focusY = tipY, rows.indices.contains(tipRow), !rows[tipRow].availability.isAvailable {
            let a = rows[tipRow].availability
            var text = a.decision.reason ?? ""
            if let help = a.help { text += "\n" + help }
            if wizard.canOfferOnePerContract && a.decision == .denied(Policy.multipleContractsReason) {
                text += "\no: one client per contract"
            }
            // Under the list when it fits there, so no row is hidden; else next to the row.
            let height = Wrap.lines(text, width: 50).count + 2
            let lastRowY = listArea.y + min(rows.count - first, listArea.height - 1)
            if lastRowY + height < footerY {
                Tooltip.draw(&grid, text: text, anchorX: levelX - 36, belowY: lastRowY, maxWidth: 50)
            } else {
                let below = focusY + 1 + height <= footerY
                Tooltip.draw(&grid, text: text, anchorX: levelX - 36, aboveY: below ? nil : focusY, belowY: below ? focusY : nil, maxWidth: 50)
            }
        }
    }

    private func renderDetails(_ grid: inout Grid, _ body: Rect) {
        var y = body.y
        let labelWidth = 22
        for f in ClientDetails.Field.allCases {
            let focused = f == field
            grid.put(x: body.x + 1, y: y, text: f.label, style: focused ? .bold : .normal)
            let inputX = body.x + 1 + labelWidth
            let inputWidth = body.width - labelWidth - 3
            grid.fill(Rect(x: inputX, y: y, width: inputWidth, height: 1), style: .underline)
            let value = wizard.details[f]
            // Show the end of a long value while typing, so the cursor stays visible.
            var shown = value
            while Width.of(shown) > inputWidth - 1 { shown.removeFirst() }
            let used = grid.put(x: inputX, y: y, text: shown, style: .underline, maxWidth: inputWidth)
            if focused { grid.put(x: inputX + used, y: y, text: "▏", style: Style(.bold).adding(.underline)) }
            if let error = wizard.details.errors[f] {
                // Two lines at most: the one below the field, and the spacer under it.
                for (i, line) in Wrap.lines("✗ " + error, width: inputWidth).prefix(2).enumerated() {
                    grid.put(x: inputX, y: y + 1 + i, text: line, style: Style(.bold).foreground(.red), maxWidth: inputWidth, overflow: .ellipsis)
                }
            } else {
                let hint: String
                switch f {
                case .name: hint = "Required, unique in the account, 1-\(FieldLimits.clientName.upperBound) characters"
                case .description: hint = "Optional"
                case .notificationEmails: hint = "Optional; separate addresses with commas"
                case .ipAllowlist: hint = "Optional; e.g. 203.0.113.0/24, 2001:db8::/48 (empty: any address)"
                }
                grid.put(x: inputX, y: y + 1, text: hint, style: .dim, maxWidth: inputWidth, overflow: .ellipsis)
            }
            y += 3
        }
    }

    private func renderReview(_ grid: inout Grid, _ body: Rect) {
        var lines: [DetailLine] = []
        let w = wizard
        lines.append(.field("Owner", "\(w.owner.login) (\(w.owner.fullName))"))
        lines.append(.field("Creator", creator))
        lines.append(.field("Groups", w.groups.summary))
        let drafts = w.drafts
        if drafts.count > 1 {
            lines.append(.blank)
            lines.append(.heading("\(drafts.count) API clients, one per contract"))
            for (contract, draft) in zip(w.contracts, drafts) {
                lines.append(.columns([(draft.name, 2), (contract, 36), ("\(draft.groupIDs.count) groups", 52)]))
            }
        } else {
            lines.append(.field("Name", drafts[0].name))
        }
        lines.append(.blank)
        lines.append(.heading("APIs"))
        let names = Dictionary(uniqueKeysWithValues: w.services.map { ($0.id, $0.name) })
        for grant in w.apis.grantable {
            lines.append(.columns([("\(names[grant.serviceID] ?? grant.serviceID) (\(grant.serviceID))", 2), (grant.level.rawValue, 44)]))
        }
        for blocked in w.apis.blocked {
            lines.append(.columns([("\(blocked.service.name): not granted", 2), (blocked.reason, 44)], .dim))
        }
        lines.append(.blank)
        lines.append(.heading("Details"))
        lines.append(.field("Description", w.details.description))
        lines.append(.field("Notification emails", w.details.emails.joined(separator: ", ")))
        lines.append(.field("IP allowlist", w.details.cidrs.isEmpty ? "any address" : w.details.cidrs.joined(separator: ", ")))
        lines.append(.blank)
        lines.append(.text(w.owner.login == creator
            ? "Create makes the client\(drafts.count > 1 ? "s" : "") and a first credential, shown once."
            : "Only the owner (\(w.owner.login)) can generate credentials; they do it from the client's page.", .dim))
        var view = PageView(title: "", subtitle: "", lines: lines)
        let height = PageView.bodyHeight(Rect(x: body.x, y: body.y - 2, width: body.width, height: body.height + 2))
        view.cursor.select(min(lines.count - 1, row + height - 1))
        view.cursor.fit(height)
        view.render(into: &grid, area: Rect(x: body.x, y: body.y - 2, width: body.width, height: body.height + 2), showCursor: false)
    }
}
