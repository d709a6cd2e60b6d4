import XCTest
@testable import IDMDomain

/// Administration of users, groups and roles, with the demo cast: every action, allowed and
/// refused, and the two previews (group move, role change).
final class AdminPolicyTests: XCTestCase {
    typealias C = DemoCast

    let alice = C.context(C.alice)
    let ivan = C.context(C.ivan)
    let nora = C.context(C.nora)

    /// An actor with a custom role carrying `permissions` on Acme Web (and nothing else).
    private func keeper(_ permissions: Set<Permission>) -> (ActorContext, [RoleID: Role]) {
        let role = Role(id: 150, accountID: 2, name: "Keeper", description: "Keeps things.", isStandard: false, permissions: permissions)
        var roles = C.roles
        roles[role.id] = role
        let user = User(id: 40, accountID: 2, login: "kim", firstName: "Kim", lastName: "Keeper", email: "kim@acme.example",
                        grants: [Grant(groupID: C.acmeWeb.id, roleID: role.id)])
        let access = UserAccess.resolve(grants: user.grants, tree: C.acmeTree, roles: roles)
        return (ActorContext(user: user, homeAccount: C.acme, account: C.acme, access: access, tree: C.acmeTree), roles)
    }

    // MARK: - Users: profile, grants, lock

    func testProfileByAdminOrByThemselves() {
        XCTAssertEqual(Policy.editUserProfile(alice, target: C.nora), .allowed)
        XCTAssertEqual(Policy.editUserProfile(nora, target: C.nora), .allowed, "a user edits their own profile")
        XCTAssertEqual(Policy.editUserProfile(nora, target: C.mike).reasonText, "You need the Admin role or a role with IDM: Manage Users.")
        XCTAssertEqual(Policy.editUserProfile(alice, target: C.otto).reasonText, "User otto belongs to another account than Acme Media.")
        XCTAssertEqual(Policy.editUserProfile(C.rheaBrowsingAcme, target: C.nora).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot change users under the accounts they manage.")
        var locked = C.nora
        locked.locked = true
        XCTAssertEqual(Policy.editUserProfile(C.context(locked), target: locked).reasonText, "Your user nora is locked.")
    }

    func testGrantsNeverOnYourself() {
        XCTAssertEqual(Policy.editUserGrants(alice, target: C.nora), .allowed)
        XCTAssertEqual(Policy.editUserGrants(alice, target: C.alice).reasonText, "You cannot change your own roles; ask another admin.")
        XCTAssertEqual(Policy.editUserGrants(ivan, target: C.nora).reasonText, "You need the Admin role or a role with IDM: Manage Users.")
    }

    func testAssignGrants() {
        let viewer = Grant(groupID: C.webProperties.id, roleID: C.propertyViewer.id)
        XCTAssertEqual(Policy.assignGrants(alice, grants: [viewer], tree: C.acmeTree, roles: C.roles), .allowed)
        XCTAssertEqual(Policy.assignGrants(alice, grants: [], tree: C.acmeTree, roles: C.roles).reasonText,
                       "A user needs at least one group role.")
        XCTAssertEqual(Policy.assignGrants(alice, grants: [viewer, Grant(groupID: C.webProperties.id, roleID: C.purgeOperator.id)],
                                           tree: C.acmeTree, roles: C.roles).reasonText,
                       "Acme Web > Web Properties is listed twice; a user holds one role per group.")
        XCTAssertEqual(Policy.assignGrants(alice, grants: [Grant(groupID: C.stores.id, roleID: C.propertyViewer.id)],
                                           tree: C.acmeTree, roles: C.roles).reasonText,
                       "Group #31 is not a group of Acme Media.")
        XCTAssertEqual(Policy.assignGrants(alice, grants: [Grant(groupID: C.live.id, roleID: C.globexDev.id)],
                                           tree: C.acmeTree, roles: C.roles).reasonText,
                       "Role #301 is not a role of Acme Media.")
    }

    func testOnlyAnAdminGrantsAdmin() {
        let (kim, roles) = keeper([.usersAdmin])
        let admin = Grant(groupID: C.webAPIs.id, roleID: C.acmeAdmin.id)
        XCTAssertEqual(Policy.changeUserAccess(kim, target: C.vera, grants: C.vera.grants + [admin], blocked: [], roles: roles,
                                               roster: C.roster, logins: C.logins).reasonText,
                       "You cannot give vera Admin on Acme Web > Web APIs: it carries Admin (admin), which you do not hold there yourself.")
        XCTAssertEqual(Policy.assignGrants(kim, grants: [Grant(groupID: C.live.id, roleID: C.reportingViewer.id)], tree: C.acmeTree, roles: roles),
                       .allowed)
        XCTAssertEqual(Policy.assignGrants(alice, grants: [admin], tree: C.acmeTree, roles: C.roles), .allowed)
    }

    func testLockAndUnlock() {
        XCTAssertEqual(Policy.lockUser(alice, target: C.mike), .allowed)
        XCTAssertEqual(Policy.lockUser(alice, target: C.alice).reasonText,
                       "alice is the last unlocked Admin of contract C-ACME-WEB (root group Acme Web) and cannot be locked; make another user Admin on Acme Web first.")
        XCTAssertEqual(Policy.lockUser(ivan, target: C.mike).reasonText, "You need the Admin role or a role with IDM: Manage Users.")
        var locked = C.mike
        locked.locked = true
        XCTAssertEqual(Policy.lockUser(alice, target: locked).reasonText, "mike is already locked.")
        XCTAssertEqual(Policy.unlockUser(alice, target: locked), .allowed)
        XCTAssertEqual(Policy.unlockUser(alice, target: C.mike).reasonText, "mike is not locked.")
        XCTAssertEqual(Policy.unlockUser(alice, target: C.alice).reasonText, "You cannot unlock your own user.")
        XCTAssertEqual(Policy.unlockUser(C.rheaBrowsingAcme, target: locked).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot change users under the accounts they manage.")
    }

    // MARK: - Users: delete (rule 10 and the creator)

    private func created(by user: User) -> [APIClient] { C.clients.filter { $0.creatorID == user.id } }
    private func owned(by user: User) -> [APIClient] { C.clients.filter { $0.ownerID == user.id } }

    func testCreatorOfAClientCannotBeDeleted() {
        XCTAssertEqual(Policy.deleteUser(alice, target: C.ivan, ownedClients: owned(by: C.ivan), createdClients: created(by: C.ivan)).reasonText,
                       "ivan created 1 API client (reporting-bot), which keeps its creator; delete it first, or lock ivan instead.")
    }

    func testOwnerReasonComesBeforeCreatorReason() {
        XCTAssertEqual(Policy.deleteUser(alice, target: C.mike, ownedClients: owned(by: C.mike), createdClients: created(by: C.mike)).reasonText,
                       "mike owns 1 API client (purge-pipeline); transfer ownership first.")
        var transferred = C.purgePipeline
        transferred.ownerID = C.ivan.id
        XCTAssertEqual(Policy.deleteUser(alice, target: C.mike, ownedClients: [], createdClients: [transferred]).reasonText,
                       "mike created 1 API client (purge-pipeline), which keeps its creator; delete it first, or lock mike instead.")
    }

    func testUsersWithoutClientsAndWithOnlyTheirMigratedRecordCanBeDeleted() {
        XCTAssertEqual(Policy.deleteUser(alice, target: C.vera, ownedClients: [], createdClients: []), .allowed)
        XCTAssertEqual(Policy.deleteUser(alice, target: C.pat, ownedClients: [C.patUserRecord], createdClients: [C.patUserRecord]), .allowed)
    }

    // MARK: - Users: blocked subgroups

    func testBlockAnInheritedSubgroup() {
        XCTAssertEqual(Policy.blockGroup(alice, target: C.nora, group: C.webProperties.id, tree: C.acmeTree, roles: C.roles), .allowed)
        XCTAssertEqual(Policy.blockGroup(alice, target: C.nora, group: C.acmeWeb.id, tree: C.acmeTree, roles: C.roles).reasonText,
                       "Acme Web is the root group of contract C-ACME-WEB; it inherits nothing to block.")
        XCTAssertEqual(Policy.blockGroup(alice, target: C.vera, group: C.live.id, tree: C.acmeTree, roles: C.roles).reasonText,
                       "vera inherits no access on Acme Streaming > Live; there is nothing to block.")
        var dana = C.nora
        dana.grants.append(Grant(groupID: C.staging.id, roleID: C.purgeOperator.id))
        XCTAssertEqual(Policy.blockGroup(alice, target: dana, group: C.staging.id, tree: C.acmeTree, roles: C.roles).reasonText,
                       "nora has a role directly on Acme Web > Web Properties > Staging; remove that role instead of blocking.")
        var blocked = C.nora
        blocked.blockedGroups = [C.webAPIs.id]
        XCTAssertEqual(Policy.blockGroup(alice, target: blocked, group: C.webAPIs.id, tree: C.acmeTree, roles: C.roles).reasonText,
                       "Acme Web > Web APIs is already blocked for nora.")
        XCTAssertEqual(Policy.unblockGroup(alice, target: blocked, group: C.webAPIs.id, tree: C.acmeTree), .allowed)
        XCTAssertEqual(Policy.unblockGroup(alice, target: C.nora, group: C.webAPIs.id, tree: C.acmeTree).reasonText,
                       "Acme Web > Web APIs is not blocked for nora.")
        XCTAssertEqual(Policy.blockGroup(nora, target: C.nora, group: C.staging.id, tree: C.acmeTree, roles: C.roles).reasonText,
                       "You need the Admin role or a role with IDM: Manage Users.")
    }

    // MARK: - Groups

    func testCreateAndRenameKeepSiblingNamesUnique() {
        XCTAssertEqual(Policy.createGroup(alice, parent: C.webProperties, name: "Production", tree: C.acmeTree), .allowed)
        XCTAssertEqual(Policy.createGroup(alice, parent: C.webProperties, name: " staging ", tree: C.acmeTree).reasonText,
                       "Acme Web > Web Properties already has a subgroup named staging.")
        XCTAssertEqual(Policy.createGroup(alice, parent: C.live, name: "Staging", tree: C.acmeTree), .allowed, "another parent, another path")
        XCTAssertEqual(Policy.createGroup(ivan, parent: C.live, name: "X", tree: C.acmeTree).reasonText,
                       "You need the Admin role or a role with IDM: Manage Groups.")
        XCTAssertEqual(Policy.renameGroup(alice, group: C.webAPIs, newName: "APIs", tree: C.acmeTree), .allowed)
        XCTAssertEqual(Policy.renameGroup(alice, group: C.webAPIs, newName: "Web Properties", tree: C.acmeTree).reasonText,
                       "Acme Web already has a subgroup named Web Properties.")
        XCTAssertEqual(Policy.renameGroup(alice, group: C.webAPIs, newName: "web apis", tree: C.acmeTree), .allowed, "its own name, recased")
        XCTAssertEqual(Policy.renameGroup(C.context(C.gina), group: C.webAPIs, newName: "X", tree: C.acmeTree).reasonText,
                       "Group Web APIs belongs to another account than Globex Retail.")
    }

    func testMoveWithinAContractOnly() {
        XCTAssertEqual(Policy.moveGroup(alice, group: C.staging, to: C.webAPIs, tree: C.acmeTree), .allowed)
        XCTAssertEqual(Policy.moveGroup(alice, group: C.staging, to: C.live, tree: C.acmeTree).reasonText,
                       "Staging is in contract C-ACME-WEB and Live in C-ACME-STREAM: a group moves only within its own contract.")
        XCTAssertEqual(Policy.moveGroup(alice, group: C.webProperties, to: C.staging, tree: C.acmeTree).reasonText,
                       "Staging is inside Web Properties; a group cannot be moved into its own subtree.")
        XCTAssertEqual(Policy.moveGroup(alice, group: C.webProperties, to: C.webProperties, tree: C.acmeTree).reasonText,
                       "A group cannot be moved under itself.")
        XCTAssertEqual(Policy.moveGroup(alice, group: C.acmeWeb, to: C.webAPIs, tree: C.acmeTree).reasonText,
                       "Acme Web is the root group of contract C-ACME-WEB; it cannot be moved.")
        XCTAssertEqual(Policy.moveGroup(alice, group: C.staging, to: C.webProperties, tree: C.acmeTree).reasonText,
                       "Staging is already directly under Web Properties.")
        XCTAssertEqual(Policy.moveGroup(ivan, group: C.staging, to: C.webAPIs, tree: C.acmeTree).reasonText,
                       "You need the Admin role or a role with IDM: Manage Groups.")
        let clash = Group(id: 14, accountID: 2, contractID: "C-ACME-WEB", parentID: 13, name: "Staging")
        XCTAssertEqual(Policy.moveGroup(alice, group: C.staging, to: C.webAPIs, tree: GroupTree(C.acmeGroups + [clash])).reasonText,
                       "Acme Web > Web APIs already has a subgroup named Staging.")
    }

    func testRule11DeleteOnlyAnEmptyGroupAndTheReasonCounts() {
        XCTAssertEqual(Policy.deleteGroup(alice, group: C.webAPIs, subgroups: 0, clients: 0, userRoles: 0), .allowed)
        XCTAssertEqual(Policy.deleteGroup(alice, group: C.webProperties, subgroups: 1, clients: 0, userRoles: 0).reasonText,
                       "Web Properties still has 1 subgroup; move or delete the subgroups, take the group off the clients and change those users' roles first.")
        XCTAssertEqual(Policy.deleteGroup(alice, group: C.staging, subgroups: 0, clients: 2, userRoles: 3).reasonText,
                       "Staging still has 2 API clients and 3 user roles; move or delete the subgroups, take the group off the clients and change those users' roles first.")
        XCTAssertEqual(Policy.deleteGroup(alice, group: C.webProperties, subgroups: 2, clients: 1, userRoles: 1).reasonText,
                       "Web Properties still has 2 subgroups, 1 API client and 1 user role; move or delete the subgroups, take the group off the clients and change those users' roles first.")
        XCTAssertEqual(Policy.deleteGroup(alice, group: C.acmeStreaming, subgroups: 0, clients: 0, userRoles: 0).reasonText,
                       "Acme Streaming is the root group of contract C-ACME-STREAM; it cannot be deleted.")
        XCTAssertEqual(Policy.deleteGroup(C.rheaBrowsingAcme, group: C.webAPIs, subgroups: 0, clients: 0, userRoles: 0).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot change groups under the accounts they manage.")
    }

    // MARK: - Roles

    func testStandardRolesAreReadOnly() {
        XCTAssertEqual(Policy.editRole(alice, role: C.acmeAdmin).reasonText, "Admin is a standard role; standard roles are read-only.")
        XCTAssertEqual(Policy.deleteRole(alice, role: C.acmeAdmin, holders: 0).reasonText, "Admin is a standard role; standard roles are read-only.")
        XCTAssertEqual(Policy.editRole(alice, role: C.propertyViewer), .allowed)
        XCTAssertEqual(Policy.editRole(ivan, role: C.propertyViewer).reasonText, "You need the Admin role or a role with IDM: Manage Roles.")
        XCTAssertEqual(Policy.editRole(alice, role: C.globexDev).reasonText, "Role Web Developer belongs to another account than Acme Media.")
    }

    func testDeleteOnlyWhenNoOneHoldsIt() {
        XCTAssertEqual(Policy.deleteRole(alice, role: C.propertyViewer, holders: 1).reasonText,
                       "Property Viewer is held by 1 user; give them other roles first.")
        XCTAssertEqual(Policy.deleteRole(alice, role: C.propertyDeveloper, holders: 3).reasonText,
                       "Property Developer is held by 3 users; give them other roles first.")
        XCTAssertEqual(Policy.deleteRole(alice, role: C.reportingViewer, holders: 0), .allowed)
    }

    func testRolePermissions() {
        let products = Set(C.products.keys)
        XCTAssertEqual(Policy.rolePermissions(alice, [.apiClientsUser, .product(C.reporting, .readOnly)], products: products), .allowed)
        XCTAssertEqual(Policy.rolePermissions(alice, [], products: products).reasonText, "A role needs at least one permission.")
        XCTAssertEqual(Policy.rolePermissions(alice, [Permission("product.teleport.write")], products: products).reasonText,
                       "Unknown permission product.teleport.write; use admin, idm.*, reseller.browse or product.<product>.read|write.")
        XCTAssertEqual(Policy.rolePermissions(alice, [Permission("idm.everything")], products: products).reasonText,
                       "Unknown permission idm.everything; use admin, idm.*, reseller.browse or product.<product>.read|write.")
        // A role keeper may hand out only what they hold.
        let (kim, _) = keeper([.rolesAdmin, .product(C.reporting, .readOnly)])
        XCTAssertEqual(Policy.rolePermissions(kim, [.product(C.reporting, .readOnly)], products: products), .allowed)
        XCTAssertEqual(Policy.rolePermissions(kim, [.product(C.reporting, .readWrite)], products: products).reasonText,
                       "You cannot give a role reporting read-write (product.reporting.write): you do not hold it yourself.")
        XCTAssertEqual(Policy.rolePermissions(kim, [.admin], products: products).reasonText,
                       "You cannot give a role Admin (admin): you do not hold it yourself.")
        XCTAssertEqual(Policy.rolePermissions(kim, [.usersAdmin, .rolesAdmin], previous: [.usersAdmin], products: products), .allowed,
                       "what the role already had may stay")
    }

    // MARK: - Group move preview

    /// The cast: everyone in Acme holds a role on a root group, so moving Staging inside Acme
    /// Web changes no one's access.
    func testMovingStagingUnderWebAPIsChangesNothingForTheCast() {
        let preview = Policy.groupMovePreview(group: C.staging.id, to: C.webAPIs.id, tree: C.acmeTree, users: C.users, roles: C.roles,
                                              clients: C.clients, services: C.services)
        XCTAssertTrue(preview.changesNothing)
        XCTAssertEqual(preview.fromParent, C.webProperties.id)
        XCTAssertEqual(preview.toParent, C.webAPIs.id)
    }

    func testMovePreviewGainsLossesAndRoleChanges() {
        let dana = User(id: 50, accountID: 2, login: "dana", firstName: "Dana", lastName: "Diaz", email: "dana@acme.example",
                        grants: [Grant(groupID: C.webProperties.id, roleID: C.propertyViewer.id)])
        let walt = User(id: 51, accountID: 2, login: "walt", firstName: "Walt", lastName: "Wu", email: "walt@acme.example",
                        grants: [Grant(groupID: C.webAPIs.id, roleID: C.propertyDeveloper.id)])
        // Admin on the whole web contract and a narrower role on Web Properties: Staging's role changes.
        let rosa = User(id: 52, accountID: 2, login: "rosa", firstName: "Rosa", lastName: "Ruiz", email: "rosa@acme.example",
                        grants: [Grant(groupID: C.acmeWeb.id, roleID: C.reportingViewer.id),
                                 Grant(groupID: C.webProperties.id, roleID: C.propertyViewer.id)])
        // Web APIs blocked for her: Staging, moved beneath it, is cut off too.
        var bea = User(id: 53, accountID: 2, login: "bea", firstName: "Bea", lastName: "Berg", email: "bea@acme.example",
                       grants: [Grant(groupID: C.acmeWeb.id, roleID: C.reportingViewer.id)])
        bea.blockedGroups = [C.webAPIs.id]
        let preview = Policy.groupMovePreview(group: C.staging.id, to: C.webAPIs.id, tree: C.acmeTree,
                                              users: C.users + [dana, walt, rosa, bea], roles: C.roles)
        XCTAssertEqual(preview.users.map(\.login), ["bea", "dana", "rosa", "walt"])
        let by = Dictionary(uniqueKeysWithValues: preview.users.map { ($0.login, $0) })
        XCTAssertEqual(by["dana"]?.lost, [C.staging.id])
        XCTAssertEqual(by["dana"]?.gained, [])
        XCTAssertEqual(by["walt"]?.gained, [C.staging.id])
        XCTAssertEqual(by["bea"]?.lost, [C.staging.id])
        XCTAssertEqual(by["rosa"]?.changedRole, [AccessChange.RoleSwap(groupID: C.staging.id, from: C.propertyViewer.id, to: C.reportingViewer.id)])
        XCTAssertEqual(by["rosa"]?.lost, [])
    }

    func testMovePreviewListsClientsThatShrink() {
        let dana = User(id: 50, accountID: 2, login: "dana", firstName: "Dana", lastName: "Diaz", email: "dana@acme.example",
                        grants: [Grant(groupID: C.webProperties.id, roleID: C.propertyViewer.id)])
        let danas = APIClient(id: 20, accountID: 2, clientKey: "k20", name: "stage-reader", ownerID: dana.id, creatorID: dana.id,
                              groupIDs: [C.webProperties.id, C.staging.id], apis: [APIGrant(serviceID: "papi", level: .readOnly)])
        let onlyStaging = APIClient(id: 21, accountID: 2, clientKey: "k21", name: "staging-only", ownerID: dana.id, creatorID: dana.id,
                                    groupIDs: [C.staging.id], apis: [APIGrant(serviceID: "papi", level: .readOnly)])
        let preview = Policy.groupMovePreview(group: C.staging.id, to: C.webAPIs.id, tree: C.acmeTree, users: C.users + [dana],
                                              roles: C.roles, clients: C.clients + [danas, onlyStaging], services: C.services)
        XCTAssertEqual(preview.clients.map(\.name), ["stage-reader", "staging-only"])
        XCTAssertEqual(preview.clients[0].preview.lostGroups, [C.staging.id])
        XCTAssertEqual(preview.clients[0].preview.lostAPIs, [], "papi is still covered on Web Properties")
        XCTAssertEqual(preview.clients[1].preview.lostAPIs, ["papi"], "no group left to hold it on")
    }

    // MARK: - Role change impact

    func testRemovingPropertyManagerFromPropertyViewerReachesNoraAndReportingBot() {
        let impact = Policy.roleChangeImpact(role: C.propertyViewer, newPermissions: [.apiClientsUser, .product(C.reporting, .readOnly)],
                                             users: C.users, clients: C.clients, tree: C.acmeTree, roles: C.roles, services: C.services)
        XCTAssertEqual(impact.userCount, 1)
        XCTAssertEqual(impact.holders, [C.nora.id])
        XCTAssertEqual(impact.removed, [.product(C.propertyManager, .readOnly)])
        XCTAssertEqual(impact.clientCount, 1)
        XCTAssertEqual(impact.clients.first?.name, "reporting-bot")
        XCTAssertEqual(impact.clients.first?.preview.lostAPIs, ["papi"])
    }

    func testLoweringFastPurgeLowersPurgePipeline() {
        var permissions = C.propertyDeveloper.permissions
        permissions.remove(.product(C.fastPurge, .readWrite))
        permissions.insert(.product(C.fastPurge, .readOnly))
        let impact = Policy.roleChangeImpact(role: C.propertyDeveloper, newPermissions: permissions, users: C.users, clients: C.clients,
                                             tree: C.acmeTree, roles: C.roles, services: C.services)
        XCTAssertEqual(impact.holders, [C.mike.id])
        XCTAssertEqual(impact.clients.map(\.name), ["purge-pipeline"])
        XCTAssertEqual(impact.clients[0].preview.loweredAPIs.map { "\($0.0) \($0.from.rawValue)->\($0.to.rawValue)" }, ["ccu READ-WRITE->READ-ONLY"])
    }

    func testAddingAPermissionShrinksNothing() {
        let impact = Policy.roleChangeImpact(role: C.purgeOperator, newPermissions: C.purgeOperator.permissions.union([.product(C.edgeDNS, .readOnly)]),
                                             users: C.users, clients: C.clients, tree: C.acmeTree, roles: C.roles, services: C.services)
        XCTAssertEqual(impact.userCount, 1, "pat holds it")
        XCTAssertEqual(impact.clientCount, 0)
        XCTAssertEqual(impact.added, [.product(C.edgeDNS, .readOnly)])
        XCTAssertFalse(impact.changesNothing)
        let unchanged = Policy.roleChangeImpact(role: C.purgeOperator, newPermissions: C.purgeOperator.permissions, users: C.users,
                                                clients: C.clients, tree: C.acmeTree, roles: C.roles, services: C.services)
        XCTAssertTrue(unchanged.changesNothing)
    }

    // MARK: - Profile fields

    func testProfileValidators() {
        XCTAssertEqual(Validate.phone("+44 1234 567891").validValue, "+441234567891")
        XCTAssertEqual(Validate.phone("(123) 456-7891").validValue, "1234567891")
        XCTAssertEqual(Validate.phone("").validValue, "")
        XCTAssertEqual(Validate.phone("12345").validationError?.message,
                       "\"12345\" is not a phone number: start with + and the country code, e.g. +441234567891 (only US and Canadian numbers may be ten digits without it).")
        XCTAssertEqual(Validate.phone("+1 555 CALL").validationError?.message,
                       "\"+1 555 CALL\" is not a phone number: \"C\" is not allowed; use + and digits, e.g. +441234567891.")
        XCTAssertEqual(Validate.timeZone("America/Argentina/Buenos_Aires").validValue, "America/Argentina/Buenos_Aires")
        XCTAssertEqual(Validate.timeZone("Etc/GMT+5").validValue, "Etc/GMT+5")
        XCTAssertEqual(Validate.timeZone("Europe//Paris").validationError?.message,
                       "\"Europe//Paris\" is not a time zone name; use one like UTC or Europe/Paris.")
        XCTAssertEqual(Validate.jobTitle(String(repeating: "t", count: 76)).validationError?.message,
                       "Job title must be at most 75 characters (it has 76).")
        XCTAssertEqual(Validate.firstName(String(repeating: "f", count: 51)).validationError?.message,
                       "First name must be 1-50 characters (it has 51).")
    }
}
