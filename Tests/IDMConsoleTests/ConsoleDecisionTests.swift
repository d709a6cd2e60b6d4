import Foundation
import GRDB
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The console answers from facts it loaded (the client page) or asks the decision table (the
/// lists): either way, each action's decision must equal `Decide.decision` for the same
/// question, read from the store in a context built apart from the console's session.
final class ConsoleDecisionTests: XCTestCase {
    static let cast = ["alice", "ivan", "nora", "mike", "pat", "vera"]
    static let clientNames = ["legacy-sync", "purge-pipeline", "reporting-bot"] // the API Clients tab, sorted by name

    /// The states compared: the demo, and the demo changed so that the rules for locked users,
    /// locked clients with credentials and clients shrunk to no access (rule 17) are reached.
    func directories() throws -> [(String, Store)] {
        let locked = try Golden.freshDemo()
        let service = DirectoryService(store: locked, clock: { Golden.now })
        let alice = ActorRef(login: "alice")
        let (pipeline, nora) = try ids(locked)
        try service.lockClient(alice, client: pipeline)
        try service.lockUser(alice, user: nora)

        let shrunk = try Golden.freshDemo()
        let mike = try shrunk.read { db in try Q.user(db, login: "mike")! }
        let acmeWeb = try shrunk.read { db in try Q.group(db, account: mike.accountID, key: "Acme Web").id }
        let developer = try shrunk.read { db in try Q.role(db, account: mike.accountID, key: "Property Developer").id }
        let grants = [Grant(groupID: acmeWeb, roleID: developer)]
        let shrinking = DirectoryService(store: shrunk, clock: { Golden.now })
        let impacts = try shrinking.previewUserAccess(alice, user: mike.id, grants: grants)
        XCTAssertEqual(impacts.count, 1)
        try shrinking.editUser(alice, user: mike.id, UserEdit(grants: grants), confirming: impacts)
        let emptiedID = try ids(shrunk).pipeline
        let emptied = try shrunk.read { db in try Q.client(db, id: emptiedID)! }
        XCTAssertTrue(emptied.hasNoAccess, "purge-pipeline shrank to no access")

        return [("demo", Golden.demo), ("purge-pipeline and nora locked", locked), ("purge-pipeline shrunk to no access", shrunk)]
    }

    func ids(_ store: Store) throws -> (pipeline: ClientID, nora: UserID) {
        try store.read { db in
            let acme = try Q.account(db, named: DemoSeed.acme)!.id
            return (try Q.client(db, account: acme, key: "purge-pipeline")!.id, try Q.user(db, login: "nora")!.id)
        }
    }

    /// The actor's context as the service builds it, not the console's.
    func context(_ store: Store, _ login: String, account: String? = nil) throws -> ActorContext {
        let accountID = try account.map { name in try store.read { db in try Q.account(db, named: name)!.id } }
        return try DirectoryService(store: store).context(ActorRef(login: login, accountID: accountID))
    }

    func expected(_ store: Store, _ ctx: ActorContext, _ question: IDMDomain.Question) -> Decision {
        do {
            return try store.read { db in try Decide.decision(db, ctx, question) }
        } catch {
            return .denied("error: \(error)")
        }
    }

    /// The question the client page's action stands for, derived from the stored client and
    /// the credential under the cursor (nil: the action needs a credential and there is none).
    func question(_ action: ClientAction, _ client: APIClient, _ credential: Credential?) -> IDMDomain.Question? {
        switch action {
        case .generate: return .generateCredential(client.id)
        case .rotate: return .rotateCredential(client.id)
        case .activate: return credential.map { .activateCredential($0.id) }
        case .deactivate: return credential.map { .deactivateCredential($0.id) }
        case .deactivateAll: return .deactivateAllCredentials(client.id)
        case .expiry, .describe: return credential.map { .editCredential($0.id) }
        case .deleteCredential: return credential.map { .deleteCredential($0.id) }
        case .transfer: return .transferClient(client.id, to: nil)
        case .editAuthorization: return .editAuthorization(client.id)
        case .editDetails: return .editClientDetails(client.id)
        case .lockToggle: return client.locked ? .unlockClient(client.id) : .lockClient(client.id)
        case .deleteClient: return .deleteClient(client.id)
        }
    }

    /// Who is compared: the cast, and rhea browsing Acme Media (the whole account read-only).
    static let actors: [(login: String, account: String?)] = cast.map { ($0, nil) } + [("rhea", DemoSeed.acme)]

    // MARK: The client page

    func testClientPageDecisionsEqualTheDecisionTableForEveryActorClientAndCredential() throws {
        var compared = 0
        var mismatches: [String] = []
        for (state, store) in try directories() {
            for (login, account) in Self.actors {
                let ctx = try context(store, login, account: account)
                for (row, name) in Self.clientNames.enumerated() {
                    let console = try Golden.console(login, store: store, account: account)
                    console.press(.character("2"))
                    for _ in 0..<row { console.press(.down) }
                    console.press(.enter)
                    guard let opened = console.topScreen(ClientPageScreen.self) else {
                        XCTFail("\(state), \(login): \(name) did not open")
                        continue
                    }
                    let (client, credentials) = try store.read { db -> (APIClient, [Credential]) in
                        let c = try Q.client(db, account: ctx.account.id, key: name)!
                        return (c, try Q.credentials(db, client: c.id))
                    }
                    XCTAssertEqual(opened.clientID, client.id, "\(state), \(login): row \(row) is \(name)")
                    // Every credential under the cursor in turn (none: the page has none to select).
                    for index in credentials.isEmpty ? [nil] : credentials.indices.map(Optional.some) {
                        // The cursor on the credential's line: the last line is the last credential.
                        if let index {
                            console.press(.character("G"))
                            for _ in 0..<(credentials.count - 1 - index) { console.press(.character("k")) }
                        }
                        let page = try XCTUnwrap(console.topScreen(ClientPageScreen.self))
                        let credential = index.map { credentials[$0] }
                        XCTAssertEqual(page.selectedCredential?.id, credential?.id, "\(state), \(login), \(name): the cursor")
                        for action in ClientAction.allCases {
                            let shown = page.decide(.client(action), console.env)
                            let label = "\(state) | \(login) | \(name) | credential \(credential.map { String($0.id) } ?? "-") | \(action)"
                            guard let q = question(action, client, credential) else {
                                XCTAssertEqual(shown, .denied("\(name) has no credential; generate one first."), label)
                                continue
                            }
                            let table = expected(store, ctx, q)
                            compared += 1
                            if shown != table { mismatches.append("\(label):\n  console: \(shown)\n  table:   \(table)") }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(mismatches, [], "\n" + mismatches.joined(separator: "\n"))
        XCTAssertGreaterThan(compared, 500)
    }

    // MARK: The lists

    func testListActionsEqualTheDecisionTableForEveryActorTabAndRow() throws {
        var compared = 0
        var mismatches: [String] = []
        let adminActions: [ManageScreen.Action] = [.create, .edit, .moveGroup, .lockToggle, .delete, .block]
        // The shrunk client changes nothing on these tabs that the locked state does not cover.
        for (state, store) in try directories().prefix(2) {
            for (login, account) in Self.actors {
                let ctx = try context(store, login, account: account)
                let console = try Golden.console(login, store: store, account: account)
                func check(_ label: String, _ action: ManageScreen.Action, _ q: IDMDomain.Question?) {
                    let shown = console.manage!.decide(action, console.env)
                    guard let q else {
                        XCTAssertFalse(shown.isAllowed, "\(label): not on this tab, yet allowed")
                        return
                    }
                    let table = expected(store, ctx, q)
                    compared += 1
                    if shown != table { mismatches.append("\(state) | \(login) | \(label):\n  console: \(shown)\n  table:   \(table)") }
                }
                for (key, list) in [("1", DirectoryList.users), ("2", .clients), ("3", .groups), ("4", .roles)] {
                    console.press(.character(Character(key)))
                    XCTAssertEqual(console.manage?.list, list)
                    let count = console.manage!.rowCount
                    XCTAssertGreaterThan(count, 0, "\(login): \(list) is empty")
                    for index in 0..<count {
                        if index > 0 { console.press(.down) }
                        let manage = console.manage!
                        // The Groups tree's contract rows stand for no group: nothing to compare.
                        guard let rowID = manage.selectedID else { continue }
                        let name = list == .groups ? ctx.tree[rowID]!.name : try XCTUnwrap(manage.windows[list]?.selectedRow, "\(login) \(list) row \(index)").cells[0]
                        let row = (id: rowID, name: name)
                        // The row's entity, read from the store by its name, not by the row's id.
                        let q: (ManageScreen.Action) throws -> IDMDomain.Question? = { action in
                            try store.read { db -> IDMDomain.Question? in
                                switch list {
                                case .users:
                                    let user = try XCTUnwrap(try Q.user(db, login: name))
                                    XCTAssertEqual(user.id, row.id)
                                    switch action {
                                    case .create: return .createUser(grants: nil)
                                    case .edit: return .editUser(user.id)
                                    case .block: return .editUserAccess(user.id, grants: nil, blocked: nil)
                                    case .lockToggle: return user.locked ? .unlockUser(user.id) : .lockUser(user.id)
                                    case .delete: return .deleteUser(user.id, transferTo: nil)
                                    default: return nil
                                    }
                                case .groups:
                                    let group = try Q.group(db, account: ctx.account.id, key: name)
                                    XCTAssertEqual(group.id, row.id)
                                    switch action {
                                    case .create: return .createGroup(parent: group.id)
                                    case .edit: return .renameGroup(group.id)
                                    case .moveGroup: return .moveGroup(group.id, to: nil)
                                    case .delete: return .deleteGroup(group.id)
                                    default: return nil
                                    }
                                case .roles:
                                    let role = try Q.role(db, account: ctx.account.id, key: name)
                                    XCTAssertEqual(role.id, row.id)
                                    switch action {
                                    case .create: return .createRole(permissions: nil)
                                    case .edit: return .editRole(role.id, permissions: nil)
                                    case .delete: return .deleteRole(role.id)
                                    default: return nil
                                    }
                                case .clients:
                                    return nil
                                }
                            }
                        }
                        for action in adminActions { check("\(list) \(name) \(action)", action, try q(action)) }
                    }
                    // The account-wide actions do not depend on the row.
                    check("\(list) newClientForMe", .newClientForMe, .createClientForSelf)
                    check("\(list) newClientForOther", .newClientForOther, .createClientForOthers)
                    XCTAssertEqual(console.session.facts.auditLog, expected(store, ctx, .readAuditLog), "\(login): L")
                    check("\(list) migrationReport", .migrationReport, .readMigrationReport)
                }
            }
        }
        XCTAssertEqual(mismatches, [], "\n" + mismatches.joined(separator: "\n"))
        XCTAssertGreaterThan(compared, 1000)
    }

    // MARK: Rotation at the cap, cancelled

    /// R at the cap asks to make room; "y" only opens the rotate form (nothing is deleted yet);
    /// Esc there cancels the rotation, and both credentials are still in the database.
    func testRotationAtTheCapCancelledOnTheFormChangesNothing() throws {
        let store = try Golden.freshDemo()
        let (pipeline, _) = try ids(store)
        func credentials() throws -> [Credential] { try store.read { db in try Q.credentials(db, client: pipeline) } }
        func auditCount() throws -> Int { try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event")! } }
        let before = try credentials()
        XCTAssertEqual(before.count, Credential.maximumPerClient)
        XCTAssertEqual(Set(before.map(\.status)), [.active, .inactive])
        let events = try auditCount()

        let console = try Golden.console("mike", store: store)
        console.press(.character("2"), .down, .enter)
        XCTAssertEqual(console.topScreen(ClientPageScreen.self)?.clientID, pipeline)
        console.press(.character("R"))
        let question = try XCTUnwrap(console.topScreen(ConfirmScreen.self), "R at the cap asks to make room first")
        XCTAssertEqual(question.title, "Rotate: make room first")
        XCTAssertTrue(question.message.contains("Delete the inactive credential"), question.message)
        console.press(.character("y"))
        let form = try XCTUnwrap(console.topScreen(FormScreen.self), "y opens the rotate form")
        XCTAssertTrue(form.message.contains("The inactive credential"), form.message)
        XCTAssertEqual(try credentials(), before, "answering y deletes nothing yet")
        console.press(.escape)
        XCTAssertNotNil(console.topScreen(ClientPageScreen.self), "Esc closes the form, not the page")
        XCTAssertEqual(try credentials(), before, "the cancelled rotation left both credentials as they were")
        XCTAssertEqual(try auditCount(), events, "and wrote no audit event")
        let text = console.render().textLines().joined(separator: "\n")
        XCTAssertFalse(text.contains("Rotated."), text)
    }
}
