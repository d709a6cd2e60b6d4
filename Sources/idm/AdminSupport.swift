import ArgumentParser
import Foundation
import GRDB
import IDMDomain
import IDMStore

/// What every user, group and role command needs: the store, the service, who acts and where,
/// and the lookups that turn what a person types into rows of the account.
struct Admin {
    let store: Store
    let service: DirectoryService
    let actor: ActorRef
    let ctx: ActorContext

    init(_ global: GlobalOptions) throws {
        store = try global.openStore()
        service = DirectoryService(store: store)
        actor = try global.actorRef(store)
        ctx = try service.context(actor)
    }

    var account: AccountID { ctx.account.id }

    func user(_ login: String) throws -> User {
        try store.read { db in
            guard let user = try Q.user(db, login: login), user.accountID == account else {
                throw IDMError.notFound("No user \"\(login)\" in \(ctx.account.name). `idm users list` shows who exists.")
            }
            return user
        }
    }

    func group(_ key: String) throws -> Group {
        try store.read { db in try Q.group(db, account: account, key: key) }
    }

    func role(_ key: String) throws -> Role {
        try store.read { db in try Q.role(db, account: account, key: key) }
    }

    func tree() throws -> GroupTree {
        try store.read { db in try Q.tree(db, account: account) }
    }

    /// "GROUP=ROLE", the group by name, path or id and the role by name or id. The last '=' splits,
    /// so a group name may contain one.
    func grants(_ specs: [String]) throws -> [Grant] {
        try specs.map { spec in
            guard let eq = spec.lastIndex(of: "=") else {
                throw Failure("--grant wants GROUP=ROLE, e.g. --grant \"Acme Web=Property Viewer\"; got \"\(spec)\".")
            }
            let groupKey = spec[..<eq].trimmingCharacters(in: .whitespaces)
            let roleKey = spec[spec.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            return Grant(groupID: try group(groupKey).id, roleID: try role(roleKey).id)
        }
    }

    func userRow(_ user: User) throws -> UserRow {
        try store.read { db in
            let tree = try Q.tree(db, account: user.accountID)
            let roles = try Q.rolesByID(db, account: user.accountID)
            return UserRow(login: user.login, name: user.fullName, email: user.email, jobTitle: user.jobTitle, locked: user.locked,
                           grants: user.grants.map { GrantRow(group: tree.path(of: $0.groupID), role: roles[$0.roleID]?.name ?? "?") })
        }
    }

    /// Rule 17 on the command line: a change that shrinks API clients prints them and needs
    /// --yes; without it nothing is changed (exit 1).
    func confirmShrinking(_ impacts: [ClientImpact], owner: String, yes: Bool, json: Bool, what: String) throws {
        guard !impacts.isEmpty else { return }
        let tree = try tree()
        let rows = impacts.map { ClientImpactRow($0, owner: owner, tree: tree) }
        if json && !yes {
            print(try Output.json(rows))
        } else if !json {
            print(Output.safe("\(owner)'s API clients that shrink to the new access:"))
            for row in rows { print(Output.safe("  " + row.text + (row.noAccess ? " (no access left: it stays, marked no access)" : ""))) }
        }
        if !yes { throw Admin.needsYes("\(what) shrink\(what.hasSuffix("s") ? "" : "s") \(plural(impacts.count, "API client"))") }
    }

    /// A command that would change others' access without --yes: the preview is printed, then
    /// this error (exit 1).
    static func needsYes(_ what: String) -> Failure {
        Failure("\(what); nothing was changed. Add --yes to apply it.")
    }
}

/// "1 user", "2 users".
func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

/// How a client shrinks, in words and in JSON.
struct ClientImpactRow: Encodable {
    struct Lowered: Encodable { let api, from, to: String }
    let name, owner: String
    let lostGroups, lostAPIs: [String]
    let lowered: [Lowered]
    /// Shrunk to nothing: it stays, marked "no access" (rule 17).
    let noAccess: Bool

    init(_ impact: ClientImpact, owner: String, tree: GroupTree) {
        noAccess = impact.preview.keepsNoGroup
        name = impact.name
        self.owner = owner
        lostGroups = impact.preview.lostGroups.map { tree.path(of: $0) }
        lostAPIs = impact.preview.lostAPIs
        lowered = impact.preview.loweredAPIs.map { Lowered(api: $0.0, from: $0.from.rawValue, to: $0.to.rawValue) }
    }

    var text: String {
        var parts = lostGroups.map { "loses group \($0)" } + lostAPIs.map { "loses API \($0)" }
        parts += lowered.map { "\($0.api) \($0.from) -> \($0.to)" }
        return "\(name) (owner \(owner)): " + parts.joined(separator: ", ")
    }
}
