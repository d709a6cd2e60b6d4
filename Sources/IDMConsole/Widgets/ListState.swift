/// The selection and scroll of anything that shows rows: the lists, a page's lines, pickers,
/// the wizard's steps, the audit log. One rule for all: the selected row is always on screen,
/// and the last row can be reached. Like ratatui's `ListState`, it knows nothing of the rows.
struct ListState: Equatable {
    private(set) var count = 0
    private(set) var selected = 0
    private(set) var top = 0

    init(count: Int = 0, selected: Int = 0) {
        self.count = max(0, count)
        self.selected = selected
        clamp()
    }

    /// The selection, or nil when there are no rows.
    var selection: Int? { count == 0 ? nil : selected }

    mutating func setCount(_ n: Int) {
        count = max(0, n)
        clamp()
    }

    mutating func select(_ index: Int) {
        selected = index
        clamp()
    }

    mutating func move(by delta: Int) { select(selected + delta) }
    mutating func first() { select(0) }
    mutating func last() { select(count - 1) }

    /// Scrolls without moving the selection past what the screen can show (the wheel).
    mutating func scroll(by delta: Int, height: Int) {
        let h = max(1, height)
        top = max(0, min(top + delta, max(0, count - h)))
        if selected < top { selected = top }
        if selected >= top + h { selected = top + h - 1 }
        clamp()
    }

    /// The state as a screen of `height` rows shows it: the top moved just enough to keep the
    /// selection in view, and no empty rows below the last one.
    func fitted(_ height: Int) -> ListState {
        var s = self
        let h = max(1, height)
        if s.selected < s.top { s.top = s.selected }
        if s.selected >= s.top + h { s.top = s.selected - h + 1 }
        s.top = max(0, min(s.top, max(0, s.count - h)))
        return s
    }

    /// Selects `index` and scrolls so it is the top row (a section heading brought into view
    /// with what follows it), as far as the rows below allow.
    mutating func select(_ index: Int, asTopOf height: Int) {
        select(index)
        top = max(0, min(selected, count - max(1, height)))
    }

    /// Keeps the fitted top, so the next move scrolls from where the screen is.
    mutating func fit(_ height: Int) { self = fitted(height) }

    /// The rows a screen of `height` rows shows.
    func visible(_ height: Int) -> Range<Int> {
        let s = fitted(height)
        return s.top..<min(s.count, s.top + max(1, height))
    }

    /// The row at a line of the screen (a click), if there is one.
    func row(atLine line: Int, height: Int) -> Int? {
        let index = fitted(height).top + line
        return line >= 0 && line < height && index < count ? index : nil
    }

    private mutating func clamp() {
        selected = count == 0 ? 0 : max(0, min(count - 1, selected))
        top = max(0, min(top, max(0, count - 1)))
    }
}
