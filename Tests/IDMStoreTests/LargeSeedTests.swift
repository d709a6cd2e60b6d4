import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

final class LargeSeedTests: XCTestCase {
    var big: LargeDirectory { LargeDirectory.shared }

    func testSizesScaleWithUsers() {
        let standard = LargeSeed.Size.standard
        XCTAssertEqual([standard.users, standard.groups, standard.clients, standard.credentials, standard.managedAccounts],
                       [200_000, 20_000, 100_000, 200_000, 500])
        let small = LargeSeed.Size(users: 3_000)
        XCTAssertEqual([small.users, small.groups, small.clients, small.credentials, small.managedAccounts], [3_000, 300, 1_500, 3_000, 8])
    }

    func testVolumesAndTheBigAccount() throws {
        let r = big.report
        XCTAssertGreaterThanOrEqual(r.users, 3_000)
        XCTAssertGreaterThanOrEqual(r.groups, 300)
        XCTAssertEqual(r.clients, 1_500)
        XCTAssertEqual(r.credentials, 3_000)
        XCTAssertEqual(r.accounts, 1 + 8)
        XCTAssertGreaterThan(r.bigAccountUsers, r.users * 9 / 10)
        XCTAssertGreaterThan(r.bigAccountClients, r.clients * 9 / 10)
        try big.store.read { db in
            let managed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM account WHERE managed_by = (SELECT id FROM account WHERE name = ?)
                """, arguments: [LargeSeed.reseller])
            XCTAssertEqual(managed, 8)
            // Every other managed account has a little of everything.
            let thin = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM account a WHERE a.kind = 'managed' AND a.name <> ?
                AND ((SELECT COUNT(*) FROM user WHERE account_id = a.id) < 5 OR (SELECT COUNT(*) FROM api_client WHERE account_id = a.id) < 2)
                """, arguments: [LargeSeed.bigAccount])
            XCTAssertEqual(thin, 0)
        }
    }

    /// `admin` and `reseller` open the console: Admin of the big account, and a reseller admin
    /// who may browse it.
    func testTheDocumentedLoginsCanActThere() throws {
        let service = DirectoryService(store: big.store)
        let admin = try service.context(ActorRef(login: LargeSeed.adminLogin))
        XCTAssertEqual(admin.account.name, LargeSeed.bigAccount)
        XCTAssertTrue(Policy.manageUsers(admin).isAllowed)
        let hyperion = try big.account(LargeSeed.bigAccount)
        let reseller = try service.context(ActorRef(login: LargeSeed.resellerLogin, accountID: hyperion))
        XCTAssertEqual(reseller.account.name, LargeSeed.bigAccount)
        XCTAssertEqual(reseller.homeAccount.name, LargeSeed.reseller)
    }

    func testCredentialsAreMixedPlaceholdersWithinTheRules() throws {
        try big.store.read { db in
            let statuses = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM credential GROUP BY status")
                .map { ($0["status"] as String, $0["n"] as Int) })
            XCTAssertGreaterThan(statuses["ACTIVE"] ?? 0, 0)
            XCTAssertGreaterThan(statuses["INACTIVE"] ?? 0, 0)
            XCTAssertGreaterThan(statuses["DELETED"] ?? 0, 0)
            let overfull = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT client_id FROM credential WHERE status <> 'DELETED' GROUP BY client_id HAVING COUNT(*) > ?)
                """, arguments: [Credential.maximumPerClient])
            XCTAssertEqual(overfull, 0)
            let now = LargeDirectory.now.timeIntervalSince1970
            let expiring = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credential WHERE status = 'ACTIVE' AND expires_at BETWEEN ? AND ?",
                                            arguments: [now, now + 30 * 86_400])!
            XCTAssertGreaterThan(expiring, 0)
            let bad = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM credential WHERE expires_at <= created_at OR expires_at > created_at + ? * 86400
                OR length(secret_hash) <> 32 OR length(secret_salt) <> 16 OR length(secret_last4) <> 4
                """, arguments: [Credential.maximumLifetimeDays])
            XCTAssertEqual(bad, 0)
            let none = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_client c WHERE NOT EXISTS (SELECT 1 FROM credential WHERE client_id = c.id)")!
            XCTAssertGreaterThan(none, 0, "some clients have no credential")
        }
    }

    /// Generated values pass the validators the service applies.
    func testGeneratedValuesAreValid() throws {
        try big.store.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT login, first_name, last_name, email FROM user ORDER BY id LIMIT 400") {
                XCTAssertEqual(try Validate.login(row["login"]).get(), row["login"] as String)
                XCTAssertNoThrow(try Validate.email(row["email"]).get(), row["email"] as String)
                XCTAssertNoThrow(try Validate.text(row["first_name"], field: "f", label: "f", limits: FieldLimits.firstName).get())
                XCTAssertNoThrow(try Validate.text(row["last_name"], field: "l", label: "l", limits: FieldLimits.lastName).get())
            }
            for name in try String.fetchAll(db, sql: "SELECT name FROM grp ORDER BY id LIMIT 400") {
                XCTAssertNoThrow(try Validate.groupName(name).get(), name)
            }
            for name in try String.fetchAll(db, sql: "SELECT name FROM api_client ORDER BY id LIMIT 400") {
                XCTAssertNoThrow(try Validate.clientName(name).get(), name)
            }
        }
    }

    /// One audit event per bulk step, with its counts; provisioning is audited as usual.
    func testHistorySaysWhatHappened() throws {
        try big.store.read { db in
            let events = try Q.audit(db, account: nil, filter: Q.AuditFilter(action: LargeSeed.auditAction))
            XCTAssertEqual(Set(events.map(\.targetID)), ["groups", "users", "clients", "credentials"])
            XCTAssertEqual(events.first { $0.targetID == "clients" }?.after["clients"], "1500")
            XCTAssertEqual(events.first { $0.targetID == "credentials" }?.after["credentials"], "3000")
            let created = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE action = 'account.create'")
            XCTAssertEqual(created, 9)
        }
    }

    /// Same size, same time: the same directory.
    func testDeterministic() throws {
        let a = try LargeDirectory(users: 400)
        let b = try LargeDirectory(users: 400)
        func digest(_ store: Store) throws -> [String] {
            try store.read { db in
                try String.fetchAll(db, sql: "SELECT login || ' ' || email FROM user ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT name || ' ' || client_key || ' ' || owner_id || ' ' || creator_id FROM api_client ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT client_token || ' ' || status || ' ' || hex(secret_hash) || ' ' || expires_at FROM credential ORDER BY id")
            }
        }
        XCTAssertEqual(try digest(a.store), try digest(b.store))
    }
}
