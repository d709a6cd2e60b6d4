/// A backend that lives in memory, for tests: it keeps every presented grid and replays a
/// script of events, then reports `timeout` (or `inputClosed` once `closeInput()` was called),
/// so a main loop under test ends deterministically.
public final class MemoryBackend: TerminalBackend {
    public private(set) var size: Size
    /// The last grid presented, nil before the first frame.
    public private(set) var lastGrid: Grid?
    /// How many frames were presented: a test can check that an idle loop does not redraw.
    public private(set) var presentCount = 0
    public private(set) var isShutDown = false
    private var pending: [KeyEvent] = []
    private var inputClosed = false

    public init(width: Int = 80, height: Int = 24) {
        size = Size(width: width, height: height)
    }

    /// Appends events to the script. A `.resize` event changes `size` when it is read, the way
    /// the terminal's size changes before curses reports KEY_RESIZE.
    public func enqueue(_ events: KeyEvent...) { pending += events }
    public func enqueue(_ events: [KeyEvent]) { pending += events }

    /// Once the script is used up, report `inputClosed` instead of `timeout`.
    public func closeInput() { inputClosed = true }

    public var pendingEventCount: Int { pending.count }

    public func present(_ grid: Grid) {
        lastGrid = grid
        presentCount += 1
    }

    /// Called each time the script is used up and a timeout is reported: a test moves its clock
    /// here (or enqueues more), so an idle loop can be driven through minutes at once.
    public var onTimeout: (() -> Void)?

    public func readEvent(timeout: Duration?) -> InputResult {
        guard !pending.isEmpty else {
            if inputClosed { return .inputClosed }
            onTimeout?()
            return .timeout
        }
        let event = pending.removeFirst()
        if case .resize(let width, let height) = event { size = Size(width: width, height: height) }
        return .event(event)
    }

    /// The next queued event: the queue stands for keys typed ahead.
    public func readEventIfReady() -> KeyEvent? {
        guard !pending.isEmpty else { return nil }
        let event = pending.removeFirst()
        if case .resize(let width, let height) = event { size = Size(width: width, height: height) }
        return event
    }

    public func shutdown() { isShutDown = true }

    /// What `copyToClipboard` was given, in order.
    public private(set) var clipboard: [String] = []
    public func copyToClipboard(_ text: String) { clipboard.append(text) }
}
