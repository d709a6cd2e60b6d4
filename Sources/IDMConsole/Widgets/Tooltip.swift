import IDMTerminal

/// A small box next to the thing it explains: the reason an action is unavailable, or help.
enum Tooltip {
    /// Draws `text` wrapped in a box whose bottom edge sits just above row `aboveY` (or whose
    /// top sits just below row `belowY`), starting near column `anchorX`, kept on screen.
    static func draw(_ grid: inout Grid, text: String, anchorX: Int, aboveY: Int? = nil, belowY: Int? = nil,
                     maxWidth: Int = 54, style: Style = .normal) {
        let inner = min(maxWidth, grid.width - 4)
        let lines = Wrap.lines(text, width: inner)
        let width = min(inner, lines.map(Width.of).max() ?? 0) + 4
        let height = lines.count + 2
        let x = max(0, min(anchorX - 2, grid.width - width))
        let y: Int
        if let aboveY { y = max(0, aboveY - height) } else { y = min(grid.height - height, (belowY ?? 0) + 1) }
        Box.draw(&grid, Rect(x: x, y: y, width: width, height: height), style: style)
        for (i, line) in lines.enumerated() {
            grid.put(x: x + 2, y: y + 1 + i, text: line, style: style, maxWidth: width - 4)
        }
    }
}
