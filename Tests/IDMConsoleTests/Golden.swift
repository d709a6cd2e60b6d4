import Foundation
import GRDB
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// Golden screens: what a person sees, as text plus a style layer, compared with `screens/`.
/// Regenerate on purpose with `IDM_UPDATE_SCREENS=1 swift test --filter IDMConsoleTests`, then
/// read the diff.
enum Golden {
    static let now = Date(timeIntervalSince1970: 1_796_000_000) // 2026-11-30 00:53 UTC, the demo's "today"

    static var screensFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("screens")
    }

    /// A demo directory seeded at `now`, shared by the tests of one process (read-only use).
    static let demo: Store = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("idm-golden-\(UUID().uuidString).sqlite").path
        let store = try! Store(path: path)
        try! DemoSeed.seed(store: store, now: now)
        return store
    }()

    /// A fresh demo directory of its own, for tests that change it.
    static func freshDemo() throws -> Store {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("idm-golden-\(UUID().uuidString).sqlite").path
        let store = try Store(path: path)
        try DemoSeed.seed(store: store, now: now)
        return store
    }

    static func console(_ login: String, width: Int = 80, height: Int = 24, store: Store = demo, account: String? = nil) throws -> Console {
        let accountID = try account.map { name in try store.read { db in try Q.account(db, named: name)!.id } }
        // Seeded entropy: the credentials screen shows the same test secret on every run.
        let session = try Session(store: store, login: login, accountID: accountID, now: { now }, entropy: SeededEntropy(seed: 42))
        return try Console(session: session, size: Size(width: width, height: height))
    }

    /// Compares the console's current frame with `screens/NAME.txt`.
    static func assert(_ console: Console, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        assert(grid: console.render(), name, file: file, line: line)
    }

    /// Compares any rendered grid (e.g. a screen drawn on its own) with `screens/NAME.txt`.
    static func assert(grid: Grid, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = grid.goldenText()
        let url = screensFolder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["IDM_UPDATE_SCREENS"] == "1" {
            try? FileManager.default.createDirectory(at: screensFolder, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("No golden screen \(name).txt; run IDM_UPDATE_SCREENS=1 swift test --filter IDMConsoleTests and review it.",
                           file: file, line: line)
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
            let where_ = first.map { "line \($0.offset + 1):\n  expected: \($0.element.1)\n  actual:   \($0.element.0)" } ?? "length differs"
            XCTFail("Screen \(name) differs from screens/\(name).txt at \(where_)\n\(actual)", file: file, line: line)
        }
    }
}

extension Console {
    func press(_ keys: KeyEvent...) { for key in keys { handle(key) } }
    func type(_ text: String) { for ch in text { handle(.character(ch)) } }
}
