import Foundation
import XCTest
@testable import IDMTerminal
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal in the test process: the backend runs on its slave side as on a real
/// terminal, the test plays the terminal emulator on the master side, reading what curses
/// sends and writing the bytes a terminal sends for mouse actions.
final class PseudoTerminal {
    let master: Int32
    let input: UnsafeMutablePointer<FILE>
    let output: UnsafeMutablePointer<FILE>

    init() throws {
        let pair: (master: Int32, slave: String)
        do { pair = try PseudoTerminalPair.open() } catch { throw XCTSkip("\(error)") }
        master = pair.master
        let name = pair.slave
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw XCTSkip("cannot open \(name)") }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        input = fdopen(slave, "r")
        output = fdopen(dup(slave), "w")
    }

    deinit {
        fclose(input)
        fclose(output)
        close(master)
    }

    /// What the terminal "types" or reports. `~` stands for ESC.
    func send(_ text: String) {
        let bytes = Array(text.replacingOccurrences(of: "~", with: "\u{1B}").utf8)
        bytes.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
    }

    /// Sends `text` from another thread after `delay`, while the backend is waiting for input.
    func send(_ text: String, after delay: Duration) {
        let thread = Thread { [self] in
            let (seconds, attoseconds) = delay.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            send(text)
        }
        thread.start()
    }

    /// Everything curses has sent so far, ESC shown as `~`; waits until the output is quiet.
    func received() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { break }
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{1B}", with: "~")
    }
}

/// The backend on a pseudo-terminal: mode 1003 goes on and off around the session, hover and
/// double clicks come out of real mouse reports, and split reports do not become typing.
final class PseudoTerminalBackendTests: XCTestCase {
    private var savedEnvironment: [String: String?] = [:]
    private var terminal: PseudoTerminal!

    override func setUpWithError() throws {
        for name in ["TERM", "LINES", "COLUMNS", "NO_COLOR", "ESCDELAY"] {
            savedEnvironment[name] = getenv(name).map { String(cString: $0) }
        }
        setenv("TERM", "xterm-256color", 1)
        setenv("LINES", "10", 1)
        setenv("COLUMNS", "40", 1)
        unsetenv("ESCDELAY")
        terminal = try PseudoTerminal()
    }

    override func tearDown() {
        terminal = nil
        for (name, value) in savedEnvironment {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }

    private func makeBackend(motion: Bool? = nil, signals: Bool = false) throws -> CursesBackend {
        var options = CursesBackend.Options()
        options.installSignalHandlers = signals
        options.mouseMotion = motion
        return try CursesBackend(output: terminal.output, input: terminal.input, options: options)
    }

    /// Events until the input is quiet for `quiet`.
    private func events(_ backend: CursesBackend, quiet: Duration = .milliseconds(300)) -> [KeyEvent] {
        var result: [KeyEvent] = []
        while case .event(let event) = backend.readEvent(timeout: quiet) { result.append(event) }
        return result
    }

    private func offset(of needle: String, in text: String) -> Int? {
        text.range(of: needle).map { text.distance(from: text.startIndex, to: $0.lowerBound) }
    }

    // MARK: OSC 52

    /// On the raw bytes sent to the terminal: one OSC 52 sequence holding the base64 of exactly
    /// the text, and nothing else; a frame before it is not cut, and nothing follows it.
    func testCopyToClipboardWritesExactlyOneOSC52SequenceAndNothingElse() throws {
        let backend = try makeBackend(motion: false)
        defer { backend.shutdown() }
        var grid = Grid(width: 40, height: 10)
        grid.put(x: 1, y: 1, text: "client_secret  Up8PE1dn", style: .normal)
        backend.present(grid)
        let frame = terminal.received()
        XCTAssertTrue(frame.contains("client_secret"), frame)
        XCTAssertFalse(frame.contains("]52;"), frame)

        let secret = "Up8PE1dnUkeU40oO/+EcWPIjSCRaWLwJBtuAPPoxRN5d"
        backend.copyToClipboard(secret)
        XCTAssertEqual(terminal.received(), "~]52;c;" + Data(secret.utf8).base64EncodedString() + "\u{07}")

        let section = "[web-reports]\nclient_secret = \(secret)\nhost = akab-x.luna.akamaiapis.net\n"
        backend.copyToClipboard(section)
        let sent = terminal.received()
        XCTAssertTrue(sent.hasPrefix("~]52;c;") && sent.hasSuffix("\u{07}"), sent)
        let payload = String(sent.dropFirst(7).dropLast())
        XCTAssertEqual(Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) }, section,
                       "the newlines travel inside the base64, never raw")
        XCTAssertEqual(sent.components(separatedBy: "]52;").count, 2, "one sequence")

        backend.present(grid)
        XCTAssertEqual(terminal.received(), "", "the same frame again sends nothing: the copy did not disturb curses' idea of the screen")
    }

    // MARK: Mode 1003 on and off

    func testAnyMotionTrackingGoesOnAfterCursesMouseModeAndOffBeforeIt() throws {
        let backend = try makeBackend()
        XCTAssertTrue(backend.motionTracking)
        let started = terminal.received()
        let cursesOn = try XCTUnwrap(offset(of: "~[?1006;1000h", in: started), started)
        let motionOn = try XCTUnwrap(offset(of: "~[?1003h", in: started), started)
        XCTAssertLessThan(cursesOn, motionOn, "1003 must follow curses' 1000, or 1000 overrides it")

        backend.shutdown()
        let stopped = terminal.received()
        let motionOff = try XCTUnwrap(offset(of: "~[?1003l", in: stopped), stopped)
        let cursesOff = try XCTUnwrap(offset(of: "~[?1006;1000l", in: stopped), stopped)
        let screenBack = try XCTUnwrap(offset(of: "~[?1049l", in: stopped), stopped)
        XCTAssertLessThan(motionOff, cursesOff)
        XCTAssertLessThan(motionOff, screenBack, "off while still in the program's screen")

        backend.shutdown()
        XCTAssertFalse(terminal.received().contains("1003"), "a second shutdown sends nothing")
    }

    func testDeinitTurnsItOffToo() throws {
        var backend: CursesBackend? = try makeBackend()
        XCTAssertTrue(terminal.received().contains("~[?1003h"))
        backend = nil
        XCTAssertNil(backend)
        XCTAssertTrue(terminal.received().contains("~[?1003l"))
    }

    func testUnknownButXtermLikeTermStillGetsHoverThroughTheFallback() throws {
        setenv("TERM", "alacritty-idm-test", 1)
        let backend = try makeBackend()
        defer { backend.shutdown() }
        XCTAssertNotNil(backend.terminalNotice)
        XCTAssertTrue(backend.motionTracking)
        XCTAssertTrue(terminal.received().contains("~[?1003h"))
    }

    func testTerminalWithoutMouseSupportGetsNoMotionSequences() throws {
        setenv("TERM", "vt100", 1)
        let backend = try makeBackend()
        XCTAssertFalse(backend.motionTracking)
        backend.shutdown()
        XCTAssertFalse(terminal.received().contains("1003"))
    }

    func testMotionCanBeSwitchedOff() throws {
        let backend = try makeBackend(motion: false)
        XCTAssertFalse(backend.motionTracking)
        backend.shutdown()
        let sent = terminal.received()
        XCTAssertTrue(sent.contains("~[?1006;1000h"), "clicks are still asked for")
        XCTAssertFalse(sent.contains("1003"))
    }

    func testSuspendHandlerOnlyWhileMotionTrackingRuns() throws {
        // (What was there before is ncurses' business: newterm installs or resets its own.)
        let backend = try makeBackend(signals: true)
        XCTAssertTrue(CursesBackend.suspendHandlerInstalled, "Ctrl+Z must turn 1003 off and on again")
        backend.shutdown()
        XCTAssertFalse(CursesBackend.suspendHandlerInstalled)

        let quiet = try makeBackend(motion: false, signals: true)
        defer { quiet.shutdown() }
        XCTAssertFalse(CursesBackend.suspendHandlerInstalled, "without 1003, ncurses' own handler is enough")
    }

    // MARK: Hover

    func testMotionReportsBecomeMotionEventsOncePerCell() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        // SGR: button 3 (none) + 32 (motion), 1-based column;row.
        terminal.send("~[<35;5;5M~[<35;5;5M~[<35;6;5M~[<35;6;5M~[<35;5;5M")
        XCTAssertEqual(events(backend), [.motion(x: 4, y: 4), .motion(x: 5, y: 4), .motion(x: 4, y: 4)])
    }

    func testRepeatedMotionDoesNotEndAWaitEarly() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("~[<35;5;5M")
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.motion(x: 4, y: 4)))
        terminal.send("~[<35;5;5M~[<35;5;5M")
        terminal.send("q", after: .milliseconds(150))
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.character("q")),
                       "the same cell again is skipped, not reported as a timeout")
    }

    func testDragMovesTheHoverAndReleaseReturnsAtOnce() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("~[<0;3;4M")
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.click(x: 2, y: 3, button: 1)))
        terminal.send("~[<32;4;4M")                                     // drag, button 1 held
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.motion(x: 3, y: 3)))
        terminal.send("~[<0;4;4m")                                      // release
        let start = ContinuousClock.now
        XCTAssertEqual(backend.readEvent(timeout: .milliseconds(200)), .timeout)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1), "a release must not block the read")
    }

    func testTypedTextIsUntouched() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("a[b<3 [Main] [<x")
        XCTAssertEqual(events(backend).map(\.description).joined(), "a[b<3Space[Main]Space[<x")
    }

    // MARK: Double clicks

    func testSecondPressOnTheSameCellIsADoubleClick() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("~[<0;3;4M~[<0;3;4m")
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.click(x: 2, y: 3, button: 1)))
        terminal.send("~[<0;3;4M~[<0;3;4m")
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.doubleClick(x: 2, y: 3)))
        terminal.send("~[<0;3;4M~[<0;3;4m")
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.click(x: 2, y: 3, button: 1)),
                       "a third press starts a new pair")
        terminal.send("~[<0;9;4M~[<0;9;4m")
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.click(x: 8, y: 3, button: 1)),
                       "another cell")
    }

    /// Sends each report on its own and reads what it gave, as when a person uses the mouse:
    /// reports that arrive together are merged by curses (see the burst test below).
    private func eventsForReports(_ backend: CursesBackend, _ reports: [String]) -> [KeyEvent] {
        reports.flatMap { report -> [KeyEvent] in
            terminal.send(report)
            return events(backend, quiet: .milliseconds(60))
        }
    }

    func testMotionBetweenThePressesKeepsTheDoubleClick() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        let got = eventsForReports(backend, ["~[<0;3;4M", "~[<0;3;4m", "~[<35;4;4M", "~[<35;3;4M",
                                             "~[<0;3;4M", "~[<0;3;4m"])
        XCTAssertEqual(got, [.click(x: 2, y: 3, button: 1), .motion(x: 3, y: 3), .motion(x: 2, y: 3),
                             .doubleClick(x: 2, y: 3)])
    }

    func testOtherButtonOrKeyInBetweenIsNoDoubleClick() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        let got = eventsForReports(backend, ["~[<0;3;4M", "~[<0;3;4m", "~[<2;3;4M", "~[<2;3;4m",
                                             "~[<0;3;4M", "~[<0;3;4m", "x", "~[<0;3;4M", "~[<0;3;4m"])
        XCTAssertEqual(got, [.click(x: 2, y: 3, button: 1), .click(x: 2, y: 3, button: 3),
                             .click(x: 2, y: 3, button: 1), .character("x"), .click(x: 2, y: 3, button: 1)])
    }

    func testDoubleClickArrivingInOneBurstIsStillADoubleClick() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        // Curses merges a run of reports read together: only the double click is left.
        terminal.send("~[<0;3;4M~[<0;3;4m~[<0;3;4M~[<0;3;4m")
        XCTAssertEqual(events(backend), [.doubleClick(x: 2, y: 3)])
    }

    // MARK: Reports split across packets

    func testReportSplitAfterItsEscDoesNotBecomeTyping() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        // Curses gives up on the sequence after ESCDELAY (25 ms) and hands out a lone Esc.
        terminal.send("~")
        terminal.send("[<35;5;5M", after: .milliseconds(120))
        XCTAssertEqual(events(backend, quiet: .milliseconds(500)), [.escape],
                       "the Esc is out before the rest arrives; the rest is not typed text")
    }

    func testReportSplitAfterEscBracketIsDroppedWhole() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("~[")
        terminal.send("<35;5;5M", after: .milliseconds(70))
        XCTAssertEqual(events(backend, quiet: .milliseconds(500)), [])
    }

    func testLoneEscIsNotDelayed() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("~")
        let start = ContinuousClock.now
        XCTAssertEqual(backend.readEvent(timeout: .seconds(2)), .event(.escape))
        XCTAssertLessThan(ContinuousClock.now - start, .milliseconds(90), "ESCDELAY only, no wait of ours")
    }

    func testIncompleteLookalikeIsHandedOutInOrder() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("[<3")
        terminal.send("x", after: .milliseconds(250))
        XCTAssertEqual(events(backend), [.character("["), .character("<"), .character("3"), .character("x")])
    }

    func testArrowKeyAfterEscIsKept() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        terminal.send("[~OA~")                 // xterm-256color's Up in keypad mode: ESC O A
        XCTAssertEqual(events(backend), [.character("["), .up, .escape])
    }
}
