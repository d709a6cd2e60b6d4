import XCTest
@testable import IDMTerminal

/// Uses the numeric values curses really returns (ncurses 6, curses.h), so a wrong constant
/// in the shim or the decoder shows up here.
final class KeyDecoderTests: XCTestCase {
    let ok: Int32 = 0
    let keyCodeYes: Int32 = 0o400

    func key(_ code: UInt32) -> KeyEvent? {
        KeyDecoder.decode(status: keyCodeYes, value: code)
    }

    func char(_ value: UInt32) -> KeyEvent? {
        KeyDecoder.decode(status: ok, value: value)
    }

    func testStatusConstantsMatchCurses() {
        XCTAssertEqual(KeyDecoder.statusCharacter, 0)
        XCTAssertEqual(KeyDecoder.statusKeyCode, 256)
        XCTAssertNil(KeyDecoder.decode(status: -1, value: 0), "ERR is not an event")
    }

    func testNavigationKeys() {
        XCTAssertEqual(key(0o403), .up)
        XCTAssertEqual(key(0o402), .down)
        XCTAssertEqual(key(0o404), .left)
        XCTAssertEqual(key(0o405), .right)
        XCTAssertEqual(key(0o523), .pageUp)
        XCTAssertEqual(key(0o522), .pageDown)
        XCTAssertEqual(key(0o406), .home)
        XCTAssertEqual(key(0o550), .end)
        XCTAssertEqual(key(0o512), .delete)
        XCTAssertEqual(key(0o513), .insert)
    }

    func testTabShiftTabEnterEscape() {
        XCTAssertEqual(char(9), .tab)
        XCTAssertEqual(key(0o541), .backTab)   // KEY_BTAB
        XCTAssertEqual(char(13), .enter)
        XCTAssertEqual(char(10), .enter)
        XCTAssertEqual(key(0o527), .enter)     // KEY_ENTER (keypad)
        XCTAssertEqual(char(27), .escape)
    }

    func testBackspaceInAllItsForms() {
        XCTAssertEqual(key(0o407), .backspace) // KEY_BACKSPACE
        XCTAssertEqual(char(127), .backspace)  // DEL, most terminals
        XCTAssertEqual(char(8), .backspace)    // ^H, some terminals
    }

    func testFunctionKeys() {
        XCTAssertEqual(key(0o410 + 1), .function(1))
        XCTAssertEqual(key(0o410 + 10), .function(10))
        XCTAssertEqual(key(0o410 + 12), .function(12))
        XCTAssertNil(key(0o410))               // F0 does not exist on keyboards
    }

    func testControlLetters() {
        XCTAssertEqual(char(1), .ctrl("a"))
        XCTAssertEqual(char(19), .ctrl("s"))
        XCTAssertEqual(char(26), .ctrl("z"))
        XCTAssertEqual(KeyEvent.ctrl("s").description, "^S")
        XCTAssertNil(char(0))
        XCTAssertNil(char(0x9B), "a C1 CSI byte is not a character")
    }

    func testPrintableUnicode() {
        XCTAssertEqual(char(0x71), .character("q"))
        XCTAssertEqual(char(0x20), .character(" "))
        XCTAssertEqual(char(0xE9), .character("é"))
        XCTAssertEqual(char(0x5C71), .character("山"))
        XCTAssertEqual(char(0x1F642), .character("🙂"))
        XCTAssertNil(char(0xD800), "a lone surrogate is not a character")
    }

    func testResizeReportsTheNewSize() {
        let event = KeyDecoder.decode(status: keyCodeYes, value: 0o632, size: { Size(width: 100, height: 30) })
        XCTAssertEqual(event, .resize(width: 100, height: 30))
    }

    func testMouseClicksAndWheel() {
        func mouse(_ state: UInt32) -> KeyEvent? {
            KeyDecoder.decode(status: keyCodeYes, value: 0o631,
                              mouse: { MouseReport(x: 7, y: 3, buttonState: state) })
        }
        XCTAssertEqual(mouse(0o2), .click(x: 7, y: 3, button: 1))          // BUTTON1_PRESSED
        XCTAssertEqual(mouse(0o4), .click(x: 7, y: 3, button: 1))          // BUTTON1_CLICKED
        XCTAssertEqual(mouse(0o2 << 10), .click(x: 7, y: 3, button: 3))    // BUTTON3_PRESSED
        XCTAssertEqual(mouse(0o2 << 15), .wheelUp(x: 7, y: 3))             // BUTTON4_PRESSED
        XCTAssertEqual(mouse(0o2 << 20), .wheelDown(x: 7, y: 3))           // BUTTON5_PRESSED
        XCTAssertNil(mouse(0o1), "a release is not a click")               // BUTTON1_RELEASED
        XCTAssertNil(KeyDecoder.decode(status: keyCodeYes, value: 0o631, mouse: { nil }))
    }

    func testUnknownKeyCodesAreIgnored() {
        XCTAssertNil(key(0o777))
    }
}
