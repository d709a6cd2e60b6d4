import XCTest
@testable import IDMDomain

/// Users, groups and roles: rule 10 (a client owner cannot be deleted), browsing managed
/// accounts (resellers), and who manages users, groups and roles (rule 11's actor side).
final class UserPolicyTests: XCTestCase {
    typealias C = DemoCast

    private func owned(by user: User) -> [APIClient] { C.clients.filter { $0.ownerID == user.id } }

    // MARK: - Rule 10

    func testRule10UserWhoOwnsAClientCannotBeDeleted() {
        let decision = Policy.deleteUser(C.context(C.alice), target: C.mike, ownedClients: owned(by: C.mike))
        XCTAssertEqual(decision.reasonText, "mike owns 1 API client (purge-pipeline); transfer ownership first.")
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.nora, ownedClients: owned(by: C.nora)).reasonText,
                       "nora owns 1 API client (reporting-bot); transfer ownership first.")
    }

    func testRule10CreatorWhoDoesNotOwnCanBeDeleted() {
        // ivan created reporting-bot but nora owns it.
        XCTAssertEqual(owned(by: C.ivan), [])
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.ivan, ownedClients: owned(by: C.ivan)), .allowed)
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.pat, ownedClients: []), .allowed)
    }

    func testRule10ReasonListsUpToThreeClients() {
        func client(_ id: ClientID, _ name: String) -> APIClient {
            APIClient(id: id, accountID: 2, clientKey: "k\(id)", name: name, ownerID: C.mike.id, creatorID: C.mike.id)
        }
        let two = [client(1, "zeta"), client(2, "alpha")]
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.mike, ownedClients: two).reasonText,
                       "mike owns 2 API clients (alpha, zeta); transfer ownership first.")
        let four = [client(1, "d"), client(2, "c"), client(3, "b"), client(4, "a")]
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.mike, ownedClients: four).reasonText,
                       "mike owns 4 API clients (a, b, c, ...); transfer ownership first.")
    }

    func testCannotDeleteYourself() {
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.alice, ownedClients: []).reasonText,
                       "alice is the last unlocked Admin of contract C-ACME-WEB (root group Acme Web) and cannot be deleted; make another user Admin on Acme Web first.")
        XCTAssertEqual(Policy.deleteUser(C.context(C.ivan), target: C.ivan, ownedClients: []).reasonText.contains("own user") ||
                       Policy.deleteUser(C.context(C.ivan), target: C.ivan, ownedClients: []).reasonText.contains("Manage Users"), true)
    }

    func testDeleteUserNeedsManageUsers() {
        XCTAssertEqual(Policy.deleteUser(C.context(C.ivan), target: C.pat, ownedClients: []).reasonText,
                       "You need the Admin role or a role with IDM: Manage Users.")
    }

    func testDeleteUserOfAnotherAccountIsRefused() {
        XCTAssertEqual(Policy.deleteUser(C.context(C.alice), target: C.otto, ownedClients: []).reasonText,
                       "User otto belongs to another account than Acme Media.")
    }

    func testResellerCannotDeleteUsersOfManagedAccount() {
        XCTAssertEqual(Policy.deleteUser(C.rheaBrowsingAcme, target: C.pat, ownedClients: []).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot change users under the accounts they manage.")
    }

    // MARK: - Managing users, groups, roles

    func testManageUsersGroupsRoles() {
        for decision in [Policy.manageUsers(C.context(C.alice)), Policy.manageGroups(C.context(C.alice)), Policy.manageRoles(C.context(C.alice)),
                         Policy.manageUsers(C.rheaAtHome), Policy.manageGroups(C.context(C.gina))] {
            XCTAssertEqual(decision, .allowed)
        }
        let ivan = C.context(C.ivan)
        XCTAssertEqual(Policy.manageUsers(ivan).reasonText, "You need the Admin role or a role with IDM: Manage Users.")
        XCTAssertEqual(Policy.manageGroups(ivan).reasonText, "You need the Admin role or a role with IDM: Manage Groups.")
        XCTAssertEqual(Policy.manageRoles(ivan).reasonText, "You need the Admin role or a role with IDM: Manage Roles.")
    }

    func testCustomRoleWithManagePermissions() {
        let groupKeeper = Role(id: 150, accountID: 2, name: "Group Keeper", description: "Keeps the tree tidy.", isStandard: false,
                               permissions: [.groupsAdmin])
        var roles = C.roles
        roles[groupKeeper.id] = groupKeeper
        var vera = C.vera
        vera.grants.append(Grant(groupID: C.acmeStreaming.id, roleID: groupKeeper.id))
        let access = UserAccess.resolve(grants: vera.grants, tree: C.acmeTree, roles: roles)
        let ctx = ActorContext(user: vera, homeAccount: C.acme, account: C.acme, access: access)
        XCTAssertEqual(Policy.manageGroups(ctx), .allowed)
        XCTAssertFalse(Policy.manageRoles(ctx).isAllowed)
        XCTAssertFalse(Policy.createClientForSelf(ctx).isAllowed, "managing groups is not managing API clients")
    }

    func testResellerBrowsingCannotManageGroupsOrRoles() {
        XCTAssertEqual(Policy.manageGroups(C.rheaBrowsingAcme).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot change groups under the accounts they manage.")
        XCTAssertEqual(Policy.manageRoles(C.rheaBrowsingAcme).reasonText,
                       "You are browsing Acme Media, an account managed by Northwind Partners: resellers cannot change roles under the accounts they manage.")
    }

    func testLockedAdminCannotManage() {
        var alice = C.alice
        alice.locked = true
        XCTAssertEqual(Policy.manageUsers(C.context(alice)).reasonText, "Your user alice is locked.")
    }

    // MARK: - Browsing managed accounts

    func testResellerBrowsesTheAccountsItManages() {
        let access = C.access(C.rhea)
        XCTAssertEqual(Policy.browseAccount(user: C.rhea, homeAccount: C.northwind, homeAccess: access, target: C.acme), .allowed)
        XCTAssertEqual(Policy.browseAccount(user: C.rhea, homeAccount: C.northwind, homeAccess: access, target: C.globex), .allowed)
        XCTAssertEqual(Policy.browseAccount(user: C.rhea, homeAccount: C.northwind, homeAccess: access, target: C.northwind), .allowed,
                       "home is always open")
    }

    func testResellerCannotBrowseAnAccountItDoesNotManage() {
        XCTAssertEqual(Policy.browseAccount(user: C.rhea, homeAccount: C.northwind, homeAccess: C.access(C.rhea), target: C.initech).reasonText,
                       "Initech is not managed by Northwind Partners.")
    }

    func testManagedAccountUsersCannotBrowseUpOrSideways() {
        let alice = C.access(C.alice)
        XCTAssertEqual(Policy.browseAccount(user: C.alice, homeAccount: C.acme, homeAccess: alice, target: C.northwind).reasonText,
                       "Northwind Partners is not managed by Acme Media.")
        XCTAssertEqual(Policy.browseAccount(user: C.alice, homeAccount: C.acme, homeAccess: alice, target: C.globex).reasonText,
                       "Globex Retail is not managed by Acme Media.")
        XCTAssertEqual(Policy.browseAccount(user: C.alice, homeAccount: C.acme, homeAccess: alice, target: C.acme), .allowed)
    }

    func testResellerUserWithoutBrowsePermissionIsRefused() {
        let nwAnalyst = Role(id: 210, accountID: 1, name: "Reseller Analyst", description: "Reads reports.", isStandard: false,
                             permissions: [.product(C.reporting, .readOnly)])
        var roles = C.roles
        roles[nwAnalyst.id] = nwAnalyst
        let sam = User(id: 2, accountID: 1, login: "sam", firstName: "Sam", lastName: "Stone", email: "sam@northwind.example",
                       grants: [Grant(groupID: C.nwRoot.id, roleID: nwAnalyst.id)])
        let access = UserAccess.resolve(grants: sam.grants, tree: C.northwindTree, roles: roles)
        XCTAssertEqual(Policy.browseAccount(user: sam, homeAccount: C.northwind, homeAccess: access, target: C.acme).reasonText,
                       "You need a role with Reseller: Browse Managed Accounts to open Acme Media.")
    }

    func testBrowsingContextHasNoAccessAndIsMarkedAsBrowsing() {
        XCTAssertTrue(C.rheaBrowsingAcme.isBrowsingManagedAccount)
        XCTAssertFalse(C.rheaAtHome.isBrowsingManagedAccount)
        XCTAssertTrue(C.rheaBrowsingAcme.access.groupIDs.isEmpty)
        XCTAssertEqual(C.rheaBrowsingAcme.login, "rhea")
    }

    // MARK: - Rule 11: names (the validators the UI and service share)

    func testRule11NameLimits() {
        XCTAssertNotNil(Validate.groupName(String(repeating: "g", count: 50)).validValue)
        XCTAssertEqual(Validate.groupName(String(repeating: "g", count: 51)).validationError?.message,
                       "Group name must be 1-50 characters (it has 51).")
        XCTAssertNotNil(Validate.roleName(String(repeating: "r", count: 70)).validValue)
        XCTAssertEqual(Validate.roleName(String(repeating: "r", count: 71)).validationError?.message,
                       "Role name must be 1-70 characters (it has 71).")
        XCTAssertNotNil(Validate.roleDescription(String(repeating: "d", count: 250)).validValue)
        XCTAssertEqual(Validate.roleDescription(String(repeating: "d", count: 251)).validationError?.message,
                       "Role description must be 1-250 characters (it has 251).")
        XCTAssertEqual(Validate.groupName("").validationError?.message, "Group name is required; enter 1-50 characters.")
    }
}
