import Foundation
import IDMDomain
import IDMStore

/// Who is at the keyboard, on which database, looking at which account. Reloaded when the
/// account changes, so every answer the screens give comes from the current state.
public final class Session {
    public let store: Store
    public let login: String
    public private(set) var context: ActorContext
    /// The accounts this user may open: their own, and for a reseller the ones it manages.
    public private(set) var browsableAccounts: [Account]
    /// The clock the screens use for "expires in N days" (fixed in tests).
    public let now: @Sendable () -> Date

    /// Every change goes through here (the same service as the command line).
    public let service: DirectoryService

    /// The operating-system user acting as `login` without being bound to it; every change
    /// made from this console records it (README, "Who may say --as").
    public let osUser: String?

    public init(store: Store, login: String, accountID: AccountID? = nil, osUser: String? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, entropy: Entropy = SystemEntropy()) throws {
        self.store = store
        self.login = login
        self.osUser = osUser
        self.now = now
        self.service = DirectoryService(store: store, clock: now, entropy: entropy)
        let ref = ActorRef(login: login, accountID: accountID, osUser: osUser)
        context = try store.read { db in try DirectoryService.context(db, ref) }
        browsableAccounts = []
        browsableAccounts = try loadBrowsable()
        roleSummary = try summarizeRoles()
    }

    public var account: Account { context.account }

    /// The acting user as the service knows them, in the account on screen.
    public var actor: ActorRef { ActorRef(login: login, accountID: context.account.id, osUser: osUser) }

    /// Whether a client of that name exists in the account on screen (names are unique there).
    public func clientNameTaken(_ name: String) -> Bool {
        (try? store.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_client WHERE account_id = ? AND name = ?)",
                                                   arguments: [context.account.id, name]) }) ?? false ?? false
    }

    /// A new wizard for `owner`, with the owner's access and the account's catalogue.
    public func wizard(for owner: User) throws -> NewClientWizard {
        try store.read { db in
            NewClientWizard(owner: owner, ownerAccess: try Q.access(db, of: owner), tree: try Q.tree(db, account: owner.accountID),
                            services: try Q.services(db), products: try Q.products(db))
        }
    }

    public func switchAccount(to id: AccountID) throws {
        context = try store.read { db in try DirectoryService.context(db, ActorRef(login: login, accountID: id, osUser: osUser)) }
        roleSummary = try summarizeRoles()
    }

    /// The reseller that manages the current account, when the user is browsing it from there.
    public var managingReseller: Account? {
        context.isBrowsingManagedAccount ? context.homeAccount : nil
    }

    /// "Admin", "Reseller Admin (Northwind Partners)". Computed when the account changes, not
    /// on every frame: resolving access walks the whole group tree.
    public private(set) var roleSummary = ""

    private func summarizeRoles() throws -> String {
        if context.isBrowsingManagedAccount {
            let home = try store.read { db in try Q.access(db, of: context.user) }.roles.map(\.name)
            return home.joined(separator: ", ") + " (\(context.homeAccount.name))"
        }
        let names = context.access.roles.map(\.name)
        return names.isEmpty ? "no roles" : names.joined(separator: ", ")
    }

    /// The roles without the home account's name, for narrow screens.
    public var shortRoleSummary: String {
        roleSummary.components(separatedBy: " (").first ?? roleSummary
    }

    private func loadBrowsable() throws -> [Account] {
        try store.read { db in
            let home = context.homeAccount
            let homeAccess = try Q.access(db, of: context.user)
            let managed = try Q.managedAccounts(db, by: home.id).filter {
                Policy.browseAccount(user: context.user, homeAccount: home, homeAccess: homeAccess, target: $0).isAllowed
            }
            return [home] + managed
        }
    }

    public func read<T>(_ body: (GRDB_Database) throws -> T) throws -> T { try store.read(body) }
}

import GRDB
public typealias GRDB_Database = GRDB.Database
