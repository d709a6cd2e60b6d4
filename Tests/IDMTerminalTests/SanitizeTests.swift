import XCTest
@testable import IDMTerminal

final class SanitizeTests: XCTestCase {
    let placeholder = "\u{FFFD}"

    override func setUp() {
        Terminal.ensureUTF8Locale()
    }

    /// `containsUnsafe` reads UTF-8 bytes and decodes only what is beyond ASCII; it must say
    /// what asking `isUnsafe` of every scalar says, for every scalar (1 to 4 bytes) alone and
    /// between others, with and without line feeds allowed.
    func testTheByteScanAgreesWithTheScalarRuleForEveryScalar() {
        let scalars = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let expected = Sanitize.isUnsafe(scalar)
            let alone = String(scalar)
            XCTAssertEqual(Sanitize.containsUnsafe(alone), expected, "U+\(String(scalar.value, radix: 16))")
            XCTAssertEqual(Sanitize.containsUnsafe(alone, allowingNewlines: true), scalar != "\n" && expected)
            if scalar.value % 97 == 0 {
                XCTAssertEqual(Sanitize.containsUnsafe("ab" + alone + "é日😀"), expected, "U+\(String(scalar.value, radix: 16)) inside")
            }
        }
        XCTAssertFalse(Sanitize.containsUnsafe("one\ntwo\n", allowingNewlines: true))
        XCTAssertTrue(Sanitize.containsUnsafe("one\ntwo"))
        XCTAssertTrue(Sanitize.isPrintableASCII(String(repeating: "x~ ", count: 100)))
        XCTAssertFalse(Sanitize.isPrintableASCII(String(repeating: "x", count: 100) + "\u{7F}"))
        XCTAssertFalse(Sanitize.isPrintableASCII("tab\t"))
    }

    func testPlainTextIsUnchanged() {
        for text in ["alice@example.com", "Zoë Ångström", "山田太郎", "Jose\u{301}", "🙂", "Ελληνικά", "עברית"] {
            XCTAssertEqual(Sanitize.clean(text), text)
        }
    }

    func testC0ControlsDELAndC1BecomePlaceholders() {
        for scalar in ["\u{0}", "\u{7}", "\u{8}", "\t", "\n", "\r", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9B}", "\u{9F}"] {
            XCTAssertEqual(Sanitize.clean("a\(scalar)b"), "a\(placeholder)b", "U+\(String(scalar.unicodeScalars.first!.value, radix: 16))")
        }
    }

    func testBidiAndFormatCharactersBecomePlaceholders() {
        let format: [Unicode.Scalar] = [
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}",
            "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
            "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
            "\u{061C}", "\u{FEFF}", "\u{00AD}", "\u{2060}",
        ]
        for scalar in format {
            XCTAssertEqual(Sanitize.clean("x\(scalar)y"), "x\(placeholder)y", "U+\(String(scalar.value, radix: 16))")
        }
    }

    func testLineAndParagraphSeparatorsBecomePlaceholders() {
        XCTAssertEqual(Sanitize.clean("one\u{2028}two\u{2029}"), "one\(placeholder)two\(placeholder)")
    }

    func testSanitizingIsIdempotent() {
        let once = Sanitize.clean("\u{1B}[2J\r\u{202E}evil")
        XCTAssertEqual(Sanitize.clean(once), once)
    }

    func testHostileNameRendersHarmlesslyInTheGrid() {
        // Escape sequences, a carriage return and a right-to-left override: on a raw terminal
        // this would colour the line, jump back to column 0 and mirror the text after it.
        let name = "\u{1B}[31mred\u{1B}[0m\rroot\u{202E}txt.exe"
        var grid = Grid(width: 40, height: 2)
        grid.put(x: 0, y: 0, text: "name: ")
        let used = grid.put(x: 6, y: 0, text: name)
        grid.put(x: 0, y: 1, text: "next line intact")
        XCTAssertEqual(grid.textLines(), ["name: �[31mred�[0m�root�txt.exe", "next line intact"])
        XCTAssertEqual(used, Width.of(name))
        // Nothing a terminal would act on survives in any cell.
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                for scalar in grid[x, y].symbol.unicodeScalars {
                    XCTAssertFalse(Sanitize.isUnsafe(scalar), "cell \(x),\(y) holds U+\(String(scalar.value, radix: 16))")
                    XCTAssertNotEqual(scalar.properties.generalCategory, .control)
                    XCTAssertNotEqual(scalar.properties.generalCategory, .format)
                }
            }
        }
    }
}
