import XCTest
@testable import IDMTerminal

/// The pure mouse rules: hover decoding, which terminals get mode 1003, double-click timing
/// and split mouse reports. Button states are ncurses 6's numbers (NCURSES_MOUSE_VERSION 2).
final class MouseTests: XCTestCase {
    let position: UInt32 = 0o10 << 25               // REPORT_MOUSE_POSITION
    let button1Pressed: UInt32 = 0o2
    let button1Released: UInt32 = 0o1
    let shift: UInt32 = 0o2 << 25                   // BUTTON_SHIFT

    func mouse(_ state: UInt32, x: Int = 7, y: Int = 3) -> KeyEvent? {
        KeyDecoder.decode(status: 0o400, value: 0o631,   // KEY_CODE_YES, KEY_MOUSE
                          mouse: { MouseReport(x: x, y: y, buttonState: state) })
    }

    // MARK: Decoder

    func testPositionReportWithoutButtonsIsMotion() {
        XCTAssertEqual(mouse(position), .motion(x: 7, y: 3))
        XCTAssertEqual(mouse(position | shift), .motion(x: 7, y: 3), "a modifier held while hovering")
        XCTAssertEqual(KeyEvent.motion(x: 7, y: 3).description, "motion@7,3")
    }

    func testPressWithPositionBitIsStillAClick() {
        XCTAssertEqual(mouse(button1Pressed | position), .click(x: 7, y: 3, button: 1))
        XCTAssertEqual(mouse((0o2 << 15) | position), .wheelUp(x: 7, y: 3))
    }

    func testDoubleClickMergedByCursesIsADoubleClick() {
        XCTAssertEqual(mouse(0o10), .doubleClick(x: 7, y: 3))              // BUTTON1_DOUBLE_CLICKED
        XCTAssertEqual(KeyEvent.doubleClick(x: 7, y: 3).description, "double-click@7,3")
    }

    func testReleaseIsStillDropped() {
        XCTAssertNil(mouse(button1Released))
        XCTAssertNil(mouse(0), "no bit at all")
    }

    func testMouseMaskAsksForMotionAndReleases() {
        let mask = UInt32(KeyDecoder.mouseMask)
        XCTAssertNotEqual(mask & position, 0, "REPORT_MOUSE_POSITION, or curses drops hover reports")
        XCTAssertNotEqual(mask & button1Released, 0, "releases, or curses blocks on them")
        XCTAssertNotEqual(mask & (0o1 << 5), 0, "BUTTON2_RELEASED")
        XCTAssertNotEqual(mask & (0o1 << 10), 0, "BUTTON3_RELEASED")
        XCTAssertNotEqual(mask & button1Pressed, 0)
        XCTAssertNotEqual(mask & 0o10, 0, "BUTTON1_DOUBLE_CLICKED, for a double click that arrives in one burst")
    }

    // MARK: Which terminals

    func testXtermLikeTerminalsGetMotionTracking() {
        for term in ["xterm", "xterm-256color", "xterm-kitty", "xterm-ghostty", "XTERM-256COLOR",
                     "screen", "screen-256color", "screen.xterm-256color", "tmux-256color",
                     "rxvt-unicode-256color", "alacritty", "kitty", "foot", "foot-extra",
                     "wezterm", "st-256color", "st", "konsole-256color", "vte-256color",
                     "gnome-256color", "contour", "mintty", "iterm2"] {
            XCTAssertTrue(MotionTracking.isSupported(term: term), term)
        }
    }

    func testOtherTerminalsDoNot() {
        for term in ["", "linux", "vt100", "vt220", "ansi", "dumb", "eterm-color", "sun",
                     "stupid", "xtermish", "screensaver", "cons25"] {
            XCTAssertFalse(MotionTracking.isSupported(term: term), term)
        }
    }

    func testSequencesAreXtermMode1003() {
        XCTAssertEqual(Array(MotionTracking.enableSequence.utf8), [0x1B] + Array("[?1003h".utf8))
        XCTAssertEqual(Array(MotionTracking.disableSequence.utf8), [0x1B] + Array("[?1003l".utf8))
    }

    // MARK: Double clicks

    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    func testSecondPressOnTheSameCellWithinIntervalIsADoubleClick() {
        var detector = DoubleClickDetector()
        XCTAssertFalse(detector.press(x: 4, y: 2, at: at(0)), "the first press is a click")
        XCTAssertTrue(detector.press(x: 4, y: 2, at: at(250)))
    }

    func testExactlyTheIntervalStillCounts() {
        var detector = DoubleClickDetector()
        XCTAssertEqual(DoubleClickDetector.defaultInterval, .milliseconds(400))
        _ = detector.press(x: 4, y: 2, at: at(0))
        XCTAssertTrue(detector.press(x: 4, y: 2, at: at(400)))
    }

    func testLaterPressIsAClickAndStartsANewPair() {
        var detector = DoubleClickDetector()
        _ = detector.press(x: 4, y: 2, at: at(0))
        XCTAssertFalse(detector.press(x: 4, y: 2, at: at(401)), "too late")
        XCTAssertTrue(detector.press(x: 4, y: 2, at: at(700)), "paired with the late press")
    }

    func testPressOnAnotherCellIsAClick() {
        var detector = DoubleClickDetector()
        _ = detector.press(x: 4, y: 2, at: at(0))
        XCTAssertFalse(detector.press(x: 5, y: 2, at: at(100)), "next column")
        XCTAssertFalse(detector.press(x: 5, y: 3, at: at(200)), "next row")
        XCTAssertTrue(detector.press(x: 5, y: 3, at: at(300)))
    }

    func testTripleClickIsDoubleThenClick() {
        var detector = DoubleClickDetector()
        XCTAssertFalse(detector.press(x: 1, y: 1, at: at(0)))
        XCTAssertTrue(detector.press(x: 1, y: 1, at: at(100)))
        XCTAssertFalse(detector.press(x: 1, y: 1, at: at(200)))
        XCTAssertTrue(detector.press(x: 1, y: 1, at: at(300)))
    }

    func testResetForgetsThePreviousPress() {
        var detector = DoubleClickDetector()
        _ = detector.press(x: 1, y: 1, at: at(0))
        detector.reset()
        XCTAssertFalse(detector.press(x: 1, y: 1, at: at(100)))
    }

    func testCustomIntervalAndClockGoingBackwards() {
        var detector = DoubleClickDetector(interval: .milliseconds(100))
        _ = detector.press(x: 1, y: 1, at: at(0))
        XCTAssertFalse(detector.press(x: 1, y: 1, at: at(150)))
        XCTAssertFalse(detector.press(x: 1, y: 1, at: at(100)), "an earlier time is not a double click")
    }

    // MARK: Split mouse reports

    func match(_ text: String) -> StrayMouseReport.Match {
        StrayMouseReport.match(text.unicodeScalars.map { $0 == "~" ? 0x1B : $0.value })
    }

    func testCompleteReportsAreRecognised() {
        XCTAssertEqual(match("~[<35;12;5M"), .complete, "SGR motion")
        XCTAssertEqual(match("[<35;12;5M"), .complete, "its Esc already handed out")
        XCTAssertEqual(match("[<0;1;1m"), .complete, "SGR release")
        XCTAssertEqual(match("~[<64;300;1000M"), .complete, "wheel, big coordinates")
        XCTAssertEqual(match("~[MC*%"), .complete, "X10 motion")
    }

    func testPrefixesAskForMore() {
        for text in ["~", "[", "~[", "~[<", "[<", "[<35", "[<35;", "[<35;12;5", "~[M", "~[MC*"] {
            XCTAssertEqual(match(text), .prefix, text)
        }
    }

    func testTextAndKeysAreNotReports() {
        for text in ["a", "~a", "[a", "[Main]", "[M", "[<a", "[<3 you", "[<35;;5M", "[<;1;1M",
                     "[<1;2M", "[<1;2;3;4M", "[<12345;1;1M", "[<1;2;3MX", "~~", "~[A", "~[1;5C"] {
            XCTAssertEqual(match(text), .mismatch, text)
        }
    }

    func testOnlyEscAndBracketCanStartOne() {
        XCTAssertTrue(StrayMouseReport.canStart(0x1B))
        XCTAssertTrue(StrayMouseReport.canStart(0x5B))
        XCTAssertFalse(StrayMouseReport.canStart(0x3C), "'<' alone: '<3' is text")
        XCTAssertFalse(StrayMouseReport.canStart(0x61))
    }
}
