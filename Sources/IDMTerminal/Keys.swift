import CNCursesW

/// One thing the user did: a key, a mouse click or wheel step, or a terminal resize.
public enum KeyEvent: Equatable, Hashable, Sendable, CustomStringConvertible {
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete, insert
    /// F1...F12 (the number is 1-based, as printed on the key).
    case function(Int)
    /// Ctrl plus a letter, the letter lowercase: Ctrl+S is `.ctrl("s")`. Ctrl+H, Ctrl+I and
    /// Ctrl+M arrive as `.backspace`, `.tab` and `.enter`: terminals send the same byte.
    case ctrl(Character)
    /// A printable character typed (or pasted) by the user, any script.
    case character(Character)
    /// A mouse button pressed at a cell (button 1 = left, 2 = middle, 3 = right).
    case click(x: Int, y: Int, button: Int)
    /// Button 1 pressed twice on the same cell in quick succession (the backend times it).
    case doubleClick(x: Int, y: Int)
    /// The pointer moved to a cell with no button held (hover), where the terminal reports it.
    case motion(x: Int, y: Int)
    case wheelUp(x: Int, y: Int)
    case wheelDown(x: Int, y: Int)
    /// The terminal now has this many columns and rows; lay out again.
    case resize(width: Int, height: Int)

    /// A short name for hint bars and the help overlay: "↑", "PgDn", "F1", "^S", "Enter", "q".
    public var description: String {
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        case .ctrl(let letter): return "^" + String(letter).uppercased()
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .click(let x, let y, let button): return "click\(button)@\(x),\(y)"
        case .doubleClick(let x, let y): return "double-click@\(x),\(y)"
        case .motion(let x, let y): return "motion@\(x),\(y)"
        case .wheelUp: return "wheel-up"
        case .wheelDown: return "wheel-down"
        case .resize(let w, let h): return "resize \(w)x\(h)"
        }
    }
}

/// A mouse report as curses gives it (`MEVENT`): cell position and the `BUTTON*` bit mask.
public struct MouseReport: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var buttonState: UInt32
    public init(x: Int, y: Int, buttonState: UInt32) {
        self.x = x
        self.y = y
        self.buttonState = buttonState
    }
}

/// Turns what `wget_wch` returns into `KeyEvent`s. Pure: the two things that need curses
/// (the pending mouse report and the new size after `KEY_RESIZE`) are passed in as closures,
/// so every mapping is tested with plain numbers.
public enum KeyDecoder {
    /// `wget_wch` status meaning "the value is a character".
    public static let statusCharacter = Int32(OK)
    /// `wget_wch` status meaning "the value is a KEY_* code" (`KEY_CODE_YES`).
    public static let statusKeyCode = Int32(KEY_CODE_YES)

    /// Decodes one `wget_wch` result. Returns nil for ERR and for input with no meaning to
    /// the console (mouse releases, unknown key codes, stray control bytes).
    public static func decode(status: Int32, value: UInt32,
                              mouse: () -> MouseReport? = { nil },
                              size: () -> Size = { Size(width: 0, height: 0) }) -> KeyEvent? {
        switch status {
        case statusCharacter: return decodeCharacter(value)
        case statusKeyCode: return decodeKeyCode(Int32(bitPattern: value), mouse: mouse, size: size)
        default: return nil
        }
    }

    /// A character from `wget_wch` (status OK): control bytes become named keys or Ctrl+letter.
    public static func decodeCharacter(_ value: UInt32) -> KeyEvent? {
        switch value {
        case 8, 127: return .backspace          // ^H and DEL: what Backspace sends, by terminal
        case 9: return .tab
        case 10, 13: return .enter              // LF in nl mode, CR in raw mode
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 0x60)!))
        case 0..<32, 0x80..<0xA0: return nil     // ^@, ^\ ... and C1: no meaning here
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// A `KEY_*` code from `wget_wch` (status KEY_CODE_YES).
    public static func decodeKeyCode(_ code: Int32,
                                     mouse: () -> MouseReport? = { nil },
                                     size: () -> Size = { Size(width: 0, height: 0) }) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_RESIZE:
            let now = size()
            return .resize(width: now.width, height: now.height)
        case KEY_MOUSE:
            return mouse().flatMap(decodeMouse)
        case idm_key_f(1)...idm_key_f(12):
            return .function(Int(code - idm_key_f(0)))
        default:
            return nil
        }
    }

    /// A mouse report: presses and clicks of buttons 1-3 become `.click`, buttons 4 and 5
    /// (how terminals report the wheel) become wheel steps, and a report with only
    /// `REPORT_MOUSE_POSITION` (no press or click bit; modifier bits do not matter) becomes
    /// `.motion`. That is what ncurses 6 makes of any-motion tracking (mode 1003) in both the
    /// SGR (`CSI < 35;x;y M`) and the X10 encoding, and also of a drag once its press has been
    /// reported, so a drag moves the hover instead of clicking every cell it crosses.
    /// Releases are dropped.
    ///
    /// Double clicks are mostly not decided here but in the backend, which has a clock (see
    /// `DoubleClickDetector`). The exception is `BUTTON1_DOUBLE_CLICKED`: reports that arrive
    /// in one burst (a slow link) are merged by curses even with `mouseinterval(0)`,
    /// press + release into a click and two clicks into a double click, and only the merged
    /// event is left to read.
    public static func decodeMouse(_ report: MouseReport) -> KeyEvent? {
        let state = report.buttonState
        func any(_ masks: mmask_t...) -> Bool { masks.contains { state & UInt32($0) != 0 } }
        if any(idm_button4_pressed()) { return .wheelUp(x: report.x, y: report.y) }
        if any(idm_button5_pressed()) { return .wheelDown(x: report.x, y: report.y) }
        if any(idm_button1_double_clicked()) { return .doubleClick(x: report.x, y: report.y) }
        if any(idm_button1_pressed(), idm_button1_clicked()) { return .click(x: report.x, y: report.y, button: 1) }
        if any(idm_button2_pressed(), idm_button2_clicked()) { return .click(x: report.x, y: report.y, button: 2) }
        if any(idm_button3_pressed(), idm_button3_clicked()) { return .click(x: report.x, y: report.y, button: 3) }
        if any(idm_report_mouse_position()) { return .motion(x: report.x, y: report.y) }
        return nil
    }

    /// The mouse events the curses backend asks for: what `decodeMouse` understands, plus the
    /// releases of buttons 1-3. Those are dropped, but they must be asked for: with
    /// `mouseinterval(0)` ncurses 6.4 otherwise swallows a release by blocking in `wget_wch`
    /// until the next byte arrives, whatever the timeout (checked under a pseudo-terminal).
    static var mouseMask: mmask_t {
        idm_button1_pressed() | idm_button1_clicked() | idm_button1_released() | idm_button1_double_clicked()
            | idm_button2_pressed() | idm_button2_clicked() | idm_button2_released()
            | idm_button3_pressed() | idm_button3_clicked() | idm_button3_released()
            | idm_button4_pressed() | idm_button5_pressed()
            | idm_report_mouse_position()
    }
}
