import XCTest
@testable import IDMConsole

final class IDMConsolePlaceholderTests: XCTestCase {
    func testBuilds() {}
}
