import XCTest
@testable import IDMTerminal
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real ncurses backend without a terminal: output and input are /dev/null, the size
/// is pinned with LINES/COLUMNS, and what curses holds is read back cell by cell (tig's trick).
final class CursesBackendTests: XCTestCase {
    private var savedEnvironment: [String: String?] = [:]
    private var output: UnsafeMutablePointer<FILE>!
    private var input: UnsafeMutablePointer<FILE>!

    override func setUp() {
        for name in ["TERM", "LINES", "COLUMNS", "NO_COLOR", "ESCDELAY"] {
            savedEnvironment[name] = getenv(name).map { String(cString: $0) }
        }
        setenv("TERM", "xterm-256color", 1)
        setenv("LINES", "10", 1)
        setenv("COLUMNS", "40", 1)
        unsetenv("NO_COLOR")
        output = fopen("/dev/null", "w")
        input = fopen("/dev/null", "r")
    }

    override func tearDown() {
        fclose(output)
        fclose(input)
        for (name, value) in savedEnvironment {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }

    private func makeBackend() throws -> CursesBackend {
        var options = CursesBackend.Options()
        options.installSignalHandlers = false
        return try CursesBackend(output: output, input: input, options: options)
    }

    func testSizeComesFromTheTerminal() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        XCTAssertEqual(backend.size, Size(width: 40, height: 10))
        XCTAssertNil(backend.terminalNotice)
        XCTAssertEqual(backend.terminalType, "xterm-256color")
    }

    func testPresentedTextAndAttributesReachCurses() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        var grid = Grid(size: backend.size)
        grid.put(x: 0, y: 0, text: "Users", style: .bold)
        grid.fill(Rect(x: 0, y: 1, width: 40, height: 1), style: .reverse)
        grid.put(x: 1, y: 1, text: "alice", style: .reverse)
        grid.put(x: 1, y: 2, text: "bob (disabled)", style: .dim)
        grid.put(x: 1, y: 3, text: "山田 Jose\u{301}")
        grid.put(x: 0, y: 9, text: String(repeating: "z", count: 40))  // bottom-right cell too
        backend.present(grid)

        XCTAssertEqual(backend.readBack(x: 0, y: 0)?.symbol, "U")
        XCTAssertEqual(backend.readBack(x: 0, y: 0)?.attributes, [.bold])
        XCTAssertEqual(backend.readBack(x: 1, y: 1)?.symbol, "a")
        XCTAssertEqual(backend.readBack(x: 1, y: 1)?.attributes, [.reverse])
        XCTAssertEqual(backend.readBack(x: 39, y: 1)?.attributes, [.reverse], "the selection bar spans the row")
        XCTAssertEqual(backend.readBack(x: 1, y: 2)?.symbol, "b")
        XCTAssertEqual(backend.readBack(x: 1, y: 2)?.attributes, [.dim])
        XCTAssertEqual(backend.readBack(x: 1, y: 3)?.symbol, "山")
        XCTAssertEqual(backend.readBack(x: 3, y: 3)?.symbol, "田", "a wide character takes two columns in curses too")
        XCTAssertEqual(backend.readBack(x: 9, y: 3)?.symbol, "e\u{301}", "combining mark kept with its letter")
        XCTAssertEqual(backend.readBack(x: 39, y: 9)?.symbol, "z")
        XCTAssertEqual(backend.readBack(x: 5, y: 5)?.symbol, " ")
    }

    func testNextFrameReplacesThePreviousOne() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        var grid = Grid(size: backend.size)
        grid.put(x: 0, y: 0, text: "selected", style: .reverse)
        backend.present(grid)
        grid.clear()
        grid.put(x: 0, y: 1, text: "selected", style: .reverse)
        backend.present(grid)
        XCTAssertEqual(backend.readBack(x: 0, y: 0)?.symbol, " ", "werase removes the old frame")
        XCTAssertEqual(backend.readBack(x: 0, y: 0)?.attributes, [])
        XCTAssertEqual(backend.readBack(x: 0, y: 1)?.attributes, [.reverse])
    }

    func testColoursUseAPairUnlessNoColorIsSet() throws {
        var grid = Grid(width: 40, height: 10)
        grid.put(x: 0, y: 0, text: "error", style: Style(.reverse, foreground: .red))

        let coloured = try makeBackend()
        XCTAssertTrue(coloured.colorsEnabled)
        coloured.present(grid)
        XCTAssertNotEqual(coloured.readBack(x: 0, y: 0)?.pair, 0)
        coloured.shutdown()

        setenv("NO_COLOR", "1", 1)
        let monochrome = try makeBackend()
        defer { monochrome.shutdown() }
        XCTAssertFalse(monochrome.colorsEnabled)
        monochrome.present(grid)
        XCTAssertEqual(monochrome.readBack(x: 0, y: 0)?.pair, 0)
        XCTAssertEqual(monochrome.readBack(x: 0, y: 0)?.attributes, [.reverse], "attributes still show without colour")
    }

    func testUnknownTermFallsBackAndSaysSo() throws {
        setenv("TERM", "no-such-terminal-idm", 1)
        let backend = try makeBackend()
        defer { backend.shutdown() }
        XCTAssertEqual(backend.terminalType, "xterm-256color")
        XCTAssertEqual(backend.terminalNotice, "TERM=no-such-terminal-idm is unknown on this host; using xterm-256color")
        XCTAssertEqual(backend.size, Size(width: 40, height: 10))
    }

    func testInputAtEndOfFileIsReportedAsClosedNotAsEndlessTimeouts() throws {
        let backend = try makeBackend()
        defer { backend.shutdown() }
        let start = ContinuousClock.now
        XCTAssertEqual(backend.readEvent(timeout: .seconds(5)), .inputClosed)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2), "must not wait out the timeout on a dead input")
    }

    func testShutdownTwiceIsHarmlessAndStopsInput() throws {
        let backend = try makeBackend()
        backend.shutdown()
        backend.shutdown()
        XCTAssertEqual(backend.readEvent(timeout: .milliseconds(1)), .inputClosed)
    }

    func testSignalHandlersAreInstalledAndRemoved() throws {
        var before = sigaction()
        sigaction(SIGTERM, nil, &before)
        var options = CursesBackend.Options()
        options.installSignalHandlers = true
        let backend = try CursesBackend(output: output, input: input, options: options)
        var during = sigaction()
        sigaction(SIGTERM, nil, &during)
        XCTAssertNotEqual(unsafeBitCast(during.__sigaction_handler.sa_handler, to: Int.self),
                          unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self),
                          "SIGTERM must restore the terminal while curses runs")
        backend.shutdown()
        var after = sigaction()
        sigaction(SIGTERM, nil, &after)
        XCTAssertEqual(unsafeBitCast(after.__sigaction_handler.sa_handler, to: Int.self),
                       unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self),
                       "shutdown puts the previous SIGTERM disposition back")
    }
}
