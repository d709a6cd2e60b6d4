import Foundation

/// What a legacy entry is keyed by in the directory, so that a second run recognises it:
/// a legacy client by its `clientId`, a legacy user by their username (lowercased).
public struct LegacyKey: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case client
        case user
    }

    public let kind: Kind
    public let id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = kind == .user ? id.lowercased() : id
    }

    public static func client(_ id: String) -> LegacyKey { LegacyKey(kind: .client, id: id) }
    public static func user(_ username: String) -> LegacyKey { LegacyKey(kind: .user, id: username) }

    public var description: String { "\(kind.rawValue) \(id)" }
}

/// What an earlier run did with a legacy entry.
public enum LegacyState: Equatable, Sendable {
    /// Migrated into the client (or User record) of that name; nil when it was deleted since.
    case migrated(clientName: String?)
    /// Declared non-conforming, with the expiry it was given then (none for a legacy user).
    case declared(expiresAt: Date?)
}

/// The directory as the planner needs it: one account's users with their access, its groups,
/// the catalogue, the names already taken, and what earlier runs did.
public struct MigrationDirectory: Sendable {
    public let account: Account
    public let users: [User]
    public let access: [UserID: UserAccess]
    public let tree: GroupTree
    public let services: [APIService]
    public let products: [ProductID: Product]
    /// Names of the account's API clients (names are unique per account, case-insensitively).
    public let clientNames: Set<String>
    public let legacy: [LegacyKey: LegacyState]

    public init(account: Account, users: [User], access: [UserID: UserAccess], tree: GroupTree, services: [APIService],
                products: [ProductID: Product], clientNames: [String], legacy: [LegacyKey: LegacyState]) {
        self.account = account
        self.users = users
        self.access = access
        self.tree = tree
        self.services = services
        self.products = products
        self.clientNames = Set(clientNames.map { $0.lowercased() })
        self.legacy = legacy
    }
}

/// What a migration run will do, entry by entry. Planning writes nothing: the service applies a
/// plan in one transaction, and a dry run only shows it.
public struct MigrationPlan: Sendable {
    /// An eligible legacy client: becomes an API client, owner and creator preserved.
    public struct NewClient: Sendable, Equatable {
        public let key: LegacyKey
        public let legacyName: String
        public let name: String
        public let description: String
        public let owner: User
        public let creator: User
        public let groupIDs: Set<GroupID>
        public let apis: [APIGrant]
        /// The legacy access token, recognisable but never whole.
        public let tokenHint: String
    }

    /// A legacy user's read-only record (an API client row of kind `User`, owned by the user).
    public struct NewRecord: Sendable, Equatable {
        public let key: LegacyKey
        /// The clientId of the export's `User` entry for this user, if it has one.
        public let legacyClientID: String?
        public let username: String
        public let user: User
        public let name: String
        public let description: String
    }

    /// Not migrated, and why. A legacy client keeps working until `expiresAt`, then is gone.
    public struct NotMigrated: Sendable, Equatable {
        public let key: LegacyKey
        public let legacyID: String
        public let legacyType: LegacyExport.LegacyClient.ClientType
        public let name: String
        public let owner: String
        public let creator: String?
        public let reasons: [String]
        public let expiresAt: Date?
        /// False when an earlier run already declared it (its expiry then stays as it was).
        public let isNew: Bool
    }

    /// Migrated by an earlier run: nothing changes.
    public struct AlreadyMigrated: Sendable, Equatable {
        public let key: LegacyKey
        public let legacyID: String
        public let legacyType: LegacyExport.LegacyClient.ClientType
        public let name: String
        public let owner: String
        /// The client or record it became; nil when that was deleted since.
        public let clientName: String?
    }

    public var clients: [NewClient] = []
    public var records: [NewRecord] = []
    public var notMigrated: [NotMigrated] = []
    public var alreadyMigrated: [AlreadyMigrated] = []

    /// Nothing new to write: a second run of the same file.
    public var changesNothing: Bool {
        clients.isEmpty && records.isEmpty && !notMigrated.contains { $0.isNew }
    }
}

public enum MigrationPlanner {
    /// Plans the migration of `export` into `directory`. Non-conforming entries get `expiresAt`
    /// (unless an earlier run gave them one). Throws only when the export is of another account.
    public static func plan(_ export: LegacyExport, into directory: MigrationDirectory, expiresAt: Date) throws -> MigrationPlan {
        if let account = export.account, account.caseInsensitiveCompare(directory.account.name) != .orderedSame {
            throw LegacyExportError(["field account: the export is of \"\(account)\", not of \(directory.account.name), the account you are acting in."])
        }
        var planner = Planning(directory: directory, expiresAt: expiresAt)
        for client in export.clients where client.clientType == .api {
            planner.plan(client)
        }
        planner.planRecords(export)
        return planner.plan
    }
}

private struct Planning {
    let directory: MigrationDirectory
    let expiresAt: Date
    let usersByLogin: [String: User]
    let servicesByID: [ServiceID: APIService]
    var plan = MigrationPlan()
    /// Names given by this plan so far (lowercased), so that two entries cannot take one name.
    var plannedNames: [String: String] = [:]

    init(directory: MigrationDirectory, expiresAt: Date) {
        self.directory = directory
        self.expiresAt = expiresAt
        usersByLogin = Dictionary(directory.users.map { ($0.login.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        servicesByID = Dictionary(directory.services.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    var accountName: String { directory.account.name }

    func user(_ login: String) -> User? { usersByLogin[login.lowercased()] }

    func unknown(_ role: String, _ login: String) -> String {
        "unknown \(role) \(login): no user \(login) in \(accountName)"
    }

    /// Why the name cannot be used, if it cannot.
    func nameProblem(_ name: String) -> String? {
        if directory.clientNames.contains(name.lowercased()) {
            return "name \(name) is taken by an API client of \(accountName)"
        }
        if let other = plannedNames[name.lowercased()] {
            return "name \(name) is also the name of \(other), migrated first"
        }
        return nil
    }

    mutating func plan(_ legacy: LegacyExport.LegacyClient) {
        let key = LegacyKey.client(legacy.clientId)
        let earlier = directory.legacy[key]
        if case .migrated(let clientName)? = earlier {
            plan.alreadyMigrated.append(.init(key: key, legacyID: legacy.clientId, legacyType: .api, name: legacy.name,
                                              owner: legacy.owner, clientName: clientName))
            return
        }
        func notMigrated(_ reasons: [String]) {
            var expiry = expiresAt
            if case .declared(let given)? = earlier, let given { expiry = given }
            plan.notMigrated.append(.init(key: key, legacyID: legacy.clientId, legacyType: .api, name: legacy.name, owner: legacy.owner,
                                          creator: legacy.creator, reasons: reasons, expiresAt: expiry, isNew: earlier == nil))
        }
        // The most common reason first [FAQ]: the new model has one credential set per client.
        switch legacy.accessTokens.count {
        case 0: return notMigrated(["no access token"])
        case 1: break
        case let n: return notMigrated(["several access tokens (\(n)); a migrated client has exactly one"])
        }
        let token = legacy.accessTokens[0]
        var reasons: [String] = []

        let owner = user(legacy.owner)
        var ownerAccess: UserAccess?
        if let owner {
            let access = directory.access[owner.id] ?? .none
            if owner.locked {
                reasons.append("owner \(owner.login) is locked")
            } else if access.groupIDs.isEmpty {
                reasons.append("owner \(owner.login) has no group access in \(accountName)")
            } else {
                ownerAccess = access
            }
        } else {
            reasons.append(unknown("owner", legacy.owner))
        }
        let creator = user(legacy.creator)
        if creator == nil { reasons.append(unknown("creator", legacy.creator)) }

        var name = legacy.name
        switch Validate.clientName(legacy.name) {
        case .success(let valid):
            name = valid
            if let problem = nameProblem(valid) { reasons.append(problem) }
        case .failure(let error): reasons.append(error.message)
        }
        var description = legacy.description
        switch Validate.clientDescription(legacy.description) {
        case .success(let valid): description = valid
        case .failure(let error): reasons.append(error.message)
        }

        // Groups: each must name one group of the account, and the owner must have access to it.
        var groups: Set<GroupID> = []
        var groupsOK = true
        for ref in token.groups {
            switch resolve(ref) {
            case .success(let id): groups.insert(id)
            case .failure(let problem): reasons.append(problem.message); groupsOK = false
            }
        }
        if token.groups.isEmpty {
            reasons.append("no group: a migrated client needs at least one")
            groupsOK = false
        }
        if let owner, let access = ownerAccess {
            for id in groups.sorted() where !access.groupIDs.contains(id) {
                reasons.append("owner \(owner.login) lacks access to group \(directory.tree.path(of: id))")
                groupsOK = false
            }
        }

        // APIs: each must be in the catalogue, and available to the owner on those groups at that level.
        var apis: [APIGrant] = []
        var seen = Set<ServiceID>()
        for api in token.apis {
            guard let service = servicesByID[api.service] else {
                reasons.append("unknown API \(api.service): not in this directory's catalogue")
                continue
            }
            guard seen.insert(service.id).inserted else {
                reasons.append("API \(service.id) is listed twice")
                continue
            }
            apis.append(APIGrant(serviceID: service.id, level: api.level))
            guard let owner, let access = ownerAccess, groupsOK else { continue }
            let availability = Policy.apiAvailability(of: service, owner: owner, ownerAccess: access, selectedGroups: groups,
                                                      tree: directory.tree, products: directory.products)
            guard case .denied(let reason) = Policy.grantAPI(availability, level: api.level) else { continue }
            if reason == Policy.multipleContractsReason {
                let contracts = directory.tree.contracts(of: groups).sorted().joined(separator: ", ")
                reasons.append("API \(service.id) (\(service.name)) can be tied to one contract only; the groups span \(contracts)")
            } else {
                reasons.append("API \(service.id) (\(service.name)): \(reason)")
            }
        }

        guard reasons.isEmpty, let owner, let creator else { return notMigrated(reasons) }
        plannedNames[name.lowercased()] = name
        plan.clients.append(.init(key: key, legacyName: legacy.name, name: name, description: description, owner: owner,
                                  creator: creator, groupIDs: groups, apis: apis, tokenHint: token.hint))
    }

    struct Problem: Error { let message: String }

    func resolve(_ ref: LegacyExport.GroupRef) -> Result<GroupID, Problem> {
        let tree = directory.tree
        switch ref {
        case .id(let id):
            guard tree[id] != nil else { return .failure(Problem(message: "unknown group #\(id) in \(accountName)")) }
            return .success(id)
        case .name(let text):
            let wanted = text.split(separator: ">").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " > ")
            let byPath = tree.groups.values.filter { tree.path(of: $0.id).caseInsensitiveCompare(wanted) == .orderedSame }
            if byPath.count == 1 { return .success(byPath[0].id) }
            let byName = wanted.contains(" > ") ? [] : tree.groups(named: wanted)
            switch byName.count {
            case 1: return .success(byName[0].id)
            case 0: return .failure(Problem(message: "unknown group \(text) in \(accountName)"))
            default: return .failure(Problem(message: "group \(text) is ambiguous: \(byName.count) groups have that name; give its path"))
            }
        }
    }

    /// One read-only record per legacy user: the export's users, then owners of `User` entries
    /// the users list left out.
    mutating func planRecords(_ export: LegacyExport) {
        var order: [String] = []
        var profile: [String: LegacyExport.LegacyUser] = [:]
        var userEntry: [String: LegacyExport.LegacyClient] = [:]
        for legacy in export.users where profile[legacy.username.lowercased()] == nil {
            profile[legacy.username.lowercased()] = legacy
            order.append(legacy.username)
        }
        for entry in export.clients where entry.clientType == .user {
            let login = entry.owner.lowercased()
            if userEntry[login] == nil { userEntry[login] = entry }
            if profile[login] == nil && !order.contains(where: { $0.lowercased() == login }) { order.append(entry.owner) }
        }
        for username in order {
            let key = LegacyKey.user(username)
            let entry = userEntry[username.lowercased()]
            let legacyID = entry?.clientId ?? username
            let earlier = directory.legacy[key]
            if case .migrated(let clientName)? = earlier {
                plan.alreadyMigrated.append(.init(key: key, legacyID: legacyID, legacyType: .user, name: username, owner: username,
                                                  clientName: clientName))
                continue
            }
            func notRecorded(_ reason: String) {
                plan.notMigrated.append(.init(key: key, legacyID: legacyID, legacyType: .user, name: username, owner: username,
                                              creator: nil, reasons: [reason], expiresAt: nil, isNew: earlier == nil))
            }
            guard let user = user(username) else {
                notRecorded(unknown("user", username))
                continue
            }
            let name = "\(user.login) (User)"
            if let problem = nameProblem(name) {
                notRecorded(problem)
                continue
            }
            let legacy = profile[username.lowercased()]
            let fullName = [legacy?.firstName ?? user.firstName, legacy?.lastName ?? user.lastName]
                .filter { !$0.isEmpty }.joined(separator: " ")
            let email = legacy?.email ?? user.email
            var description = "Read-only record of Luna user \(fullName.isEmpty ? user.login : fullName)"
            if !email.isEmpty { description += " <\(email)>" }
            description += ", migrated from Manage APIs."
            if description.count > FieldLimits.clientDescription.upperBound {
                description = String(description.prefix(FieldLimits.clientDescription.upperBound - 1)) + "…"
            }
            plannedNames[name.lowercased()] = name
            plan.records.append(.init(key: key, legacyClientID: entry?.clientId, username: username, user: user, name: name,
                                      description: description))
        }
    }
}
