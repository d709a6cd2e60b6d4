import Foundation
import GRDB
import IDMDomain

/// A large, deterministic directory for measuring the console at scale: by default 200,000
/// users, 20,000 groups, 100,000 API clients and 200,000 credentials, under a reseller with 500
/// managed accounts. Most of it is in one account, Hyperion Holdings, the worst case for one
/// screen; the other managed accounts hold a little each.
///
/// The catalogue, the accounts, their contracts, admins and roles are provisioned through the
/// service, as `DemoSeed` does. The volume is written by a dedicated bulk path: a few large
/// transactions of prepared INSERTs, each recording one `seed.large` audit event with its
/// counts, so the history says what happened without 500,000 events.
///
/// Logins to open the console with: `admin` (Admin of Hyperion Holdings, on all its contracts)
/// and `reseller` (Reseller Admin of Helios Partners, who may browse every managed account).
/// Tokens are deterministic and not secret; no credential has a secret: the stored hashes are
/// placeholders that no secret matches.
public enum LargeSeed {
    public static let reseller = "Helios Partners"
    public static let bigAccount = "Hyperion Holdings"
    public static let adminLogin = "admin"
    public static let resellerLogin = "reseller"
    public static let entropySeed: UInt64 = 0x5CA1_E5EED
    /// The audit action of each bulk step.
    public static let auditAction = "seed.large"

    /// How much to generate. `Size(users:)` scales the defaults proportionally.
    public struct Size: Sendable, Equatable {
        public var users: Int
        public var groups: Int
        public var clients: Int
        public var credentials: Int
        /// Managed accounts under the reseller, Hyperion Holdings included.
        public var managedAccounts: Int

        public static let standard = Size(users: 200_000)

        public init(users: Int) {
            let users = max(100, users)
            self.users = users
            groups = max(10, users / 10)
            clients = max(10, users / 2)
            credentials = max(10, users)
            managedAccounts = max(3, Int((Double(users) / 400).rounded()))
        }
    }

    /// What was written, for the command to print.
    public struct Report: Sendable {
        public var accounts = 0
        public var users = 0
        public var groups = 0
        public var roles = 0
        public var clients = 0
        public var credentials = 0
        public var bigAccountUsers = 0
        public var bigAccountClients = 0
    }

    /// Seeds a new, empty directory. `progress` hears one line per step.
    @discardableResult
    public static func seed(store: Store, size: Size = .standard, now: Date = Date(),
                            progress: (String) -> Void = { _ in }) throws -> Report {
        let service = DirectoryService(store: store, clock: { now }, entropy: SeededEntropy(seed: entropySeed))
        var plan = Plan(size: size, now: now)
        try plan.provision(service, progress: progress)
        let writer = BulkWriter(service: service, now: now)
        try writer.groups(&plan, progress: progress)
        try writer.users(&plan, progress: progress)
        try writer.clients(&plan, progress: progress)
        try writer.credentials(&plan, progress: progress)
        try store.checkpoint()
        return try store.read { db in
            func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
            let big = plan.big.id
            return Report(accounts: try count("SELECT COUNT(*) FROM account"), users: try count("SELECT COUNT(*) FROM user"),
                          groups: try count("SELECT COUNT(*) FROM grp"), roles: try count("SELECT COUNT(*) FROM role"),
                          clients: try count("SELECT COUNT(*) FROM api_client"), credentials: try count("SELECT COUNT(*) FROM credential"),
                          bigAccountUsers: try count("SELECT COUNT(*) FROM user WHERE account_id = ?", [big]),
                          bigAccountClients: try count("SELECT COUNT(*) FROM api_client WHERE account_id = ?", [big]))
        }
    }

    // MARK: The plan: what goes where

    /// One account being filled.
    struct Target {
        let id: AccountID
        let key: String
        let domain: String
        /// Root groups of its contracts, with their contract ids.
        var roots: [(group: GroupID, contract: ContractID)]
        /// The admin provisioned with the account.
        var adminID: UserID
        /// Roles users are given, with a weight each, whether their holders may own API clients,
        /// and the API sets such a client gets.
        var roles: [(id: RoleID, weight: Int, clients: Bool, apis: [[APIGrant]])]
        /// The index in `roles` of the role whose holders create clients for others, if any.
        var platformRole: Int?
        var users: Int
        var groups: Int
        var clients: Int
        var credentials: Int
        // Filled as the bulk steps run.
        var groupIDs: [(id: GroupID, contract: ContractID)] = []
        var userIDs: [UserID] = []
        /// For each user: the group and role of the first grant.
        var userGrant: [(group: GroupID, roleIndex: Int)] = []
        var clientIDs: [ClientID] = []
    }

    struct Plan {
        let size: Size
        let now: Date
        var random = SeedRandom(seed: LargeSeed.entropySeed)
        var targets: [Target] = []
        var big: Target { targets[0] }

        init(size: Size, now: Date) {
            self.size = size
            self.now = now
        }

        /// The catalogue and every account through the service; counts of bulk rows per account.
        mutating func provision(_ service: DirectoryService, progress: (String) -> Void) throws {
            let P = Catalogue.self
            try Catalogue.install(service)
            let (reseller, _) = try service.provisionAccount(
                name: LargeSeed.reseller, kind: .reseller,
                contract: .init(id: "C-HELIOS", name: "Helios Reseller", type: "Indirect Customer", rootGroup: "Helios"),
                admin: NewUser(login: LargeSeed.resellerLogin, firstName: "Rhea", lastName: "Reseller", email: "reseller@helios.example",
                               jobTitle: "Reseller admin"))

            let small = size.managedAccounts - 1
            let share = { (total: Int) in small > 0 ? total * 5 / 100 / small : 0 }
            let smallUsers = share(size.users), smallGroups = share(size.groups)
            let smallClients = share(size.clients), smallCredentials = share(size.credentials)

            // Hyperion Holdings: four contracts, six custom roles, the bulk of everything.
            let (hyperion, admin) = try service.provisionAccount(
                name: LargeSeed.bigAccount, kind: .managed, managedBy: reseller.id,
                contract: .init(id: "C-HYP-CORE", name: "Hyperion Core Delivery", rootGroup: "Hyperion Core"),
                admin: NewUser(login: LargeSeed.adminLogin, firstName: "Ada", lastName: "Admin", email: "admin@hyperion.example",
                               jobTitle: "Directory administrator"))
            var roots: [(GroupID, ContractID)] = [(try service.store.read { db in try Q.groups(db, account: hyperion.id)[0].id }, "C-HYP-CORE")]
            for (id, name, root) in [("C-HYP-MEDIA", "Hyperion Media Delivery", "Hyperion Media"),
                                     ("C-HYP-RETAIL", "Hyperion Retail Delivery", "Hyperion Retail"),
                                     ("C-HYP-LABS", "Hyperion Labs", "Hyperion Labs")] {
                roots.append((try service.addContract(account: hyperion.id, spec: .init(id: id, name: name, rootGroup: root),
                                                      admin: LargeSeed.adminLogin), id))
            }
            let actor = ActorRef(login: LargeSeed.adminLogin)
            let ro = AccessLevel.readOnly, rw = AccessLevel.readWrite
            let platform = try service.createRole(actor, name: "API Platform Admin",
                description: "Manages every API client of the account; read-write on delivery APIs.",
                permissions: [.apiClientsAdmin, .product(P.propertyManager, rw), .product(P.fastPurge, rw), .product(P.reporting, rw),
                              .product(P.identity, rw), .product(P.edgeDNS, rw)])
            let developer = try service.createRole(actor, name: "Property Developer",
                description: "Builds delivery configurations; manages their own API clients.",
                permissions: [.apiClientsUser, .product(P.propertyManager, rw), .product(P.fastPurge, rw), .product(P.reporting, ro),
                              .product(P.diagnostics, rw)])
            let viewer = try service.createRole(actor, name: "Property Viewer",
                description: "Reads delivery configurations and reports; manages their own API clients.",
                permissions: [.apiClientsUser, .product(P.propertyManager, ro), .product(P.reporting, ro)])
            let purger = try service.createRole(actor, name: "Purge Operator",
                description: "Purges cached content; manages their own API clients.",
                permissions: [.apiClientsUser, .product(P.fastPurge, rw), .product(P.reporting, ro)])
            let reporting = try service.createRole(actor, name: "Reporting Viewer",
                description: "Reads traffic reports. No IDM permission.", permissions: [.product(P.reporting, ro)])
            let dns = try service.createRole(actor, name: "DNS Operator",
                description: "Edits DNS zones; manages their own API clients.",
                permissions: [.apiClientsUser, .product(P.edgeDNS, rw), .product(P.reporting, ro)])
            func g(_ s: String, _ l: AccessLevel) -> APIGrant { APIGrant(serviceID: s, level: l) }
            targets.append(Target(
                id: hyperion.id, key: "hyp", domain: "hyperion.example", roots: roots, adminID: admin.id,
                roles: [(platform, 1, true, [[g("identity-management", ro)], [g("papi", rw), g("ccu", rw)]]),
                        (developer, 40, true, [[g("papi", rw)], [g("papi", rw), g("ccu", rw)], [g("hapi", rw), g("reporting", ro)]]),
                        (viewer, 22, true, [[g("papi", ro)], [g("reporting", ro)]]),
                        (purger, 12, true, [[g("ccu", rw)], [g("ccu", rw), g("reporting", ro)]]),
                        (dns, 5, true, [[g("config-dns", rw)]]),
                        (reporting, 20, false, [])],
                platformRole: 0, users: size.users - small * smallUsers, groups: size.groups - small * smallGroups,
                clients: size.clients - small * smallClients, credentials: size.credentials - small * smallCredentials))
            progress("provisioned \(LargeSeed.reseller) and \(LargeSeed.bigAccount)")

            // The other managed accounts: an admin, one custom role, a little of everything.
            for n in 1...max(1, small) where small > 0 {
                let name = "\(Words.pick(Words.companyA, n)) \(Words.pick(Words.companyB, n / Words.companyA.count)) \(String(format: "%03d", n))"
                let adminLogin = "admin.m\(String(format: "%03d", n))"
                let (account, accountAdmin) = try service.provisionAccount(
                    name: name, kind: .managed, managedBy: reseller.id,
                    contract: .init(id: "C-M\(String(format: "%03d", n))", name: "\(name) Delivery", rootGroup: name),
                    admin: NewUser(login: adminLogin, firstName: "Admin", lastName: String(format: "M%03d", n),
                                   email: "\(adminLogin)@m\(String(format: "%03d", n)).example", jobTitle: "IT admin"))
                let root = try service.store.read { db in try Q.groups(db, account: account.id)[0].id }
                let dev = try service.createRole(ActorRef(login: adminLogin), name: "Web Developer",
                    description: "Builds the web properties; manages their own API clients.",
                    permissions: [.apiClientsUser, .product(P.propertyManager, rw), .product(P.fastPurge, rw), .product(P.reporting, ro)])
                targets.append(Target(
                    id: account.id, key: String(format: "m%03d", n), domain: String(format: "m%03d.example", n),
                    roots: [(root, "C-M\(String(format: "%03d", n))")], adminID: accountAdmin.id,
                    roles: [(dev, 1, true, [[g("papi", rw)], [g("ccu", rw), g("reporting", ro)]])], platformRole: nil,
                    users: smallUsers, groups: smallGroups, clients: smallClients, credentials: smallCredentials))
                if n % 100 == 0 { progress("provisioned \(n) of \(small) managed accounts") }
            }
        }
    }

    // MARK: The bulk path

    /// Writes the volume in one transaction per step, with one audit event each.
    struct BulkWriter {
        let service: DirectoryService
        let now: Date

        /// Each step's event records the states of the rows it wrote (of `kinds`), as one baseline.
        private func step(_ name: String, kinds: [DirectoryState.Kind], counts: () -> [String: Int], _ body: (Database) throws -> Void) throws {
            try service.store.write { db in
                try body(db)
                try Audit.append(db, time: now, actor: DirectoryService.systemActor, account: nil, action: LargeSeed.auditAction,
                                 targetType: "directory", targetID: name, targetName: "large seed: \(name)",
                                 after: counts().mapValues(String.init), baseline: kinds)
            }
        }

        /// Groups as trees: a first level under each contract's root, then teams under those.
        func groups(_ plan: inout Plan, progress: (String) -> Void) throws {
            var total = 0
            let accounts = plan.targets.count
            try step("groups", kinds: [.group], counts: { ["groups": total, "accounts": accounts] }) { db in
                let insert = try db.makeStatement(sql: "INSERT INTO grp (account_id, contract_id, parent_id, name) VALUES (?, ?, ?, ?)")
                for t in plan.targets.indices {
                    let target = plan.targets[t]
                    let firstLevel = max(1, min(target.groups, target.roots.count * 25))
                    var made: [(id: GroupID, contract: ContractID)] = []
                    made.reserveCapacity(target.groups)
                    for i in 0..<target.groups {
                        let parent: GroupID
                        let contract: ContractID
                        if i < firstLevel {
                            (parent, contract) = target.roots[i % target.roots.count]
                        } else {
                            (parent, contract) = made[(i - firstLevel) / 9]
                        }
                        let name = i < firstLevel
                            ? "\(Words.pick(Words.regions, i)) \(Words.pick(Words.units, i / Words.regions.count))"
                            : "\(Words.pick(Words.teamA, plan.random.int(Words.teamA.count))) \(Words.pick(Words.teamB, plan.random.int(Words.teamB.count))) \(i)"
                        try insert.execute(arguments: [target.id, contract, parent, name])
                        made.append((db.lastInsertedRowID, contract))
                    }
                    plan.targets[t].groupIDs = made
                    total += made.count
                }
            }
            progress("groups: \(total)")
        }

        /// Users, each with a grant on one group (some on two).
        func users(_ plan: inout Plan, progress: (String) -> Void) throws {
            var total = 0, grants = 0
            var serial = 0
            try step("users", kinds: [.user], counts: { ["users": total, "grants": grants] }) { db in
                let insert = try db.makeStatement(sql: """
                    INSERT INTO user (account_id, login, first_name, last_name, email, job_title, time_zone, locked)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let grant = try db.makeStatement(sql: "INSERT INTO user_grant (user_id, group_id, role_id) VALUES (?, ?, ?)")
                for t in plan.targets.indices {
                    let target = plan.targets[t]
                    let weights = target.roles.map(\.weight)
                    let groups = target.groupIDs.isEmpty ? target.roots.map { ($0.group, $0.contract) } : target.groupIDs.map { ($0.id, $0.contract) }
                    var ids: [UserID] = []
                    var firstGrants: [(group: GroupID, roleIndex: Int)] = []
                    ids.reserveCapacity(target.users)
                    for _ in 0..<target.users {
                        serial += 1
                        let first = Words.firstNames[plan.random.int(Words.firstNames.count)]
                        let last = Words.lastNames[plan.random.int(Words.lastNames.count)]
                        let login = "\(first.ascii).\(last.ascii)\(serial)"
                        let email = plan.random.int(10) == 0 ? "\(first.ascii)\(serial)@mail.\(target.domain)" : "\(login)@\(target.domain)"
                        try insert.execute(arguments: [target.id, login, first.name, last.name, email,
                                                       Words.pick(Words.titles, plan.random.int(Words.titles.count)),
                                                       Words.pick(Words.zones, plan.random.int(Words.zones.count)),
                                                       plan.random.int(50) == 0])
                        let id = db.lastInsertedRowID
                        let roleIndex = plan.random.weighted(weights)
                        let group = groups[plan.random.int(groups.count)].0
                        try grant.execute(arguments: [id, group, target.roles[roleIndex].id])
                        grants += 1
                        if plan.random.int(7) == 0 {
                            let other = groups[plan.random.int(groups.count)].0
                            if other != group {
                                try grant.execute(arguments: [id, other, target.roles[plan.random.weighted(weights)].id])
                                grants += 1
                            }
                        }
                        ids.append(id)
                        firstGrants.append((group, roleIndex))
                    }
                    plan.targets[t].userIDs = ids
                    plan.targets[t].userGrant = firstGrants
                    total += ids.count
                }
            }
            progress("users: \(total), grants: \(grants)")
        }

        /// API clients owned by users who may hold one, mostly created by their owners and the
        /// rest by an API platform admin; each on its owner's group, with one or two APIs.
        func clients(_ plan: inout Plan, progress: (String) -> Void) throws {
            var total = 0
            var serial = 0
            try step("clients", kinds: [.client], counts: { ["clients": total] }) { db in
                let insert = try db.makeStatement(sql: """
                    INSERT INTO api_client (account_id, client_key, name, description, kind, owner_id, creator_id, notification_emails, locked)
                    VALUES (?, ?, ?, ?, 'API', ?, ?, ?, ?)
                    """)
                let group = try db.makeStatement(sql: "INSERT INTO client_group (client_id, group_id) VALUES (?, ?)")
                let api = try db.makeStatement(sql: "INSERT INTO client_api (client_id, service_id, level) VALUES (?, ?, ?)")
                for t in plan.targets.indices {
                    let target = plan.targets[t]
                    // Who may own a client, and who creates clients for others.
                    let owners = target.userIDs.indices.filter { target.roles[target.userGrant[$0].roleIndex].clients }
                    let platform = target.userIDs.indices.filter { target.userGrant[$0].roleIndex == target.platformRole }
                    var ids: [ClientID] = []
                    ids.reserveCapacity(target.clients)
                    for _ in 0..<target.clients {
                        serial += 1
                        let owner: (id: UserID, group: GroupID, role: Int)
                        if owners.isEmpty {
                            owner = (target.adminID, target.roots[0].group, -1)
                        } else {
                            let u = owners[plan.random.int(owners.count)]
                            owner = (target.userIDs[u], target.userGrant[u].group, target.userGrant[u].roleIndex)
                        }
                        // 80% by the owner, 10% by a platform admin, the rest by the account's admin.
                        let draw = plan.random.int(20)
                        let creator: UserID
                        if draw < 16 {
                            creator = owner.id
                        } else if draw < 18 && !platform.isEmpty {
                            creator = target.userIDs[platform[plan.random.int(platform.count)]]
                        } else {
                            creator = target.adminID
                        }
                        let name = "\(Words.pick(Words.clientA, plan.random.int(Words.clientA.count)))-\(Words.pick(Words.clientB, plan.random.int(Words.clientB.count)))-\(serial)"
                        let key = plan.random.token("client")
                        let description = Words.pick(Words.clientPurposes, plan.random.int(Words.clientPurposes.count))
                        let emails = plan.random.int(3) == 0 ? "[\"ops@\(target.domain)\"]" : "[]"
                        try insert.execute(arguments: [target.id, key, name, description, owner.id, creator, emails, plan.random.int(50) == 0])
                        let id = db.lastInsertedRowID
                        try group.execute(arguments: [id, owner.group])
                        let choices = owner.role >= 0 ? target.roles[owner.role].apis : []
                        if !choices.isEmpty {
                            for grant in choices[plan.random.int(choices.count)] {
                                try api.execute(arguments: [id, grant.serviceID, grant.level.rawValue])
                            }
                        }
                        ids.append(id)
                    }
                    plan.targets[t].clientIDs = ids
                    total += ids.count
                }
                try DirectoryService.rememberContracts(db, clients: "home_contracts = '[]'")
            }
            progress("clients: \(total)")
        }

        /// Credentials spread over the clients (some have none, a few have several): at most two
        /// per client are not deleted. Statuses are mixed; some expire within 30 days.
        func credentials(_ plan: inout Plan, progress: (String) -> Void) throws {
            var total = 0, active = 0, inactive = 0, deleted = 0, expiring = 0
            let now = self.now.timeIntervalSince1970
            let day = 86_400.0
            try step("credentials", kinds: [.credential], counts: { ["credentials": total, "active": active, "inactive": inactive, "deleted": deleted,
                                               "expiringWithin30Days": expiring] }) { db in
                let insert = try db.makeStatement(sql: """
                    INSERT INTO credential (client_id, client_token, access_token, secret_salt, secret_hash, secret_last4, status,
                                            created_at, expires_at, description)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                for t in plan.targets.indices {
                    let clients = plan.targets[t].clientIDs
                    guard !clients.isEmpty else { continue }
                    var live = [Int](repeating: 0, count: clients.count)
                    for _ in 0..<plan.targets[t].credentials {
                        // A client with two live credentials already gets a deleted one, unless
                        // another pick has room: some clients have none, a few have several.
                        var c = plan.random.int(clients.count)
                        for _ in 0..<2 where live[c] >= Credential.maximumPerClient { c = plan.random.int(clients.count) }
                        var status: String
                        switch plan.random.int(20) {
                        case 0..<14: status = "ACTIVE"
                        case 14..<18: status = "INACTIVE"
                        default: status = "DELETED"
                        }
                        if status != "DELETED" {
                            if live[c] >= Credential.maximumPerClient { status = "DELETED" } else { live[c] += 1 }
                        }
                        let created = now - Double(plan.random.int(700)) * day - Double(plan.random.int(86_400))
                        var expires = created + Double(Credential.defaultLifetimeDays) * day
                        if plan.random.int(12) == 0 {
                            expires = now + Double(1 + plan.random.int(29)) * day
                        }
                        if status == "ACTIVE" && expires <= now + 30 * day { expiring += 1 }
                        switch status {
                        case "ACTIVE": active += 1
                        case "INACTIVE": inactive += 1
                        default: deleted += 1
                        }
                        // Placeholders: random salt and hash bytes that no secret hashes to.
                        let last4 = String((0..<4).map { _ in base64[plan.random.int(base64.count)] })
                        try insert.execute(arguments: [clients[c], plan.random.token("ctok"), plan.random.token("atok"),
                                                       Data(plan.random.bytes(16)), Data(plan.random.bytes(32)), last4, status,
                                                       created, expires, plan.random.int(4) == 0 ? "CI runner" : ""])
                        total += 1
                    }
                }
            }
            progress("credentials: \(total) (\(active) active, \(inactive) inactive, \(deleted) deleted; \(expiring) active expiring within 30 days)")
        }
    }
}

/// `SplitMix64` with the draws the seed needs: deterministic and fast, for generated data only
/// (never for secrets).
struct SeedRandom {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { source.next() }

    /// 0 ..< n.
    mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// An index drawn with the given weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var r = int(weights.reduce(0, +))
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count { withUnsafeBytes(of: next()) { out.append(contentsOf: $0) } }
        return Array(out.prefix(count))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `prefix-<16 hex>-<16 hex>`, shaped like the service's tokens.
    mutating func token(_ prefix: String) -> String {
        var chars = Array(prefix.utf8)
        for part in 0..<2 {
            chars.append(UInt8(ascii: "-"))
            var v = next()
            for _ in 0..<16 {
                chars.append(Self.hex[Int(v & 0xF)])
                v >>= 4
            }
            _ = part
        }
        return String(decoding: chars, as: UTF8.self)
    }
}

/// Word lists for generated names. A few names are not ASCII (NOCASE folds only ASCII, and the
/// console must measure width); logins use an ASCII spelling.
enum Words {
    static func pick(_ list: [String], _ i: Int) -> String { list[i % list.count] }

    struct Name { let name: String; let ascii: String }
    private static func names(_ list: [String]) -> [Name] {
        list.map { entry in
            let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return Name(name: parts[0], ascii: parts.count > 1 ? parts[1] : parts[0].lowercased())
        }
    }

    static let firstNames = names([
        "Ada", "Abel", "Aiko", "Amara", "Anders", "Beatriz", "Bilal", "Carmen", "Chen", "Dagny", "Dmitri", "Elif", "Émile|emile",
        "Farah", "Gabriel", "Hana", "Ingrid", "Isabela", "Jamal", "Jonas", "Kofi", "Lars", "Leila", "Łukasz|lukasz", "Maya",
        "Mateo", "Nadia", "Niamh", "Olga", "Omar", "Priya", "Quentin", "Rafael", "Rosa", "Sabine", "Sami", "Søren|soren",
        "Tariq", "Tomasz", "Uma", "Valentina", "Wei", "Xavier", "Yara", "Yusuf", "Zoë|zoe", "Zainab", "Abby", "Fabian", "Gabby",
        "美咲|misaki", "Sebastián|sebastian",
    ])
    static let lastNames = names([
        "Abbott", "Abara", "Baker", "Cabrera", "Dalton", "de la Cruz|delacruz", "Eriksen", "Fabbri", "García|garcia", "Haddad",
        "Ivanova", "Jablonski", "Kaba", "Larsen", "Mbeki", "Nakamura", "O'Neil|oneil", "Okafor", "Petrov", "Qureshi", "Rabin",
        "Sabatini", "Tanaka", "Ueda", "van der Berg|vanderberg", "Wójcik|wojcik", "Xu", "Yilmaz", "Zabala", "Öztürk|ozturk",
        "Abe", "Grabowski", "Hassan", "Kowalski", "Lindqvist", "Moreau", "Nguyen", "Patel", "Rossi", "Schmidt", "Silva",
        "Smith", "Svensson", "Tremblay", "Vargas", "Weber", "Zhang", "MacAllister|macallister",
    ])
    static let titles = ["", "Engineer", "Senior engineer", "Analyst", "Site reliability engineer", "Developer", "Architect",
                         "Product manager", "Operations", "Security analyst", "Support lead", "Contractor"]
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "America/Sao_Paulo", "Australia/Sydney"]
    static let regions = ["Americas", "EMEA", "APAC", "Nordics", "Iberia", "Benelux", "DACH", "Japan", "India", "Brazil",
                          "Canada", "Mexico", "Gulf", "Africa", "Oceania", "Baltics", "Balkans", "Korea", "China", "Andes",
                          "Caribbean", "Levant", "Maghreb", "Sahel", "Pacific"]
    static let units = ["Web", "Media", "Retail", "Labs", "Platform", "Edge"]
    static let teamA = ["Abacus", "Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fable", "Garnet", "Harbor", "Indigo", "Jade",
                        "Kestrel", "Lumen", "Marble", "Nimbus", "Onyx", "Prism", "Quartz", "Raven", "Sable", "Tabby", "Umber",
                        "Vertex", "Willow", "Xenon", "Yarrow", "Zenith"]
    static let teamB = ["Team", "Squad", "Studio", "Desk", "Cell", "Unit", "Crew", "Lab", "Guild", "Hub"]
    static let clientA = ["billing", "cabinet", "deploy", "edge", "fabric", "gateway", "harvest", "ingest", "jobs", "kiosk",
                          "ledger", "metrics", "nightly", "origin", "purge", "query", "rebalance", "sabre", "tab", "upload",
                          "vault", "warmup", "xfer", "yield", "zone"]
    static let clientB = ["bot", "sync", "runner", "agent", "pipeline", "worker", "exporter", "importer", "probe", "scheduler"]
    static let clientPurposes = ["", "Nightly reports.", "Purges caches after deploys.", "Syncs DNS records.",
                                 "CI pipeline for property changes.", "Exports logs to the SIEM.", "Warms caches before launches."]
    static let companyA = ["Acorn", "Beacon", "Cascade", "Dovetail", "Evergreen", "Falcon", "Granite", "Horizon", "Iris",
                           "Juniper", "Keystone", "Lighthouse", "Meridian", "Northstar", "Orchard", "Pinnacle", "Quarry",
                           "Redwood", "Summit", "Tidewater", "Upland", "Vanguard", "Westwind", "Yellowstone", "Zephyr"]
    static let companyB = ["Media", "Retail", "Logistics", "Health", "Travel", "Foods", "Energy", "Games", "Bank", "Studios",
                           "Labs", "Motors", "Telecom", "Insurance", "Airlines", "Press", "Books", "Sports", "Fashion", "Mobility"]
}
