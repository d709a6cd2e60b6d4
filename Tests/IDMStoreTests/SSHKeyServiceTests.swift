import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// SSH keys through the service: yours to add and remove; anyone else's only with Manage Users
/// on every group where they hold a grant, and an Admin's only by an Admin there (a key is a
/// session as its user). Every refusal leaves the file byte for byte as it was.
final class SSHKeyServiceTests: XCTestCase {
    let alice = ActorRef(login: "alice")
    let pat = ActorRef(login: "pat")
    let mike = ActorRef(login: "mike")

    private func assertRefused(_ dir: TestDirectory, _ expected: IDMError? = nil, containing text: String,
                               file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) throws {
        let before = try SQLiteSnapshot.lines(dir.store)
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            if let expected { XCTAssertEqual(error as? IDMError, expected, file: file, line: line) }
            XCTAssertTrue(String(describing: error).contains(text), "\(error)", file: file, line: line)
        }
        let after = try SQLiteSnapshot.lines(dir.store)
        XCTAssert(before == after, SQLiteSnapshot.difference(before, after), file: file, line: line)
    }

    private func role(_ dir: TestDirectory, _ name: String) throws -> Role {
        try dir.store.read { db in try Q.role(db, account: try Q.account(db, named: DemoSeed.acme)!.id, key: name) }
    }

    private func lastEvent(_ dir: TestDirectory) throws -> AuditEvent {
        try dir.store.read { db in try Q.audit(db, account: nil, filter: Q.AuditFilter(limit: 1)) }[0]
    }

    /// pat gets Manage Users on Web APIs only.
    private func patManagesWebAPIs(_ dir: TestDirectory) throws {
        let keeper = try dir.service.createRole(alice, name: "Subgroup Keeper", description: "Users of one subgroup.", permissions: [.usersAdmin])
        let patUser = try dir.user("pat")
        try dir.service.setUserGrants(alice, user: patUser.id, grants: patUser.grants + [Grant(groupID: try dir.group("Web APIs"), roleID: keeper)])
    }

    private func newUser(_ dir: TestDirectory, _ login: String, role roleName: String, on group: String) throws -> User {
        try dir.service.createUser(alice, NewUser(login: login, firstName: "Test", lastName: login.capitalized, email: "\(login)@acme.example",
                                                  grants: [Grant(groupID: try dir.group(group), roleID: try role(dir, roleName).id)]))
    }

    func testYourOwnKeyIsAddedAuditedAndInYourStateThenRemoved() throws {
        let dir = try TestDirectory()
        let user = try dir.user("mike")
        let key = try dir.service.addSSHKey(mike, user: user.id, line: SSHKeyFixtures.ed25519.line)
        XCTAssertEqual(key.fingerprint, SSHKeyFixtures.ed25519.fingerprint)
        XCTAssertEqual(key.comment, "fixture-ed25519@test")
        XCTAssertEqual(key.addedBy, "mike")
        XCTAssertEqual(key.addedAt, TestDirectory.now)
        XCTAssertNil(key.lastUsedAt)
        let added = try lastEvent(dir)
        XCTAssertEqual(added.action, "user.ssh-key.add")
        XCTAssertEqual(added.targetName, "mike")
        XCTAssertEqual(added.after["sshKeys"], "\(key.fingerprint) fixture-ed25519@test")
        XCTAssertEqual(try dir.user("mike").version, user.version + 1)
        XCTAssertNil(try dir.store.read { db in try DirectoryState.verify(db) })

        let holder = try DirectoryReader(store: dir.store).sshKeyHolder(try SSHPublicKey.parse(line: SSHKeyFixtures.ed25519.line).get())
        XCTAssertEqual(holder?.user.login, "mike")

        try dir.service.removeSSHKey(mike, user: user.id, fingerprint: String(key.fingerprint.dropFirst(7)))
        XCTAssertEqual(try lastEvent(dir).action, "user.ssh-key.remove")
        XCTAssertEqual(try lastEvent(dir).before["sshKeys"], "\(key.fingerprint) fixture-ed25519@test")
        XCTAssertNil(try DirectoryReader(store: dir.store).sshKeyHolder(try SSHPublicKey.parse(line: SSHKeyFixtures.ed25519.line).get()))
        XCTAssertNil(try dir.store.read { db in try DirectoryState.verify(db) })
    }

    func testAnotherUsersKeysNeedTheirGroupsAndAnAdminsNeedAnAdmin() throws {
        let dir = try TestDirectory()
        try patManagesWebAPIs(dir)
        let aliceID = try dir.user("alice").id
        // mike manages no users: alice's keys are not his.
        try assertRefused(dir, .denied("You need the Admin role or a role with IDM: Manage Users."), containing: "Manage Users") {
            try dir.service.addSSHKey(mike, user: aliceID, line: SSHKeyFixtures.ed25519.line)
        }
        // pat manages users on Web APIs only; alice holds grants elsewhere (and Admin).
        try assertRefused(dir, containing: "IDM: Manage Users on Acme Streaming to manage alice's SSH keys") {
            try dir.service.addSSHKey(pat, user: aliceID, line: SSHKeyFixtures.ed25519.line)
        }
        // An Admin whose every grant is on Web APIs: within pat's groups, but rule 14 holds.
        let adam = try newUser(dir, "adam", role: "Admin", on: "Web APIs")
        try assertRefused(dir, .denied("adam holds the Admin role; only an Admin on Acme Web > Web APIs can change their SSH keys."),
                          containing: "Admin") {
            try dir.service.addSSHKey(pat, user: adam.id, line: SSHKeyFixtures.ed25519.line)
        }
        XCTAssertEqual(try dir.store.read { db in try Decide.decision(db, try DirectoryService.context(db, pat), .manageSSHKeys(adam.id)) },
                       .denied("adam holds the Admin role; only an Admin on Acme Web > Web APIs can change their SSH keys."),
                       "the decision table says the same")
        // Control: a non-Admin of Web APIs is pat's to give a key.
        let walt = try newUser(dir, "walt", role: "Reporting Viewer", on: "Web APIs")
        XCTAssertEqual(try dir.service.addSSHKey(pat, user: walt.id, line: SSHKeyFixtures.ed25519.line).addedBy, "pat")
        // And the key cannot then be removed by mike.
        try assertRefused(dir, containing: "IDM: Manage Users") {
            try dir.service.removeSSHKey(mike, user: walt.id, fingerprint: SSHKeyFixtures.ed25519.fingerprint)
        }
    }

    func testAKeyLetsInOneUserOnlyAndALockedUserAddsNone() throws {
        let dir = try TestDirectory()
        let mikeID = try dir.user("mike").id
        let aliceID = try dir.user("alice").id
        try dir.service.addSSHKey(alice, user: aliceID, line: SSHKeyFixtures.ed25519.line)
        try assertRefused(dir, containing: "already registered to another user") {
            try dir.service.addSSHKey(mike, user: mikeID, line: SSHKeyFixtures.ed25519.line)
        }
        try assertRefused(dir, .alreadyExists("alice already has the key \(SSHKeyFixtures.ed25519.fingerprint)."), containing: "already has") {
            try dir.service.addSSHKey(alice, user: aliceID, line: SSHKeyFixtures.ed25519.line + " another comment")
        }
        try assertRefused(dir, containing: "starts with authorized_keys options") {
            try dir.service.addSSHKey(alice, user: aliceID, line: "command=\"/bin/sh\" " + SSHKeyFixtures.rsa3072.line)
        }
        try assertRefused(dir, containing: "has no key") {
            try dir.service.removeSSHKey(mike, user: mikeID, fingerprint: SSHKeyFixtures.ed25519.fingerprint)
        }
        try dir.service.lockUser(alice, user: mikeID)
        try assertRefused(dir, containing: "locked") {
            try dir.service.addSSHKey(mike, user: mikeID, line: SSHKeyFixtures.ecdsa256.line)
        }
    }

    /// The forced command's login: the key must still be theirs and they not locked; it records
    /// when the key was used, and that is no change of state (verify stays clean).
    func testAnSSHLoginChecksTheKeyAgainAndRecordsItsUse() throws {
        let dir = try TestDirectory()
        let mikeID = try dir.user("mike").id
        let fp = try dir.service.addSSHKey(mike, user: mikeID, line: SSHKeyFixtures.ed25519.line).fingerprint
        let events = try dir.auditCount()
        try dir.service.sshLogin(login: "mike", fingerprint: fp)
        XCTAssertEqual(try dir.store.read { db in try Q.sshKey(db, fingerprint: fp) }?.lastUsedAt, TestDirectory.now)
        XCTAssertEqual(try dir.auditCount(), events)
        XCTAssertNil(try dir.store.read { db in try DirectoryState.verify(db) })
        XCTAssertThrowsError(try dir.service.sshLogin(login: "alice", fingerprint: fp), "not alice's key")
        try dir.service.lockUser(alice, user: mikeID)
        XCTAssertThrowsError(try dir.service.sshLogin(login: "mike", fingerprint: fp)) { error in
            XCTAssertTrue("\(error)".contains("locked"), "\(error)")
        }
    }

    /// Every event made over SSH says from where and with which key, and the chain covers both.
    func testEventsRecordTheSSHClientAndKeyAndStillVerify() throws {
        let dir = try TestDirectory()
        let mikeID = try dir.user("mike").id
        let origin = Origin(sshClient: Origin.sshClient(fromConnection: "203.0.113.7 52144 10.0.0.1 22"), sshKey: SSHKeyFixtures.ed25519.fingerprint)
        try dir.service.lockUser(ActorRef(login: "alice", origin: origin), user: mikeID)
        let event = try lastEvent(dir)
        XCTAssertEqual(event.sshClient, "203.0.113.7 52144")
        XCTAssertEqual(event.sshKey, SSHKeyFixtures.ed25519.fingerprint)
        XCTAssertEqual(AuditOrigin.text(event), "ssh 203.0.113.7 52144, key \(SSHKeyFixtures.ed25519.fingerprint)")
        XCTAssertTrue(try dir.store.read { db in try AuditChain.verify(db) }.ok)
        // Rewriting where it came from breaks the chain (the hash covers the new columns).
        try dir.store.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET ssh_client = '198.51.100.1 1' WHERE id = ?", arguments: [event.id])
        }
        XCTAssertEqual(try dir.store.read { db in try AuditChain.verify(db) }.firstBadEvent, event.id)
        XCTAssertNil(Origin.sshClient(fromConnection: "garbage"))
        XCTAssertNil(Origin.sshClient(fromConnection: "1.2.3.4 99999 5.6.7.8 22"))
        XCTAssertNil(Origin.sshClient(fromConnection: "1.2.3.4;rm 1 5.6.7.8 22"))
    }

    /// A key slipped in from the sqlite3 shell, to open someone's console, is found.
    func testAKeyInsertedBehindIdmsBackIsFoundByVerify() throws {
        let dir = try TestDirectory()
        let aliceID = try dir.user("alice").id
        let key = try SSHPublicKey.parse(line: SSHKeyFixtures.ed25519.line).get()
        try dir.store.write { db in
            try db.execute(sql: "INSERT INTO ssh_key (user_id, type, key, comment, fingerprint, added_by, added_at) VALUES (?, ?, ?, '', ?, 'alice', 0)",
                           arguments: [aliceID, key.type.rawValue, key.base64, SSHFingerprint.of(key)])
        }
        let problem = try dir.store.read { db in try DirectoryState.verify(db) }
        XCTAssertNotNil(problem)
        XCTAssertTrue(problem?.contains("User #\(aliceID) ") ?? false, problem ?? "")
    }
}
