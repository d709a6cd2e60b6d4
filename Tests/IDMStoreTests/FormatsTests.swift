import Foundation
import IDMStore
import XCTest

/// `Formats.internetTime` is what JSON output prints for every date: it must be Foundation's
/// `.iso8601` text exactly, or `--json` would change under scripts.
final class FormatsTests: XCTestCase {
    func testInternetTimeIsFoundationsISO8601() {
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = [0, 0.999, 59.5, 86_399.999_9, 86_400, 951_782_400, 951_868_799, 4_107_542_400, 253_402_300_799.9,
                             1_700_000_000.000_001, 1_709_164_800 /* 2024-02-29 */, 4_102_444_800 /* 2100-01-01 */]
            .map(Date.init(timeIntervalSince1970:))
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800, using: &generator)))
            // Whole seconds and their neighbours, where truncation could differ from rounding.
            let whole = Double(Int.random(in: 0..<4_200_000_000, using: &generator))
            dates += [whole, whole - 0.000_1, whole + 0.999_9].filter { $0 >= 0 }.map(Date.init(timeIntervalSince1970:))
        }
        // Outside 1970-9999, Foundation itself.
        dates += [-1, -86_400.5, 253_402_300_800, 300_000_000_000].map(Date.init(timeIntervalSince1970:))
        for date in dates {
            XCTAssertEqual(Formats.internetTime(date), date.formatted(.iso8601), "\(date.timeIntervalSince1970)")
        }
        XCTAssertEqual(Formats.internetTime(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00Z")
    }
}
