import IDMDomain
import IDMTerminal

/// `?`: every key of the screen on top (and the ones that work everywhere), with unavailable
/// actions dimmed and their reason in full, wrapped.
enum HelpOverlay {
    static func lines(_ sections: [HelpSection], width: Int) -> [(String, Style)] {
        var out: [(String, Style)] = []
        let keyWidth = 14
        for section in sections {
            if !out.isEmpty { out.append(("", .normal)) }
            out.append((section.title, Style(.bold).foreground(.accent)))
            for line in section.lines {
                let key = line.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
                let style: Style = line.reason == nil ? .normal : .dim
                let helpLines = Wrap.lines(line.help, width: max(10, width - keyWidth - 2))
                for (i, text) in helpLines.enumerated() {
                    out.append(((i == 0 ? "  " + key : String(repeating: " ", count: keyWidth + 2)) + text, style))
                }
                if let reason = line.reason {
                    for text in Wrap.lines(reason, width: max(10, width - keyWidth - 4)) {
                        out.append((String(repeating: " ", count: keyWidth + 4) + text, .dim))
                    }
                }
            }
        }
        return out
    }

    static func render(_ grid: inout Grid, area: Rect, lines: [(String, Style)], scroll: Int) {
        let width = min(84, area.width - 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y, width: width, height: area.height)
        Box.draw(&grid, box, title: "Keys")
        let inner = box.height - 3
        let first = max(0, min(scroll, lines.count - inner))
        for (i, line) in lines.dropFirst(first).prefix(inner).enumerated() {
            grid.put(x: box.x + 2, y: box.y + 1 + i, text: line.0, style: line.1, maxWidth: box.width - 4, overflow: .ellipsis)
        }
        let more = lines.count > inner ? "↑↓ scroll  " : ""
        grid.put(x: box.x + 2, y: box.maxY - 2, text: more + "any other key closes", style: .dim, maxWidth: box.width - 4)
    }
}
