import XCTest
@testable import IDMStore

final class idmPlaceholderTests: XCTestCase {
    func testBuilds() {}
}
