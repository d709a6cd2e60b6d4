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

    /// The screens shown in the README are the goldens' text, not copies that can drift.
    func testReadmeScreensMatchTheGoldens() throws {
        let readme = Golden.screensFolder.deletingLastPathComponent().appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        var searchFrom = text.startIndex
        var found = 0
        while let open = text.range(of: "<!-- screen:", range: searchFrom..<text.endIndex), !text[open.upperBound...].hasPrefix("end") {
            let nameEnd = text.range(of: " -->\n", range: open.upperBound..<text.endIndex)!
            let name = String(text[open.upperBound..<nameEnd.lowerBound])
            let close = text.range(of: "<!-- screen:end -->", range: nameEnd.upperBound..<text.endIndex)!
            let golden = try String(contentsOf: Golden.screensFolder.appendingPathComponent(name + ".txt"), encoding: .utf8)
            let expected = "```\n" + golden.components(separatedBy: "--- styles ---")[0].trimmingCharacters(in: .newlines) + "\n```\n"
            if ProcessInfo.processInfo.environment["IDM_UPDATE_SCREENS"] == "1" {
                text.replaceSubrange(nameEnd.upperBound..<close.lowerBound, with: expected)
            } else {
                XCTAssertEqual(String(text[nameEnd.upperBound..<close.lowerBound]), expected, "README screen \(name) is stale")
            }
            found += 1
            searchFrom = text.range(of: "<!-- screen:end -->", range: nameEnd.upperBound..<text.endIndex)!.upperBound
        }
        XCTAssertGreaterThanOrEqual(found, 2, "the README shows at least two goldens")
        if ProcessInfo.processInfo.environment["IDM_UPDATE_SCREENS"] == "1" {
            try text.write(to: readme, atomically: true, encoding: .utf8)
        }
    }
}
