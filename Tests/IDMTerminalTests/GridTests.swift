import XCTest
@testable import IDMTerminal

final class GridTests: XCTestCase {
    override func setUp() {
        Terminal.ensureUTF8Locale()
    }

    func testPutWritesTextAndReturnsColumnsUsed() {
        var grid = Grid(width: 20, height: 2)
        XCTAssertEqual(grid.put(x: 2, y: 1, text: "alice"), 5)
        XCTAssertEqual(grid.textLines(), ["", "  alice"])
        XCTAssertEqual(grid[2, 1].symbol, "a")
    }

    func testPutClipsAtMaxWidthAndRightEdge() {
        var grid = Grid(width: 10, height: 2)
        XCTAssertEqual(grid.put(x: 0, y: 0, text: "administrator", maxWidth: 5), 5)
        XCTAssertEqual(grid.put(x: 6, y: 1, text: "overflowing"), 4)
        XCTAssertEqual(grid.textLines(), ["admin", "      over"])
    }

    func testEllipsisShowsThatTextWasCut() {
        var grid = Grid(width: 12, height: 3)
        XCTAssertEqual(grid.put(x: 0, y: 0, text: "administrator", maxWidth: 6, overflow: .ellipsis), 6)
        XCTAssertEqual(grid.put(x: 0, y: 1, text: "admin", maxWidth: 6, overflow: .ellipsis), 5)
        XCTAssertEqual(grid.put(x: 8, y: 2, text: "too long", overflow: .ellipsis), 4)
        XCTAssertEqual(grid.textLines(), ["admin…", "admin", "        too…"])
    }

    func testWideCharactersTakeTwoCellsAndAreNeverSplit() {
        var grid = Grid(width: 7, height: 3)
        XCTAssertEqual(grid.put(x: 0, y: 0, text: "山田太郎"), 6)     // 4th would need columns 6-7
        XCTAssertEqual(grid.put(x: 0, y: 1, text: "山田太郎", maxWidth: 5), 4)
        XCTAssertEqual(grid.put(x: 0, y: 2, text: "a山田太郎", maxWidth: 6, overflow: .ellipsis), 6)
        XCTAssertEqual(grid.textLines(), ["山田太", "山田", "a山田…"])
        XCTAssertEqual(grid[0, 0].symbol, "山")
        XCTAssertTrue(grid[1, 0].isContinuation)
        XCTAssertEqual(grid[6, 0], .blank)
    }

    func testOverwritingHalfAWideCharacterRemovesAllOfIt() {
        var grid = Grid(width: 6, height: 2)
        grid.put(x: 0, y: 0, text: "山田")
        grid.put(x: 1, y: 0, text: "x")       // lands on the right half of 山
        XCTAssertEqual(grid.textLines()[0], " x田")
        grid.put(x: 0, y: 1, text: "山田")
        grid.put(x: 2, y: 1, text: "y")       // lands on the left half of 田
        XCTAssertEqual(grid.textLines()[1], "山y")
        XCTAssertFalse(grid[3, 1].isContinuation)
    }

    func testCombiningMarkStaysInItsLettersCell() {
        var grid = Grid(width: 6, height: 1)
        XCTAssertEqual(grid.put(x: 0, y: 0, text: "Jose\u{301}!"), 5)
        XCTAssertEqual(grid[3, 0].symbol, "e\u{301}")
        XCTAssertEqual(grid[4, 0].symbol, "!")
    }

    func testFillAndSetStyleMarkRegions() {
        var grid = Grid(width: 8, height: 3)
        grid.put(x: 0, y: 0, text: "old text")
        grid.fill(Rect(x: 0, y: 0, width: 8, height: 1), style: .reverse)
        XCTAssertEqual(grid.textLines()[0], "", "fill blanks the text")
        grid.put(x: 0, y: 1, text: "keep me")
        grid.setStyle(Rect(x: 0, y: 1, width: 4, height: 1), .dim)
        XCTAssertEqual(grid.textLines()[1], "keep me", "setStyle keeps the text")
        XCTAssertEqual(grid.styleLines(), ["rrrrrrrr", "dddd", ""])
        // Rectangles are clipped to the grid, never crash.
        grid.fill(Rect(x: 6, y: 2, width: 100, height: 100), style: .bold)
        XCTAssertEqual(grid.styleLines()[2], "      bb")
    }

    func testClearEmptiesEveryCell() {
        var grid = Grid(width: 4, height: 2)
        grid.put(x: 0, y: 0, text: "abcd", style: .bold)
        grid.clear()
        XCTAssertEqual(grid, Grid(width: 4, height: 2))
    }

    func testStyleLayerShowsSelectionAndGreyedOutItems() {
        var grid = Grid(width: 10, height: 3)
        grid.put(x: 0, y: 0, text: "Users", style: .bold)
        grid.put(x: 0, y: 1, text: "alice")
        grid.put(x: 0, y: 2, text: "bob", style: .dim)
        // The selection bar covers the row; the greyed-out item under it stays visible as D.
        grid.addAttributes(.reverse, in: Rect(x: 0, y: 2, width: 10, height: 1))
        grid.put(x: 6, y: 1, text: "_", style: .underline)
        XCTAssertEqual(grid.styleLines(), ["bbbbb", "      u", "DDDrrrrrrr"])
    }

    func testEveryAttributeCombinationHasItsOwnLayerCharacter() {
        var seen: Set<Character> = []
        for raw in UInt8(0)..<16 {
            seen.insert(Style(Style.Attributes(rawValue: raw)).layerCharacter)
        }
        XCTAssertEqual(seen.count, 16)
        XCTAssertEqual(Style(.reverse).layerCharacter, "r")
        XCTAssertEqual(Style([.bold, .reverse]).layerCharacter, "B")
        XCTAssertEqual(Style.normal.layerCharacter, " ")
    }

    func testWideCharacterStyleSpansBothColumns() {
        var grid = Grid(width: 6, height: 1)
        grid.put(x: 0, y: 0, text: "山a", style: .reverse)
        XCTAssertEqual(grid.styleLines(), ["rrr"])
    }

    func testGoldenTextHasTextThenStylesAndColoursOnlyWhenUsed() {
        var grid = Grid(width: 12, height: 3)
        grid.put(x: 0, y: 0, text: "Users (2)", style: .bold)
        grid.fill(Rect(x: 0, y: 1, width: 12, height: 1), style: .reverse)
        grid.put(x: 1, y: 1, text: "alice", style: .reverse)
        grid.put(x: 1, y: 2, text: "bob", style: .dim)
        XCTAssertEqual(grid.goldenText(), """
            Users (2)
             alice
             bob
            --- styles ---
            bbbbbbbbb
            rrrrrrrrrrrr
             ddd

            """)

        grid.put(x: 10, y: 0, text: "!", style: Style(foreground: .red, background: .yellow))
        let golden = grid.goldenText()
        XCTAssertTrue(golden.hasSuffix("""
            --- foreground ---
                      r


            --- background ---
                      y



            """), golden)
    }

    /// Printable ASCII takes a path of its own in `put` (most of a frame): for every length,
    /// start column, width limit and overflow it draws what the general path draws, the text
    /// `Width.truncate` gives, and touches no other cell.
    func testPrintableASCIIIsDrawnAsTheGeneralPathDrawsIt() {
        let texts = ["", "a", "ab", "login", "abby.abara100034", "Abby Abara", "a b  c", "~!@#$%^&*()_+{}|:<>?", String(repeating: "x", count: 25)]
        for text in texts {
            for x in [0, 1, 5, 15, 19] {
                for maxWidth in [nil, 0, 1, 2, 3, 5, 16, 30] as [Int?] {
                    for overflow in [Overflow.clip, .ellipsis] {
                        var grid = Grid(width: 20, height: 1)
                        grid.put(x: 0, y: 0, text: String(repeating: "#", count: 20))
                        let used = grid.put(x: x, y: 0, text: text, maxWidth: maxWidth, overflow: overflow)
                        let limit = min(20 - x, maxWidth ?? Int.max)
                        let drawn = limit > 0 ? Width.truncate(text, toColumns: limit, ellipsis: overflow == .ellipsis && Width.of(text) > limit) : ""
                        let want = String(repeating: "#", count: x) + drawn + String(repeating: "#", count: 20 - x - Width.of(drawn))
                        let context = "\(text.debugDescription) at \(x), max \(maxWidth.map(String.init) ?? "none"), \(overflow)"
                        // textLines trims trailing spaces, as golden files do.
                        XCTAssertEqual(grid.textLines()[0], String(want.reversed().drop(while: { $0 == " " }).reversed()), context)
                        XCTAssertEqual(used, Width.of(drawn), context)
                    }
                }
            }
        }
    }

    /// The ASCII path over wide characters: a half it overwrites takes the other half with it,
    /// as the general path does, and the text gets its style.
    func testPrintableASCIIOverWideCharactersClearsTheirOtherHalf() {
        for (x, text, want) in [(1, "ab", " ab 山"), (0, "ab", "ab山山"), (2, "abc", "山abc"), (3, "abc", "山 abc"), (5, "a", "山山 a")] {
            var grid = Grid(width: 6, height: 1)
            grid.put(x: 0, y: 0, text: "山山山")
            let used = grid.put(x: x, y: 0, text: text, style: Style(.bold))
            XCTAssertEqual(grid.textLines()[0], want, "\(text) at \(x)")
            XCTAssertEqual(used, min(text.count, 6 - x), "\(text) at \(x)")
            let styles = Array(grid.styleLines()[0].padding(toLength: 6, withPad: " ", startingAt: 0))
            for column in 0..<6 {
                XCTAssertEqual(styles[column] == "b", (x..<x + used).contains(column), "\(text) at \(x), column \(column): \(String(styles))")
            }
        }
    }
}
