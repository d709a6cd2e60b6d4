import Foundation
import XCTest

/// The real binary in a real terminal (tmux, 80x24): what a person does, and that the shell
/// gets its terminal back.
final class ConsoleEndToEndTests: XCTestCase {
    func testTabsFilterDetailAndQuitRestoresThePrompt() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) demo --as alice")
        try t.waitFor("Manage Users & Groups · Acme Media")
        try t.waitFor("alice · Admin")

        try t.press("2")
        try t.waitFor("purge-pipeline")
        try t.press("/")
        try t.typeText("purge")
        var screen = try t.waitFor("1 of 1")
        XCTAssertFalse(screen.contains("reporting-bot"), "the filter hides the other clients:\n\(screen)")
        try t.press("Enter", "Enter")
        screen = try t.waitFor("Fast Purge API (ccu)")
        XCTAssertTrue(screen.contains("Owner           mike"), screen)
        try t.press("Escape")
        try t.waitFor("1 of 1")
        try t.press("Escape")          // clears the filter
        try t.waitFor("reporting-bot")

        try t.press("3")
        try t.waitFor("Web Properties")
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        try t.run("echo EXIT=$?")
        screen = try t.waitFor("EXIT=0")
        XCTAssertTrue(screen.contains("PROMPT$ echo EXIT=$?"), "the shell prompt is back:\n\(screen)")
    }

    func testResellerSwitchesAccountAndTooSmallTerminalRecovers() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) demo --as rhea")
        try t.waitFor("Northwind Partners")
        try t.press("A")
        try t.waitFor("Switch account")
        try t.typeText("acme")
        try t.press("Enter")
        try t.waitFor("Acme Media · managed by Northwind Partners")
        try t.press("2")
        try t.waitFor("purge-pipeline")
        try t.press("n")
        try t.waitFor("resellers")

        try t.resize(width: 30, height: 8)
        try t.waitFor("Terminal too small: 30x8")
        try t.resize(width: 80, height: 24)
        try t.waitFor("Acme Media · managed by Northwind Partners")
        try t.waitFor("purge-pipeline")

        try t.press("q")
        try t.waitGone("Northwind")
        try t.run("echo EXIT=$?")
        try t.waitFor("EXIT=0")
    }

    func testNoDatabaseOrUnknownUserGivesAClearMessage() throws {
        let t = try Tmux()
        try t.run("\(CLI.binary) --db /nonexistent/idm.sqlite --as alice; echo EXIT=$?")
        var screen = try t.waitFor("EXIT=1")
        XCTAssertTrue(screen.contains("idm init"), screen)
        try t.run("\(CLI.binary) demo --as zed; echo STATUS=$?")
        screen = try t.waitFor("STATUS=1")
        XCTAssertTrue(screen.contains("No user \"zed\""), screen)
    }
}
