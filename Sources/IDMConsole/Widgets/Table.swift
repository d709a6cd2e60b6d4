import IDMStore
import IDMTerminal

/// A list's rows in columns: header, rows, the selected row's key cell reversed, locked rows dimmed.
enum Table {
    /// Column widths for `width`: each at least its minimum, the spare shared by flex.
    static func widths(_ columns: [ListColumn], width: Int) -> [Int] {
        let gaps = 2 * (columns.count - 1)
        var widths = columns.map(\.minWidth)
        let spare = width - gaps - widths.reduce(0, +)
        let flex = columns.map(\.flex).reduce(0, +)
        if spare > 0 && flex > 0 {
            var given = 0
            for i in columns.indices where columns[i].flex > 0 {
                let share = spare * columns[i].flex / flex
                widths[i] += share
                given += share
            }
            if let last = columns.lastIndex(where: { $0.flex > 0 }) { widths[last] += spare - given }
        }
        return widths
    }

    /// With `statusColumn`, a last column says "locked" (or the row's flag, e.g. expiring).
    /// The last column of Users and API Clients: "locked", "expiring", "no access".
    static let statusColumn = ListColumn(title: "", minWidth: 9, flex: 0, sortable: false)

    static func render(_ grid: inout Grid, area: Rect, columns: [ListColumn], sortColumn: Int, reversed: Bool = false, rows: [ListRow],
                       selectedIndex: Int?, headerY: Int, statusColumn: Bool) {
        let widths = widths(statusColumn ? columns + [Self.statusColumn] : columns, width: area.width - 2)
        var x = area.x + 1
        for (i, column) in columns.enumerated() {
            let arrow = i == sortColumn ? (reversed ? " ▼" : " ▲") : ""
            grid.put(x: x, y: headerY, text: column.title + arrow, style: Style(.bold).adding(.underline), maxWidth: widths[i])
            x += widths[i] + 2
        }
        for (r, row) in rows.prefix(area.height).enumerated() {
            let y = area.y + r
            let selected = r == selectedIndex
            let style: Style = row.locked ? .dim : .normal
            // The whole line in the row's style (a dim locked row too): one attribute run for
            // the terminal, not one per cell, when the row is drawn again.
            if style != .normal { grid.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            var cx = area.x + 1
            let state = row.locked ? "locked" : (row.flag ?? "")
            for (i, cell) in (row.cells + (statusColumn ? [state] : [])).enumerated() where i < widths.count {
                let cellStyle = statusColumn && i == row.cells.count && !row.locked ? style.foreground(.yellow) : style
                grid.put(x: cx, y: y, text: cell, style: cellStyle, maxWidth: widths[i], overflow: .ellipsis)
                cx += widths[i] + 2
            }
            if selected { grid.addAttributes(.reverse, in: selection(area: area, y: y, widths: widths)) }
        }
    }

    /// Where the selected row is reversed: its key cell (login, name, group, role, time) with a
    /// column of margin each side, not the whole line. A move then redraws two key cells, not two
    /// lines: on the large directory's Users at 80 columns a plain move draws 67-94 bytes instead
    /// of 190, and bytes are what a move costs over a slow SSH link (README, "A move's bytes";
    /// mutt's `arrow_cursor` and nnn make the same trade). The key is where the eye starts a row.
    static func selection(area: Rect, y: Int, widths: [Int]) -> Rect {
        Rect(x: area.x, y: y, width: min(area.width, (widths.first ?? area.width) + 2), height: 1)
    }
}
