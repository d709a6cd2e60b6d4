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

    /// The test process's database files, all in one folder removed when the process exits
    /// (hundreds of fresh demos would otherwise stay behind in the temporary directory).
    static let databases: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-golden-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Golden.databases) }
        return folder
    }()

    static func databasePath() -> String { databases.appendingPathComponent("\(UUID().uuidString).sqlite").path }

    /// A demo directory seeded at `now`, shared by the tests of one process (read-only use).
    static let demo: Store = {
        let path = databasePath()
        let store = try! Store(path: path)
        try! DemoSeed.seed(store: store, now: now)
        return store
    }()

    /// A fresh demo directory of its own, for tests that change it.
    static func freshDemo() throws -> Store {
        let path = databasePath()
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
            do {
                try FileManager.default.createDirectory(at: screensFolder, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                XCTFail("Could not write screens/\(name).txt: \(error)", file: file, line: line)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("No golden screen \(name).txt; run IDM_UPDATE_SCREENS=1 swift test --filter IDMConsoleTests and review it.",
                           file: file, line: line)
        }
        if actual != expected {
            XCTFail("Screen \(name) differs from screens/\(name).txt:\n\(cellDiff(actual: actual, expected: expected))\n\(actual)", file: file, line: line)
        }
    }
}

/// Where two golden files differ, cell by cell: each differing row with the columns that
/// differ, in the text and in the style layers, so a one-cell change is read at once.
func cellDiff(actual: String, expected: String, limit: Int = 12) -> String {
    let a = actual.components(separatedBy: "\n")
    let e = expected.components(separatedBy: "\n")
    var out: [String] = []
    // The golden file holds the text rows, then a "--- styles ---" section and more layers:
    // a row index past the text is a style row; report which layer it belongs to.
    var layer = "text"
    var layerStart = 0
    for i in 0..<max(a.count, e.count) {
        let x = i < a.count ? Array(a[i]) : []
        let y = i < e.count ? Array(e[i]) : []
        if i < e.count, e[i].hasPrefix("--- ") {
            layer = e[i].trimmingCharacters(in: CharacterSet(charactersIn: "- "))
            layerStart = i + 1
        }
        guard x != y else { continue }
        let columns = (0..<max(x.count, y.count)).filter { c in (c < x.count ? x[c] : nil) != (c < y.count ? y[c] : nil) }
        let shown = columns.prefix(8).map { c in "col \(c + 1): \(c < y.count ? "'\(y[c])'" : "none") → \(c < x.count ? "'\(x[c])'" : "none")" }
        out.append("  \(layer) row \(i - layerStart + 1): " + shown.joined(separator: ", ") + (columns.count > 8 ? ", … (\(columns.count) cells)" : ""))
        if out.count >= limit { out.append("  …"); break }
    }
    return out.isEmpty ? "  (same cells; line endings differ)" : "expected → actual:\n" + out.joined(separator: "\n")
}

extension Console {
    func press(_ keys: KeyEvent...) { for key in keys { handle(key) } }
    func type(_ text: String) { for ch in text { handle(.character(ch)) } }
}
