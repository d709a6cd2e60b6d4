import XCTest
@testable import IDMDomain

/// Every combination of what step 1 selects and who the owner is, for a single-contract API and
/// an account-wide one that need the same product (Property Manager), so that the scope is the
/// only difference between the two columns:
///
///   selection:  one group | several groups of one contract | groups of two contracts
///   owner:      no Property Manager | read-only | read-write | read-write on web, read-only on streaming
///   API scope:  account-wide | single-contract
///
/// Each cell asserts availability, the reason a person sees, and the highest grantable level;
/// and that `grantAPI` accepts exactly the levels up to it.
final class AvailabilityMatrixTests: XCTestCase {
    typealias C = DemoCast

    enum Selection: String, CaseIterable {
        case oneGroup = "Staging"
        case oneContractSeveralGroups = "Web Properties + Web APIs"
        case twoContracts = "Web Properties + Live"

        var groups: Set<GroupID> {
            switch self {
            case .oneGroup: return [C.staging.id]
            case .oneContractSeveralGroups: return [C.webProperties.id, C.webAPIs.id]
            case .twoContracts: return [C.webProperties.id, C.live.id]
            }
        }
        var spansSeveralContracts: Bool { self == .twoContracts }
    }

    enum Owner: String, CaseIterable {
        case noPropertyManager, readOnly, readWrite, readWriteWebReadOnlyStreaming

        /// Every owner manages their own clients and holds a role on both contract roots.
        var user: User {
            let (web, stream): (Role, Role)
            switch self {
            case .noPropertyManager: (web, stream) = (C.purgeOperator, C.purgeOperator)
            case .readOnly: (web, stream) = (C.propertyViewer, C.propertyViewer)
            case .readWrite: (web, stream) = (C.propertyDeveloper, C.propertyDeveloper)
            case .readWriteWebReadOnlyStreaming: (web, stream) = (C.propertyDeveloper, C.propertyViewer)
            }
            return User(id: 500, accountID: C.acme.id, login: "owner-\(rawValue)", firstName: "Matrix", lastName: "Owner",
                        email: "owner@acme.example",
                        grants: [Grant(groupID: C.acmeWeb.id, roleID: web.id), Grant(groupID: C.acmeStreaming.id, roleID: stream.id)])
        }

        /// The owner's Property Manager level on one group.
        func level(on group: GroupID) -> AccessLevel? {
            switch self {
            case .noPropertyManager: return nil
            case .readOnly: return .readOnly
            case .readWrite: return .readWrite
            case .readWriteWebReadOnlyStreaming: return C.webGroupIDs.contains(group) ? .readWrite : .readOnly
            }
        }
    }

    /// Test-only: an account-wide API on Property Manager, the twin of PAPI but for its scope.
    static let accountWidePM = APIService(id: "pm-reports", name: "Property Reports API", scope: .accountWide,
                                          requiredProduct: C.propertyManager)

    struct Expected {
        let maxLevel: AccessLevel?
        let reason: String?
    }

    /// The rules, written out independently of the policy's code.
    static func expected(_ selection: Selection, _ owner: Owner, _ service: APIService) -> Expected {
        let login = owner.user.login
        if owner == .noPropertyManager {
            return Expected(maxLevel: nil, reason: "The owner (\(login)) needs at least read access to Property Manager.") // rule 7
        }
        if service.scope == .singleContract && selection.spansSeveralContracts {
            return Expected(maxLevel: nil, reason: "Not Available due to multiple groups selected in Step 1") // rule 6
        }
        let levels = selection.groups.map { owner.level(on: $0)! }
        return Expected(maxLevel: levels.min()!, reason: nil) // never above the owner's, anywhere selected
    }

    func testAvailabilityMatrix() {
        let services = [Self.accountWidePM] + C.singleContractServices
        var cells = 0
        for selection in Selection.allCases {
            for owner in Owner.allCases {
                let user = owner.user
                let access = C.access(user)
                for service in services {
                    let cell = "[\(selection.rawValue) | \(owner.rawValue) | \(service.id) \(service.scope.rawValue)]"
                    let want = Self.expected(selection, owner, service)
                    let got = Policy.apiAvailability(of: service, owner: user, ownerAccess: access, selectedGroups: selection.groups,
                                                     tree: C.acmeTree, products: C.products)
                    cells += 1
                    XCTAssertEqual(got.isAvailable, want.reason == nil, "availability \(cell)")
                    XCTAssertEqual(got.decision.reason, want.reason, "reason \(cell)")
                    XCTAssertEqual(got.maxLevel, want.maxLevel, "maxLevel \(cell)")
                    XCTAssertEqual(got.service, service, cell)
                    if want.reason != nil {
                        XCTAssertNotNil(got.help, "an unavailable API explains what to do \(cell)")
                    }

                    // grantAPI accepts exactly the levels up to maxLevel.
                    for level in AccessLevel.allCases {
                        let grant = Policy.grantAPI(got, level: level)
                        if let max = want.maxLevel {
                            if level <= max {
                                XCTAssertEqual(grant, .allowed, "grant \(level.rawValue) \(cell)")
                            } else {
                                XCTAssertEqual(grant.reason, "The owner's access to \(service.name) is \(max.rawValue); \(level.rawValue) would exceed it.",
                                               "grant \(level.rawValue) \(cell)")
                            }
                        } else {
                            XCTAssertEqual(grant.reason, want.reason, "grant \(level.rawValue) \(cell)")
                        }
                    }
                }
            }
        }
        XCTAssertEqual(cells, 3 * 4 * 4)
    }

    /// The same matrix for the demo cast on the real catalogue, spelled out cell by cell, so a
    /// change to any one of them shows which person would see what.
    func testDemoCastPAPIAndFastPurgeCells() {
        struct Row {
            let owner: User
            let groups: Set<GroupID>
            let service: APIService
            let maxLevel: AccessLevel?
            let reason: String?
        }
        let multi = Policy.multipleContractsReason
        let web: Set<GroupID> = [C.webProperties.id]
        let both: Set<GroupID> = [C.webProperties.id, C.live.id]
        let rows: [Row] = [
            Row(owner: C.mike, groups: web, service: C.papi, maxLevel: .readWrite, reason: nil),
            Row(owner: C.mike, groups: both, service: C.papi, maxLevel: nil, reason: multi),
            Row(owner: C.mike, groups: web, service: C.ccu, maxLevel: .readWrite, reason: nil),
            Row(owner: C.mike, groups: both, service: C.ccu, maxLevel: .readWrite, reason: nil),
            Row(owner: C.nora, groups: web, service: C.papi, maxLevel: .readOnly, reason: nil),
            Row(owner: C.nora, groups: both, service: C.papi, maxLevel: nil, reason: multi),
            Row(owner: C.nora, groups: web, service: C.ccu, maxLevel: nil, reason: "The owner (nora) needs at least read access to Fast Purge."),
            Row(owner: C.pat, groups: web, service: C.papi, maxLevel: nil, reason: "The owner (pat) needs at least read access to Property Manager."),
            Row(owner: C.pat, groups: both, service: C.papi, maxLevel: nil, reason: "The owner (pat) needs at least read access to Property Manager."),
            Row(owner: C.pat, groups: both, service: C.ccu, maxLevel: .readWrite, reason: nil),
            Row(owner: C.ivan, groups: web, service: C.papi, maxLevel: .readWrite, reason: nil),
            Row(owner: C.ivan, groups: both, service: C.papi, maxLevel: nil, reason: multi),
            Row(owner: C.vera, groups: web, service: C.papi, maxLevel: nil, reason: "The owner (vera) needs at least read access to Property Manager."),
            Row(owner: C.vera, groups: web, service: C.reportingAPI, maxLevel: .readOnly, reason: nil),
            Row(owner: C.alice, groups: both, service: C.reportingAPI, maxLevel: .readWrite, reason: nil),
        ]
        for row in rows {
            let a = Policy.apiAvailability(of: row.service, owner: row.owner, ownerAccess: C.access(row.owner),
                                           selectedGroups: row.groups, tree: C.acmeTree, products: C.products)
            let cell = "\(row.owner.login) \(row.service.id) on \(row.groups.sorted())"
            XCTAssertEqual(a.isAvailable, row.reason == nil, cell)
            XCTAssertEqual(a.decision.reason, row.reason, cell)
            XCTAssertEqual(a.maxLevel, row.maxLevel, cell)
        }
    }
}
