/// One screen position: what is drawn there and how.
public struct Cell: Equatable, Hashable, Sendable {
    /// A base scalar plus any combining marks; " " for an empty cell; "" for the right half of
    /// a wide character (a continuation cell, which the backend skips).
    public var symbol: String
    public var style: Style

    public init(symbol: String = " ", style: Style = .normal) {
        self.symbol = symbol
        self.style = style
    }

    public var isContinuation: Bool { symbol.isEmpty }

    public static let blank = Cell()
}

/// What `put` does with text wider than the space it is given.
public enum Overflow: Sendable {
    /// Cut at the last whole character that fits.
    case clip
    /// Cut one column earlier and end with "…", so the reader can see text is missing.
    case ellipsis
}

/// An in-memory screen of `width` x `height` cells, the only thing screens draw into (like
/// ratatui's `Buffer`). The curses backend copies it to the terminal; tests compare it with
/// golden text. All text is sanitized on the way in (`Sanitize`), and laid out by display
/// columns (`Width`): a wide character takes a cell plus a continuation cell, and is never
/// split by the right edge or a `maxWidth`.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        _ = Terminal.localeOnce   // widths are meaningless in the C locale
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public init(size: Size) {
        self.init(width: size.width, height: size.height)
    }

    public var size: Size { Size(width: width, height: height) }
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; a blank cell outside the grid.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    // MARK: - Drawing

    /// Empties every cell (blank, normal style).
    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
    }

    /// Writes `text` (sanitized here) at column `x`, row `y`, within `maxWidth` columns and the
    /// right edge of the grid.
    ///
    /// - Returns: the number of columns written. Less than `Width.of(text)` when the text was
    ///   cut; can be one less than the space given when a wide character did not fit.
    @discardableResult
    public mutating func put(x: Int, y: Int, text: String, style: Style = .normal,
                             maxWidth: Int? = nil, overflow: Overflow = .clip) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        let limit = min(width - x, maxWidth ?? Int.max)
        guard limit > 0 else { return 0 }
        // Most of what a frame draws is printable ASCII: one byte, one cell, one column, with
        // nothing to sanitize or measure (a frame puts every cell again, so this is most of a
        // move's drawing). Only how the text is measured and walked differs; the cut is one rule.
        let ascii = Sanitize.isPrintableASCII(text)
        let clusters = ascii ? [] : Width.clusters(ofSanitized: Sanitize.clean(text))
        let total = ascii ? text.utf8.count : clusters.reduce(0) { $0 + $1.width }
        let cutWithEllipsis = total > limit && overflow == .ellipsis
        let budget = cutWithEllipsis ? limit - 1 : limit
        var column = x
        if ascii {
            for byte in text.utf8.prefix(budget) {
                write(x: column, y: y, symbol: String(Unicode.Scalar(byte)), width: 1, style: style)
                column += 1
            }
        } else {
            for cluster in clusters {
                if column - x + cluster.width > budget { break }
                write(x: column, y: y, symbol: cluster.symbol, width: cluster.width, style: style)
                column += cluster.width
            }
        }
        if cutWithEllipsis {
            write(x: column, y: y, symbol: Width.ellipsis, width: 1, style: style)
            column += 1
        }
        return column - x
    }

    /// Blanks every cell of `rect` (clipped to the grid) and gives it `style`, e.g. a reversed
    /// selection bar or a panel background.
    public mutating func fill(_ rect: Rect, style: Style = .normal) {
        let area = rect.intersection(self.area)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                write(x: x, y: y, symbol: " ", width: 1, style: style)
            }
        }
    }

    /// Replaces the style of every cell in `rect`, keeping the text.
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        modifyStyle(rect) { $0 = style }
    }

    /// Adds attributes to every cell in `rect`, keeping text and colours: `.reverse` over a
    /// list row's key cell marks the selection (`Table.selection`), and a dim cell in it stays
    /// distinguishable (`D`).
    public mutating func addAttributes(_ attributes: Style.Attributes, in rect: Rect) {
        modifyStyle(rect) { $0.attributes.formUnion(attributes) }
    }

    /// Applies `change` to the style of every cell in `rect`.
    public mutating func modifyStyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let area = rect.intersection(self.area)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                change(&cells[y * width + x].style)
            }
        }
    }

    /// Puts one cluster at (x, y), keeping wide characters whole: a wide character that is
    /// partly overwritten disappears entirely (its other half becomes a blank) rather than
    /// leaving half a glyph for the terminal to guess about. The caller guarantees it fits.
    private mutating func write(x: Int, y: Int, symbol: String, width clusterWidth: Int, style: Style) {
        let row = y * width
        if cells[row + x].isContinuation, x > 0 {
            cells[row + x - 1].symbol = " "
        }
        cells[row + x] = Cell(symbol: symbol, style: style)
        if clusterWidth == 2 {
            cells[row + x + 1] = Cell(symbol: "", style: style)
        }
        let next = x + clusterWidth
        if next < width, cells[row + next].isContinuation {
            cells[row + next].symbol = " "
        }
    }

    // MARK: - Text layers for tests and golden files

    /// The text of each row. A wide character appears once (its continuation cell adds
    /// nothing), so each line is as wide on screen as the grid. Trailing spaces are trimmed
    /// (editors and `git diff` mangle them); every row is present, even when empty.
    public func textLines() -> [String] {
        rows { $0.symbol }
    }

    /// The style layer: one character per cell from `Style.layerAlphabet` (' ' normal, 'b'
    /// bold, 'r' reverse, 'd' dim, 'u' underline, uppercase = plus reverse, ...). A wide
    /// character's two cells both carry its character, so the layer lines up under the text
    /// in a monospace view. Trailing spaces are trimmed.
    public func styleLines() -> [String] {
        rows { String($0.style.layerCharacter) }
    }

    /// Foreground colours, one `Color.layerCharacter` per cell (' ' = terminal default).
    public func foregroundLines() -> [String] {
        rows { String($0.style.foreground.layerCharacter) }
    }

    /// Background colours, one `Color.layerCharacter` per cell (' ' = terminal default).
    public func backgroundLines() -> [String] {
        rows { String($0.style.background.layerCharacter) }
    }

    /// Both layers in one stable text, the format of golden files:
    ///
    ///     <height lines of text>
    ///     --- styles ---
    ///     <height lines of style characters>
    ///     --- foreground ---        (only when some cell has a foreground colour)
    ///     <height lines of colour characters>
    ///     --- background ---        (only when some cell has a background colour)
    ///     <height lines of colour characters>
    ///
    /// Every line ends in "\n", trailing spaces are trimmed.
    public func goldenText() -> String {
        var out = textLines()
        out.append("--- styles ---")
        out += styleLines()
        if cells.contains(where: { $0.style.foreground != .default }) {
            out.append("--- foreground ---")
            out += foregroundLines()
        }
        if cells.contains(where: { $0.style.background != .default }) {
            out.append("--- background ---")
            out += backgroundLines()
        }
        return out.map { $0 + "\n" }.joined()
    }

    /// One string per row, built from what `render` gives each cell (the continuation cell of
    /// a wide character contributes "" in the text layer), trailing spaces trimmed.
    private func rows(_ render: (Cell) -> String) -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += render(cells[y * width + x]) }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
