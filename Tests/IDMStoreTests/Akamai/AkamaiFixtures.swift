import Foundation
import GRDB
import IDMDomain
@testable import IDMStore

/// The v3 fixtures (`Tests/Fixtures/akamai-iam-v3`) and a fresh directory to import them into.
enum AkamaiFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/akamai-iam-v3")
    static var contoso: String { root.appendingPathComponent("contoso").path }
    static var specExamples: String { root.appendingPathComponent("spec-examples").path }
    static var spec: String { root.appendingPathComponent("spec/openapi.json").path }
    static var validator: String { root.appendingPathComponent("validate_v3.py").path }

    static func files(_ paths: String...) throws -> [AkamaiFile] { try AkamaiFiles.read(paths) }

    /// A new directory with one account, `name`, its admin `admin` (Admin on the root group
    /// named after the account), and `intern`, who holds only Reporting read on that root.
    static func fresh(account name: String = "Contoso Ltd", admin: String = "carol@contoso.example") throws -> TestDirectory {
        let dir = try TestDirectory(seeded: false)
        try Catalogue.install(dir.service)
        try dir.service.provisionAccount(name: name, kind: .direct,
                                         contract: .init(id: "C-MAIN", name: "\(name) contract", rootGroup: name),
                                         admin: NewUser(login: admin, firstName: "Carol", lastName: "(admin)", email: admin.contains("@") ? admin : "\(admin)@example.com"))
        let me = ActorRef(login: admin)
        let reader = try dir.service.createRole(me, name: "Report Reader", description: "Reads reports.",
                                                permissions: [.product(Catalogue.reporting, .readOnly)])
        let root = try dir.store.read { db in try Q.groups(db, account: try Q.user(db, login: admin)!.accountID)[0].id }
        try dir.service.createUser(me, NewUser(login: "intern", firstName: "Ina", lastName: "Intern", email: "intern@contoso.example",
                                               grants: [Grant(groupID: root, roleID: reader)]))
        return dir
    }

    /// The main file and its -wal, as bytes.
    static func bytes(_ dir: TestDirectory) throws -> [Data] {
        [try Data(contentsOf: URL(fileURLWithPath: dir.path)), (try? Data(contentsOf: URL(fileURLWithPath: dir.path + "-wal"))) ?? Data()]
    }

    static func account(_ dir: TestDirectory, of login: String) throws -> AccountID {
        try dir.store.read { db in try Q.user(db, login: login)!.accountID }
    }
}
