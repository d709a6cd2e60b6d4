import IDMTerminal

/// A small form in a box: a message, one or more text fields, an error line. Enter submits
/// (the caller validates and may set `error` and keep it open), Esc cancels. What was typed
/// is kept when the caller refuses it.
struct FormDialog {
    enum Outcome { case stay, cancel, submit([String]) }

    let title: String
    let message: String
    var fields: [(label: String, value: String)]
    var focus = 0
    var error: String?
    let submitLabel: String

    init(title: String, message: String, fields: [(String, String)], submitLabel: String) {
        self.title = title
        self.message = message
        self.fields = fields.map { (label: $0.0, value: $0.1) }
        self.submitLabel = submitLabel
    }

    mutating func handle(_ key: KeyEvent) -> Outcome {
        switch key {
        case .escape: return .cancel
        case .enter: return .submit(fields.map(\.value))
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        case .backspace: if !fields[focus].value.isEmpty { fields[focus].value.removeLast() }
        case .ctrl("u"): fields[focus].value = ""
        case .character(let ch): fields[focus].value.append(ch)
        default: break
        }
        return .stay
    }

    func render(into grid: inout Grid, area: Rect) {
        let width = min(68, area.width - 4)
        let messageLines = Wrap.lines(message, width: width - 4)
        let errorLines = error.map { Wrap.lines("✗ " + $0, width: width - 4) } ?? []
        let height = messageLines.count + fields.count + errorLines.count + 5
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        Box.draw(&grid, box, title: title)
        var y = box.y + 1
        for line in messageLines { grid.put(x: box.x + 2, y: y, text: line, maxWidth: width - 4); y += 1 }
        y += 1
        let labelWidth = min(20, (fields.map { Width.of($0.label) }.max() ?? 0) + 1)
        for (i, field) in fields.enumerated() {
            let focused = i == focus
            grid.put(x: box.x + 2, y: y, text: field.label, style: focused ? .bold : .normal, maxWidth: labelWidth)
            let inputX = box.x + 3 + labelWidth
            let inputWidth = box.maxX - 2 - inputX
            grid.fill(Rect(x: inputX, y: y, width: inputWidth, height: 1), style: .underline)
            var shown = field.value
            while Width.of(shown) > inputWidth - 1 { shown.removeFirst() }
            let used = grid.put(x: inputX, y: y, text: shown, style: .underline, maxWidth: inputWidth)
            if focused { grid.put(x: inputX + used, y: y, text: "▏", style: Style(.bold).adding(.underline)) }
            y += 1
        }
        for line in errorLines {
            grid.put(x: box.x + 2, y: y, text: line, style: Style(.bold).foreground(.red), maxWidth: width - 4)
            y += 1
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter \(submitLabel)  Esc cancel", style: .dim, maxWidth: width - 4)
    }
}

/// A yes/no question in a box.
struct Confirmation {
    let title: String
    let message: String
    let yes: String

    /// y or Enter confirms; anything else declines.
    static func confirms(_ key: KeyEvent) -> Bool { key == .character("y") || key == .enter }

    func render(into grid: inout Grid, area: Rect) {
        ConfirmDialog.draw(&grid, area: area, title: title, message: message, keys: "y \(yes)  n cancel")
    }
}
