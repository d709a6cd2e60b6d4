import IDMDomain
import IDMStore
import IDMTerminal

extension ManageScreen {
    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        TabBar.render(&grid, y: area.y, titles: tabTitles(env), current: tabIndex)
        let infoY = area.y + 1
        let width = area.width
        let filter = filterText(list)
        var info = ""
        if editingFilter || !filter.isEmpty {
            grid.put(x: 1, y: infoY, text: "Filter: ", style: .bold)
            let used = grid.put(x: 9, y: infoY, text: filter, style: editingFilter ? .underline : .normal, maxWidth: width / 2)
            if editingFilter { grid.put(x: 9 + used, y: infoY, text: "▏", style: .bold) }
        } else if list == .groups {
            info = selectedID.map { env.tree.path(of: $0) } ?? selectedNode.map { if case .contract(let c) = $0 { return "Contract \(c)" } else { return "" } } ?? ""
        } else if let w = windows[list] {
            let columns = w.spec.columns
            info = "Sorted by \(columns[w.spec.sortColumn].title)" + (w.reversed ? ", reversed" : "")
        }
        var markers: [String] = []
        if list == .clients, windows[.clients]?.spec.expiringOnly == true { markers.append("Expiring within 30 days only · e: all") }
        if !info.isEmpty { grid.put(x: 1, y: infoY, text: info, style: .dim, maxWidth: width / 2 + 10, overflow: .ellipsis) }
        let count = rowCount
        let state = list == .groups ? groupList : windows[list]?.list ?? ListState()
        let total = list == .groups ? String(count) : windows[list]?.countText ?? String(count)
        var position = count == 0 ? "0 of 0" : "\(state.selected + 1) of \(total)"
        if !markers.isEmpty { position = markers.joined(separator: " · ") + "  " + position }
        // The position in plain type: it changes on every move, and a dim one costs the terminal
        // an attribute change there and a reset before the rows below (15 of a move's bytes).
        grid.put(x: width - 1 - Width.of(position), y: infoY, text: position, style: markers.isEmpty ? .normal : Style(.bold).foreground(.yellow))
        let listArea = Rect(x: 0, y: Self.listTop(env), width: width, height: Self.listHeight(env))
        if list == .groups {
            renderTree(&grid, listArea, headerY: area.y + 2, env)
        } else if let w = windows[list] {
            let fitted = w.list.fitted(listArea.height)
            let rows = fitted.visible(listArea.height).compactMap { w.row(at: $0) }
            Table.render(&grid, area: listArea, columns: w.spec.columns, sortColumn: w.spec.sortColumn, reversed: w.reversed, rows: rows,
                         selectedIndex: fitted.selection.map { $0 - fitted.top }, headerY: area.y + 2,
                         statusColumn: list == .users || list == .clients)
        }
        if count == 0 && (list == .groups || windows[list]?.covers(listArea.height) == true) {
            let text = filter.isEmpty ? "No \(list.title.lowercased()) in \(env.account.name)." : "Nothing matches \"\(Sanitize.clean(filter))\". Esc clears the filter."
            grid.put(x: 2, y: listArea.y + 1, text: text, style: .dim, maxWidth: width - 4)
        }
    }

    /// The Groups tab: contract › group › subgroups, indented by depth, ▸ collapsed, ▾ expanded.
    private func renderTree(_ grid: inout Grid, _ area: Rect, headerY: Int, _ env: Env) {
        let columns = ListColumns.of(.groups)
        let widths = Table.widths(columns, width: area.width - 2)
        var x = 1
        for (i, column) in columns.enumerated() {
            grid.put(x: x, y: headerY, text: column.title, style: Style(.bold).adding(.underline), maxWidth: widths[i])
            x += widths[i] + 2
        }
        let fitted = groupList.fitted(area.height)
        for (line, index) in fitted.visible(area.height).enumerated() {
            let row = groups.rows[index]
            let y = area.y + line
            let selected = index == fitted.selection
            var style: Style = row.onlyAncestor ? .dim : .normal
            if case .contract = row.node { style = style.adding(.bold) }
            let marker = row.hasChildren ? (row.expanded ? "▾ " : "▸ ") : "  "
            let indent = String(repeating: "  ", count: max(0, row.depth - 1))
            var key = Table.selection(area: area, y: y, widths: widths)
            switch row.node {
            case .contract(let id):
                // A contract's label spans the columns: reversed as far as it goes, if further.
                let used = grid.put(x: 1, y: y, text: marker + "Contract " + id, style: style, maxWidth: area.width - 2, overflow: .ellipsis)
                key.width = min(area.width, max(key.width, used + 2))
            case .group(let id):
                let cells = groupCells[id]
                let name = env.tree[id]?.name ?? cells?.cells[0] ?? ""
                var cx = 1
                grid.put(x: cx, y: y, text: indent + marker + name, style: style, maxWidth: widths[0], overflow: .ellipsis)
                cx += widths[0] + 2
                let rest = [env.tree[id]?.contractID ?? "", cells.map { $0.cells[2] } ?? "", cells.map { $0.cells[3] } ?? ""]
                for (i, text) in rest.enumerated() {
                    grid.put(x: cx, y: y, text: text, style: style, maxWidth: widths[i + 1], overflow: .ellipsis)
                    cx += widths[i + 1] + 2
                }
            }
            // The selection as on the other tabs: the key cell reversed (Table.selection).
            if selected { grid.addAttributes(.reverse, in: key) }
        }
    }
}
