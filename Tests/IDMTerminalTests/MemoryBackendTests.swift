import XCTest
@testable import IDMTerminal

final class MemoryBackendTests: XCTestCase {
    func testReplaysScriptThenTimesOutThenReportsClosedInput() {
        let backend = MemoryBackend(width: 40, height: 10)
        backend.enqueue(.down, .character("q"))
        XCTAssertEqual(backend.readEvent(timeout: .milliseconds(10)), .event(.down))
        XCTAssertEqual(backend.readEvent(timeout: nil), .event(.character("q")))
        XCTAssertEqual(backend.readEvent(timeout: .milliseconds(10)), .timeout)
        backend.closeInput()
        XCTAssertEqual(backend.readEvent(timeout: nil), .inputClosed)
    }

    func testKeepsTheLastFrameAndCountsFrames() {
        let backend = MemoryBackend(width: 10, height: 2)
        XCTAssertNil(backend.lastGrid)
        var grid = Grid(size: backend.size)
        grid.put(x: 0, y: 0, text: "first")
        backend.present(grid)
        grid.put(x: 0, y: 0, text: "second")
        backend.present(grid)
        XCTAssertEqual(backend.lastGrid?.textLines(), ["second", ""])
        XCTAssertEqual(backend.presentCount, 2)
    }

    func testResizeEventChangesTheSize() {
        let backend = MemoryBackend(width: 80, height: 24)
        backend.enqueue(.resize(width: 50, height: 12))
        XCTAssertEqual(backend.readEvent(timeout: nil), .event(.resize(width: 50, height: 12)))
        XCTAssertEqual(backend.size, Size(width: 50, height: 12))
    }

    func testUsableThroughTheProtocol() {
        let backend: TerminalBackend = MemoryBackend(width: 5, height: 1)
        backend.shutdown()
        XCTAssertTrue((backend as? MemoryBackend)?.isShutDown ?? false)
    }
}
