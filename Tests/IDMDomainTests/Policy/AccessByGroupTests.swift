import XCTest
@testable import IDMDomain

/// Access is resolved group by group, when asked (a walk up the group's lineage), instead of
/// spreading every grant over the whole tree first. Both must give the same answer for every
/// group: checked against the whole map (`byGroup`, the walk down from each grant) on random
/// trees with nested grants, overrides and blocked subgroups, and on the demo cast.
final class AccessByGroupTests: XCTestCase {
    typealias C = DemoCast

    static let roles: [Role] = [
        Role(id: 1, accountID: 1, name: "Admin", description: "", isStandard: true, permissions: [.admin]),
        Role(id: 2, accountID: 1, name: "Users", description: "", isStandard: true, permissions: [.usersAdmin, .product("papi", .readOnly)]),
        Role(id: 3, accountID: 1, name: "Clients", description: "", isStandard: false, permissions: [.apiClientsUser, .product("papi", .readWrite)]),
        Role(id: 4, accountID: 1, name: "Viewer", description: "", isStandard: false, permissions: [.product("reporting", .readOnly)]),
    ]
    static let byID = Dictionary(uniqueKeysWithValues: roles.map { ($0.id, $0) })

    /// A tree of `count` groups under a few contracts: each group's parent is an earlier one,
    /// or none (a root); a few parents point at a group that is not in the account.
    func randomTree(_ count: Int, _ rng: inout SplitMix64) -> GroupTree {
        var groups: [Group] = []
        for id in 1...Int64(count) {
            let parent: GroupID? = id == 1 || Int.random(in: 0..<8, using: &rng) == 0 ? nil
                : Int.random(in: 0..<20, using: &rng) == 0 ? 10_000 + id : Int64.random(in: 1..<id, using: &rng)
            let contract = parent.flatMap { p in groups.first { $0.id == p }?.contractID } ?? "C-\(Int.random(in: 0..<3, using: &rng))"
            groups.append(Group(id: id, accountID: 1, contractID: contract, parentID: parent, name: "g\(Int.random(in: 0..<50, using: &rng))"))
        }
        return GroupTree(groups.shuffled(using: &rng))
    }

    func assertSameEverywhere(_ access: UserAccess, _ tree: GroupTree, _ label: String) {
        let whole = access.byGroup
        for id in Array(tree.groups.keys) + [0, 99_999] {
            XCTAssertEqual(access.access(on: id), whole[id], "\(label): group \(id)")
        }
        let held = Set(whole.values.map(\.role))
        for permission in [Permission.admin, .usersAdmin, .apiClientsUser, .product("papi", .readWrite)] {
            XCTAssertEqual(access.holdsSomewhere(permission), held.contains { $0.grants(permission) }, "\(label): \(permission)")
        }
        XCTAssertEqual(access.isAdminSomewhere, held.contains(where: \.isAdmin), label)
        XCTAssertEqual(Set(access.roles), held, label)
        for product in ["papi", "reporting", "dns"] {
            XCTAssertEqual(access.bestLevel(for: product), held.compactMap { $0.level(for: product) }.max(), "\(label): \(product)")
        }
    }

    func testEachGroupResolvesAsTheWholeTreeDoes() {
        var rng = SplitMix64(seed: 12)
        for round in 0..<200 {
            let tree = randomTree(Int.random(in: 1...40, using: &rng), &rng)
            let ids = Array(tree.groups.keys).sorted()
            let grants = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                // Now and then an unknown group or role, which grants nothing.
                Grant(groupID: Int.random(in: 0..<12, using: &rng) == 0 ? 77_777 : ids.randomElement(using: &rng)!,
                      roleID: Int.random(in: 0..<12, using: &rng) == 0 ? 99 : Int64.random(in: 1...4, using: &rng))
            }
            let blocked = Set(ids.filter { _ in Int.random(in: 0..<5, using: &rng) == 0 })
            let access = UserAccess.resolve(grants: grants, blocked: blocked, tree: tree, roles: Self.byID)
            assertSameEverywhere(access, tree, "round \(round), grants \(grants.map { "\($0.roleID)@\($0.groupID)" }), blocked \(blocked.sorted())")
        }
    }

    func testTheDemoCastResolvesAsBefore() {
        for user in C.users {
            let access = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: C.acmeTree, roles: C.roles)
            assertSameEverywhere(access, C.acmeTree, user.login)
        }
    }

    /// A map given whole (a reseller's user browsing: none) answers from the map.
    func testAGivenMapAnswersFromItself() {
        let access = UserAccess(byGroup: [C.staging.id: GroupAccess(groupID: C.staging.id, contractID: "C-ACME-WEB", role: Self.roles[2],
                                                                        grantedOn: C.webProperties.id)])
        XCTAssertEqual(access.access(on: C.staging.id)?.role.name, "Clients")
        XCTAssertNil(access.access(on: C.webProperties.id))
        XCTAssertTrue(access.holdsSomewhere(.apiClientsUser), "an inherited entry alone still holds its role")
        XCTAssertFalse(UserAccess.none.holdsSomewhere(.admin))
    }
}
