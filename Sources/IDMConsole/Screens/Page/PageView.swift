import IDMDomain
import IDMTerminal

/// What a line of a page leads to: Enter opens it.
enum Link: Equatable {
    case user(UserID), group(GroupID), role(RoleID), client(ClientID)
}

/// One line of a page: styled pieces of text, laid out left to right; it may lead somewhere
/// (`link`) or stand for a credential of the client on screen (`credential`).
struct DetailLine {
    var pieces: [(text: String, style: Style, column: Int?)]
    var link: Link?
    var credential: Int?
    /// A key on a user's page, by fingerprint (`X` removes it).
    var sshKey: String?
    var isHeading = false

    init(_ pieces: [(String, Style, Int?)], link: Link? = nil) {
        self.pieces = pieces.map { (text: $0.0, style: $0.1, column: $0.2) }
        self.link = link
    }

    static let blank = DetailLine([])
    static func heading(_ text: String) -> DetailLine {
        var line = DetailLine([(text, .bold.foreground(.accent), nil)])
        line.isHeading = true
        return line
    }
    static func text(_ text: String, _ style: Style = .normal, indent: Int = 2, link: Link? = nil) -> DetailLine {
        DetailLine([(String(repeating: " ", count: indent) + text, style, nil)], link: link)
    }
    /// "  Label        value"
    static func field(_ label: String, _ value: String, _ style: Style = .normal, link: Link? = nil) -> DetailLine {
        DetailLine([("  " + label, .dim, nil), (value.isEmpty ? "-" : value, style, 22)], link: link)
    }
    /// Columns at fixed offsets, e.g. a small table inside a page.
    static func columns(_ cells: [(String, Int)], _ style: Style = .normal, link: Link? = nil) -> DetailLine {
        DetailLine(cells.map { ($0.0, style, $0.1) }, link: link)
    }
}

/// A scrollable page of lines with a cursor (`ListState`): the cursor is always on screen and
/// every line, the last included, can be reached. Enter follows the line's link.
struct PageView {
    let title: String
    let subtitle: String
    var lines: [DetailLine]
    var cursor: ListState

    init(title: String, subtitle: String, lines: [DetailLine], keeping old: PageView? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.lines = lines
        cursor = ListState(count: lines.count, selected: old?.cursor.selected ?? 0)
        if let old { cursor = old.cursor; cursor.setCount(lines.count) }
    }

    /// Rows of lines below the title line and a blank.
    static func bodyHeight(_ area: Rect) -> Int { max(1, area.height - 2) }

    var current: DetailLine? { cursor.selection.flatMap { lines.indices.contains($0) ? lines[$0] : nil } }

    mutating func move(_ m: Move, height: Int) { m.apply(&cursor, height: height) }

    /// The next (or previous) section heading, as `Tab` moves.
    mutating func jumpSection(forward: Bool, height: Int) {
        let headings = lines.indices.filter { lines[$0].isHeading }
        let here = cursor.selected
        if let target = forward ? headings.first(where: { $0 > here }) : headings.last(where: { $0 < here }) {
            cursor.select(target, asTopOf: height)
        } else {
            cursor.select(forward ? cursor.count - 1 : 0)
        }
        cursor.fit(height)
    }

    /// Puts the cursor on line `i` (a click).
    mutating func select(line i: Int, height: Int) {
        cursor.select(i)
        cursor.fit(height)
    }

    func render(into grid: inout Grid, area: Rect, showCursor: Bool = true) {
        grid.put(x: area.x + 1, y: area.y, text: title, style: .bold, maxWidth: area.width - 2, overflow: .ellipsis)
        let titleWidth = Width.of(Sanitize.clean(title))
        if !subtitle.isEmpty, titleWidth + 4 < area.width - 14 {
            grid.put(x: area.x + 3 + titleWidth, y: area.y, text: subtitle, style: .dim, maxWidth: area.width - titleWidth - 18, overflow: .ellipsis)
        }
        let body = Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: Self.bodyHeight(area))
        let fitted = cursor.fitted(body.height)
        for (row, index) in fitted.visible(body.height).enumerated() {
            let line = lines[index]
            let y = body.y + row
            var x = body.x
            for piece in line.pieces {
                if let column = piece.column { x = max(x + (x == body.x ? 0 : 1), body.x + column) }
                guard x < body.maxX else { break }
                x += grid.put(x: x, y: y, text: piece.text, style: piece.style, maxWidth: body.maxX - x, overflow: .ellipsis)
            }
            if line.link != nil, x + 2 < body.maxX { grid.put(x: x + 1, y: y, text: "›", style: .dim) }
            if showCursor && index == fitted.selection {
                grid.modifyStyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { $0 = $0.adding(.reverse) }
            }
        }
        if lines.count > body.height {
            let range = fitted.visible(body.height)
            grid.put(x: area.maxX - 12, y: area.y, text: "\(range.lowerBound + 1)-\(range.upperBound)/\(lines.count)".leftPadded(11), style: .dim)
        }
    }

    enum Pointer { case none, handled, open }

    /// The mouse on a page: a click puts the cursor on the line, a double click also opens
    /// it, the wheel scrolls. `.none`: not a pointer event.
    mutating func pointer(_ key: KeyEvent, area: Rect) -> Pointer {
        let height = Self.bodyHeight(area)
        switch key {
        case .click(_, let y, _), .doubleClick(_, let y):
            guard let line = line(atY: y, area: area) else { return .handled }
            select(line: line, height: height)
            if case .doubleClick = key { return .open }
            return .handled
        case .wheelUp: cursor.scroll(by: -3, height: height); return .handled
        case .wheelDown: cursor.scroll(by: 3, height: height); return .handled
        case .motion: return .handled
        default: return .none
        }
    }

    /// The line under a screen row (a click), if any.
    func line(atY y: Int, area: Rect) -> Int? {
        cursor.row(atLine: y - (area.y + 2), height: Self.bodyHeight(area))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        let w = Width.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
