@testable import IDMConsole
import IDMTerminal
import XCTest

/// The hint bar keeps a label that changes with the selected row in a room of fixed width,
/// so a move between a locked and an unlocked user redraws one word, not the rest of the bar.
final class HintBarTests: XCTestCase {
    func bar(_ lockLabel: String) -> (text: String, positions: [String: Int]) {
        var grid = Grid(width: 80, height: 1)
        let items = [Hint(key: "/", label: "Filter"), Hint(key: "l", label: lockLabel, room: 6), Hint(key: "X", label: "Delete"),
                     Hint(key: "?", label: "Help", essential: true)]
        let positions = HintBar.render(&grid, y: 0, items: items)
        return (grid.textLines()[0], positions)
    }

    func testALabelWithARoomKeepsWhatFollowsInPlace() {
        let lock = bar("Lock"), unlock = bar("Unlock")
        XCTAssertEqual(lock.positions, unlock.positions)
        XCTAssertTrue(lock.text.hasPrefix(" / Filter  l Lock    X Delete  ? Help"), lock.text)
        XCTAssertTrue(unlock.text.hasPrefix(" / Filter  l Unlock  X Delete  ? Help"), unlock.text)
        let changed = zip(lock.text, unlock.text).filter { $0 != $1 }.count
        XCTAssertEqual(changed, 6, "only the word differs: \(lock.text) / \(unlock.text)")
    }
}
