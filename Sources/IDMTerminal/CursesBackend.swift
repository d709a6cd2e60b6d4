import CNCursesW
#if canImport(Glibc)
import Glibc
#endif

public enum TerminalError: Error, CustomStringConvertible {
    /// ncurses could not start, not even with the fallback terminal type.
    case cannotStart(String)

    public var description: String {
        switch self {
        case .cannotStart(let reason): return "cannot start the terminal: \(reason)"
        }
    }
}

/// The real terminal, through ncursesw. The only type in the program that calls curses.
///
/// It owns its own `SCREEN` (from `newterm`, which, unlike `initscr`, returns NULL on an
/// unknown `$TERM` instead of exiting) and its own full-screen `WINDOW`, so it never touches
/// the `stdscr`/`LINES`/`COLS` globals. Frames are copied with `werase` + draw +
/// `wnoutrefresh` + `doupdate`, so only cells that changed since the last frame are sent.
///
/// Mouse: presses arrive at once (`mouseinterval(0)`), and the backend times double clicks
/// itself (`DoubleClickDetector`). Where `$TERM` names a terminal that has it
/// (`MotionTracking`), any-motion tracking is switched on for hover (`.motion`, one per cell)
/// and off again on every way out: shutdown, fatal signals, Ctrl+Z (and on again after `fg`).
public final class CursesBackend: TerminalBackend {
    public struct Options {
        /// `raw` instead of `cbreak`: Ctrl+C and Ctrl+Z then arrive as keys. Off by default, so
        /// Ctrl+C still interrupts a stuck program (and the signal handler restores the terminal
        /// on the way out). Ctrl+S and Ctrl+Q arrive as keys in both modes (flow control off).
        public var rawMode = false
        /// Ask the terminal for clicks and wheel steps.
        public var mouse = true
        /// Hover: ask the terminal for any-motion tracking (`CSI ? 1003 h`) so `.motion` events
        /// arrive. nil: on where `$TERM` names a terminal known to support it
        /// (`MotionTracking.isSupported`). Never on without `mouse`, nor where ncurses does not
        /// decode mouse reports.
        public var mouseMotion: Bool?
        /// nil: colours on unless `NO_COLOR` is set to a non-empty value (no-color.org).
        /// Attributes (bold, reverse, dim) are used either way.
        public var color: Bool?
        /// Restore the terminal on SIGTERM, SIGINT, SIGHUP, SIGQUIT and crash signals.
        public var installSignalHandlers = true
        /// SIGHUP, SIGTERM and SIGINT are only recorded (`terminationSignal`), for the app to
        /// leave in order (saving its drafts) and then `reraiseTermination()`; a second one acts
        /// at once.
        public var deferTermination = false
        /// Used when `$TERM` is unset or has no terminfo entry here (e.g. `xterm-kitty` or
        /// `alacritty` over SSH to a Debian host).
        public var fallbackTerminalType = "xterm-256color"

        public init() {}
    }

    public private(set) var size: Size
    /// The terminfo entry in use.
    public let terminalType: String
    /// Set when `$TERM` could not be used and `fallbackTerminalType` was taken instead: a
    /// sentence the app can show in its status line, since keys or colours may be slightly off.
    public let terminalNotice: String?
    public let colorsEnabled: Bool
    /// Whether any-motion tracking (mode 1003) was switched on, so `.motion` events can come.
    public let motionTracking: Bool

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let inputDescriptor: Int32
    private let outputDescriptor: Int32
    private let mouseActive: Bool
    /// Input read ahead while checking for a split mouse report, handed out before new input.
    private var pendingInput: [RawInput] = []
    /// The cell of the last `.motion` handed out: a report for the same cell again is dropped.
    private var lastMotion: (x: Int, y: Int)?
    private var clicks = DoubleClickDetector()
    private var defaultColorsAvailable = false
    private var colorPairs: [Int: Int16] = [:]
    /// The frame the window holds, and the window's size when it was put there (`present`).
    private var presented: Grid?
    private var lastSize: Size?
    private var isShutDown = false
    /// The input ended during a `readEventIfReady`; the next `readEvent` says so.
    private var inputGone = false

    /// Takes over the process's terminal (stdin/stdout).
    public convenience init(options: Options = Options()) throws {
        try self.init(output: stdout, input: stdin, options: options)
    }

    /// Takes over the terminal behind `output` and `input`. Tests pass files opened on
    /// `/dev/null`, with the size pinned by the `LINES` and `COLUMNS` environment variables.
    public init(output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                options: Options = Options()) throws {
        // Before curses starts, or it lays CJK out one column per character.
        Terminal.ensureUTF8Locale()

        // Before newterm: ncurses installs its own SIGINT/SIGTERM handler when it finds the
        // default one, and that handler ends with exit(1), hiding the signal from the parent
        // shell (seen: "status=1" after kill -TERM). Installed first, ours is left alone, and
        // re-raising with the default action gives the conventional 128+n status.
        if options.installSignalHandlers {
            idm_set_defer_termination(options.deferTermination ? 1 : 0)
            idm_install_signal_handlers()
        }

        let requested = getenv("TERM").map { String(cString: $0) } ?? ""
        var notice: String?
        var opened: OpaquePointer? = requested.isEmpty ? nil : newterm(nil, output, input)
        if opened == nil {
            opened = newterm(options.fallbackTerminalType, output, input)
            notice = requested.isEmpty
                ? "TERM is not set; using \(options.fallbackTerminalType)"
                : "TERM=\(requested) is unknown on this host; using \(options.fallbackTerminalType)"
        }
        guard let screen = opened else {
            idm_remove_signal_handlers()
            throw TerminalError.cannotStart("no terminfo entry for \(requested.isEmpty ? "(unset TERM)" : requested) or \(options.fallbackTerminalType)")
        }
        set_term(screen)
        guard let window = newwin(0, 0, 0, 0) else {
            endwin()
            delscreen(screen)
            idm_remove_signal_handlers()
            throw TerminalError.cannotStart("cannot create a window")
        }
        self.screen = screen
        self.window = window
        terminalType = notice == nil ? requested : options.fallbackTerminalType
        terminalNotice = notice
        inputDescriptor = fileno(input)
        outputDescriptor = fileno(output)

        // The default ESCDELAY (1 s) makes Esc feel broken; respect a user's own choice.
        if getenv("ESCDELAY") == nil { set_escdelay(25) }
        if options.rawMode { raw() } else { cbreak() }
        noecho()
        nonl()                        // Enter arrives as CR; both CR and LF decode to .enter
        if !options.rawMode { Self.disableFlowControl(inputDescriptor) }
        intrflush(window, false)
        keypad(window, true)          // arrows, F-keys, KEY_RESIZE, KEY_MOUSE as codes
        leaveok(window, true)         // no cursor to move around: fewer bytes per frame
        // No typeahead check inside doupdate: it polls the input after every line it sends and
        // writes each line on its own (six writes for a move). The console applies keys typed
        // ahead itself (`ConsoleLoop`), and a frame is a few hundred bytes: it goes in one write.
        typeahead(-1)
        curs_set(0)

        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let wantColor = options.color ?? !noColor
        if wantColor && has_colors() {
            start_color()
            defaultColorsAvailable = use_default_colors() == OK
            colorsEnabled = true
        } else {
            colorsEnabled = false
        }

        var mouseOn = false
        if options.mouse {
            // Nonzero and has_mouse(): ncurses knows this terminal's reports and parses them.
            mouseOn = mousemask(KeyDecoder.mouseMask, nil) != 0 && has_mouse()
            mouseinterval(0)          // report presses at once instead of waiting for a click
        }
        mouseActive = mouseOn
        // Judged by the real $TERM, not the fallback: kitty or Alacritty over SSH still hover.
        motionTracking = mouseOn && (options.mouseMotion ?? MotionTracking.isSupported(term: requested))
        if motionTracking {
            // After mousemask, which has sent and flushed curses' "CSI ? 1000 h": in xterm the
            // mouse modes are one setting, and the last one sent wins.
            idm_motion_start(outputDescriptor)
            // ncurses' own Ctrl+Z handling would leave 1003 on while stopped, or off after fg.
            if options.installSignalHandlers { idm_install_tstp_handler() }
        }

        size = Size(width: Int(idm_getmaxx(window)), height: Int(idm_getmaxy(window)))
        idm_set_curses_active(1)
    }

    deinit { shutdown() }

    /// cbreak leaves XON/XOFF flow control on: a reflexive Ctrl+S ("save") then freezes all
    /// output until Ctrl+Q, and the console looks hung (seen in tmux while testing). Turn IXON
    /// off so both arrive as keys, and tell curses (def_prog_mode) so its later mode changes
    /// keep it; endwin still restores the shell's own settings.
    private static func disableFlowControl(_ descriptor: Int32) {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { return }   // not a terminal (tests)
        settings.c_iflag &= ~tcflag_t(IXON)
        tcsetattr(descriptor, TCSANOW, &settings)
        def_prog_mode()
    }

    // MARK: - Output

    /// After the frame it follows (ncurses has flushed it), straight to the terminal: curses
    /// knows nothing of OSC 52, and a sequence inside its buffer could be cut by a refresh.
    public func copyToClipboard(_ text: String) {
        guard !isShutDown else { return }
        fflush(nil)
        let bytes = Clipboard.osc52(text)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { Glibc.write(outputDescriptor, $0.baseAddress, $0.count) }
            if n > 0 { sent += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }

    public func present(_ grid: Grid) {
        guard !isShutDown else { return }
        let rows = min(grid.height, size.height)
        let columns = min(grid.width, size.width)
        // The window still holds the last frame: only the rows that differ from it are put
        // again (a move changes two or three of 24). After a resize, everything.
        let previous = presented.flatMap { $0.width == grid.width && $0.height == grid.height && lastSize == size ? $0 : nil }
        // werase (not wclear): curses compares with what the terminal shows and sends only
        // the difference; wclear would force a full repaint every frame.
        if previous == nil { werase(window) }
        presented = grid
        lastSize = size
        var character = cchar_t()
        var wide: [wchar_t] = Array(repeating: 0, count: 8)
        for y in 0..<rows {
            if let previous {
                // Compared as slices of the two frames' storage: every row of every frame is
                // compared, and cell by cell through the subscript that was 7% of the CPU a move
                // takes (perf, 2,000 moves on the large directory).
                let row = y * grid.width
                if previous.cells[row..<row + columns] == grid.cells[row..<row + columns] { continue }
                wmove(window, Int32(y), 0)
                wclrtoeol(window)
            }
            for x in 0..<columns {
                let cell = grid[x, y]
                if cell.isContinuation || cell == .blank { continue }   // werase made it blank
                let isWide = grid[x + 1, y].isContinuation && x + 1 < grid.width
                if isWide && x + 1 >= columns { continue }            // would wrap: leave blank
                // One spacing scalar plus up to four combining marks fit in a cchar_t.
                var count = 0
                for scalar in cell.symbol.unicodeScalars.prefix(5) {
                    wide[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                wide[count] = 0
                setcchar(&character, wide, attributes(for: cell.style), pair(for: cell.style), nil)
                // ERR at the bottom-right cell only means the cursor could not advance.
                mvwadd_wch(window, Int32(y), Int32(x), &character)
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(for style: Style) -> attr_t {
        var result = idm_a_normal()
        if style.attributes.contains(.bold) { result |= idm_a_bold() }
        if style.attributes.contains(.reverse) { result |= idm_a_reverse() }
        if style.attributes.contains(.dim) { result |= idm_a_dim() }
        if style.attributes.contains(.underline) { result |= idm_a_underline() }
        return result
    }

    /// A colour pair for the style's colours, created on first use. Pair 0 (the terminal's
    /// colours) when colours are off or the terminal has run out of pairs.
    private func pair(for style: Style) -> Int16 {
        guard colorsEnabled, style.foreground != .default || style.background != .default else { return 0 }
        let key = Int(style.foreground.rawValue) * 16 + Int(style.background.rawValue)
        if let known = colorPairs[key] { return known }
        let next = colorPairs.count + 1
        guard next < Int(idm_color_pairs()), next <= Int(Int16.max) else { return 0 }
        let number = Int16(next)
        init_pair(number, cursesColor(style.foreground, isBackground: false),
                  cursesColor(style.background, isBackground: true))
        colorPairs[key] = number
        return number
    }

    private func cursesColor(_ color: Color, isBackground: Bool) -> Int16 {
        switch color {
        case .default:
            if defaultColorsAvailable { return -1 }
            return Int16(isBackground ? COLOR_BLACK : COLOR_WHITE)
        case .black: return Int16(COLOR_BLACK)
        case .red: return Int16(COLOR_RED)
        case .green: return Int16(COLOR_GREEN)
        case .yellow: return Int16(COLOR_YELLOW)
        case .blue: return Int16(COLOR_BLUE)
        case .magenta: return Int16(COLOR_MAGENTA)
        case .cyan: return Int16(COLOR_CYAN)
        case .white: return Int16(COLOR_WHITE)
        }
    }

    // MARK: - Input

    public func readEvent(timeout: Duration?) -> InputResult {
        guard !isShutDown, !inputGone else { return .inputClosed }
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while true {
            let wait = deadline.map { Self.milliseconds($0 - clock.now) } ?? -1
            switch nextInput(waitMilliseconds: wait) {
            case .closed: return .inputClosed
            case .quiet: return .timeout
            case .input(let raw):
                if let event = process(raw, at: clock.now) { return .event(event) }
            }
            // Input with no meaning (a release, a motion to the cell already reported, a split
            // mouse report): wait on for a real event, never past the caller's deadline. With
            // hover on, such reports come by the hundred and must not wake the app each time.
            if let deadline, clock.now >= deadline { return .timeout }
        }
    }

    public func readEventIfReady() -> KeyEvent? {
        guard !isShutDown, !inputGone else { return nil }
        while true {
            switch nextInput(waitMilliseconds: 0) {
            case .closed:
                // Said by the next readEvent, which the loop calls after this batch.
                inputGone = true
                return nil
            case .quiet: return nil
            case .input(let raw):
                if let event = process(raw, at: ContinuousClock().now) { return event }
            }
        }
    }

    private struct RawInput {
        var status: Int32
        var value: UInt32
        var isCharacter: Bool { status == KeyDecoder.statusCharacter }
    }

    private enum RawResult { case input(RawInput), quiet, closed }

    /// The next `wget_wch` result, read-ahead input first. `waitMilliseconds` -1 waits forever.
    private func nextInput(waitMilliseconds: Int32) -> RawResult {
        if !pendingInput.isEmpty { return .input(pendingInput.removeFirst()) }
        wtimeout(window, waitMilliseconds)
        // A dead input makes get_wch return ERR at once, forever. Readable-but-nothing-read
        // (end of file) is retried a few times without waiting before we believe it, so a
        // byte that arrived just as a timeout expired is not mistaken for a hang-up.
        for attempt in 0..<3 {
            if attempt > 0 { wtimeout(window, 0) }
            var value: wint_t = 0
            let status = wget_wch(window, &value)
            if status != ERR {
                return .input(RawInput(status: status, value: UInt32(value)))
            }
            switch inputState() {
            case .closed: return .closed
            case .quiet: return .quiet
            case .readableButEmpty: continue
            }
        }
        return .closed
    }

    /// One read's worth of input as the app should see it, or nil when it has no meaning.
    private func process(_ raw: RawInput, at now: ContinuousClock.Instant) -> KeyEvent? {
        if mouseActive, raw.isCharacter, StrayMouseReport.canStart(raw.value),
           swallowSplitMouseReport(startingWith: raw) {
            return nil
        }
        guard let event = decode(status: raw.status, value: raw.value) else { return nil }
        switch event {
        case .motion(let x, let y):
            // Most terminals report a move only when the cell changes, not all do (per-pixel
            // reports); one report per cell is all hover needs.
            if let last = lastMotion, last == (x, y) { return nil }
            lastMotion = (x, y)
            return event
        case .click(let x, let y, 1):
            return clicks.press(x: x, y: y, at: now) ? .doubleClick(x: x, y: y) : event
        case .resize:
            lastMotion = nil
            clicks.reset()
            return event
        default:
            clicks.reset()
            return event
        }
    }

    /// After an Esc or `[` typed as a character: reads on while the input could still be the
    /// rest of a mouse report that curses did not recognise (see `StrayMouseReport`) and drops
    /// it when it is one. Otherwise every value read ahead goes back, in order, to be handed
    /// out as usual. Only what has already arrived is looked at for the first character, so a
    /// real Esc is not delayed; once `ESC [` or `[<` is seen, a short wait per byte covers a
    /// report split across packets.
    private func swallowSplitMouseReport(startingWith first: RawInput) -> Bool {
        var readAhead: [RawInput] = []
        var values = [first.value]
        while true {
            switch StrayMouseReport.match(values) {
            case .complete:
                return true
            case .mismatch:
                pendingInput.insert(contentsOf: readAhead, at: 0)
                return false
            case .prefix:
                let wait: Int32 = values.count == 1 ? 0 : 100
                guard case .input(let next) = lookAhead(waitMilliseconds: wait) else {
                    pendingInput.insert(contentsOf: readAhead, at: 0)
                    return false
                }
                readAhead.append(next)
                guard next.isCharacter else {            // a key code: not part of a report
                    pendingInput.insert(contentsOf: readAhead, at: 0)
                    return false
                }
                values.append(next.value)
            }
        }
    }

    /// One more value for `swallowSplitMouseReport`: read-ahead input first, then curses with a
    /// short wait. ERR is just "nothing yet"; a closed input shows on the next real read.
    private func lookAhead(waitMilliseconds: Int32) -> RawResult {
        if !pendingInput.isEmpty { return .input(pendingInput.removeFirst()) }
        wtimeout(window, waitMilliseconds)
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        return status == ERR ? .quiet : .input(RawInput(status: status, value: UInt32(value)))
    }

    private func decode(status: Int32, value: UInt32) -> KeyEvent? {
        if status == KEY_CODE_YES, Int32(bitPattern: value) == KEY_RESIZE {
            // curses resized its own windows; ours is not stdscr, so follow the new size.
            wresize(window, idm_lines(), idm_cols())
            size = Size(width: Int(idm_getmaxx(window)), height: Int(idm_getmaxy(window)))
        }
        return KeyDecoder.decode(
            status: status, value: value,
            mouse: {
                var report = MEVENT()
                guard getmouse(&report) == OK else { return nil }
                return MouseReport(x: Int(report.x), y: Int(report.y), buttonState: UInt32(report.bstate))
            },
            size: { self.size })
    }

    private enum InputState { case quiet, readableButEmpty, closed }

    /// After get_wch said ERR: was that a plain timeout, or is the input gone?
    private func inputState() -> InputState {
        var descriptor = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        if ready < 0 { return errno == EINTR ? .quiet : .closed }
        let events = Int32(descriptor.revents)
        if events & (Int32(POLLHUP) | Int32(POLLERR) | Int32(POLLNVAL)) != 0 { return .closed }
        if events & Int32(POLLIN) != 0 { return .readableButEmpty }
        return .quiet
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }

    // MARK: - Shutdown

    /// The SIGHUP, SIGTERM or SIGINT that asked the app to leave, when `deferTermination` is on.
    public var terminationSignal: Int32? {
        let sig = idm_termination_signal()
        return sig == 0 ? nil : sig
    }

    /// After `shutdown`: lets a deferred SIGHUP, SIGTERM or SIGINT take effect as it would have
    /// (default action, exit status 128+n), so the parent sees how the session ended.
    public static func reraiseTermination(_ sig: Int32) {
        signal(sig, SIG_DFL)
        raise(sig)
    }

    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        idm_motion_stop()             // before endwin, which turns curses' own mouse mode off
        endwin()
        if motionTracking { Self.discardPendingInput(input: inputDescriptor, output: outputDescriptor) }
        idm_set_curses_active(0)
        idm_remove_tstp_handler()
        idm_remove_signal_handlers()
        delwin(window)
        delscreen(screen)
    }

    /// Motion reports the terminal sent before it read "CSI ? 1003 l" are still queued for
    /// reading; left there, the shell would print them (`35;12;5M`) at its prompt. Wait until
    /// the terminal has been sent the "off" sequences, then drop what is queued. A report still
    /// on the wire (a slow SSH link) cannot be caught; keys typed ahead for the shell in these
    /// few milliseconds are dropped too. Does nothing when input is not a terminal.
    private static func discardPendingInput(input: Int32, output: Int32) {
        guard isatty(input) == 1 else { return }
        tcdrain(output)
        tcflush(input, TCIFLUSH)
    }

    // MARK: - Test hooks

    /// Whether the Ctrl+Z handler that turns mode 1003 off while stopped is installed now.
    /// (A function of the shim, so it is asked from this file, which owns the shim's state.)
    static var suspendHandlerInstalled: Bool { idm_tstp_handler_is_installed() != 0 }

    // MARK: - Reading the screen back (tests)

    /// What curses holds for the cell at (x, y) of our window: the text and the attributes it
    /// will send. Lets tests check that a frame really reached curses, without a terminal.
    func readBack(x: Int, y: Int) -> (symbol: String, attributes: Style.Attributes, pair: Int16)? {
        var character = cchar_t()
        guard mvwin_wch(window, Int32(y), Int32(x), &character) != ERR else { return nil }
        var wide: [wchar_t] = Array(repeating: 0, count: 16)
        var attrs: attr_t = 0
        var pair: Int16 = 0
        guard getcchar(&character, &wide, &attrs, &pair, nil) != ERR else { return nil }
        var symbol = String.UnicodeScalarView()
        for value in wide.prefix(while: { $0 != 0 }) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { symbol.append(scalar) }
        }
        var result: Style.Attributes = []
        if attrs & idm_a_bold() != 0 { result.insert(.bold) }
        if attrs & idm_a_reverse() != 0 { result.insert(.reverse) }
        if attrs & idm_a_dim() != 0 { result.insert(.dim) }
        if attrs & idm_a_underline() != 0 { result.insert(.underline) }
        return (String(symbol), result, pair)
    }
}
