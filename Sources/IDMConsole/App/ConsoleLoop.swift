import IDMTerminal

/// The only place that talks to the terminal: draw, wait for a key, update, draw again.
/// When idle it wakes about once a second to see whether another process changed the
/// directory (`Console.tick`); a frame equal to the last one is not sent, so an idle console
/// sends nothing.
public enum ConsoleLoop {
    public static func run(_ console: Console, backend: TerminalBackend) {
        defer { backend.shutdown() }
        if backend.size != console.size { console.handle(.resize(width: backend.size.width, height: backend.size.height)) }
        var shown = console.render()
        backend.present(shown)
        while !console.shouldQuit {
            switch backend.readEvent(timeout: .seconds(1)) {
            case .event(let event):
                console.handle(event)
                guard !console.shouldQuit else { break }
                let frame = console.render()
                if frame != shown {
                    backend.present(frame)
                    shown = frame
                }
            case .timeout:
                console.tick()
                let frame = console.render()
                if frame != shown {
                    backend.present(frame)
                    shown = frame
                }
            case .inputClosed:
                // The SSH connection is gone: every change was already committed; just leave.
                return
            }
        }
    }
}
