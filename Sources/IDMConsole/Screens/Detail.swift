import IDMTerminal

/// One line of a detail view: styled pieces of text, laid out left to right.
struct DetailLine: Equatable {
    var pieces: [(text: String, style: Style, column: Int?)]

    init(_ pieces: [(String, Style, Int?)]) {
        self.pieces = pieces.map { (text: $0.0, style: $0.1, column: $0.2) }
    }

    static func == (a: DetailLine, b: DetailLine) -> Bool {
        a.pieces.map { "\($0.text)\($0.style)\(String(describing: $0.column))" } == b.pieces.map { "\($0.text)\($0.style)\(String(describing: $0.column))" }
    }

    static let blank = DetailLine([])
    static func heading(_ text: String) -> DetailLine { DetailLine([(text, .bold.foreground(.accent), nil)]) }
    static func text(_ text: String, _ style: Style = .normal, indent: Int = 2) -> DetailLine {
        DetailLine([(String(repeating: " ", count: indent) + text, style, nil)])
    }
    /// "  Label        value"
    static func field(_ label: String, _ value: String, _ style: Style = .normal) -> DetailLine {
        DetailLine([("  " + label, .dim, nil), (value.isEmpty ? "-" : value, style, 22)])
    }
    /// Columns at fixed offsets, e.g. a small table inside a detail view.
    static func columns(_ cells: [(String, Int)], _ style: Style = .normal) -> DetailLine {
        DetailLine(cells.map { ($0.0, style, $0.1) })
    }
}

/// A read-only, scrollable page about one user, client, group or role.
struct DetailState {
    let title: String
    let subtitle: String
    let lines: [DetailLine]
    var scroll = 0

    mutating func scroll(by delta: Int, height: Int) {
        scroll = max(0, min(scroll + delta, max(0, lines.count - height)))
    }

    func render(into grid: inout Grid, area: Rect) {
        grid.put(x: area.x + 1, y: area.y, text: title, style: .bold, maxWidth: area.width - 2, overflow: .ellipsis)
        let titleWidth = Width.of(Sanitize.clean(title))
        if !subtitle.isEmpty, titleWidth + 4 < area.width {
            grid.put(x: area.x + 3 + titleWidth, y: area.y, text: subtitle, style: .dim, maxWidth: area.width - titleWidth - 4, overflow: .ellipsis)
        }
        let body = Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: area.height - 2)
        for (row, line) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            var x = body.x
            for piece in line.pieces {
                if let column = piece.column { x = max(x + (x == body.x ? 0 : 1), body.x + column) }
                guard x < body.maxX else { break }
                x += grid.put(x: x, y: body.y + row, text: piece.text, style: piece.style, maxWidth: body.maxX - x, overflow: .ellipsis)
            }
        }
        if lines.count > body.height {
            let end = min(lines.count, scroll + body.height)
            grid.put(x: area.maxX - 12, y: area.y, text: "\(scroll + 1)-\(end)/\(lines.count)".leftPadded(11), style: .dim)
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        let w = Width.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
