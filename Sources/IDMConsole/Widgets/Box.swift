import IDMTerminal

/// A bordered panel, cleared inside, with an optional title in the top border.
enum Box {
    static func draw(_ grid: inout Grid, _ rect: Rect, title: String? = nil, style: Style = .normal) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        grid.fill(rect, style: style)
        let horizontal = String(repeating: "─", count: rect.width - 2)
        grid.put(x: rect.x, y: rect.y, text: "┌" + horizontal + "┐", style: style)
        grid.put(x: rect.x, y: rect.maxY - 1, text: "└" + horizontal + "┘", style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put(x: rect.x, y: y, text: "│", style: style)
            grid.put(x: rect.maxX - 1, y: y, text: "│", style: style)
        }
        if let title, rect.width > 6 {
            grid.put(x: rect.x + 2, y: rect.y, text: " \(title) ", style: style.adding(.bold), maxWidth: rect.width - 4, overflow: .ellipsis)
        }
    }
}

/// Word wrapping by display width.
enum Wrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let w = String(word)
                if line.isEmpty {
                    line = w
                } else if Width.of(line) + 1 + Width.of(w) <= width {
                    line += " " + w
                } else {
                    out.append(line)
                    line = w
                }
                while Width.of(line) > width {
                    let head = Width.truncate(line, toColumns: width)
                    out.append(head)
                    line = String(line.dropFirst(head.count))
                }
            }
            out.append(line)
        }
        return out
    }
}
