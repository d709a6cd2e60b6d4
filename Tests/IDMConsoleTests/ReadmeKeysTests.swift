import Foundation
import IDMConsole
import XCTest

/// The README's key list is the bindings table, not a copy that can drift.
final class ReadmeKeysTests: XCTestCase {
    func testReadmeKeyListMatchesTheBindings() throws {
        let readme = Golden.screensFolder.deletingLastPathComponent().appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- keys:begin -->\n"
        let end = "<!-- keys:end -->"
        guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else {
            return XCTFail("README.md has no <!-- keys:begin --> ... <!-- keys:end --> section")
        }
        let expected = Bindings.markdownKeyList()
        if ProcessInfo.processInfo.environment["IDM_UPDATE_SCREENS"] == "1" {
            text.replaceSubrange(b.upperBound..<e.lowerBound, with: expected)
            try text.write(to: readme, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(String(text[b.upperBound..<e.lowerBound]), expected,
                       "README key list is stale: IDM_UPDATE_SCREENS=1 swift test --filter IDMConsoleTests")
    }
}
