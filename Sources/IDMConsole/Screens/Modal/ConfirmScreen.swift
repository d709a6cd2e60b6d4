import IDMDomain
import IDMTerminal

/// A question in a box over the screen it belongs to. `y` answers yes (and runs `perform`, when
/// given, as an effect); `n` or Esc cancels. Enter is not yes: a destructive step needs `y`.
struct ConfirmScreen: Screen {
    enum Action: Hashable { case yes, no }

    let crumb: String
    let title: String
    let message: String
    /// What `y` does ("delete", "transfer").
    let yes: String
    let perform: ((ConsoleIO) throws -> Any)?
    /// What `y` does instead of answering the screen beneath (quitting idm).
    var yesEffects: [Effect]?

    init(crumb: String, title: String, message: String, yes: String, perform: ((ConsoleIO) throws -> Any)? = nil) {
        self.crumb = crumb
        self.title = title
        self.message = message
        self.yes = yes
        self.perform = perform
    }

    /// Ctrl+C over a screen with something to lose: y quits, n goes back to it.
    static func quit(_ warning: String) -> ConfirmScreen {
        var question = ConfirmScreen(crumb: "Quit", title: "Quit idm?", message: warning + " Ctrl+C again quits at once.", yes: "quit")
        question.yesEffects = [.quit]
        return question
    }

    var isQuitQuestion: Bool { yesEffects != nil }

    var isModal: Bool { true }

    static let keys = KeyTable<Action>("Questions", [
        KeyBinding([.character("y"), .character("Y")], .yes, "Yes", "Yes: do it", bar: true),
        KeyBinding([.character("n"), .character("N"), .escape, .character("q")], .no, "No", "No: nothing changes", bar: true),
    ])

    func binds(_ key: KeyEvent) -> Bool { true }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        switch msg {
        case .key(let key):
            switch Self.keys.action(for: key) {
            case .yes?:
                if let yesEffects { return yesEffects }
                guard let perform else { return [.pop(.submitted(()))] }
                return [.run(perform)]
            case .no?: return [.pop(.cancelled)]
            case nil:
                if case .motion = key { return [] }
                if key == .character("?") || key == .function(1) { return [.help] }
                // Any other key: say which two answer the question (Enter is not yes).
                return [.notice(.reason("Press y to \(yes), or n to cancel.", key: "y"))]
            }
        case .reply(.success(let answer)): return [.pop(.submitted(answer))]
        case .reply(.failure(let error)):
            // A stale copy: what is on screen is read again, so the next try sees the change.
            return [.pop(.cancelled), .notice(.failure(error))] + (Notice.isConflict(error) ? [.changed] : [])
        default: return []
        }
    }

    func hints(_ env: Env) -> [Hint] {
        [Hint(key: "y", label: yes.prefix(1).uppercased() + yes.dropFirst(), essential: true), Hint(key: "n", label: "Cancel", essential: true)]
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: { _ in .allowed })] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        ConfirmDialog.draw(&grid, area: area, title: title, message: message, keys: "y \(yes)  n cancel")
    }
}

/// A question in a box: the keys to answer it are on its last line.
enum ConfirmDialog {
    static func draw(_ grid: inout Grid, area: Rect, title: String, message: String, keys: String) {
        let width = min(64, area.width - 4)
        let lines = Wrap.lines(message, width: width - 4)
        let height = min(area.height, lines.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, (area.height - height) / 2), width: width, height: height)
        Box.draw(&grid, box, title: title)
        for (i, line) in lines.enumerated() where box.y + 1 + i < box.maxY - 2 {
            grid.put(x: box.x + 2, y: box.y + 1 + i, text: line, maxWidth: width - 4)
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: keys, style: .bold, maxWidth: width - 4)
    }
}
