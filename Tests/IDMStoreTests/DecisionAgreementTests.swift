import Foundation
import GRDB
import IDMDomain
@testable import IDMStore
import XCTest

/// The agreement matrix: for each member of the demo cast (and rhea browsing Acme Media), for
/// each question of a representative set over every target, `idm can-i` (`Ask`) and the
/// decision table (`Decide`) give the same answer, and the service does what that answer says:
/// a "no" throws `.denied` with exactly that reason and writes nothing; a "yes" goes through.
///
/// The directory is the seeded demo plus two things the seed lacks, so that every question has a
/// "yes" somewhere: `lou`, a locked user (Reporting Viewer on Web APIs), for unlock-user, and
/// `Scratch Role`, a custom role no one holds, for delete-role. Every "yes" runs on its own
/// copy of that file; every "no" runs on one shared copy that must stay equal to the original.
final class DecisionAgreementTests: XCTestCase {
    /// One question asked by one actor, with its `can-i` form and its service call.
    struct Case {
        let label: String
        let question: Question
        /// `idm can-i ACTION TARGET [options]`, and the question it must resolve to (nil: the
        /// question has no `can-i` name of its own).
        var ask: (action: Ask.Action, target: String?, options: Ask.Options, resolves: Question)?
        /// The service call that acts out the question; nil when the service has no write for it.
        var perform: ((DirectoryService, ActorRef) throws -> Void)?
    }

    /// A private copy of the directory file.
    final class Copy {
        let folder: URL
        let store: Store
        let service: DirectoryService

        init(_ bytes: Data) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-agree-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("idm.sqlite")
            try bytes.write(to: path)
            store = try Store(path: path.path)
            service = DirectoryService(store: store, clock: { TestDirectory.now })
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    func testCanIDecideAndServiceAgreeForEveryActorAndTarget() throws {
        let started = Date()
        let base = try TestDirectory()
        let alice = ActorRef(login: "alice")
        let acme = try base.store.read { db in try Q.account(db, named: DemoSeed.acme)! }
        let webAPIs = try base.group("Web APIs")
        let reportingViewer = try base.store.read { db in try Q.role(db, account: acme.id, key: "Reporting Viewer").id }
        let lou = try base.service.createUser(alice, NewUser(login: "lou", firstName: "Lou", lastName: "Lee", email: "lou@acme.example",
                                                             grants: [Grant(groupID: webAPIs, roleID: reportingViewer)]))
        try base.service.lockUser(alice, user: lou.id)
        try base.service.createRole(alice, name: "Scratch Role", description: "Held by no one.", permissions: [.product(Catalogue.reporting, .readOnly)])
        try base.store.checkpoint()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: base.path))

        let (clients, users, roles, tree) = try base.store.read { db in
            (try Q.clients(db, account: acme.id), try Q.users(db, account: acme.id), try Q.roles(db, account: acme.id),
             try Q.tree(db, account: acme.id))
        }
        let credentials = try base.store.read { db in
            try clients.map { (client: $0, credentials: try Q.credentials(db, client: $0.id)) }
        }
        XCTAssertEqual(clients.map(\.name), ["legacy-sync", "purge-pipeline", "reporting-bot"])
        XCTAssertEqual(users.map(\.login), ["alice", "ivan", "lou", "mike", "nora", "pat", "vera"])
        let roots = ["Acme Web", "Acme Streaming"].map { tree.groups(named: $0)[0] }
        let renamed = ["Acme Web", "Web APIs", "Live"].map { tree.groups(named: $0)[0] }

        // The questions, over every target.
        var cases: [Case] = []
        for client in clients {
            let name = client.name
            cases.append(Case(label: "lock-client \(name)", question: .lockClient(client.id),
                              ask: (.lockClient, name, Ask.Options(), .lockClient(client.id)),
                              perform: { try $0.lockClient($1, client: client.id) }))
            cases.append(Case(label: "unlock-client \(name)", question: .unlockClient(client.id),
                              ask: (.unlockClient, name, Ask.Options(), .unlockClient(client.id)),
                              perform: { try $0.unlockClient($1, client: client.id) }))
            cases.append(Case(label: "delete-client \(name)", question: .deleteClient(client.id),
                              ask: (.deleteClient, name, Ask.Options(), .deleteClient(client.id)),
                              perform: { try $0.deleteClient($1, client: client.id) }))
            let edit = ClientDetailsEdit(name: client.name, description: client.description + " Edited.",
                                         notificationEmails: client.notificationEmails, ipAllowlist: client.ipAllowlist)
            cases.append(Case(label: "edit-client \(name)", question: .editClientDetails(client.id),
                              ask: (.editClient, name, Ask.Options(), .editClientDetails(client.id)),
                              perform: { try $0.editDetails($1, client: client.id, edit) }))
            cases.append(Case(label: "generate-credential \(name)", question: .generateCredential(client.id),
                              ask: (.generateCredential, name, Ask.Options(), .generateCredential(client.id)),
                              perform: { _ = try $0.generateCredential($1, client: client.id) }))
            for user in users {
                cases.append(Case(label: "transfer-ownership \(name) --to \(user.login)", question: .transferClient(client.id, to: user.id),
                                  ask: (.transferOwnership, name, Ask.Options(to: user.login), .transferClient(client.id, to: user.id)),
                                  perform: { try $0.transferOwnership($1, client: client.id, to: user.login) }))
            }
            // `deactivate-credential CLIENT` asks about the client's first active credential.
            let firstActive = credentials.first { $0.client.id == client.id }!.credentials.first { $0.status == .active }
            cases.append(Case(label: "deactivate-credential \(name)", question: .deactivateCredentials(client.id),
                              ask: (.deactivateCredential, name, Ask.Options(), .deactivateCredentials(client.id)),
                              perform: firstActive.map { credential in { try $0.setCredentialStatus($1, credential: credential.id, active: false) } }))
        }
        for (client, list) in credentials {
            for credential in list {
                cases.append(Case(label: "deactivate credential #\(credential.id) (\(credential.status.rawValue)) of \(client.name)",
                                  question: .deactivateCredential(credential.id),
                                  perform: { try $0.setCredentialStatus($1, credential: credential.id, active: false) }))
            }
        }
        for user in users {
            let login = user.login
            cases.append(Case(label: "lock-user \(login)", question: .lockUser(user.id),
                              ask: (.lockUser, login, Ask.Options(), .lockUser(user.id)),
                              perform: { _ = try $0.lockUser($1, user: user.id) }))
            cases.append(Case(label: "unlock-user \(login)", question: .unlockUser(user.id),
                              ask: (.unlockUser, login, Ask.Options(), .unlockUser(user.id)),
                              perform: { _ = try $0.unlockUser($1, user: user.id) }))
            cases.append(Case(label: "delete-user \(login)", question: .deleteUser(user.id, transferTo: nil),
                              ask: (.deleteUser, login, Ask.Options(), .deleteUser(user.id, transferTo: nil)),
                              perform: { try $0.deleteUser($1, user: user.id) }))
            cases.append(Case(label: "manage-ssh-keys \(login)", question: .manageSSHKeys(user.id),
                              ask: (.manageSSHKeys, login, Ask.Options(), .manageSSHKeys(user.id)),
                              perform: { _ = try $0.addSSHKey($1, user: user.id, line: SSHKeyFixtures.ed25519.line) }))
            // `edit-user` is "the profile or the access" (the console's E); the job title is the profile.
            cases.append(Case(label: "edit-user \(login)", question: .editUser(user.id),
                              ask: (.editUser, login, Ask.Options(), .editUser(user.id))))
            cases.append(Case(label: "edit profile (job title) of \(login)", question: .editUserProfile(user.id, changesEmail: false),
                              perform: { _ = try $0.editUser($1, user: user.id, UserProfileEdit(jobTitle: "Agreement probe")) }))
        }
        for root in roots {
            cases.append(Case(label: "create-group under \(root.name)", question: .createGroup(parent: root.id),
                              ask: (.createGroup, root.name, Ask.Options(), .createGroup(parent: root.id)),
                              perform: { _ = try $0.createGroup($1, parent: root.id, name: "Agreement Probe") }))
        }
        for group in renamed {
            cases.append(Case(label: "rename-group \(group.name)", question: .renameGroup(group.id),
                              ask: (.renameGroup, group.name, Ask.Options(), .renameGroup(group.id)),
                              perform: { _ = try $0.renameGroup($1, group: group.id, to: group.name + " Renamed") }))
        }
        for role in roles {
            cases.append(Case(label: "delete-role \(role.name)", question: .deleteRole(role.id),
                              ask: (.deleteRole, role.name, Ask.Options(), .deleteRole(role.id)),
                              perform: { try $0.deleteRole($1, role: role.id) }))
            cases.append(Case(label: "edit-role \(role.name) (description)", question: .editRole(role.id, permissions: nil),
                              ask: (.editRole, role.name, Ask.Options(), .editRole(role.id, permissions: nil)),
                              perform: { _ = try $0.editRole($1, role: role.id, RoleEdit(description: "Edited by the agreement test.")) }))
        }
        cases.append(Case(label: "read-audit", question: .readAuditLog, ask: (.readAudit, nil, Ask.Options(), .readAuditLog)))
        let probe = try AkamaiParser.parse(Data(#"[{"groupId": 9, "groupName": "Agreement Probe", "subGroups": []}]"#.utf8), file: "groups.json")
        cases.append(Case(label: "import-akamai", question: .importAkamai, ask: (.importAkamai, nil, Ask.Options(), .importAkamai),
                          perform: { _ = try $0.importAkamai($1, files: [probe]) }))
        cases.append(Case(label: "export-akamai", question: .exportAkamai, ask: (.exportAkamai, nil, Ask.Options(), .exportAkamai)))

        let actors = ["alice", "ivan", "nora", "mike", "pat", "vera"].map { ActorRef(login: $0) }
            + [ActorRef(login: "rhea", accountID: acme.id)]

        let baseline = try SQLiteSnapshot.lines(base.store)
        var shared = try Copy(bytes)
        XCTAssertEqual(try SQLiteSnapshot.lines(shared.store), baseline, "a copy of the file is the directory")
        var problems: [String] = []
        var (yes, no, served) = (0, 0, 0)
        /// `IDM_AGREEMENT_LOG=PATH` writes the whole matrix there, one "actor: question: answer" a line.
        var matrix: [String] = []

        for actor in actors {
            let who = actor.accountID == nil ? actor.login : "\(actor.login)@\(acme.name)"
            for c in cases {
                let where_ = "\(who): \(c.label)"
                // (a) can-i and the decision table, in one snapshot.
                let (decided, asked, resolved, askedQuestion) = try shared.store.read { db -> (Decision, Decision?, Question?, Decision?) in
                    let ctx = try DirectoryService.context(db, actor)
                    let decided = try Decide.decision(db, ctx, c.question)
                    guard let ask = c.ask else { return (decided, nil, nil, nil) }
                    return (decided, try Ask.decision(db, ctx, ask.action, target: ask.target, options: ask.options),
                            try Ask.question(db, ctx, ask.action, target: ask.target, options: ask.options),
                            try Decide.decision(db, ctx, ask.resolves))
                }
                if let ask = c.ask {
                    if resolved != ask.resolves { problems.append("\(where_): can-i resolves to \(String(describing: resolved)), not \(ask.resolves)") }
                    if asked != askedQuestion {
                        problems.append("\(where_): can-i says \(asked.map(\.description) ?? "-"), the decision table \(askedQuestion.map(\.description) ?? "-")")
                    }
                }
                if c.question == .readAuditLog {
                    // The console's `L` asks the policy on the service's context; reading writes nothing.
                    let console = Policy.readAuditLog(try shared.service.context(actor))
                    if console != decided { problems.append("\(where_): the console says \(console), the decision table \(decided)") }
                    _ = try shared.store.read { db in try Q.audit(db, account: acme.id, filter: Q.AuditFilter(limit: 5)) }
                    let after = try SQLiteSnapshot.lines(shared.store)
                    if after != baseline { problems.append("\(where_): reading wrote: \(SQLiteSnapshot.difference(baseline, after))") }
                }
                if decided.isAllowed { yes += 1 } else { no += 1 }
                matrix.append("\(where_): \(decided)")
                guard let perform = c.perform else { continue }
                served += 1

                // (b) the service.
                switch decided {
                case .denied(let reason):
                    do {
                        try perform(shared.service, actor)
                        problems.append("\(where_): the decision is \"no: \(reason)\" but the service did it")
                    } catch let error as IDMError {
                        if error != .denied(reason) {
                            problems.append("\(where_): the decision is \"no: \(reason)\" but the service threw \(error) (\(String(reflecting: error)))")
                        }
                    } catch {
                        problems.append("\(where_): the decision is \"no: \(reason)\" but the service threw \(error)")
                    }
                    let after = try SQLiteSnapshot.lines(shared.store)
                    if after != baseline {
                        problems.append("\(where_): refused, yet \(SQLiteSnapshot.difference(baseline, after))")
                        shared = try Copy(bytes)
                    }
                case .allowed:
                    let fresh = try Copy(bytes)
                    do {
                        try perform(fresh.service, actor)
                        if try SQLiteSnapshot.lines(fresh.store) == baseline {
                            problems.append("\(where_): allowed and done, but nothing was written")
                        }
                    } catch {
                        problems.append("\(where_): the decision is \"yes\" but the service threw \(error) (\(String(reflecting: error)))")
                    }
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        if let log = ProcessInfo.processInfo.environment["IDM_AGREEMENT_LOG"] {
            try (matrix.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        }
        print("DecisionAgreementTests: \(actors.count) actors x \(cases.count) questions: \(yes) yes, \(no) no, " +
              "\(served) acted out through the service, in \(String(format: "%.1f", seconds)) s")
        XCTAssert(problems.isEmpty, "\(problems.count) disagreements:\n" + problems.joined(separator: "\n"))
        XCTAssertGreaterThan(yes, 50)
        XCTAssertGreaterThan(no, 200)
        XCTAssertLessThan(seconds, 60)
    }
}
