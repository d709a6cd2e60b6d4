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

/// The bottom line: the keys of this screen; unavailable ones dimmed (their key still explains why).
enum HintBar {
    struct Item {
        let key: String
        let label: String
        let enabled: Bool
        let action: Action
    }

    /// Lays out the items that fit; returns each shown item's starting column.
    @discardableResult
    static func render(_ grid: inout Grid, y: Int, items: [Item]) -> [Action: Int] {
        var x = 1
        var positions: [Action: Int] = [:]
        for item in items {
            let width = Width.of(item.key) + 1 + Width.of(item.label)
            guard x + width < grid.width else { break }
            positions[item.action] = x
            let keyStyle: Style = item.enabled ? .bold : .dim
            x += grid.put(x: x, y: y, text: item.key, style: keyStyle)
            x += 1
            x += grid.put(x: x, y: y, text: item.label, style: item.enabled ? .normal : .dim)
            x += 2
        }
        return positions
    }
}

/// The top line: where you are and who you are.
enum StatusLine {
    static func render(_ grid: inout Grid, left: String, right: String) {
        let style = Style(.reverse)
        grid.fill(Rect(x: 0, y: 0, width: grid.width, height: 1), style: style)
        let rightWidth = min(Width.of(right), grid.width / 2)
        grid.put(x: 1, y: 0, text: left, style: style.adding(.bold), maxWidth: grid.width - rightWidth - 3, overflow: .ellipsis)
        grid.put(x: grid.width - rightWidth - 1, y: 0, text: right, style: style, maxWidth: rightWidth, overflow: .ellipsis)
    }
}
