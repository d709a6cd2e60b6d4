import XCTest
@testable import IDMDomain

final class IDMDomainPlaceholderTests: XCTestCase {
    func testBuilds() {}
}
