import IDMDomain
import IDMTerminal

/// `?`: every key, grouped by screen, with inactive actions dimmed and their reason.
enum HelpOverlay {
    static func lines(groups: [BindingGroup], availability: (Action) -> Decision, width: Int) -> [(String, Style)] {
        var out: [(String, Style)] = []
        for group in groups {
            if !out.isEmpty { out.append(("", .normal)) }
            out.append((group.title, Style(.bold).foreground(.accent)))
            for binding in group.bindings {
                let decision = group.checksAvailability ? availability(binding.action) : .allowed
                let key = binding.keyLabel.padding(toLength: 14, withPad: " ", startingAt: 0)
                if let reason = decision.reason {
                    out.append(("  " + key + binding.help, .dim))
                    for line in Wrap.lines(reason, width: max(10, width - 18)) {
                        out.append(("                " + line, .dim))
                    }
                } else {
                    out.append(("  " + key + binding.help, .normal))
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
