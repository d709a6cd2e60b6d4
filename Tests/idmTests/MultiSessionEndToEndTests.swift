import Foundation
import GRDB
import XCTest

/// Several admins at once, with real processes: a console open in tmux while the command line
/// changes the directory from outside; a hang-up in the middle of the wizard and the draft it
/// leaves; an idle console that sends nothing, heartbeats and all.
final class MultiSessionEndToEndTests: XCTestCase {
    func testAChangeFromAnotherProcessShowsWithinTwoSecondsAndYourOwnRightsFollow() throws {
        let (_, db) = try CLI.demoDatabase()
        let t = try Tmux()
        try t.run("\(CLI.binary) open --db \(db) --as mike")
        try t.waitFor("mike · Property Developer")
        try t.press("2")
        try t.waitFor("purge-pipeline")
        try t.press("Down")
        var screen = try t.screen()
        XCTAssertTrue(screen.contains("n New client"), screen)

        let locked = try CLI.run(["clients", "lock", "purge-pipeline", "--db", db, "--as", "alice"])
        XCTAssertEqual(locked.status, 0, locked.stderr)
        // No key pressed: the next idle wake (about a second) shows it.
        screen = try t.waitFor("1 on, 1 off  locked", timeout: 2.5)
        XCTAssertNotNil(screen.range(of: #"purge-pipeline .*locked"#, options: .regularExpression), screen)
        XCTAssertTrue(screen.contains("2 of 3"), "the selection stayed on purge-pipeline:\n\(screen)")

        // mike's own roles change in another process: his hints follow within the second.
        let edited = try CLI.run(["users", "edit", "mike", "--grant", "Acme Web=Reporting Viewer", "--yes", "--db", db, "--as", "alice"])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        screen = try t.waitFor("Your roles changed elsewhere: now Reporting Viewer", timeout: 2.5)
        XCTAssertTrue(screen.contains("mike · Reporting Viewer"), screen)
        let styled = try t.styledScreen()
        XCTAssertTrue(Self.isDimmed("New client", in: styled), "the New client hint is dimmed now:\n\(styled)")
        try t.press("n")
        try t.waitFor("You need the")
        try t.press("Escape", "q")
        try t.waitGone("Manage Users & Groups")
    }

    func testAHangUpMidWizardKeepsTheDraftAndTheNextStartResumesIt() throws {
        let (_, db) = try CLI.demoDatabase()
        do {
            let t = try Tmux()
            try t.run("\(CLI.binary) open --db \(db) --as nora")
            try t.waitFor("nora · Property Viewer")
            try t.press("2", "n", "Enter")
            try t.waitFor("Property Manager API (papi)")
            for _ in 0..<6 { try t.press("Down") }
            try t.press("Space", "Enter")
            try t.waitFor("Notification emails")
            try t.typeText("hup-bot")
            try t.waitFor("hup-bot▏")
            // The connection drops: the terminal goes away and the pane's processes get SIGHUP.
            try t.tmux(["kill-server"])
        }
        // The console saves and exits on the hang-up; wait for it to have gone.
        let state = db.replacingOccurrences(of: ".sqlite", with: ".state.sqlite")
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (try? Self.sqlite(state, "SELECT count(*) FROM console_session")) != "0" { usleep(50_000) }
        XCTAssertEqual(try Self.sqlite(state, "SELECT summary FROM draft WHERE login = 'nora'"), "step 3, name hup-bot")

        let t = try Tmux()
        try t.run("\(CLI.binary) open --db \(db) --as nora")
        try t.waitFor("Resume the New API Client draft from")
        try t.press("y")
        try t.waitFor("hup-bot▏")
        try t.press("Enter")
        try t.waitFor("Enter Create")
        try t.press("Enter")
        try t.waitFor("Save these now")
        let listed = try CLI.run(["clients", "show", "hup-bot", "--db", db, "--as", "nora"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("papi"), listed.stdout)
        XCTAssertEqual(try Self.sqlite(state, "SELECT count(*) FROM draft"), "0", "creating removes the draft")
    }

    func testAnIdleConsoleSendsNoBytesAndHeartbeatsWakeNoOtherConsole() throws {
        let (_, db) = try CLI.demoDatabase()
        let other = try Tmux()
        try other.run("\(CLI.binary) open --db \(db) --as ivan")
        try other.waitFor("ivan · ")
        let t = try Tmux()
        try t.run("\(CLI.binary) open --db \(db) --as alice")
        // alice sees ivan after her first heartbeat read (at most 10 s).
        try t.waitFor("1 other admin in Acme Media", timeout: 15)
        let bytes = t.home.appendingPathComponent("pane-bytes").path
        try t.tmux(["pipe-pane", "-t", t.session, "-o", "cat >> \(bytes)"])
        // Both consoles beat their hearts at least once while this runs (every 10 s).
        sleep(11)
        let written = (try? Data(contentsOf: URL(fileURLWithPath: bytes)))?.count ?? 0
        XCTAssertEqual(written, 0, "an idle console writes nothing to the terminal")
        // The pipe does see what the console sends once there is something to send.
        try t.press("2")
        try t.waitFor("purge-pipeline")
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, ((try? Data(contentsOf: URL(fileURLWithPath: bytes)))?.count ?? 0) == 0 { usleep(20_000) }
        XCTAssertGreaterThan((try? Data(contentsOf: URL(fileURLWithPath: bytes)))?.count ?? 0, 0, "the pipe captures the pane's output")
        try t.tmux(["pipe-pane", "-t", t.session])
        try t.press("q")
        try t.waitGone("Manage Users & Groups")
        try other.press("q")
    }

    // MARK: Helpers

    /// One value from the state database, read as the next console would (no sqlite3 process).
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: path, configuration: config).read { db in
            try String.fetchOne(db, sql: "SELECT CAST((\(sql)) AS TEXT)") ?? ""
        }
    }

    /// Whether `label` is drawn dim (SGR 2) in a `capture-pane -e` screen.
    static func isDimmed(_ label: String, in styled: String) -> Bool {
        for line in styled.components(separatedBy: "\n") {
            guard let range = line.range(of: label) else { continue }
            // The last SGR sequence before the label says how it is drawn.
            let before = line[..<range.lowerBound]
            guard let esc = before.range(of: "\u{1B}[", options: .backwards) else { return false }
            let sequence = before[esc.upperBound...].prefix { $0 != "m" }
            let parameters = sequence.split(separator: ";").map(String.init)
            return parameters.contains("2")
        }
        return false
    }
}
