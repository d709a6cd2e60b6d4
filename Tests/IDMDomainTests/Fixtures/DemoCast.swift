import Foundation
@testable import IDMDomain

/// The demo directory of `Sources/IDMStore/Seed/DemoSeed.swift` as plain domain values, so the
/// policy can be tested without a database. Same accounts, contracts, groups, roles (with the
/// same permissions), users and grants, clients and credentials; identifiers are fixed here.
///
/// If DemoSeed changes, change this file with it: the tests name the cast the README documents.
enum DemoCast {
    // MARK: - Catalogue (a copy of Sources/IDMStore/Seed/Catalogue.swift)

    static let propertyManager = "property-manager"
    static let fastPurge = "fast-purge"
    static let reporting = "reporting"
    static let edgeDNS = "edge-dns"
    static let identity = "identity"
    static let diagnostics = "diagnostics"

    static let productList: [Product] = [
        Product(id: propertyManager, name: "Property Manager"),
        Product(id: fastPurge, name: "Fast Purge"),
        Product(id: reporting, name: "Reporting"),
        Product(id: edgeDNS, name: "Edge DNS"),
        Product(id: identity, name: "Identity & Access Management"),
        Product(id: diagnostics, name: "Edge Diagnostics"),
    ]
    static let products: [ProductID: Product] = Dictionary(uniqueKeysWithValues: productList.map { ($0.id, $0) })

    static let papi = APIService(id: "papi", name: "Property Manager API", scope: .singleContract, requiredProduct: propertyManager)
    static let hapi = APIService(id: "hapi", name: "Edge Hostnames API", scope: .singleContract, requiredProduct: propertyManager)
    static let cprg = APIService(id: "cprg", name: "CP Codes & Reporting Groups API", scope: .singleContract, requiredProduct: propertyManager)
    static let ccu = APIService(id: "ccu", name: "Fast Purge API", scope: .accountWide, requiredProduct: fastPurge)
    static let reportingAPI = APIService(id: "reporting", name: "Reporting API", scope: .accountWide, requiredProduct: reporting)
    static let identityAPI = APIService(id: "identity-management", name: "Identity Management API", scope: .accountWide, requiredProduct: identity)
    static let dnsAPI = APIService(id: "config-dns", name: "Edge DNS API", scope: .accountWide, requiredProduct: edgeDNS)
    static let diagnosticsAPI = APIService(id: "edge-diagnostics", name: "Edge Diagnostics API", scope: .accountWide, requiredProduct: diagnostics)

    static let serviceList: [APIService] = [papi, hapi, cprg, ccu, reportingAPI, identityAPI, dnsAPI, diagnosticsAPI]
    static let services: [ServiceID: APIService] = Dictionary(uniqueKeysWithValues: serviceList.map { ($0.id, $0) })
    static let singleContractServices: [APIService] = [papi, hapi, cprg]

    // MARK: - Accounts and contracts

    static let northwind = Account(id: 1, name: "Northwind Partners", kind: .reseller)
    static let acme = Account(id: 2, name: "Acme Media", kind: .managed, managedBy: 1)
    static let globex = Account(id: 3, name: "Globex Retail", kind: .managed, managedBy: 1)
    /// Not in DemoSeed: a direct account nobody at Northwind manages, for browseAccount.
    static let initech = Account(id: 4, name: "Initech", kind: .direct)

    static let nwContract = Contract(id: "C-NW-RESELL", accountID: 1, name: "Northwind Reseller", contractType: "Indirect Customer")
    static let webContract = Contract(id: "C-ACME-WEB", accountID: 2, name: "Acme Web Delivery", contractType: "Direct Customer")
    static let streamContract = Contract(id: "C-ACME-STREAM", accountID: 2, name: "Acme Streaming", contractType: "Direct Customer")
    static let globexContract = Contract(id: "C-GLOBEX", accountID: 3, name: "Globex Retail Delivery", contractType: "Direct Customer")

    // MARK: - Groups

    static let nwRoot = Group(id: 1, accountID: 1, contractID: "C-NW-RESELL", parentID: nil, name: "Northwind")

    static let acmeWeb = Group(id: 10, accountID: 2, contractID: "C-ACME-WEB", parentID: nil, name: "Acme Web")
    static let webProperties = Group(id: 11, accountID: 2, contractID: "C-ACME-WEB", parentID: 10, name: "Web Properties")
    static let staging = Group(id: 12, accountID: 2, contractID: "C-ACME-WEB", parentID: 11, name: "Staging")
    static let webAPIs = Group(id: 13, accountID: 2, contractID: "C-ACME-WEB", parentID: 10, name: "Web APIs")
    static let acmeStreaming = Group(id: 20, accountID: 2, contractID: "C-ACME-STREAM", parentID: nil, name: "Acme Streaming")
    static let live = Group(id: 21, accountID: 2, contractID: "C-ACME-STREAM", parentID: 20, name: "Live")
    static let vod = Group(id: 22, accountID: 2, contractID: "C-ACME-STREAM", parentID: 20, name: "VOD")

    static let globexRoot = Group(id: 30, accountID: 3, contractID: "C-GLOBEX", parentID: nil, name: "Globex")
    static let stores = Group(id: 31, accountID: 3, contractID: "C-GLOBEX", parentID: 30, name: "Stores")
    static let onlineShop = Group(id: 32, accountID: 3, contractID: "C-GLOBEX", parentID: 30, name: "Online Shop")

    static let acmeGroups = [acmeWeb, webProperties, staging, webAPIs, acmeStreaming, live, vod]
    static let webGroupIDs: Set<GroupID> = [10, 11, 12, 13]
    static let streamGroupIDs: Set<GroupID> = [20, 21, 22]
    static let allAcmeGroupIDs: Set<GroupID> = webGroupIDs.union(streamGroupIDs)

    static let northwindTree = GroupTree([nwRoot])
    static let acmeTree = GroupTree(acmeGroups)
    static let globexTree = GroupTree([globexRoot, stores, onlineShop])

    static func tree(of account: AccountID) -> GroupTree {
        switch account {
        case northwind.id: return northwindTree
        case acme.id: return acmeTree
        case globex.id: return globexTree
        default: return GroupTree([])
        }
    }

    // MARK: - Roles (same permissions as DemoSeed and ProvisioningService)

    static let nwAdmin = Role(id: 200, accountID: 1, name: "Admin", description: "Full access: every IDM permission and read-write on every product.",
                              isStandard: true, permissions: [.admin])
    static let resellerAdmin = Role(id: 201, accountID: 1, name: "Reseller Admin",
                                    description: "Admin of the reseller account who may also browse the accounts it manages.",
                                    isStandard: true, permissions: [.admin, .resellerBrowse])

    static let acmeAdmin = Role(id: 100, accountID: 2, name: "Admin", description: "Full access: every IDM permission and read-write on every product.",
                                isStandard: true, permissions: [.admin])
    static let platformAdmin = Role(id: 101, accountID: 2, name: "API Platform Admin",
        description: "Manages every API client of the account; read-write on Property Manager and delivery APIs.", isStandard: false,
        permissions: [.apiClientsAdmin, .product(propertyManager, .readWrite), .product(fastPurge, .readWrite),
                      .product(reporting, .readWrite), .product(identity, .readWrite), .product(edgeDNS, .readWrite)])
    static let propertyDeveloper = Role(id: 102, accountID: 2, name: "Property Developer",
        description: "Builds delivery configurations; manages their own API clients.", isStandard: false,
        permissions: [.apiClientsUser, .product(propertyManager, .readWrite), .product(fastPurge, .readWrite),
                      .product(reporting, .readOnly), .product(diagnostics, .readWrite)])
    static let propertyViewer = Role(id: 103, accountID: 2, name: "Property Viewer",
        description: "Reads delivery configurations and reports; manages their own API clients.", isStandard: false,
        permissions: [.apiClientsUser, .product(propertyManager, .readOnly), .product(reporting, .readOnly)])
    static let purgeOperator = Role(id: 104, accountID: 2, name: "Purge Operator",
        description: "Purges cached content; manages their own API clients; no Property Manager access.", isStandard: false,
        permissions: [.apiClientsUser, .product(fastPurge, .readWrite), .product(reporting, .readOnly)])
    static let reportingViewer = Role(id: 105, accountID: 2, name: "Reporting Viewer",
        description: "Reads traffic reports. No IDM permission.", isStandard: false,
        permissions: [.product(reporting, .readOnly)])

    static let globexAdmin = Role(id: 300, accountID: 3, name: "Admin", description: "Full access: every IDM permission and read-write on every product.",
                                  isStandard: true, permissions: [.admin])
    static let globexDev = Role(id: 301, accountID: 3, name: "Web Developer",
        description: "Builds the online shop; manages their own API clients.", isStandard: false,
        permissions: [.apiClientsUser, .product(propertyManager, .readWrite), .product(fastPurge, .readWrite)])

    static let roles: [RoleID: Role] = Dictionary(uniqueKeysWithValues: [
        nwAdmin, resellerAdmin, acmeAdmin, platformAdmin, propertyDeveloper, propertyViewer, purgeOperator, reportingViewer,
        globexAdmin, globexDev,
    ].map { ($0.id, $0) })

    // MARK: - Users

    private static func both(_ role: Role) -> [Grant] {
        [Grant(groupID: acmeWeb.id, roleID: role.id), Grant(groupID: acmeStreaming.id, roleID: role.id)]
    }

    static let rhea = User(id: 1, accountID: 1, login: "rhea", firstName: "Rhea", lastName: "Lindqvist", email: "rhea@northwind.example",
                           jobTitle: "Reseller admin", grants: [Grant(groupID: nwRoot.id, roleID: resellerAdmin.id)])
    static let alice = User(id: 10, accountID: 2, login: "alice", firstName: "Alice", lastName: "Archer", email: "alice@acme.example",
                            jobTitle: "Head of platform", grants: both(acmeAdmin))
    static let ivan = User(id: 11, accountID: 2, login: "ivan", firstName: "Ivan", lastName: "Ivanova", email: "ivan@acme.example",
                           jobTitle: "API platform lead", grants: both(platformAdmin))
    static let nora = User(id: 12, accountID: 2, login: "nora", firstName: "Nora", lastName: "Nakamura", email: "nora@acme.example",
                           jobTitle: "Web analyst", grants: [Grant(groupID: acmeWeb.id, roleID: propertyViewer.id)])
    static let mike = User(id: 13, accountID: 2, login: "mike", firstName: "Mike", lastName: "Moreau", email: "mike@acme.example",
                           jobTitle: "Delivery engineer", grants: both(propertyDeveloper))
    static let pat = User(id: 14, accountID: 2, login: "pat", firstName: "Pat", lastName: "Patel", email: "pat@acme.example",
                          jobTitle: "Cache operator", grants: both(purgeOperator))
    static let vera = User(id: 15, accountID: 2, login: "vera", firstName: "Vera", lastName: "Volkova", email: "vera@acme.example",
                           jobTitle: "Business analyst", grants: [Grant(groupID: acmeWeb.id, roleID: reportingViewer.id)])
    static let gina = User(id: 30, accountID: 3, login: "gina", firstName: "Gina", lastName: "Garcia", email: "gina@globex.example",
                           jobTitle: "IT director", grants: [Grant(groupID: globexRoot.id, roleID: globexAdmin.id)])
    static let otto = User(id: 31, accountID: 3, login: "otto", firstName: "Otto", lastName: "Olsen", email: "otto@globex.example",
                           jobTitle: "Web developer", grants: [Grant(groupID: globexRoot.id, roleID: globexDev.id)])

    static let users = [rhea, alice, ivan, nora, mike, pat, vera, gina, otto]

    // MARK: - Resolved access and actor contexts

    static func access(_ user: User) -> UserAccess {
        UserAccess.resolve(grants: user.grants, blocked: user.blockedGroups, tree: tree(of: user.accountID), roles: roles)
    }

    static func account(_ id: AccountID) -> Account {
        [northwind, acme, globex, initech].first { $0.id == id }!
    }

    /// The user acting in their own account.
    static func context(_ user: User) -> ActorContext {
        let home = account(user.accountID)
        return ActorContext(user: user, homeAccount: home, account: home, access: access(user), tree: tree(of: user.accountID))
    }

    /// rhea of Northwind browsing Acme Media: no roles of her own there.
    static let rheaBrowsingAcme = ActorContext(user: rhea, homeAccount: northwind, account: acme, access: .none, tree: acmeTree)

    /// Rule 14's roster of the cast: the unlocked users holding Admin on each contract root.
    static var roster: AdminRoster {
        var admins: [GroupID: Set<UserID>] = [nwRoot.id: [], acmeWeb.id: [], acmeStreaming.id: [], globexRoot.id: []]
        for user in users where !user.locked {
            for grant in user.grants where roles[grant.roleID]?.isAdmin == true && admins[grant.groupID] != nil {
                admins[grant.groupID]!.insert(user.id)
            }
        }
        return AdminRoster(admins: admins)
    }

    static let logins: [UserID: String] = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.login) })
    static let rheaAtHome = context(rhea)

    // MARK: - Clients and credentials

    static let reportingBot = APIClient(
        id: 1, accountID: 2, clientKey: "akab-reporting-bot", name: "reporting-bot", description: "Nightly traffic reports for the web team.",
        ownerID: nora.id, creatorID: ivan.id, groupIDs: webGroupIDs,
        apis: [APIGrant(serviceID: "reporting", level: .readOnly), APIGrant(serviceID: "papi", level: .readOnly)],
        ipAllowlist: ["198.51.100.0/24"], notificationEmails: ["web-team@acme.example"])
    static let purgePipeline = APIClient(
        id: 2, accountID: 2, clientKey: "akab-purge-pipeline", name: "purge-pipeline", description: "Purges caches after each streaming deploy.",
        ownerID: mike.id, creatorID: mike.id, groupIDs: streamGroupIDs,
        apis: [APIGrant(serviceID: "ccu", level: .readWrite), APIGrant(serviceID: "reporting", level: .readOnly)],
        ipAllowlist: ["203.0.113.0/24", "2001:db8:acdc::/48"], notificationEmails: ["mike@acme.example"])
    static let legacySync = APIClient(
        id: 3, accountID: 2, clientKey: "akab-legacy-sync", name: "legacy-sync", description: "Old directory sync; kept locked until retired.",
        ownerID: alice.id, creatorID: alice.id, groupIDs: allAcmeGroupIDs,
        apis: [APIGrant(serviceID: "identity-management", level: .readOnly), APIGrant(serviceID: "config-dns", level: .readWrite)],
        locked: true)

    static let clients = [reportingBot, purgePipeline, legacySync]

    static let now = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z
    static let day: TimeInterval = 86_400

    static let pipelineOldCredential = Credential(
        id: 1, clientID: 2, clientToken: "akab-old-token-000000000000", secretLast4: "0ld1", status: .inactive,
        createdAt: now, expiresAt: now.addingTimeInterval(730 * day), description: "CI runner (2025)")
    static let pipelineCurrentCredential = Credential(
        id: 2, clientID: 2, clientToken: "akab-cur-token-000000000000", secretLast4: "cur2", status: .active,
        createdAt: now, expiresAt: now.addingTimeInterval(10 * day), description: "CI runner")
    static let pipelineCredentials = [pipelineOldCredential, pipelineCurrentCredential]

    static func credential(_ id: CredentialID, client: ClientID, _ status: Credential.Status) -> Credential {
        Credential(id: id, clientID: client, clientToken: "akab-token-\(id)", secretLast4: "ab\(id % 10)c", status: status,
                   createdAt: now, expiresAt: now.addingTimeInterval(730 * day))
    }

    static func user(id: UserID) -> User { users.first { $0.id == id }! }

    /// A migrated read-only `User` record (FAQ: each legacy user gets one), here for pat.
    static let patUserRecord = APIClient(
        id: 9, accountID: 2, clientKey: "akab-user-pat", name: "pat (User)", kind: .user,
        ownerID: pat.id, creatorID: pat.id, groupIDs: streamGroupIDs.union(webGroupIDs))
}

extension Decision {
    /// The reason, or a marker that makes a failed equality assertion readable.
    var reasonText: String { reason ?? "<allowed>" }
}
