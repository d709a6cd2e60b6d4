import XCTest
@testable import IDMTerminal

final class IDMTerminalPlaceholderTests: XCTestCase {
    func testBuilds() {}
}
