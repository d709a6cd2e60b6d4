import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// Users, groups and roles through the service: refusals write nothing, every change has its
/// audit event with before and after, stale versions conflict, previews match what happens.
final class AdminServiceTests: XCTestCase {
    let alice = ActorRef(login: "alice")

    private func role(_ dir: TestDirectory, _ name: String) throws -> Role {
        try dir.store.read { db in try Q.role(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: name) }
    }

    private func lastEvent(_ dir: TestDirectory) throws -> AuditEvent {
        try dir.store.read { db in try Q.audit(db, account: nil, filter: .init(limit: 1))[0] }
    }

    private func events(_ dir: TestDirectory, since count: Int) throws -> [AuditEvent] {
        try dir.store.read { db in try Q.audit(db, account: nil).filter { $0.id > Int64(count) }.reversed() }
    }

    /// dana (Property Viewer on Web Properties) and walt (Property Developer on Web APIs): the
    /// two users whose access a move of Staging under Web APIs changes.
    private func addDanaAndWalt(_ dir: TestDirectory) throws -> (User, User) {
        let dana = try dir.service.createUser(alice, NewUser(login: "dana", firstName: "Dana", lastName: "Diaz", email: "dana@acme.example",
            grants: [Grant(groupID: try dir.group("Web Properties"), roleID: try role(dir, "Property Viewer").id)]))
        let walt = try dir.service.createUser(alice, NewUser(login: "walt", firstName: "Walt", lastName: "Wu", email: "walt@acme.example",
            grants: [Grant(groupID: try dir.group("Web APIs"), roleID: try role(dir, "Property Developer").id)]))
        return (dana, walt)
    }

    // MARK: - Users

    func testEditProfileRecordsOnlyTheChangedFields() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        let edited = try dir.service.editUser(alice, user: nora.id, UserProfileEdit(jobTitle: "Lead analyst", phone: "+44 1234 567891",
                                                                                     timeZone: "Europe/London"), expectedVersion: nora.version)
        XCTAssertEqual(edited.jobTitle, "Lead analyst")
        XCTAssertEqual(edited.phone, "+441234567891")
        XCTAssertEqual(edited.version, nora.version + 1)
        let event = try lastEvent(dir)
        XCTAssertEqual(event.action, "user.edit")
        XCTAssertEqual(event.actorLogin, "alice")
        XCTAssertEqual(event.before, ["jobTitle": "Web analyst", "phone": "", "timeZone": "UTC"])
        XCTAssertEqual(event.after, ["jobTitle": "Lead analyst", "phone": "+441234567891", "timeZone": "Europe/London"])
    }

    func testUsersEditTheirOwnProfileButNotOthers() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        try dir.service.editUser(ActorRef(login: "nora"), user: nora.id, UserProfileEdit(lastName: "Nakamura-Berg"))
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.editUser(ActorRef(login: "nora"), user: try dir.user("mike").id, UserProfileEdit(firstName: "M"))) {
            XCTAssertEqual($0 as? IDMError, .denied("You need the Admin role or a role with IDM: Manage Users."))
        }
        XCTAssertEqual(try dir.auditCount(), before)
        XCTAssertEqual(try dir.user("mike").firstName, "Mike")
    }

    func testInvalidProfileWritesNothing() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.editUser(alice, user: nora.id, UserProfileEdit(firstName: String(repeating: "n", count: 51)))) {
            XCTAssertEqual("\($0)", "First name must be 1-50 characters (it has 51).")
        }
        XCTAssertEqual(try dir.user("nora"), nora)
        XCTAssertEqual(try dir.auditCount(), before)
    }

    func testStaleVersionConflictsAndNamesWhoChangedIt() throws {
        let dir = try TestDirectory()
        let stale = try dir.user("nora")
        try dir.service.editUser(alice, user: stale.id, UserProfileEdit(jobTitle: "A"),
                                 expectedVersion: stale.version)
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.lockUser(alice, user: stale.id, expectedVersion: stale.version)) { error in
            guard case IDMError.conflict(let target, let by, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(target, "nora")
            XCTAssertEqual(by, "alice")
        }
        XCTAssertFalse(try dir.user("nora").locked)
        XCTAssertEqual(try dir.auditCount(), before)
    }

    func testSetGrantsReplacesThemAndRecordsPathsAndRoleNames() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        let purge = try role(dir, "Purge Operator")
        let updated = try dir.service.setUserGrants(alice, user: nora.id, grants: [Grant(groupID: try dir.group("Live"), roleID: purge.id)],
                                                    expectedVersion: nora.version)
        XCTAssertEqual(updated.grants, [Grant(groupID: try dir.group("Live"), roleID: purge.id)])
        // Rule 17: nora lost Acme Web, so reporting-bot shrinks, in the same transaction, after the grant event.
        let events = try dir.store.read { db in try Q.audit(db, account: nil, filter: Q.AuditFilter(limit: 2)) }
        XCTAssertEqual(events.map(\.action), ["client.shrink", "user.grants"])
        XCTAssertEqual(events[0].targetName, "reporting-bot")
        let event = events[1]
        XCTAssertEqual(event.before, ["grants": "Acme Web: Property Viewer"])
        XCTAssertEqual(event.after, ["grants": "Acme Streaming > Live: Purge Operator"])
        XCTAssertThrowsError(try dir.service.setUserGrants(alice, user: nora.id, grants: [])) {
            XCTAssertEqual($0 as? IDMError, .denied("A user needs at least one group role."))
        }
        XCTAssertThrowsError(try dir.service.setUserGrants(alice, user: try dir.user("alice").id, grants: updated.grants)) {
            XCTAssertEqual($0 as? IDMError, .denied("alice is the last unlocked Admin of contract C-ACME-WEB (root group Acme Web) and cannot be demoted; make another user Admin on Acme Web first."))
        }
    }

    func testLockedUserCannotActAndUnlockRestores() throws {
        let dir = try TestDirectory()
        let mike = try dir.user("mike")
        try dir.service.lockUser(alice, user: mike.id)
        XCTAssertEqual(try lastEvent(dir).after, ["locked": "true"])
        let pipeline = try dir.client("purge-pipeline")
        XCTAssertThrowsError(try dir.service.generateCredential(ActorRef(login: "mike"), client: pipeline.id)) {
            XCTAssertEqual($0 as? IDMError, .denied("Your user mike is locked."))
        }
        XCTAssertThrowsError(try dir.service.lockUser(alice, user: mike.id)) {
            XCTAssertEqual($0 as? IDMError, .denied("mike is already locked."))
        }
        try dir.service.unlockUser(alice, user: mike.id)
        XCTAssertFalse(try dir.user("mike").locked)
        XCTAssertThrowsError(try dir.service.lockUser(alice, user: try dir.user("alice").id)) {
            XCTAssertEqual($0 as? IDMError, .denied("alice is the last unlocked Admin of contract C-ACME-WEB (root group Acme Web) and cannot be locked; make another user Admin on Acme Web first."))
        }
    }

    func testBlockAndUnblockASubgroup() throws {
        let dir = try TestDirectory()
        let nora = try dir.user("nora")
        let staging = try dir.group("Staging")
        let blocked = try dir.service.blockGroup(alice, user: nora.id, group: staging)
        XCTAssertEqual(blocked.blockedGroups, [staging])
        XCTAssertFalse(try dir.store.read { db in try Q.access(db, of: blocked) }.groupIDs.contains(staging))
        let events = try dir.store.read { db in try Q.audit(db, account: nil, filter: Q.AuditFilter(limit: 2)) }
        XCTAssertEqual(events.map(\.action), ["client.shrink", "user.block"], "reporting-bot loses Staging with nora")
        XCTAssertEqual(events[1].after, ["blocked": "Acme Web > Web Properties > Staging"])
        let unblocked = try dir.service.unblockGroup(alice, user: nora.id, group: staging)
        XCTAssertEqual(unblocked.blockedGroups, [])
    }

    func testDeleteUserRefusedWhileOwnerOrCreatorAndWritesNothing() throws {
        let dir = try TestDirectory()
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.deleteUser(alice, user: try dir.user("mike").id)) {
            XCTAssertEqual($0 as? IDMError, .denied("mike owns 1 API client (purge-pipeline); transfer ownership first."))
        }
        XCTAssertThrowsError(try dir.service.deleteUser(alice, user: try dir.user("ivan").id)) {
            XCTAssertEqual($0 as? IDMError, .denied("ivan created 1 API client (reporting-bot), which keeps its creator; delete it first, or lock ivan instead."))
        }
        XCTAssertEqual(try dir.auditCount(), before)
        XCTAssertNotNil(try dir.store.read { db in try Q.user(db, login: "ivan") })
    }

    func testDeleteUserRemovesGrantsAndBlocksAndRecordsTheUser() throws {
        let dir = try TestDirectory()
        let pat = try dir.user("pat")
        try dir.service.blockGroup(alice, user: pat.id, group: try dir.group("Live"))
        try dir.service.deleteUser(alice, user: pat.id)
        XCTAssertNil(try dir.store.read { db in try Q.user(db, login: "pat") })
        XCTAssertEqual(try dir.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_grant WHERE user_id = ?", arguments: [pat.id]) }, 0)
        let event = try lastEvent(dir)
        XCTAssertEqual(event.action, "user.delete")
        XCTAssertEqual(event.before["login"], "pat")
        XCTAssertEqual(event.before["grants"], "Acme Streaming: Purge Operator; Acme Web: Purge Operator")
        XCTAssertEqual(event.before["blocked"], "Acme Streaming > Live")
        XCTAssertEqual(event.after, [:])
    }

    // MARK: - Groups

    func testRenameGroupAuditsPathAndRefusesSiblingClash() throws {
        let dir = try TestDirectory()
        let id = try dir.group("Web APIs")
        let renamed = try dir.service.renameGroup(alice, group: id, to: "  APIs ")
        XCTAssertEqual(renamed.name, "APIs")
        let event = try lastEvent(dir)
        XCTAssertEqual(event.before, ["name": "Web APIs", "path": "Acme Web > Web APIs"])
        XCTAssertEqual(event.after, ["name": "APIs", "path": "Acme Web > APIs"])
        XCTAssertThrowsError(try dir.service.renameGroup(alice, group: id, to: "Web Properties")) {
            XCTAssertEqual($0 as? IDMError, .denied("Acme Web already has a subgroup named Web Properties."))
        }
        XCTAssertThrowsError(try dir.service.renameGroup(alice, group: id, to: String(repeating: "g", count: 51))) {
            XCTAssertEqual("\($0)", "Group name must be 1-50 characters (it has 51).")
        }
        XCTAssertThrowsError(try dir.service.renameGroup(alice, group: id, to: "Again", expectedVersion: 1)) {
            guard case IDMError.conflict = $0 else { return XCTFail("\($0)") }
        }
    }

    func testMoveStagingUnderWebAPIsPreviewsAndAppliesWhoGainsAndLoses() throws {
        let dir = try TestDirectory()
        let (dana, walt) = try addDanaAndWalt(dir)
        let staging = try dir.group("Staging"), webAPIs = try dir.group("Web APIs"), webProperties = try dir.group("Web Properties")
        // dana's own client on Web Properties and Staging: it loses Staging with her.
        let reader = try dir.service.createClient(ActorRef(login: "dana"), ClientDraft(ownerID: dana.id, name: "stage-reader",
            groupIDs: [webProperties, staging], apis: [APIGrant(serviceID: "papi", level: .readOnly)]))

        let preview = try dir.service.previewGroupMove(alice, group: staging, to: webAPIs)
        XCTAssertEqual(preview.users.map(\.login), ["dana", "walt"])
        XCTAssertEqual(preview.users[0].lost, [staging])
        XCTAssertEqual(preview.users[1].gained, [staging])
        XCTAssertEqual(preview.clients.map(\.name), ["stage-reader"])
        XCTAssertEqual(preview.clients[0].preview.lostGroups, [staging])

        let count = try dir.auditCount()
        let applied = try dir.service.moveGroup(alice, group: staging, to: webAPIs, confirming: preview)
        XCTAssertEqual(applied, preview)
        XCTAssertEqual(try dir.store.read { db in try Q.group(db, id: staging)!.parentID }, webAPIs)
        XCTAssertFalse(try dir.store.read { db in try Q.access(db, of: dana) }.groupIDs.contains(staging))
        XCTAssertTrue(try dir.store.read { db in try Q.access(db, of: walt) }.groupIDs.contains(staging))
        XCTAssertEqual(try dir.client("stage-reader").groupIDs, [webProperties])
        XCTAssertEqual(try dir.client("stage-reader").apis, [APIGrant(serviceID: "papi", level: .readOnly)])

        let written = try events(dir, since: count)
        XCTAssertEqual(written.map(\.action), ["group.move", "client.shrink"])
        XCTAssertEqual(written[0].before, ["parent": "Acme Web > Web Properties", "path": "Acme Web > Web Properties > Staging"])
        XCTAssertEqual(written[0].after["path"], "Acme Web > Web APIs > Staging")
        XCTAssertEqual(written[0].after["access"], "dana -Staging; walt +Staging")
        XCTAssertEqual(written[1].targetName, "stage-reader")
        XCTAssertEqual(written[1].before["groups"], "Acme Web > Web Properties; Acme Web > Web APIs > Staging", "paths as they are now")
        XCTAssertEqual(written[1].after["groups"], "Acme Web > Web Properties")
        XCTAssertEqual(written[1].after["cause"], "dana lost access when Staging moved")
        _ = reader
    }

    func testMoveAcrossContractsOrIntoItsOwnSubtreeWritesNothing() throws {
        let dir = try TestDirectory()
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.moveGroup(alice, group: try dir.group("Staging"), to: try dir.group("Live"))) {
            XCTAssertEqual($0 as? IDMError, .denied("Staging is in contract C-ACME-WEB and Live in C-ACME-STREAM: a group moves only within its own contract."))
        }
        XCTAssertThrowsError(try dir.service.moveGroup(alice, group: try dir.group("Web Properties"), to: try dir.group("Staging"))) {
            XCTAssertEqual($0 as? IDMError, .denied("Staging is inside Web Properties; a group cannot be moved into its own subtree."))
        }
        XCTAssertEqual(try dir.auditCount(), before)
    }

    func testMoveRefusedWhenItsEffectChangedSinceThePreview() throws {
        let dir = try TestDirectory()
        let staging = try dir.group("Staging"), webAPIs = try dir.group("Web APIs")
        let shown = try dir.service.previewGroupMove(alice, group: staging, to: webAPIs)
        XCTAssertTrue(shown.changesNothing, "the cast all hold roles on the root")
        _ = try addDanaAndWalt(dir)
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.moveGroup(alice, group: staging, to: webAPIs, confirming: shown)) {
            guard case IDMError.conflict = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try dir.auditCount(), before)
        XCTAssertEqual(try dir.store.read { db in try Q.group(db, id: staging)!.parentID }, try dir.group("Web Properties"))
    }

    func testDeleteGroupOnlyWhenEmpty() throws {
        let dir = try TestDirectory()
        let before = try dir.auditCount()
        XCTAssertThrowsError(try dir.service.deleteGroup(alice, group: try dir.group("Web Properties"))) {
            XCTAssertEqual($0 as? IDMError, .denied("Web Properties still has 1 subgroup and 2 API clients; move or delete the subgroups, take the group off the clients and change those users' roles first."))
        }
        XCTAssertEqual(try dir.auditCount(), before)
        let empty = try dir.service.createGroup(alice, parent: try dir.group("VOD"), name: "Archive")
        try dir.service.blockGroup(alice, user: try dir.user("pat").id, group: empty.id)
        try dir.service.deleteGroup(alice, group: empty.id)
        XCTAssertNil(try dir.store.read { db in try Q.group(db, id: empty.id) })
        XCTAssertEqual(try dir.user("pat").blockedGroups, [])
        let event = try lastEvent(dir)
        XCTAssertEqual(event.action, "group.delete")
        XCTAssertEqual(event.before, ["name": "Archive", "path": "Acme Streaming > VOD > Archive", "contract": "C-ACME-STREAM", "blockedFor": "pat"])
    }

    // MARK: - Roles

    func testRoleImpactCountsAndTheEditShrinksTheClient() throws {
        let dir = try TestDirectory()
        let viewer = try role(dir, "Property Viewer")
        let narrower: Set<Permission> = [.apiClientsUser, .product("reporting", .readOnly)]
        let impact = try dir.service.previewRoleEdit(alice, role: viewer.id, permissions: narrower)
        XCTAssertEqual(impact.userCount, 1)
        XCTAssertEqual(impact.clientCount, 1)
        XCTAssertEqual(impact.clients.first?.preview.lostAPIs, ["papi"])

        let count = try dir.auditCount()
        try dir.service.editRole(alice, role: viewer.id, RoleEdit(description: "Reads reports.", permissions: narrower),
                                 expectedVersion: viewer.version, confirming: impact)
        XCTAssertEqual(try role(dir, "Property Viewer").permissions, narrower)
        XCTAssertEqual(try dir.client("reporting-bot").apis, [APIGrant(serviceID: "reporting", level: .readOnly)])
        let written = try events(dir, since: count)
        XCTAssertEqual(written.map(\.action), ["role.edit", "client.shrink"])
        XCTAssertEqual(written[0].before["permissions"], "idm.apiClients.user, product.property-manager.read, product.reporting.read")
        XCTAssertEqual(written[0].after["permissions"], "idm.apiClients.user, product.reporting.read")
        XCTAssertEqual(written[0].after["description"], "Reads reports.")
        XCTAssertEqual(written[0].after["impact"], "1 user, 1 API client")
        XCTAssertEqual(written[1].before["apis"], "papi:READ-ONLY, reporting:READ-ONLY")
        XCTAssertEqual(written[1].after["apis"], "reporting:READ-ONLY")

        XCTAssertThrowsError(try dir.service.editRole(alice, role: viewer.id, RoleEdit(name: "Stale"), expectedVersion: viewer.version)) {
            guard case IDMError.conflict = $0 else { return XCTFail("\($0)") }
        }
    }

    func testStandardRoleAndHeldRoleAreRefused() throws {
        let dir = try TestDirectory()
        let before = try dir.auditCount()
        let admin = try role(dir, "Admin")
        XCTAssertThrowsError(try dir.service.editRole(alice, role: admin.id, RoleEdit(description: "x"))) {
            XCTAssertEqual($0 as? IDMError, .denied("Admin is a standard role; standard roles are read-only."))
        }
        XCTAssertThrowsError(try dir.service.deleteRole(alice, role: admin.id)) {
            XCTAssertEqual($0 as? IDMError, .denied("Admin is a standard role; standard roles are read-only."))
        }
        XCTAssertThrowsError(try dir.service.deleteRole(alice, role: try role(dir, "Property Developer").id)) {
            XCTAssertEqual($0 as? IDMError, .denied("Property Developer is held by 1 user; give them other roles first."))
        }
        XCTAssertThrowsError(try dir.service.editRole(alice, role: try role(dir, "Reporting Viewer").id, RoleEdit(permissions: []))) {
            XCTAssertEqual($0 as? IDMError, .denied("A role needs at least one permission."))
        }
        XCTAssertEqual(try dir.auditCount(), before)
    }

    func testDeleteAnUnheldRole() throws {
        let dir = try TestDirectory()
        let id = try dir.service.createRole(alice, name: "Temp", description: "Short-lived.", permissions: [.product("reporting", .readOnly)])
        try dir.service.deleteRole(alice, role: id)
        XCTAssertNil(try dir.store.read { db in try Q.role(db, id: id) })
        let event = try lastEvent(dir)
        XCTAssertEqual(event.action, "role.delete")
        XCTAssertEqual(event.before["permissions"], "product.reporting.read")
    }
}
