import Foundation
import GRDB
import IDMDomain

/// `idm who-can`: an access review, as `kubectl auth who-can` or a policy simulator. Every
/// user of the account (and every reseller user who may browse it) is asked the same question
/// of the decision table; for each "yes", the grants it rests on.
public struct WhoCanAnswer: Equatable, Sendable, Encodable {
    public let login: String
    /// "Admin on Acme Web", "as the owner of purge-pipeline", "browsing from Northwind Partners".
    public let because: [String]
    /// Every one of `because` is needed (each grant alone would not do); else any one is enough.
    public let needsAll: Bool

    /// "Admin on Acme Web and Admin on Acme Streaming", "any of: A, B".
    public var text: String {
        needsAll || because.count == 1 ? because.joined(separator: " and ") : "any of: " + because.joined(separator: ", ")
    }
}

extension Decide {
    public static func whoCan(_ db: Database, _ caller: ActorContext, _ question: Question) throws -> [WhoCanAnswer] {
        let account = caller.account
        let facts = try facts(db, caller, question)
        let tree = caller.tree
        let roles = facts.roles
        var answers: [WhoCanAnswer] = []
        for user in try Q.users(db, account: account.id) {
            let access = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree, roles: roles)
            let ctx = ActorContext(user: user, homeAccount: account, account: account, access: access, tree: tree)
            guard Policy.decide(question, ctx, facts).isAllowed else { continue }
            let (because, needsAll) = reasons(question, user, account, facts, roles, tree)
            answers.append(WhoCanAnswer(login: user.login, because: because, needsAll: needsAll))
        }
        if let reseller = account.managedBy, let home = try Q.account(db, id: reseller) {
            let homeTree = try Q.tree(db, account: home.id)
            let homeRoles = try Q.rolesByID(db, account: home.id)
            for user in try Q.users(db, account: home.id) {
                let homeAccess = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: homeTree, roles: homeRoles)
                guard Policy.browseAccount(user: user, homeAccount: home, homeAccess: homeAccess, target: account).isAllowed else { continue }
                let ctx = ActorContext(user: user, homeAccount: home, account: account, access: .none, tree: tree)
                guard Policy.decide(question, ctx, facts).isAllowed else { continue }
                answers.append(WhoCanAnswer(login: user.login, because: ["browsing from \(home.name), which manages \(account.name)"], needsAll: true))
            }
        }
        return answers
    }

    /// The grants without which the answer would be "no"; else the owner's or creator's right,
    /// else every grant (each alone is enough).
    static func reasons(_ question: Question, _ user: User, _ account: Account, _ facts: DecisionFacts, _ roles: [RoleID: Role],
                        _ tree: GroupTree) -> (because: [String], needsAll: Bool) {
        func describe(_ grant: Grant) -> String { "\(roles[grant.roleID]?.name ?? "role #\(grant.roleID)") on \(tree.path(of: grant.groupID))" }
        let necessary = user.grants.filter { grant in
            let rest = user.grants.filter { $0 != grant }
            let access = UserAccess.resolve(grants: rest, blocked: user.blockedGroups, tree: tree, roles: roles)
            let ctx = ActorContext(user: user, homeAccount: account, account: account, access: access, tree: tree)
            return !Policy.decide(question, ctx, facts).isAllowed
        }
        if !necessary.isEmpty { return (necessary.map(describe), true) }
        if let client = facts.client?.client {
            if client.ownerID == user.id { return (["as the owner of \(client.name)"], true) }
            if client.creatorID == user.id { return (["as the creator of \(client.name)"], true) }
        }
        if let target = facts.user?.user, target.id == user.id { return (["as \(user.login) themselves"], true) }
        return user.grants.isEmpty ? (["no grant needed"], true) : (user.grants.map(describe), false)
    }
}
