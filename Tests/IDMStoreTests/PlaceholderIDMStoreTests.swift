import XCTest
@testable import IDMStore

final class IDMStorePlaceholderTests: XCTestCase {
    func testBuilds() {}
}
