import XCTest
@testable import IDMTerminal

final class WidthTests: XCTestCase {
    override func setUp() {
        XCTAssertTrue(Terminal.ensureUTF8Locale(), "widths need a UTF-8 LC_CTYPE (C.UTF-8 at least)")
    }

    func testASCIITakesOneColumnPerCharacter() {
        XCTAssertEqual(Width.of("alice"), 5)
        XCTAssertEqual(Width.of(""), 0)
        XCTAssertEqual(Width.of("a b"), 3)
    }

    func testCJKTakesTwoColumnsPerCharacter() {
        // A Japanese user name: 2 characters, 4 columns. String.count would say 2 and the
        // next column would overlap it.
        XCTAssertEqual("山田".count, 2)
        XCTAssertEqual(Width.of("山田"), 4)
        XCTAssertEqual(Width.of("김민준"), 6)
        XCTAssertEqual(Width.of("ab中"), 4)
    }

    func testCombiningMarksTakeNoColumn() {
        let decomposed = "Jose\u{301}"   // José with a combining acute accent
        XCTAssertEqual(decomposed.unicodeScalars.count, 5)
        XCTAssertEqual(Width.of(decomposed), 4)
        XCTAssertEqual(Width.of("Jos\u{E9}"), 4)  // precomposed é
        XCTAssertEqual(Width.of("\u{301}"), 0)
    }

    func testEmojiIsWide() {
        XCTAssertEqual(Width.of("🙂"), 2)
        XCTAssertEqual(Width.of("ok 🔑"), 5)
    }

    func testControlCharactersMeasureAsTheirPlaceholder() {
        // "\t" would be 0 from wcwidth's point of view (-1); it is drawn as one placeholder.
        XCTAssertEqual(Width.of("a\tb"), 3)
        XCTAssertEqual(Width.of("\u{1B}[31m"), 5)   // ESC is one placeholder column
    }

    func testTruncateCutsByColumnsNotCharacters() {
        XCTAssertEqual(Width.truncate("administrator", toColumns: 5), "admin")
        XCTAssertEqual(Width.truncate("administrator", toColumns: 5, ellipsis: true), "admi…")
        XCTAssertEqual(Width.truncate("short", toColumns: 10, ellipsis: true), "short")
        // A wide character is never split: 3 columns hold one CJK character, not one and a half.
        XCTAssertEqual(Width.truncate("山田太郎", toColumns: 3), "山")
        XCTAssertEqual(Width.truncate("山田太郎", toColumns: 5, ellipsis: true), "山田…")
        // Combining marks stay with their letter.
        XCTAssertEqual(Width.truncate("Jose\u{301}phine", toColumns: 4), "Jose\u{301}")
        XCTAssertEqual(Width.truncate("anything", toColumns: 0), "")
    }
}
