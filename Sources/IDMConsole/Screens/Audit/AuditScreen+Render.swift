import IDMDomain
import IDMStore
import IDMTerminal

extension AuditScreen {
    static let columns = [
        ListColumn(title: "Time (UTC)", minWidth: 16, flex: 0, sortable: false),
        ListColumn(title: "Actor", minWidth: 8, flex: 1, sortable: false),
        ListColumn(title: "Action", minWidth: 20, flex: 2, sortable: false),
        ListColumn(title: "Target", minWidth: 12, flex: 3, sortable: false),
    ]

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        guard area.width >= 20, area.height >= Self.rowsAbove + 1 else { return }
        let width = area.width
        // Title and position.
        let position = count == 0 ? "0 of 0" : "\(selected + 1) of \(count)"
        let positionWidth = Width.of(position)
        let title = grid.put(x: area.x + 1, y: area.y, text: "Audit log · " + accountName, style: .bold, maxWidth: width - positionWidth - 4, overflow: .ellipsis)
        let ok = chain?.ok ?? true
        let chainText = chain == nil ? "" : ok ? " · chain verifies" : " · chain broken" + (chain?.firstBadEvent.map { " at event \($0)" } ?? "") + ": idm audit verify"
        grid.put(x: area.x + 1 + title, y: area.y, text: chainText, style: ok ? .dim : Style(.bold).foreground(.red),
                 maxWidth: max(0, width - positionWidth - 4 - title), overflow: .ellipsis)
        grid.put(x: area.maxX - 1 - positionWidth, y: area.y, text: position, style: .dim)

        // The active filter and the count.
        let y1 = area.y + 1
        let counted = query.isEmpty ? "\(count) events" : "\(count) of \(total) events"
        let countedWidth = Width.of(counted)
        if query.isEmpty {
            grid.put(x: area.x + 1, y: y1, text: "All events, newest first · / to filter", style: .dim, maxWidth: width - countedWidth - 4, overflow: .ellipsis)
        } else {
            let used = grid.put(x: area.x + 1, y: y1, text: "Filter: ", style: .bold)
            let room = width - countedWidth - 4 - used
            let shown = grid.put(x: area.x + 1 + used, y: y1, text: query, style: .normal, maxWidth: room, overflow: .ellipsis)
            grid.put(x: area.x + 1 + used + shown, y: y1, text: "  Esc clears", style: .dim, maxWidth: room - shown)
        }
        grid.put(x: area.maxX - 1 - countedWidth, y: y1, text: counted, style: .dim)

        // The events.
        let list = Rect(x: area.x, y: area.y + Self.rowsAbove, width: width, height: area.height - Self.rowsAbove)
        let fitted = self.list.fitted(list.height)
        let rows = fitted.visible(list.height).compactMap { event(at: $0) }.map { e in
            ListRow(id: e.id, cells: [Self.minute(e.time), e.actorLogin, e.action, Self.target(e)])
        }
        Table.render(&grid, area: list, columns: Self.columns, sortColumn: -1, rows: rows,
                     selectedIndex: fitted.selection.map { $0 - fitted.top }, headerY: area.y + 2, statusColumn: false)
        if count == 0 && self.counted {
            let text = query.isEmpty ? "No events in \(accountName) yet." : "No event matches \(query). Esc clears the filter."
            grid.put(x: area.x + 2, y: list.y + 1, text: text, style: .dim, maxWidth: width - 4, overflow: .ellipsis)
        }

        if let detail {
            renderDetail(&grid, event: detail.event, scroll: detail.scroll,
                         area: Rect(x: area.x, y: area.y + 2, width: width, height: area.height - 2))
        }
        if let form {
            renderForm(&grid, form, area: area)
        }
    }

    /// The event in full: who, what, when, and each changed field as `field: before → after`.
    private func renderDetail(_ grid: inout Grid, event: AuditEvent, scroll: Int, area: Rect) {
        Box.draw(&grid, area, title: "Event \(event.id) · \(selected + 1) of \(count)")
        let inner = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 2)
        var y = inner.y
        var facts = [("Time", Self.second(event.time)), ("Actor", event.actorLogin), ("Action", event.action),
                     ("Target", "\(event.targetType) \(event.targetID) · \(event.targetName)")]
        // Only where there is something to say, so an event made at the console's own
        // terminal reads as before.
        if let from = AuditOrigin.known(event) { facts.insert(("From", from), at: 2) }
        for (label, value) in facts {
            grid.put(x: inner.x, y: y, text: label, style: .dim)
            grid.put(x: inner.x + 9, y: y, text: value, maxWidth: inner.width - 9, overflow: .ellipsis)
            y += 1
        }
        y += 1
        let fields = Self.changedFields(event)
        grid.put(x: inner.x, y: y, text: fields.isEmpty ? "No field changes recorded." : "Changes", style: fields.isEmpty ? .dim : Style(.bold).foreground(.accent))
        y += 1
        let bottom = inner.maxY - 1   // the last row is the key line
        var shownAll = true
        for (i, change) in fields.enumerated() where i >= scroll {
            let lines = Self.changeLines(change, width: inner.width - 2)
            if y + lines.count > bottom && y > inner.y + 6 {
                shownAll = false
                break
            }
            for line in lines where y < bottom {
                var x = inner.x + 2
                for piece in line {
                    x += grid.put(x: x, y: y, text: piece.0, style: piece.1, maxWidth: inner.maxX - x)
                }
                y += 1
            }
        }
        let more = scroll > 0 || !shownAll ? "↑↓ more  " : ""
        grid.put(x: inner.x, y: inner.maxY - 1, text: more + "← newer  → older  u actor  o target  Esc back", style: .dim, maxWidth: inner.width)
    }

    /// `field: before → after`, wrapped to `width` with continuations indented; an absent side
    /// reads "(none)", an empty one `""`. Values are sanitized before they are measured, as the
    /// grid shows them.
    static func changeLines(_ change: (field: String, before: String?, after: String?), width: Int) -> [[(String, Style)]] {
        func words(_ value: String?, _ style: Style) -> [(String, Style)] {
            guard let value else { return [("(none)", .dim)] }
            let words = Sanitize.clean(value).split(separator: " ").map { (String($0), style) }
            return words.isEmpty ? [("\"\"", style)] : words
        }
        let tokens = [(Sanitize.clean(change.field) + ":", Style.bold)] + words(change.before, .dim)
            + [("→", Style.normal.foreground(.accent))] + words(change.after, .normal)
        let indent = String(repeating: " ", count: 4)
        var lines: [[(String, Style)]] = []
        var line: [(String, Style)] = []
        var used = 0
        var atStart = true
        func newLine() {
            lines.append(line)
            line = [(indent, .normal)]
            used = indent.count
            atStart = true
        }
        for (token, style) in tokens {
            var word = token
            if !atStart && used + 1 + Width.of(word) > width { newLine() }
            if !atStart {
                line.append((" ", .normal))
                used += 1
            }
            // A word longer than the line is cut into line-sized pieces.
            while used + Width.of(word) > width {
                let head = Width.truncate(word, toColumns: width - used)
                guard !head.isEmpty else { break }
                line.append((head, style))
                word = String(String.UnicodeScalarView(word.unicodeScalars.dropFirst(head.unicodeScalars.count)))
                newLine()
            }
            line.append((word, style))
            used += Width.of(word)
            atStart = false
        }
        lines.append(line)
        return lines
    }

    private func renderForm(_ grid: inout Grid, _ form: FilterForm, area: Rect) {
        let width = min(84, area.width)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + 1, width: width, height: 9)
        Box.draw(&grid, box, title: "Filter events")
        let inner = box.width - 4
        let used = grid.put(x: box.x + 2, y: box.y + 1, text: form.text, style: .underline, maxWidth: inner - 1)
        grid.put(x: box.x + 2 + used, y: box.y + 1, text: "▏", style: .bold)
        grid.put(x: box.x + 2, y: box.y + 2, text: AuditQuery.syntax, style: .dim, maxWidth: inner, overflow: .ellipsis)
        grid.put(x: box.x + 2, y: box.y + 3, text: "Actions: " + actions.sorted().joined(separator: " "), style: .dim, maxWidth: inner, overflow: .ellipsis)
        grid.put(x: box.x + 2, y: box.y + 4, text: "Actors: " + actors.sorted().joined(separator: " "), style: .dim, maxWidth: inner, overflow: .ellipsis)
        if let error = form.error {
            for (i, line) in Wrap.lines(Sanitize.clean(error), width: inner).prefix(2).enumerated() {
                grid.put(x: box.x + 2, y: box.y + 5 + i, text: line, style: Style(.bold).foreground(.red), maxWidth: inner)
            }
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter apply  Esc cancel  ^U clear", style: .dim, maxWidth: inner)
    }
}
