/// Hover and double clicks, the parts of mouse input that are not a table lookup: which
/// terminals get any-motion tracking, how two presses become a double click, and how to spot a
/// mouse report that reached us as plain characters. Pure, so each rule is tested with plain
/// values; `CursesBackend` wires them to the terminal.

// MARK: - Which terminals get hover

/// Any-motion mouse tracking (xterm private mode 1003, `CSI ? 1003 h`): the terminal reports
/// every cell the pointer moves to, also with no button held. ncurses never asks for it (its
/// terminfo entries enable click reporting only), so the backend sends it itself.
public enum MotionTracking {
    /// `$TERM` names, or name families (the name followed by `-` or `.`, as in
    /// `xterm-256color`, `screen.xterm-256color`, `rxvt-unicode-256color`), of terminals that
    /// implement mode 1003:
    ///
    /// - xterm and everything that calls itself `xterm-*`: xterm, VTE (GNOME Terminal, Tilix),
    ///   Konsole, iTerm2, Windows Terminal, mintty, kitty (`xterm-kitty`), Ghostty
    ///   (`xterm-ghostty`)
    /// - the multiplexers `screen` and `tmux` (they pass motion on when the outer terminal
    ///   reports it)
    /// - terminals with entries of their own: rxvt / urxvt, Alacritty, kitty, foot, WezTerm,
    ///   st (`st`, `st-256color`, `stterm-*`), Konsole, VTE / GNOME, Contour, mintty, iTerm2,
    ///   Ghostty
    ///
    /// Left out on purpose: the Linux console (`linux`: no 1003, its mouse goes through gpm),
    /// `vt100`/`vt220`/`ansi`/`dumb`, Emacs' `eterm`, and any name not listed. A terminal that
    /// calls itself xterm but lacks 1003 ignores the unknown private mode: no hover, no harm.
    /// The backend also switches tracking on only where ncurses itself decodes mouse reports
    /// (`has_mouse()` after `mousemask`), so no report is left for nobody to parse.
    public static let terminalFamilies: [String] = [
        "xterm", "screen", "tmux", "rxvt", "urxvt", "alacritty", "kitty", "foot", "wezterm",
        "st", "stterm", "konsole", "vte", "gnome", "contour", "mintty", "iterm", "iterm2",
        "ghostty",
    ]

    /// Whether a terminal with this `$TERM` gets mode 1003. Case-insensitive; an empty name
    /// (TERM unset) is not a terminal we know.
    public static func isSupported(term: String) -> Bool {
        let name = term.lowercased()
        guard !name.isEmpty else { return false }
        return terminalFamilies.contains { family in
            name == family || name.hasPrefix(family + "-") || name.hasPrefix(family + ".")
        }
    }

    /// Sent right after `mousemask`, and again after a resume from Ctrl+Z.
    public static let enableSequence = "\u{1B}[?1003h"
    /// Sent before `endwin`, on every way out (shutdown, fatal signal, Ctrl+Z).
    public static let disableSequence = "\u{1B}[?1003l"
}

// MARK: - Double clicks

/// Tells a double click from two single clicks: a button-1 press on the same cell as the
/// previous button-1 press, at most `interval` after it. The backend asks curses for presses
/// at once (`mouseinterval(0)`, so curses does no click timing of its own) and feeds each one
/// here; the first press of a pair is still a `.click`, the second becomes `.doubleClick`.
///
/// Takes the times as arguments so it is tested without sleeping.
public struct DoubleClickDetector: Sendable {
    /// The usual desktop default.
    public static let defaultInterval: Duration = .milliseconds(400)

    public var interval: Duration
    private var last: Press?

    private struct Press: Sendable {
        var x: Int
        var y: Int
        var time: ContinuousClock.Instant
    }

    public init(interval: Duration = DoubleClickDetector.defaultInterval) {
        self.interval = interval
    }

    /// Records a button-1 press at a cell; true when it completes a double click. A press right
    /// after a double click starts a new pair: a fast triple click is a double click and a
    /// click, never two double clicks from three presses.
    public mutating func press(x: Int, y: Int, at time: ContinuousClock.Instant) -> Bool {
        if let last, last.x == x, last.y == y, time >= last.time, time - last.time <= interval {
            self.last = nil
            return true
        }
        last = Press(x: x, y: y, time: time)
        return false
    }

    /// Something else happened between two presses (another button, the wheel, a key, a
    /// resize): the next press is a first press again. Pointer motion does not count.
    public mutating func reset() {
        last = nil
    }
}

// MARK: - Mouse reports that arrive as characters

/// A mouse report whose first bytes reached curses too late to be recognised as one. curses
/// waits `ESCDELAY` (25 ms here) after an Esc for the rest of a sequence; when a report is
/// split after its `ESC` or `ESC [` (a slow SSH link; checked under a pseudo-terminal),
/// `wget_wch` hands out Esc and then the rest as typed characters, e.g. `[<35;12;5M`, which
/// would land in a text field. With hover on, reports come by the hundred, so this gets
/// likely. The backend runs what follows an Esc or `[` through `match` and drops a complete
/// report.
///
/// Recognised: `[ESC] [ < P ; P ; P (M|m)` (SGR, P one to four digits) and `ESC [ M b b b`
/// (X10: three bytes from 0x20 up). X10 without its Esc is left alone: `[Main]` is text.
enum StrayMouseReport {
    enum Match: Equatable {
        /// The values are exactly one mouse report.
        case complete
        /// A report could still follow: read on.
        case prefix
        /// Not a mouse report: hand the values out as the keys they are.
        case mismatch
    }

    /// Whether a report could start with this character value.
    static func canStart(_ value: UInt32) -> Bool {
        value == escape || value == bracket
    }

    static func match(_ values: [UInt32]) -> Match {
        var index = 0
        let hasEscape = values.first == escape
        if hasEscape { index += 1 }
        guard index < values.count else { return .prefix }
        guard values[index] == bracket else { return .mismatch }
        index += 1
        guard index < values.count else { return .prefix }
        switch values[index] {
        case ascii("<"):
            return matchSGR(values[(index + 1)...])
        case ascii("M") where hasEscape:
            let rest = values[(index + 1)...]
            guard rest.count <= 3, rest.allSatisfy({ $0 >= 0x20 }) else { return .mismatch }
            return rest.count == 3 ? .complete : .prefix
        default:
            return .mismatch
        }
    }

    /// `P ; P ; P (M|m)` after `[<`.
    private static func matchSGR(_ rest: ArraySlice<UInt32>) -> Match {
        var separators = 0
        var digits = 0
        for (offset, value) in rest.enumerated() {
            switch value {
            case ascii("0")...ascii("9"):
                digits += 1
                if digits > 4 { return .mismatch }
            case ascii(";"):
                guard digits > 0, separators < 2 else { return .mismatch }
                separators += 1
                digits = 0
            case ascii("M"), ascii("m"):
                guard digits > 0, separators == 2, offset == rest.count - 1 else { return .mismatch }
                return .complete
            default:
                return .mismatch
            }
        }
        return .prefix
    }

    private static let escape: UInt32 = 0x1B
    private static let bracket: UInt32 = 0x5B

    private static func ascii(_ character: Unicode.Scalar) -> UInt32 { character.value }
}
