import IDMTerminal

/// The only place that talks to the terminal: draw, wait for a key, update, draw again.
/// Frames are drawn on events, never on a timer; a frame equal to the last one is not sent.
public enum ConsoleLoop {
    public static func run(_ console: Console, backend: TerminalBackend) {
        defer { backend.shutdown() }
        if backend.size != console.size { console.handle(.resize(width: backend.size.width, height: backend.size.height)) }
        var shown = console.render()
        backend.present(shown)
        while !console.shouldQuit {
            switch backend.readEvent(timeout: nil) {
            case .event(let event):
                console.handle(event)
                guard !console.shouldQuit else { break }
                let frame = console.render()
                if frame != shown {
                    backend.present(frame)
                    shown = frame
                }
            case .timeout:
                continue
            case .inputClosed:
                // The SSH connection is gone: every change was already committed; just leave.
                return
            }
        }
    }
}
