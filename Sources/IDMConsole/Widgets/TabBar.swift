import IDMTerminal

/// "1 Users 7  2 API Clients 3 ...": the current tab reversed; numbers are the keys.
enum TabBar {
    static func render(_ grid: inout Grid, y: Int, titles: [String], current: Int) {
        var x = 1
        for (i, title) in titles.enumerated() {
            let label = " \(i + 1) \(title) "
            let style: Style = i == current ? Style(.reverse).adding(.bold) : .normal
            x += grid.put(x: x, y: y, text: label, style: style)
            x += 1
        }
    }

    static func tab(at column: Int, titles: [String]) -> Int? {
        var x = 1
        for (i, title) in titles.enumerated() {
            let width = Width.of(" \(i + 1) \(title) ")
            if column >= x && column < x + width { return i }
            x += width + 1
        }
        return nil
    }
}

/// The bottom line: the keys of this screen; unavailable ones dimmed in place (their key still
/// explains why).
enum HintBar {
    /// Lays out the items that fit, always keeping the essential ones (next, back, help), then
    /// the enabled ones (and the steady ones, enabled or not), then the dimmed ones, as room
    /// allows; shown in the order given, so a key that becomes unavailable as the selection
    /// moves dims where it is instead of moving every key after it. Returns each shown item's
    /// starting column, by key.
    @discardableResult
    static func render(_ grid: inout Grid, y: Int, items: [Hint]) -> [String: Int] {
        func width(_ item: Hint) -> Int { Width.of(item.key) + 1 + item.labelWidth + 2 }
        var budget = grid.width - 1 - items.filter(\.essential).map(width).reduce(0, +)
        var kept = Set(items.indices.filter { items[$0].essential })
        for enabled in [true, false] {
            for (i, item) in items.enumerated() where !item.essential && (item.enabled || item.steady) == enabled && width(item) <= budget {
                kept.insert(i)
                budget -= width(item)
            }
        }
        let shown = items.indices.filter(kept.contains).map { items[$0] }
        var x = 1
        var positions: [String: Int] = [:]
        for item in shown {
            guard x + width(item) - 2 <= grid.width else { break }
            positions[item.key] = x
            x += grid.put(x: x, y: y, text: item.key, style: item.enabled ? .bold : .dim)
            // A dimmed item is dim from its key to its label, the space between too: one
            // change of attribute for the terminal, not three (a move that dims X Delete sends
            // 23 bytes for it instead of 43).
            if !item.enabled { grid.put(x: x, y: y, text: " ", style: .dim) }
            x += 1
            x += max(grid.put(x: x, y: y, text: item.label, style: item.enabled ? .normal : .dim), item.labelWidth)
            x += 2
        }
        return positions
    }
}

/// The top line: where you are and who you are.
enum StatusLine {
    /// Shows the longest of `lefts` and of `rights` (each longest first) that fit together,
    /// preferring a fuller left side (where you are) over a fuller right side (who you are).
    static func render(_ grid: inout Grid, lefts: [String], rights: [String]) {
        let room = grid.width - 3
        var choice = (lefts.last ?? "", rights.last ?? "")
        search: for right in rights.reversed() {
            for left in lefts where Width.of(left) + Width.of(right) + 2 <= room {
                choice = (left, right)
                break search
            }
        }
        for left in lefts {
            if let right = rights.first(where: { Width.of(left) + Width.of($0) + 2 <= room }) {
                choice = (left, right)
                break
            }
        }
        render(&grid, left: choice.0, right: choice.1)
    }

    static func render(_ grid: inout Grid, left: String, right: String) {
        let style = Style(.reverse)
        grid.fill(Rect(x: 0, y: 0, width: grid.width, height: 1), style: style)
        // Who you are may take what the crumbs leave, and at least half the line.
        let rightWidth = min(Width.of(right), max(grid.width / 2, grid.width - Width.of(left) - 4))
        grid.put(x: 1, y: 0, text: left, style: style.adding(.bold), maxWidth: grid.width - rightWidth - 3, overflow: .ellipsis)
        grid.put(x: grid.width - rightWidth - 1, y: 0, text: right, style: style, maxWidth: rightWidth, overflow: .ellipsis)
    }
}
