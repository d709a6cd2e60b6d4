import XCTest
@testable import IDMDomain

final class AuditLogPolicyTests: XCTestCase {
    typealias C = DemoCast

    func testAnyIDMPermissionReadsTheLogVeraDoesNot() {
        for user in [C.alice, C.ivan, C.nora, C.mike, C.pat] {
            XCTAssertTrue(Policy.readAuditLog(C.context(user)).isAllowed, user.login)
        }
        XCTAssertEqual(Policy.readAuditLog(C.context(C.vera)).reason,
                       "You need the Admin role or an IDM permission to read the audit log of Acme Media.")
        XCTAssertTrue(Policy.readAuditLog(C.rheaBrowsingAcme).isAllowed, "a reseller browsing may look")
    }
}
