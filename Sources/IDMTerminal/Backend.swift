/// What waiting for input produced.
public enum InputResult: Equatable, Sendable {
    case event(KeyEvent)
    /// Nothing happened within the timeout. Input with no meaning to the app (a mouse release,
    /// a repeated hover report) does not end the wait early; `CursesBackend` may still return
    /// this before the deadline when a read is interrupted (e.g. after resuming from Ctrl+Z).
    case timeout
    /// The input is gone for good (SSH hang-up, stdin at end of file): the app must exit, not
    /// loop on a dead descriptor.
    case inputClosed
}

/// Where frames go and where input comes from: the terminal (`CursesBackend`) or memory
/// (`MemoryBackend`, for tests). Only the main loop talks to it.
public protocol TerminalBackend: AnyObject {
    /// The current size in cells; make grids this big.
    var size: Size { get }
    /// Shows `grid`. Cells outside the backend's size are ignored.
    func present(_ grid: Grid)
    /// Waits for the next event, at most `timeout` (nil: as long as it takes).
    func readEvent(timeout: Duration?) -> InputResult
    /// The next event if one is already waiting (typed ahead), without waiting; nil otherwise.
    func readEventIfReady() -> KeyEvent?
    /// Gives the terminal back to the shell. Safe to call more than once.
    func shutdown()
    /// Puts `text` on the clipboard of the terminal the admin sits at (OSC 52): over SSH, their
    /// own machine's. Whether it arrives is the terminal's choice (tmux: `set-clipboard on`).
    func copyToClipboard(_ text: String)
    /// A SIGHUP or SIGTERM has asked the session to end (the app leaves in order).
    var terminationSignal: Int32? { get }
}

extension TerminalBackend {
    public var terminationSignal: Int32? { nil }
}
