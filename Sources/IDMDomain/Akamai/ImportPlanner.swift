import Foundation

/// Plans an import of Akamai IAM v3 payloads into one account: what to create, what to add to
/// existing users, and a report line for every entry. It matches what exists by name (groups
/// by path, roles and clients by name, users by login), so a second run of the same payloads
/// plans nothing.
///
/// Authority: the actor is an Admin of the account (asked before planning). The contracts and
/// top-level groups the import creates get the actor as Admin on them; every grant, block,
/// role and client of the payload is then asked of the policy as that actor, over the
/// directory as it will be (planned groups and roles have negative ids), so the no-escalation
/// rule holds for an import as for any other change. What the policy refuses, and what idm
/// cannot represent, is reported entry by entry and left out; the rest is planned.
public struct ImportPlanner {
    public static func plan(_ files: [AkamaiFile], into dir: AkamaiDirectory, actor: ActorContext, now: Date,
                            dryRun: Bool = false) -> ImportPlan {
        var planner = ImportPlanner(dir: dir, actor: actor, now: now, files: files, dryRun: dryRun)
        planner.run()
        return planner.plan
    }

    let dir: AkamaiDirectory
    let actor: ActorContext
    let now: Date
    var plan: ImportPlan
    var nextID: Int64 = -1

    // The payloads, each entry with where it came from.
    var groupEntries: [(AkamaiGroup, String)] = []
    var roleEntries: [(AkamaiRole, String)] = []
    var userEntries: [(AkamaiUser, String)] = []
    var clientEntries: [(AkamaiClient, String)] = []
    var papi: [Int64: PapiGroup] = [:]
    var papiFile: String?

    // The directory as it will be.
    var groups: [GroupID: Group]
    var children: [GroupID?: [String: GroupID]] = [:]
    var roles: [RoleID: Role]
    var roleByName: [String: RoleID] = [:]
    var users: [UserID: User]
    var userByLogin: [String: UserID] = [:]
    var clientNames: Set<String>
    var tokens: Set<String>
    var contractIDs: Set<ContractID>
    var accountContracts: Set<ContractID>
    var treeCache: GroupTree?

    // What the payloads' ids became.
    var v3Groups: [Int64: [GroupID]] = [:]
    var v3Roles: [Int64: RoleID] = [:]
    var notedNames = Set<String>()
    var pendingLocks: [(UserID, String)] = []

    init(dir: AkamaiDirectory, actor: ActorContext, now: Date, files: [AkamaiFile], dryRun: Bool) {
        self.dir = dir
        self.actor = actor
        self.now = now
        plan = ImportPlan(report: ImportReport(account: dir.account.name, actor: actor.login, dryRun: dryRun, files: files))
        groups = dir.tree.groups
        for group in dir.tree.groups.values { children[group.parentID, default: [:]][group.name.lowercased()] = group.id }
        roles = Dictionary(uniqueKeysWithValues: dir.roles.map { ($0.id, $0) })
        for role in dir.roles { roleByName[role.name.lowercased()] = role.id }
        users = Dictionary(uniqueKeysWithValues: dir.users.map { ($0.id, $0) })
        for user in dir.users { userByLogin[user.login.lowercased()] = user.id }
        clientNames = Set(dir.clients.map { $0.name.lowercased() })
        tokens = dir.tokensTaken
        contractIDs = dir.contractIDsTaken
        accountContracts = Set(dir.contracts.map(\.id))
        treeCache = dir.tree
        gather(files)
    }

    mutating func gather(_ files: [AkamaiFile]) {
        var clientsByKey: [String: Int] = [:]
        for file in files {
            switch file.content {
            case .users(let list): userEntries += list.enumerated().map { ($1, Self.source(file.name, $0, list.count)) }
            case .groups(let list): groupEntries += list.enumerated().map { ($1, Self.source(file.name, $0, list.count)) }
            case .roles(let list): roleEntries += list.enumerated().map { ($1, Self.source(file.name, $0, list.count)) }
            case .clients(let list):
                // The list's entry and the detail's object are one client: merged by clientId (else name).
                for (i, client) in list.enumerated() {
                    let key = client.clientId ?? "name:" + client.clientName.lowercased()
                    let source = Self.source(file.name, i, list.count)
                    if let at = clientsByKey[key] {
                        let (known, knownSource) = clientEntries[at]
                        if known.clientName != client.clientName {
                            let kept = client.isDetail && !known.isDetail ? client.clientName : known.clientName
                            report("client", kept, .note, "clientId \(client.clientId ?? "-") is \"\(known.clientName)\" in \(knownSource) and " +
                                   "\"\(client.clientName)\" in \(source): one client, named \(kept)", source)
                        }
                        clientEntries[at] = client.isDetail && !known.isDetail
                            ? (client.filled(from: known), source) : (known.filled(from: client), knownSource)
                    } else {
                        clientsByKey[key] = clientEntries.count
                        clientEntries.append((client, source))
                    }
                }
            case .papiGroups(let payload):
                papiFile = file.name
                for group in payload.groups.items { if let id = group.v3GroupID { papi[id] = group } }
            case nil: break
            }
        }
    }

    static func source(_ file: String, _ index: Int, _ count: Int) -> String {
        count == 1 ? file : "\(file) entry \(index + 1)"
    }

    mutating func run() {
        plan.report.contracts = papiFile.map { "from the PAPI groups payload \($0) (contractIds of each top-level group)" }
            ?? "no PAPI groups payload: each new top-level group is a contract of its own (G-<v3 groupId>)"
        plan.adminRole = dir.roles.first { $0.isStandard && $0.name.caseInsensitiveCompare("Admin") == .orderedSame }?.id
            ?? actor.access.roles.first(where: \.isAdmin)?.id
        planGroups()
        planRoles()
        planUsers()
        planClients()
        planLocks()
    }

    // MARK: - The directory as it will be

    mutating func newID() -> Int64 {
        defer { nextID -= 1 }
        return nextID
    }

    mutating func tree() -> GroupTree {
        if let treeCache { return treeCache }
        let built = GroupTree(Array(groups.values))
        treeCache = built
        return built
    }

    /// The actor over the directory as it will be: with the Admin role on the top-level groups
    /// the import creates.
    mutating func context() -> ActorContext {
        let me = users[actor.user.id] ?? actor.user
        let tree = tree()
        let access = actor.isBrowsingManagedAccount ? UserAccess.none
            : UserAccess.resolve(grants: me.grants, blocked: me.blockedGroups, tree: tree, roles: roles)
        return ActorContext(user: me, homeAccount: actor.homeAccount, account: actor.account, access: access, tree: tree, origin: actor.origin)
    }

    mutating func access(of user: User) -> UserAccess {
        UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree(), roles: roles)
    }

    mutating func path(_ id: GroupID) -> String { tree().path(of: id) }

    mutating func report(_ kind: String, _ name: String, _ outcome: ImportReport.Outcome, _ detail: String, _ source: String?) {
        plan.report.add(kind, name, outcome, detail, source: source)
    }

    func roleName(_ id: RoleID) -> String { roles[id]?.name ?? "#\(id)" }

    /// A validated value, or nil with its entry reported as not imported (`what` before the reason).
    mutating func valid(_ result: Result<String, ValidationError>, _ kind: String, _ name: String, _ source: String?,
                        what: String = "") -> String? {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            report(kind, name, .notImported, what + error.message, source)
            return nil
        }
    }
}
