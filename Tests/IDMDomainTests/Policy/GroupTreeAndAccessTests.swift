import XCTest
@testable import IDMDomain

/// The group tree and resolved access: inheritance down the tree, a direct subgroup grant
/// overriding an inherited role, blocked subgroups, levels across several groups.
final class GroupTreeAndAccessTests: XCTestCase {
    typealias C = DemoCast

    // MARK: - GroupTree

    func testPathsShownToPeople() {
        XCTAssertEqual(C.acmeTree.path(of: C.staging.id), "Acme Web > Web Properties > Staging")
        XCTAssertEqual(C.acmeTree.path(of: C.webAPIs.id), "Acme Web > Web APIs")
        XCTAssertEqual(C.acmeTree.path(of: C.live.id), "Acme Streaming > Live")
        XCTAssertEqual(C.acmeTree.path(of: C.acmeWeb.id), "Acme Web")
        XCTAssertEqual(C.acmeTree.path(of: 999), "", "an unknown group has no path")
    }

    func testTreeShapeUnderContracts() {
        let tree = C.acmeTree
        XCTAssertEqual(tree.contractIDs, ["C-ACME-STREAM", "C-ACME-WEB"])
        XCTAssertEqual(tree.rootGroups(of: "C-ACME-WEB"), [C.acmeWeb.id])
        XCTAssertEqual(tree.rootGroups(of: "C-ACME-STREAM"), [C.acmeStreaming.id])
        XCTAssertEqual(tree.rootGroups(of: "C-NOPE"), [])
        XCTAssertEqual(tree.children(of: C.acmeWeb.id), [C.webAPIs.id, C.webProperties.id], "children are ordered by name")
        XCTAssertEqual(tree.children(of: C.acmeStreaming.id), [C.live.id, C.vod.id])
        XCTAssertEqual(tree.subtree(of: C.acmeWeb.id), [C.acmeWeb.id, C.webAPIs.id, C.webProperties.id, C.staging.id],
                       "depth first, children by name")
        XCTAssertEqual(tree.subtree(of: 999), [])
        XCTAssertEqual(tree.lineage(of: C.staging.id), [C.acmeWeb.id, C.webProperties.id, C.staging.id])
    }

    func testContractsSpannedBySelection() {
        let tree = C.acmeTree
        XCTAssertEqual(tree.contracts(of: [C.webProperties.id, C.staging.id, C.webAPIs.id]), ["C-ACME-WEB"])
        XCTAssertEqual(tree.contracts(of: [C.webProperties.id, C.live.id]), ["C-ACME-WEB", "C-ACME-STREAM"])
        XCTAssertEqual(tree.contracts(of: [GroupID]()), [])
    }

    func testGroupsNamedIsCaseInsensitiveAndExact() {
        XCTAssertEqual(C.acmeTree.groups(named: "staging").map(\.id), [C.staging.id])
        XCTAssertEqual(C.acmeTree.groups(named: "LIVE").map(\.id), [C.live.id])
        XCTAssertEqual(C.acmeTree.groups(named: "Stag"), [], "no prefix matching")
    }

    // MARK: - Inheritance

    func testGrantOnRootCascadesToEverySubgroup() {
        let nora = C.access(C.nora)
        XCTAssertEqual(nora.groupIDs, C.webGroupIDs, "nora's role on Acme Web reaches Web Properties, Staging and Web APIs")
        XCTAssertEqual(nora.contractIDs, ["C-ACME-WEB"])
        let staging = nora.byGroup[C.staging.id]
        XCTAssertEqual(staging?.role.name, "Property Viewer")
        XCTAssertEqual(staging?.grantedOn, C.acmeWeb.id)
        XCTAssertEqual(staging?.isInherited, true)
        XCTAssertEqual(nora.byGroup[C.acmeWeb.id]?.isInherited, false)
        XCTAssertEqual(nora.level(for: C.propertyManager, on: [C.staging.id]), .readOnly)
        XCTAssertNil(nora.level(for: C.propertyManager, on: [C.live.id]), "nothing on the streaming contract")
    }

    func testBothContractsForMikeAndIvan() {
        XCTAssertEqual(C.access(C.mike).groupIDs, C.allAcmeGroupIDs)
        XCTAssertEqual(C.access(C.ivan).contractIDs, ["C-ACME-WEB", "C-ACME-STREAM"])
        XCTAssertEqual(C.access(C.mike).level(for: C.propertyManager, on: C.allAcmeGroupIDs), .readWrite)
    }

    func testDirectSubgroupGrantOverridesInheritedRole() {
        // mike is Property Developer (PM read-write) on Acme Web, and directly Property Viewer on Web Properties.
        var mike = C.mike
        mike.grants.append(Grant(groupID: C.webProperties.id, roleID: C.propertyViewer.id))
        let access = C.access(mike)
        XCTAssertEqual(access.byGroup[C.webProperties.id]?.role.name, "Property Viewer")
        XCTAssertEqual(access.byGroup[C.staging.id]?.role.name, "Property Viewer", "the direct grant cascades to Staging")
        XCTAssertEqual(access.byGroup[C.staging.id]?.grantedOn, C.webProperties.id)
        XCTAssertEqual(access.byGroup[C.webAPIs.id]?.role.name, "Property Developer", "the sibling keeps the inherited role")
        XCTAssertEqual(access.level(for: C.propertyManager, on: [C.staging.id]), .readOnly)
        XCTAssertEqual(access.level(for: C.propertyManager, on: [C.webAPIs.id]), .readWrite)
    }

    func testOverrideDoesNotDependOnGrantOrder() {
        // The deeper grant listed first must still win over the shallower one.
        let grants = [Grant(groupID: C.staging.id, roleID: C.propertyViewer.id), Grant(groupID: C.acmeWeb.id, roleID: C.propertyDeveloper.id)]
        let access = UserAccess.resolve(grants: grants, tree: C.acmeTree, roles: C.roles)
        XCTAssertEqual(access.byGroup[C.staging.id]?.role.name, "Property Viewer")
        XCTAssertEqual(access.byGroup[C.webProperties.id]?.role.name, "Property Developer")
        // A direct grant may also raise the level below an inherited read-only role.
        let raised = UserAccess.resolve(grants: [Grant(groupID: C.staging.id, roleID: C.propertyDeveloper.id),
                                                 Grant(groupID: C.acmeWeb.id, roleID: C.propertyViewer.id)],
                                        tree: C.acmeTree, roles: C.roles)
        XCTAssertEqual(raised.level(for: C.propertyManager, on: [C.staging.id]), .readWrite)
        XCTAssertEqual(raised.level(for: C.propertyManager, on: [C.webProperties.id]), .readOnly)
    }

    func testBlockedSubgroupStopsInheritance() {
        var nora = C.nora
        nora.blockedGroups = [C.webProperties.id]
        let access = C.access(nora)
        XCTAssertEqual(access.groupIDs, [C.acmeWeb.id, C.webAPIs.id], "Web Properties and Staging below it are cut off")
        XCTAssertNil(access.level(for: C.propertyManager, on: [C.staging.id]))
        XCTAssertEqual(access.groupsLacking(C.propertyManager, in: [C.webProperties.id, C.staging.id, C.webAPIs.id]),
                       [C.webProperties.id, C.staging.id])
    }

    func testDirectGrantOnBlockedSubgroupStillApplies() {
        var nora = C.nora
        nora.blockedGroups = [C.webProperties.id]
        nora.grants.append(Grant(groupID: C.webProperties.id, roleID: C.reportingViewer.id))
        let access = C.access(nora)
        XCTAssertEqual(access.byGroup[C.webProperties.id]?.role.name, "Reporting Viewer")
        XCTAssertEqual(access.byGroup[C.staging.id]?.role.name, "Reporting Viewer")
        XCTAssertNil(access.level(for: C.propertyManager, on: [C.staging.id]), "the Property Viewer role no longer reaches Staging")
    }

    func testUnknownRoleOrGroupGrantsNothing() {
        let access = UserAccess.resolve(grants: [Grant(groupID: 999, roleID: C.acmeAdmin.id), Grant(groupID: C.acmeWeb.id, roleID: 999)],
                                        tree: C.acmeTree, roles: C.roles)
        XCTAssertTrue(access.groupIDs.isEmpty)
        XCTAssertFalse(access.canManageAPIClientsSomewhere)
    }

    // MARK: - Levels and permissions

    func testLevelAcrossGroupsIsTheLowest() {
        // read-write on the web contract, read-only on streaming
        let mixed = UserAccess.resolve(grants: [Grant(groupID: C.acmeWeb.id, roleID: C.propertyDeveloper.id),
                                                Grant(groupID: C.acmeStreaming.id, roleID: C.propertyViewer.id)],
                                       tree: C.acmeTree, roles: C.roles)
        XCTAssertEqual(mixed.level(for: C.propertyManager, on: [C.staging.id]), .readWrite)
        XCTAssertEqual(mixed.level(for: C.propertyManager, on: [C.live.id]), .readOnly)
        XCTAssertEqual(mixed.level(for: C.propertyManager, on: [C.staging.id, C.live.id]), .readOnly, "min across the selection")
        XCTAssertEqual(mixed.bestLevel(for: C.propertyManager), .readWrite)
        XCTAssertNil(mixed.level(for: C.propertyManager, on: []), "no groups, no level")
        XCTAssertNil(mixed.level(for: C.edgeDNS, on: [C.staging.id]))
    }

    func testAdminIsReadWriteOnEveryProductAndHoldsEveryIDMPermission() {
        let alice = C.access(C.alice)
        for product in C.productList {
            XCTAssertEqual(alice.level(for: product.id, on: C.allAcmeGroupIDs), .readWrite, product.name)
        }
        XCTAssertTrue(alice.isAdminSomewhere)
        XCTAssertTrue(alice.holdsSomewhere(.apiClientsAdmin))
        XCTAssertTrue(alice.holdsSomewhere(.usersAdmin))
        XCTAssertFalse(alice.holdsSomewhere(.resellerBrowse), "Admin implies IDM permissions only")
        XCTAssertTrue(alice.canManageAPIClientsSomewhere)
    }

    func testWhoMayManageAPIClients() {
        XCTAssertTrue(C.access(C.ivan).holdsSomewhere(.apiClientsAdmin))
        XCTAssertFalse(C.access(C.ivan).isAdminSomewhere)
        XCTAssertFalse(C.access(C.ivan).holdsSomewhere(.usersAdmin))
        for user in [C.nora, C.mike, C.pat] {
            XCTAssertTrue(C.access(user).canManageAPIClientsSomewhere, user.login)
            XCTAssertFalse(C.access(user).holdsSomewhere(.apiClientsAdmin), user.login)
        }
        XCTAssertFalse(C.access(C.vera).canManageAPIClientsSomewhere)
        XCTAssertFalse(UserAccess.none.canManageAPIClientsSomewhere)
        XCTAssertEqual(C.access(C.mike).roles.map(\.name), ["Property Developer"], "each role once")
    }

    func testPermissionLabelsAsTheFAQNamesThem() {
        XCTAssertEqual(Permission.apiClientsAdmin.label, "IDM Admin: Manage API Clients")
        XCTAssertEqual(Permission.apiClientsUser.label, "IDM Non-Admin: Manage API Clients")
        XCTAssertEqual(Permission.admin.label, "Admin")
        XCTAssertEqual(Permission.product(C.fastPurge, .readWrite).label, "fast-purge read-write")
        XCTAssertEqual(Permission.product(C.reporting, .readOnly).label, "reporting read")
    }
}
