import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// Every row of a directory file, as text: the schema (sqlite_master in rowid order), then each
/// table's rows ordered by all their columns, each value typed and exact (blobs in hex, doubles
/// by bit pattern). Two snapshots are equal exactly when the stored data is.
enum SQLiteSnapshot {
    static func lines(_ store: Store) throws -> [String] {
        try store.read { db in
            var lines: [String] = []
            let schema = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
            for entry in schema {
                lines.append("schema \(entry["type"] as String) \(entry["name"] as String): \((entry["sql"] as String?) ?? "NULL")")
            }
            for entry in schema where (entry["type"] as String) == "table" {
                let table: String = entry["name"]
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")").count
                let order = (1...max(columns, 1)).map(String.init).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY \(order)") {
                    lines.append("\(table): " + row.map { "\($0.0)=\(render($0.1))" }.joined(separator: " "))
                }
            }
            return lines
        }
    }

    static func render(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let i): return "i\(i)"
        case .double(let d): return "d\(d)#\(d.bitPattern)"
        case .string(let s): return "s\(s.debugDescription)"
        case .blob(let data): return "x" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// The first few lines that differ, for a failure message ("" when equal).
    static func difference(_ before: [String], _ after: [String]) -> String {
        guard before != after else { return "" }
        let (was, now) = (Set(before), Set(after))
        let removed = before.filter { !now.contains($0) }
        let added = after.filter { !was.contains($0) }
        return "database changed:\n" + (removed.prefix(6).map { "- " + $0 } + added.prefix(6).map { "+ " + $0 }).joined(separator: "\n")
    }
}

/// Insiders with some IDM permission on some groups try to reach further than those groups, or
/// around the protections of rules 13-17. Each refusal is checked three ways: the exact reason,
/// the same reason from the decision table (`Decide`), and a database byte-for-byte unchanged.
final class InsiderEscalationTests: XCTestCase {
    let alice = ActorRef(login: "alice")
    let ivan = ActorRef(login: "ivan")
    let nora = ActorRef(login: "nora")
    let mike = ActorRef(login: "mike")
    let pat = ActorRef(login: "pat")
    let vera = ActorRef(login: "vera")

    // MARK: - Helpers

    private func role(_ dir: TestDirectory, _ name: String) throws -> Role {
        try dir.store.read { db in try Q.role(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: name) }
    }

    private func events(_ dir: TestDirectory, limit: Int) throws -> [AuditEvent] {
        try dir.store.read { db in try Q.audit(db, account: nil, filter: Q.AuditFilter(limit: limit)) }
    }

    private func decision(_ dir: TestDirectory, _ actor: ActorRef, _ question: Question) throws -> Decision {
        try dir.store.read { db in try Decide.decision(db, try DirectoryService.context(db, actor), question) }
    }

    /// `body` throws `.denied(reason)`, the decision table (when asked) says the same, and the
    /// database is unchanged.
    private func assertRefused(_ dir: TestDirectory, _ reason: String, as actor: ActorRef? = nil, asking question: Question? = nil,
                               file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) throws {
        let before = try SQLiteSnapshot.lines(dir.store)
        if let actor, let question {
            XCTAssertEqual(try decision(dir, actor, question), .denied(reason), "the decision table", file: file, line: line)
        }
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? IDMError, .denied(reason), file: file, line: line)
        }
        let after = try SQLiteSnapshot.lines(dir.store)
        XCTAssert(before == after, SQLiteSnapshot.difference(before, after), file: file, line: line)
    }

    /// alice creates Subgroup Keeper (Manage Users, Manage Roles) and gives it to pat on Web
    /// APIs, beside his Purge Operator on both contract roots.
    @discardableResult
    private func patKeepsWebAPIs(_ dir: TestDirectory) throws -> RoleID {
        let keeper = try dir.service.createRole(alice, name: "Subgroup Keeper", description: "Manages the users and roles of one subgroup.",
                                                permissions: [.usersAdmin, .rolesAdmin])
        let patUser = try dir.user("pat")
        try dir.service.setUserGrants(alice, user: patUser.id, grants: patUser.grants + [Grant(groupID: try dir.group("Web APIs"), roleID: keeper)])
        return keeper
    }

    /// ivan gets the Admin role on the given contract roots (API Platform Admin stays elsewhere).
    private func makeIvanAdmin(_ dir: TestDirectory, on roots: [String]) throws {
        let admin = try role(dir, "Admin").id, platform = try role(dir, "API Platform Admin").id
        let grants = try ["Acme Web", "Acme Streaming"].map { Grant(groupID: try dir.group($0), roleID: roots.contains($0) ? admin : platform) }
        try dir.service.setUserGrants(alice, user: try dir.user("ivan").id, grants: grants)
    }

    // MARK: - 1. Taking Admin away where one is not Admin

    func testPatCannotTakeAdminFromAliceOnWebAPIs() throws {
        let dir = try TestDirectory()
        try patKeepsWebAPIs(dir)
        let target = try dir.user("alice")
        let grants = target.grants + [Grant(groupID: try dir.group("Web APIs"), roleID: try role(dir, "Reporting Viewer").id)]
        let reason = "Only an Admin on Acme Web > Web APIs can take the Admin role from alice there."
        try assertRefused(dir, reason, as: pat, asking: .editUserAccess(target.id, grants: grants, blocked: [])) {
            try dir.service.setUserGrants(pat, user: target.id, grants: grants)
        }
        try assertRefused(dir, reason) { _ = try dir.service.previewUserAccess(pat, user: target.id, grants: grants) }
        // `idm can-i grant-role "Reporting Viewer" --on "Web APIs" --to alice` says the same.
        let asked = try dir.store.read { db in
            try Ask.decision(db, try DirectoryService.context(db, pat), .grantRole, target: "Reporting Viewer",
                             options: Ask.Options(on: "Web APIs", to: "alice"))
        }
        XCTAssertEqual(asked, .denied(reason))
    }

    // MARK: - 2. Locking an Admin

    func testPatCannotLockAlice() throws {
        let dir = try TestDirectory()
        try patKeepsWebAPIs(dir)
        let target = try dir.user("alice").id
        // As seeded, alice is the only Admin; pat hears first what he lacks.
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Streaming to lock alice " +
                               "(you hold it on Acme Web > Web APIs only).", as: pat, asking: .lockUser(target)) {
            try dir.service.lockUser(pat, user: target)
        }
        // With a second Admin on both contracts, the missing permission is named.
        try makeIvanAdmin(dir, on: ["Acme Web", "Acme Streaming"])
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Streaming to lock alice " +
                               "(you hold it on Acme Web > Web APIs only).", as: pat, asking: .lockUser(target)) {
            try dir.service.lockUser(pat, user: target)
        }
        XCTAssertFalse(try dir.user("alice").locked)
    }

    // MARK: - 3. Another user's profile, outside one's groups

    func testPatCannotChangeIvansEmail() throws {
        let dir = try TestDirectory()
        try patKeepsWebAPIs(dir)
        let target = try dir.user("ivan")
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Streaming to edit ivan's profile " +
                               "(you hold it on Acme Web > Web APIs only).", as: pat, asking: .editUserProfile(target.id, changesEmail: true)) {
            try dir.service.editUser(pat, user: target.id, UserProfileEdit(email: "ivan@attacker.example"))
        }
        XCTAssertEqual(try dir.user("ivan").email, "ivan@acme.example")

        // Control: a user whose only grant is on Web APIs is pat's to edit.
        let walt = try dir.service.createUser(alice, NewUser(login: "walt", firstName: "Walt", lastName: "Wu", email: "walt@acme.example",
            grants: [Grant(groupID: try dir.group("Web APIs"), roleID: try role(dir, "Reporting Viewer").id)]))
        XCTAssertEqual(try dir.service.editUser(pat, user: walt.id, UserProfileEdit(email: "walt.wu@acme.example")).email, "walt.wu@acme.example")
    }

    // MARK: - 4. A new user carrying what the creator lacks

    func testPatCannotCreateAUserMoreCapableThanHimselfOnWebAPIs() throws {
        let dir = try TestDirectory()
        try patKeepsWebAPIs(dir)
        let webAPIs = try dir.group("Web APIs")
        func draft(_ role: RoleID) -> NewUser {
            NewUser(login: "eve", firstName: "Eve", lastName: "Evans", email: "eve@acme.example", grants: [Grant(groupID: webAPIs, roleID: role)])
        }
        let platform = try role(dir, "API Platform Admin").id
        try assertRefused(dir, "You cannot give the new user API Platform Admin on Acme Web > Web APIs: it carries " +
                               "IDM Admin: Manage API Clients (idm.apiClients.admin), which you do not hold there yourself.",
                          as: pat, asking: .createUser(grants: draft(platform).grants)) {
            _ = try dir.service.createUser(pat, draft(platform))
        }
        // Product write access alone: pat's Purge Operator does not reach Web APIs, where his
        // direct Subgroup Keeper grant replaces it.
        let purgeOnly = try dir.service.createRole(alice, name: "Purge Only", description: "Fast Purge read-write.",
                                                   permissions: [.product(Catalogue.fastPurge, .readWrite)])
        try assertRefused(dir, "You cannot give the new user Purge Only on Acme Web > Web APIs: it carries " +
                               "fast-purge read-write (product.fast-purge.write), which you do not hold there yourself.",
                          as: pat, asking: .createUser(grants: draft(purgeOnly).grants)) {
            _ = try dir.service.createUser(pat, draft(purgeOnly))
        }
        XCTAssertNil(try dir.store.read { db in try Q.user(db, login: "eve") })
    }

    // MARK: - 5. Manage Roles on one contract is no way to more product access

    /// alice creates Role Steward (Manage Roles only) and gives it to nora on Acme Streaming.
    @discardableResult
    private func noraStewardsStreaming(_ dir: TestDirectory) throws -> RoleID {
        let steward = try dir.service.createRole(alice, name: "Role Steward", description: "Maintains custom roles.", permissions: [.rolesAdmin])
        let noraUser = try dir.user("nora")
        try dir.service.setUserGrants(alice, user: noraUser.id,
                                      grants: noraUser.grants + [Grant(groupID: try dir.group("Acme Streaming"), roleID: steward)])
        return steward
    }

    func testNoraCannotAddPropertyManagerToHerRoleOnStreaming() throws {
        let dir = try TestDirectory()
        let steward = try noraStewardsStreaming(dir)
        let wanted: Set<Permission> = [.rolesAdmin, .product(Catalogue.propertyManager, .readOnly)]
        let reason = "You cannot add property-manager read (product.property-manager.read) to a role granted on Acme Streaming: " +
            "you do not hold it there yourself."
        try assertRefused(dir, reason, as: nora, asking: .editRole(steward, permissions: wanted)) {
            try dir.service.editRole(nora, role: steward, RoleEdit(permissions: wanted))
        }
        try assertRefused(dir, reason) { _ = try dir.service.previewRoleEdit(nora, role: steward, permissions: wanted) }
        XCTAssertEqual(try role(dir, "Role Steward").permissions, [.rolesAdmin])

        // PAPI on Live stays unavailable to nora's clients: `idm can-i grant-api papi --owner nora --groups Live`.
        let papiOnLive = "The owner (nora) has no access to Property Manager on Live."
        try dir.store.read { db in
            let ctx = try DirectoryService.context(db, nora)
            XCTAssertEqual(try Ask.grantAPI(db, ctx, service: "papi", owner: "nora", groups: ["Live"], level: nil), .denied(papiOnLive))
            XCTAssertEqual(try Ask.grantAPI(db, ctx, service: "papi", owner: "nora", groups: ["Live"], level: .readOnly), .denied(papiOnLive))
            XCTAssertEqual(try Ask.decision(db, ctx, .grantAPI, target: "papi", options: Ask.Options(owner: "nora", groups: ["Live"])),
                           .denied(papiOnLive))
            // Asked by alice for nora, the answer is about nora's access, not alice's.
            XCTAssertEqual(try Ask.grantAPI(db, try DirectoryService.context(db, self.alice), service: "papi", owner: "nora",
                                            groups: ["Live"], level: nil), .denied(papiOnLive))
        }
        // And the service creates no such client.
        try assertRefused(dir, "You need the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients on " +
                               "Acme Streaming > Live to create an API client there (you hold it on Acme Web only).") {
            _ = try dir.service.createClient(nora, ClientDraft(ownerID: try dir.user("nora").id, name: "live-papi",
                groupIDs: [try dir.group("Live")], apis: [APIGrant(serviceID: "papi", level: .readOnly)]))
        }
    }

    // MARK: - 6. A role granted where one lacks Manage Roles

    func testNoraCannotCutMikesRoleGrantedWhereSheLacksManageRoles() throws {
        let dir = try TestDirectory()
        try noraStewardsStreaming(dir)
        let developer = try role(dir, "Property Developer")
        let fewer = developer.permissions.subtracting([.product(Catalogue.diagnostics, .readWrite)])
        let reason = "You need the Admin role or a role with IDM: Manage Roles on Acme Web to change Property Developer, " +
            "which is granted there (you hold it on Acme Streaming only)."
        try assertRefused(dir, reason, as: nora, asking: .editRole(developer.id, permissions: fewer)) {
            try dir.service.editRole(nora, role: developer.id, RoleEdit(permissions: fewer))
        }
        try assertRefused(dir, reason, as: nora, asking: .editRole(developer.id, permissions: nil)) {
            try dir.service.editRole(nora, role: developer.id, RoleEdit(description: "Renamed by nora."))
        }
        XCTAssertEqual(try role(dir, "Property Developer"), developer)
    }

    // MARK: - 7. An Admin of one contract against an Admin of both

    func testAdminOfOneContractCannotDemoteOrLockAlice() throws {
        let dir = try TestDirectory()
        let admin = try role(dir, "Admin").id
        let wesRef = ActorRef(login: "wes")
        try dir.service.createUser(alice, NewUser(login: "wes", firstName: "Wes", lastName: "West", email: "wes@acme.example",
                                                  grants: [Grant(groupID: try dir.group("Acme Streaming"), roleID: admin)]))
        let target = try dir.user("alice")
        let demoted = [Grant(groupID: try dir.group("Acme Web"), roleID: try role(dir, "Property Viewer").id),
                       Grant(groupID: try dir.group("Acme Streaming"), roleID: admin)]
        // alice is still the only Admin of Acme Web; wes hears first what he lacks there.
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Web to change alice's access there.",
                          as: wesRef, asking: .editUserAccess(target.id, grants: demoted, blocked: [])) {
            try dir.service.setUserGrants(wesRef, user: target.id, grants: demoted)
        }
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Web to lock alice " +
                               "(you hold it on Acme Streaming only).", as: wesRef, asking: .lockUser(target.id)) {
            try dir.service.lockUser(wesRef, user: target.id)
        }
        // With ivan Admin on Acme Web too, wes's missing permission there is the reason.
        try makeIvanAdmin(dir, on: ["Acme Web"])
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Web to change alice's access there.",
                          as: wesRef, asking: .editUserAccess(target.id, grants: demoted, blocked: [])) {
            try dir.service.setUserGrants(wesRef, user: target.id, grants: demoted)
        }
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Web to lock alice " +
                               "(you hold it on Acme Streaming only).", as: wesRef, asking: .lockUser(target.id)) {
            try dir.service.lockUser(wesRef, user: target.id)
        }
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Web to edit alice's profile " +
                               "(you hold it on Acme Streaming only).", as: wesRef, asking: .editUserProfile(target.id, changesEmail: true)) {
            try dir.service.editUser(wesRef, user: target.id, UserProfileEdit(email: "alice@attacker.example"))
        }
        XCTAssertEqual(try dir.user("alice").grants, target.grants)
        XCTAssertFalse(try dir.user("alice").locked)
    }

    // MARK: - 8. The last Admin of a contract

    func testLastAdminOfAContractCannotBeDemotedLockedOrDeleted() throws {
        let dir = try TestDirectory()
        try makeIvanAdmin(dir, on: ["Acme Streaming"])
        let target = try dir.user("alice")
        let platform = try role(dir, "API Platform Admin").id, admin = try role(dir, "Admin").id
        let selfDemoted = [Grant(groupID: try dir.group("Acme Web"), roleID: platform), Grant(groupID: try dir.group("Acme Streaming"), roleID: admin)]
        let last = "alice is the last unlocked Admin of contract C-ACME-WEB (root group Acme Web) and cannot be"
        let fix = "; make another user Admin on Acme Web first."
        try assertRefused(dir, last + " demoted" + fix, as: alice, asking: .editUserAccess(target.id, grants: selfDemoted, blocked: [])) {
            try dir.service.setUserGrants(alice, user: target.id, grants: selfDemoted)
        }
        try assertRefused(dir, last + " locked" + fix, as: alice, asking: .lockUser(target.id)) {
            try dir.service.lockUser(alice, user: target.id)
        }
        // ivan, Admin of Acme Streaming only, lacks Manage Users on Acme Web, where alice is the last Admin.
        let lacks = "You need the Admin role or a role with IDM: Manage Users on Acme Web to"
        try assertRefused(dir, lacks + " lock alice (you hold it on Acme Streaming only).", as: ivan, asking: .lockUser(target.id)) {
            try dir.service.lockUser(ivan, user: target.id)
        }
        try assertRefused(dir, lacks + " delete alice (you hold it on Acme Streaming only).", as: ivan, asking: .deleteUser(target.id, transferTo: nil)) {
            try dir.service.deleteUser(ivan, user: target.id)
        }
        try assertRefused(dir, lacks + " lock alice (you hold it on Acme Streaming only).", as: ivan,
                          asking: .offboardUser(target.id, to: try dir.user("ivan").id)) {
            _ = try dir.service.offboardUser(ivan, user: target.id, to: try dir.user("ivan").id)
        }
        // Where ivan is Admin too, alice is not the last; her own roles stay out of her reach.
        let streamingOnly = [Grant(groupID: try dir.group("Acme Web"), roleID: admin),
                             Grant(groupID: try dir.group("Acme Streaming"), roleID: try role(dir, "Property Viewer").id)]
        try assertRefused(dir, "You cannot change your own roles; ask another admin.", as: alice,
                          asking: .editUserAccess(target.id, grants: streamingOnly, blocked: [])) {
            try dir.service.setUserGrants(alice, user: target.id, grants: streamingOnly)
        }
        XCTAssertEqual(try dir.user("alice"), target)
    }

    // MARK: - 9. Composite changes: a refusal of any part changes nothing

    func testDeletingMikeWithTransferIsRefusedAndTransfersNothing() throws {
        let dir = try TestDirectory()
        let mikeUser = try dir.user("mike"), ivanUser = try dir.user("ivan")
        try assertRefused(dir, "mike created 1 API client (purge-pipeline), which keeps its creator; delete it first, or lock mike instead.",
                          as: alice, asking: .deleteUser(mikeUser.id, transferTo: ivanUser.id)) {
            try dir.service.deleteUser(alice, user: mikeUser.id, transferTo: ivanUser.id)
        }
        XCTAssertEqual(try dir.client("purge-pipeline").ownerID, mikeUser.id)
        XCTAssertNotNil(try dir.store.read { db in try Q.user(db, login: "mike") })
    }

    func testProfileEditWithARefusedGrantSavesNeitherPart() throws {
        let dir = try TestDirectory()
        let clerk = try dir.service.createRole(alice, name: "Profile Clerk", description: "Keeps user profiles up to date.", permissions: [.usersAdmin])
        let hal = ActorRef(login: "hal")
        try dir.service.createUser(alice, NewUser(login: "hal", firstName: "Hal", lastName: "Hart", email: "hal@acme.example",
                                                  grants: [Grant(groupID: try dir.group("Acme Web"), roleID: clerk)]))
        let target = try dir.user("nora")
        let grants = [Grant(groupID: try dir.group("Acme Web"), roleID: try role(dir, "Property Developer").id)]
        XCTAssertEqual(try decision(dir, hal, .editUserProfile(target.id, changesEmail: false)), .allowed)
        try assertRefused(dir, "You cannot give nora Property Developer on Acme Web: it carries IDM Non-Admin: Manage API Clients " +
                               "(idm.apiClients.user), which you do not hold there yourself.",
                          as: hal, asking: .editUserAccess(target.id, grants: grants, blocked: [])) {
            try dir.service.editUser(hal, user: target.id, UserEdit(profile: UserProfileEdit(jobTitle: "Lead analyst"), grants: grants))
        }
        // nora herself: her profile is hers, her roles are not.
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users.",
                          as: nora, asking: .editUserAccess(target.id, grants: grants, blocked: [])) {
            try dir.service.editUser(nora, user: target.id, UserEdit(profile: UserProfileEdit(jobTitle: "Lead analyst"), grants: grants))
        }
        XCTAssertEqual(try dir.user("nora"), target)
        // The profile part alone is hal's to save.
        XCTAssertEqual(try dir.service.editUser(hal, user: target.id, UserEdit(profile: UserProfileEdit(jobTitle: "Lead analyst"))).jobTitle,
                       "Lead analyst")
    }

    func testRefusedRotationAtTheCapKeepsBothCredentials() throws {
        let dir = try TestDirectory()
        let pipeline = try dir.client("purge-pipeline")
        let credentials = try dir.store.read { db in try Q.credentials(db, client: pipeline.id) }
        XCTAssertEqual(credentials.map(\.status), [.inactive, .active])
        let (inactive, active) = (credentials[0], credentials[1])
        try assertRefused(dir, "Only the owner (mike) can generate credentials for purge-pipeline.", as: pat, asking: .rotateCredential(pipeline.id)) {
            _ = try dir.service.rotateCredential(pat, client: pipeline.id, overlapDays: 7, deletingInactive: inactive.id)
        }
        // The owner naming the active one as the one to delete: the deletion is refused, so is all.
        try assertRefused(dir, "Only an inactive credential can be deleted; deactivate it first.", as: mike, asking: .deleteCredential(active.id)) {
            _ = try dir.service.rotateCredential(mike, client: pipeline.id, overlapDays: 7, deletingInactive: active.id)
        }
        // Without making room, the third credential is refused (the decision for rotation is "yes":
        // it assumes the inactive one goes first, as the console offers).
        XCTAssertEqual(try decision(dir, mike, .rotateCredential(pipeline.id)), .allowed)
        try assertRefused(dir, "purge-pipeline already has 2 credentials, the most a client may have; delete an inactive one first.") {
            _ = try dir.service.rotateCredential(mike, client: pipeline.id, overlapDays: 7)
        }
        XCTAssertEqual(try dir.store.read { db in try Q.credentials(db, client: pipeline.id) }, credentials)
        // Control: the owner making room with the inactive one rotates.
        let rotated = try dir.service.rotateCredential(mike, client: pipeline.id, overlapDays: 7, deletingInactive: inactive.id)
        XCTAssertEqual(rotated.old.id, active.id)
        XCTAssertEqual(try dir.store.read { db in try Q.credentials(db, client: pipeline.id) }.map(\.status), [.active, .active])
    }

    func testOffboardingIsOneTransactionAndARefusalChangesNothing() throws {
        let dir = try TestDirectory()
        try patKeepsWebAPIs(dir)
        let target = try dir.user("nora"), ivanUser = try dir.user("ivan")
        try assertRefused(dir, "You need the Admin role or a role with IDM: Manage Users on Acme Web to lock nora " +
                               "(you hold it on Acme Web > Web APIs only).", as: pat, asking: .offboardUser(target.id, to: ivanUser.id)) {
            _ = try dir.service.offboardUser(pat, user: target.id, to: ivanUser.id)
        }
        // hal may lock nora but not transfer her client: the lock is not made either.
        let clerk = try dir.service.createRole(alice, name: "Profile Clerk", description: "Keeps user profiles up to date.", permissions: [.usersAdmin])
        let hal = ActorRef(login: "hal")
        try dir.service.createUser(alice, NewUser(login: "hal", firstName: "Hal", lastName: "Hart", email: "hal@acme.example",
                                                  grants: [Grant(groupID: try dir.group("Acme Web"), roleID: clerk)]))
        XCTAssertEqual(try decision(dir, hal, .lockUser(target.id)), .allowed)
        try assertRefused(dir, "Only the creator (ivan) or an Admin can transfer ownership of reporting-bot.",
                          as: hal, asking: .offboardUser(target.id, to: ivanUser.id)) {
            _ = try dir.service.offboardUser(hal, user: target.id, to: ivanUser.id)
        }
        XCTAssertFalse(try dir.user("nora").locked)

        let eventsBefore = try dir.auditCount()
        XCTAssertEqual(try dir.service.offboardUser(alice, user: target.id, to: ivanUser.id), ["reporting-bot"])
        XCTAssertTrue(try dir.user("nora").locked)
        XCTAssertEqual(try dir.client("reporting-bot").ownerID, ivanUser.id)
        let written = try events(dir, limit: 2)
        XCTAssertEqual(try dir.auditCount(), eventsBefore + 2)
        XCTAssertEqual(written.map(\.action), ["user.offboard", "client.transfer"])
        XCTAssertEqual(written[1].targetName, "reporting-bot")
        XCTAssertEqual(written[1].after["owner"], "ivan")
        XCTAssertEqual(written[1].after["cause"], "nora was offboarded")
        XCTAssertEqual(written[0].after["clientsTo"], "ivan")
        XCTAssertEqual(written[0].after["locked"], "true")
        XCTAssertEqual(written[0].time, written[1].time)
    }

    // MARK: - 10. Shrinking to nothing (rule 17)

    func testClientShrunkToNothingStaysAndCanStillBeDisarmedAndDeleted() throws {
        let dir = try TestDirectory()
        let mikeUser = try dir.user("mike")
        let pipeline = try dir.client("purge-pipeline")
        let credentials = try dir.store.read { db in try Q.credentials(db, client: pipeline.id) }
        try dir.service.setUserGrants(alice, user: mikeUser.id,
                                      grants: [Grant(groupID: try dir.group("Acme Web"), roleID: try role(dir, "Property Developer").id)])
        let shrunk = try dir.client("purge-pipeline")
        XCTAssertTrue(shrunk.hasNoAccess)
        XCTAssertEqual(shrunk.groupIDs, [])
        XCTAssertEqual(shrunk.apis, [])
        XCTAssertFalse(shrunk.locked)
        XCTAssertEqual(shrunk.homeContracts, ["C-ACME-STREAM"])
        XCTAssertEqual(try dir.store.read { db in Policy.scope(of: shrunk, tree: try Q.tree(db, account: shrunk.accountID)) },
                       [try dir.group("Acme Streaming")])
        XCTAssertEqual(try dir.store.read { db in try Q.credentials(db, client: pipeline.id) }, credentials, "credentials untouched")
        let written = try events(dir, limit: 2)
        XCTAssertEqual(written.map(\.action), ["client.shrink", "user.grants"])
        XCTAssertEqual(written[0].targetName, "purge-pipeline")
        XCTAssertEqual(written[0].after["cause"], "mike's roles changed")
        XCTAssertEqual(written[0].time, written[1].time)
        XCTAssertEqual(written[0].id, written[1].id + 1)

        // Rule 16: alice, Admin on the contract root it was created under, deactivates its
        // active credential, then deletes it.
        let active = try XCTUnwrap(credentials.first { $0.status == .active })
        XCTAssertEqual(try decision(dir, alice, .deactivateCredential(active.id)), .allowed)
        try dir.service.setCredentialStatus(alice, credential: active.id, active: false)
        XCTAssertEqual(try events(dir, limit: 1)[0].after["by"], "incident response (Admin or IDM Admin on the client's groups)")
        XCTAssertEqual(try decision(dir, alice, .deleteClient(pipeline.id)), .allowed)
        try dir.service.deleteClient(alice, client: pipeline.id)
        XCTAssertNil(try dir.store.read { db in try Q.client(db, id: pipeline.id) })
    }

    // MARK: - 11. Owners without a Manage API Clients permission; incident response

    func testOwnerWithoutIDMPermissionGeneratesButCannotLockOrDelete() throws {
        let dir = try TestDirectory()
        let veraUser = try dir.user("vera")
        let veraGroups = try dir.store.read { db in try Q.access(db, of: veraUser).groupIDs }
        let client = try dir.service.createClient(alice, ClientDraft(ownerID: veraUser.id, name: "vera-reports",
            description: "vera's traffic reports.", groupIDs: veraGroups, apis: [APIGrant(serviceID: "reporting", level: .readOnly)]))
        XCTAssertEqual(client.ownerID, veraUser.id)
        XCTAssertEqual(client.creatorID, try dir.user("alice").id)

        try assertRefused(dir, "You need the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients on Acme Web " +
                               "to lock vera-reports.", as: vera, asking: .lockClient(client.id)) {
            try dir.service.lockClient(vera, client: client.id)
        }
        try assertRefused(dir, "You need the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients on Acme Web " +
                               "to delete vera-reports.", as: vera, asking: .deleteClient(client.id)) {
            try dir.service.deleteClient(vera, client: client.id)
        }
        XCTAssertEqual(try decision(dir, vera, .generateCredential(client.id)), .allowed)
        let issued = try dir.service.generateCredential(vera, client: client.id)
        try assertRefused(dir, "Only the owner (vera) can generate credentials for vera-reports.", as: alice, asking: .generateCredential(client.id)) {
            _ = try dir.service.generateCredential(alice, client: client.id)
        }

        // alice locks it (she created it), and deactivates vera's credential while it is locked
        // (rule 16); vera, its owner, no longer can.
        try dir.service.lockClient(alice, client: client.id)
        try assertRefused(dir, "vera-reports is locked; an Admin or IDM Admin must unlock it first.", as: vera,
                          asking: .deactivateCredential(issued.credentialID)) {
            try dir.service.setCredentialStatus(vera, credential: issued.credentialID, active: false)
        }
        XCTAssertEqual(try decision(dir, alice, .deactivateCredential(issued.credentialID)), .allowed)
        try dir.service.setCredentialStatus(alice, credential: issued.credentialID, active: false)
        XCTAssertEqual(try dir.store.read { db in try Q.credential(db, id: issued.credentialID) }?.status, .inactive)
        try assertRefused(dir, "vera-reports is locked; an Admin or IDM Admin must unlock it first.", as: alice,
                          asking: .activateCredential(issued.credentialID)) {
            try dir.service.setCredentialStatus(alice, credential: issued.credentialID, active: true)
        }

        // A client alice neither owns nor created: locked, its credential deactivated in an
        // incident, and the event says so.
        let pipeline = try dir.client("purge-pipeline")
        try dir.service.lockClient(alice, client: pipeline.id)
        let active = try XCTUnwrap(try dir.store.read { db in try Q.credentials(db, client: pipeline.id) }.first { $0.status == .active })
        XCTAssertEqual(try decision(dir, alice, .deactivateCredential(active.id)), .allowed)
        try dir.service.setCredentialStatus(alice, credential: active.id, active: false)
        let event = try events(dir, limit: 1)[0]
        XCTAssertEqual(event.action, "credential.deactivate")
        XCTAssertEqual(event.actorLogin, "alice")
        XCTAssertEqual(event.before["status"], "ACTIVE")
        XCTAssertEqual(event.after["status"], "INACTIVE")
        XCTAssertEqual(event.after["by"], "incident response (Admin or IDM Admin on the client's groups)")
        // Never generate one for it: only the owner does (rule 4), locked or not.
        try assertRefused(dir, "Only the owner (mike) can generate credentials for purge-pipeline.", as: alice,
                          asking: .generateCredential(pipeline.id)) {
            _ = try dir.service.generateCredential(alice, client: pipeline.id)
        }
    }
}
