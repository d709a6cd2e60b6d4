import Foundation
import GRDB
import IDMDomain

/// Who asks for a change: a user by login, acting in their own account or (a reseller's user)
/// in a managed one. The service resolves it afresh inside every transaction, so a permission
/// lost a second ago is already lost.
public struct ActorRef: Sendable, Equatable {
    public let login: String
    public let accountID: AccountID?
    /// Where the act comes from (the operating-system user acting as `login` without being
    /// bound to it, the SSH client and key); recorded in every audit event it causes.
    public let origin: Origin
    public var osUser: String? { origin.osUser }

    public init(login: String, accountID: AccountID? = nil, osUser: String? = nil) {
        self.init(login: login, accountID: accountID, origin: Origin(osUser: osUser))
    }

    public init(login: String, accountID: AccountID? = nil, origin: Origin) {
        self.login = login
        self.accountID = accountID
        self.origin = origin
    }
}

/// Every change to the directory goes through here, each in one `BEGIN IMMEDIATE` transaction:
/// check the domain policy, write with an optimistic version check, append the audit event.
/// A refusal or a conflict throws, and the transaction rolls back: nothing half-written.
public final class DirectoryService: @unchecked Sendable {
    public let store: Store
    let clock: @Sendable () -> Date
    let factory: CredentialFactory

    /// The actor recorded for provisioning that no user performs (accounts, catalogue).
    public static let systemActor = "system"

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }, entropy: Entropy = SystemEntropy()) {
        self.store = store
        self.clock = clock
        self.factory = CredentialFactory(entropy: entropy)
    }

    /// Resolves the acting user and the account they act in.
    public static func context(_ db: Database, _ actor: ActorRef) throws -> ActorContext {
        guard let user = try Q.user(db, login: actor.login) else {
            throw IDMError.noActor("No user \"\(actor.login)\" in this directory. `idm users list` shows who exists.")
        }
        guard let home = try Q.account(db, id: user.accountID) else {
            throw IDMError.notFound("The account of \(user.login) is missing.")
        }
        let homeTree = try Q.tree(db, account: home.id)
        let homeAccess = UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: homeTree,
                                            roles: try Q.rolesByID(db, account: home.id))
        guard let targetID = actor.accountID, targetID != home.id else {
            return ActorContext(user: user, homeAccount: home, account: home, access: homeAccess, tree: homeTree, origin: actor.origin)
        }
        guard let target = try Q.account(db, id: targetID) else {
            throw IDMError.notFound("No account with id \(targetID).")
        }
        try Policy.browseAccount(user: user, homeAccount: home, homeAccess: homeAccess, target: target).enforce()
        return ActorContext(user: user, homeAccount: home, account: target, access: .none,
                            tree: try Q.tree(db, account: target.id), origin: actor.origin)
    }

    public func context(_ actor: ActorRef) throws -> ActorContext {
        try store.read { db in try Self.context(db, actor) }
    }

    var now: Date { clock() }

    /// Bumps a row's version if it is still the one the caller read; otherwise reports who
    /// changed it and when, and the caller's transaction rolls back.
    func bumpVersion(_ db: Database, table: String, id: Int64, expected: Int64?, targetType: String, name: String) throws {
        if let expected {
            try db.execute(sql: "UPDATE \(table) SET version = version + 1 WHERE id = ? AND version = ?", arguments: [id, expected])
        } else {
            try db.execute(sql: "UPDATE \(table) SET version = version + 1 WHERE id = ?", arguments: [id])
        }
        if db.changesCount == 0 {
            let last = try Q.lastChange(db, targetType: targetType, targetID: String(id))
            throw IDMError.conflict(target: name, changedBy: last?.actorLogin, at: last?.time)
        }
    }

    /// Refuses at once when the caller's copy is stale: they decided on a state that is gone,
    /// so the answer is "reload", whatever the policy would now say.
    func checkFresh(_ db: Database, version: Int64, expected: Int64?, targetType: String, id: Int64, name: String) throws {
        guard let expected, expected != version else { return }
        let last = try Q.lastChange(db, targetType: targetType, targetID: String(id))
        throw IDMError.conflict(target: name, changedBy: last?.actorLogin, at: last?.time)
    }

    func login(_ db: Database, _ id: UserID) throws -> String {
        try String.fetchOne(db, sql: "SELECT login FROM user WHERE id = ?", arguments: [id]) ?? "#\(id)"
    }

    func requireUser(_ db: Database, _ id: UserID) throws -> User {
        guard let user = try Q.user(db, id: id) else { throw IDMError.notFound("No user with id \(id).") }
        return user
    }

    func requireClient(_ db: Database, _ id: ClientID) throws -> APIClient {
        guard let client = try Q.client(db, id: id) else { throw IDMError.notFound("No API client with id \(id).") }
        return client
    }

    /// The client's fields as the audit log shows them: people by login, groups by path.
    func auditFields(_ db: Database, _ client: APIClient) throws -> [String: String] {
        let tree = try Q.tree(db, account: client.accountID)
        var fields = AuditFields.client(client, tree: tree)
        fields["owner"] = try login(db, client.ownerID)
        fields["creator"] = try login(db, client.creatorID)
        return fields
    }

    /// Maps SQLite's unique-constraint failure to a message naming what clashed.
    func uniquely<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw IDMError.alreadyExists(what())
        }
    }
}

extension Result where Failure == ValidationError {
    /// The valid value, or the validation error as the service's error.
    func valid() throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw IDMError.invalid(error)
        }
    }
}
