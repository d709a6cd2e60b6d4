import IDMTerminal

/// The only place that talks to the terminal: draw, wait for a key, update, draw again.
/// When idle it wakes about once a second to see whether another process changed the
/// directory (`Console.tick`); a frame equal to the last one is not sent, so an idle console
/// sends nothing.
public enum ConsoleLoop {
    /// At most this many keys applied before the next frame.
    static let batchLimit = 256

    public static func run(_ console: Console, backend: TerminalBackend) {
        // However the session ends (quit, idle timeout, hang-up, SIGTERM), what is on screen is
        // kept as a draft before the terminal is given back.
        defer {
            console.end()
            backend.shutdown()
        }
        if backend.size != console.size { console.handle(.resize(width: backend.size.width, height: backend.size.height)) }
        var shown = console.render()
        backend.present(shown)
        // A key that arrived while the last frame was drawn, read to see whether anything waits.
        var arrived: KeyEvent?
        while !console.shouldQuit {
            let input = arrived.map { InputResult.event($0) } ?? backend.readEvent(timeout: .seconds(1))
            arrived = nil
            // SIGHUP or SIGTERM: leave in order (the caller re-raises it after the shutdown).
            if backend.terminationSignal != nil { return }
            switch input {
            case .event(let event):
                // Keys typed ahead of the screen (or pasted) are applied together, so a query
                // that a later key makes stale is never run (`Console.handle(_:)`).
                var batch = [event]
                while batch.count < Self.batchLimit, let next = backend.readEventIfReady() { batch.append(next) }
                console.handle(batch)
                guard !console.shouldQuit else { break }
                let frame = console.render()
                if frame != shown {
                    backend.present(frame)
                    shown = frame
                }
                for text in console.takeClipboard() { backend.copyToClipboard(text) }
                // Drawn, and nothing typed since: read ahead for the next key (a held arrow).
                arrived = backend.readEventIfReady()
                if arrived == nil { console.readAhead() }
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
