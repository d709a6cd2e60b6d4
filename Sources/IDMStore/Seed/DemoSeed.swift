import Foundation
import IDMDomain

/// The demo directory: the cast the README documents and the tests rely on. Deterministic,
/// and written through the service so that its history is in the audit log.
public enum DemoSeed {
    public static let acme = "Acme Media"
    public static let globex = "Globex Retail"
    public static let northwind = "Northwind Partners"
    /// Demo tokens come from a fixed seed: the same on every machine, and not secret.
    public static let entropySeed: UInt64 = 0x1D3_DE30

    public static func seed(store: Store, now: Date = Date()) throws {
        let service = DirectoryService(store: store, clock: { now }, entropy: SeededEntropy(seed: entropySeed))
        try Catalogue.install(service)
        let P = Catalogue.self

        // Northwind Partners, a reseller, manages Acme Media and Globex Retail.
        let (northwind, _) = try service.provisionAccount(
            name: northwind, kind: .reseller,
            contract: .init(id: "C-NW-RESELL", name: "Northwind Reseller", type: "Indirect Customer", rootGroup: "Northwind"),
            admin: NewUser(login: "rhea", firstName: "Rhea", lastName: "Lindqvist", email: "rhea@northwind.example",
                           jobTitle: "Reseller admin"))

        // Acme Media: two contracts, the cast, three clients.
        let (acmeAccount, _) = try service.provisionAccount(
            name: acme, kind: .managed, managedBy: northwind.id,
            contract: .init(id: "C-ACME-WEB", name: "Acme Web Delivery", rootGroup: "Acme Web"),
            admin: NewUser(login: "alice", firstName: "Alice", lastName: "Archer", email: "alice@acme.example", jobTitle: "Head of platform"))
        let streamingRoot = try service.addContract(account: acmeAccount.id,
                                                    spec: .init(id: "C-ACME-STREAM", name: "Acme Streaming", rootGroup: "Acme Streaming"),
                                                    admin: "alice")
        let alice = ActorRef(login: "alice")
        let webRoot = try store.read { db in try Q.groups(db, account: acmeAccount.id).first { $0.name == "Acme Web" }!.id }
        let webProperties = try service.createGroup(alice, parent: webRoot, name: "Web Properties")
        try service.createGroup(alice, parent: webProperties.id, name: "Staging")
        try service.createGroup(alice, parent: webRoot, name: "Web APIs")
        let live = try service.createGroup(alice, parent: streamingRoot, name: "Live")
        let vod = try service.createGroup(alice, parent: streamingRoot, name: "VOD")

        let platformAdmin = try service.createRole(alice, name: "API Platform Admin",
            description: "Manages every API client of the account; read-write on Property Manager and delivery APIs.",
            permissions: [.apiClientsAdmin, .product(P.propertyManager, .readWrite), .product(P.fastPurge, .readWrite),
                          .product(P.reporting, .readWrite), .product(P.identity, .readWrite), .product(P.edgeDNS, .readWrite)])
        let propertyDeveloper = try service.createRole(alice, name: "Property Developer",
            description: "Builds delivery configurations; manages their own API clients.",
            permissions: [.apiClientsUser, .product(P.propertyManager, .readWrite), .product(P.fastPurge, .readWrite),
                          .product(P.reporting, .readOnly), .product(P.diagnostics, .readWrite)])
        let propertyViewer = try service.createRole(alice, name: "Property Viewer",
            description: "Reads delivery configurations and reports; manages their own API clients.",
            permissions: [.apiClientsUser, .product(P.propertyManager, .readOnly), .product(P.reporting, .readOnly)])
        let purgeOperator = try service.createRole(alice, name: "Purge Operator",
            description: "Purges cached content; manages their own API clients; no Property Manager access.",
            permissions: [.apiClientsUser, .product(P.fastPurge, .readWrite), .product(P.reporting, .readOnly)])
        let reportingViewer = try service.createRole(alice, name: "Reporting Viewer",
            description: "Reads traffic reports. No IDM permission.",
            permissions: [.product(P.reporting, .readOnly)])

        func both(_ role: RoleID) -> [Grant] { [Grant(groupID: webRoot, roleID: role), Grant(groupID: streamingRoot, roleID: role)] }
        try service.createUser(alice, NewUser(login: "ivan", firstName: "Ivan", lastName: "Ivanova", email: "ivan@acme.example",
                                              jobTitle: "API platform lead", grants: both(platformAdmin)))
        let nora = try service.createUser(alice, NewUser(login: "nora", firstName: "Nora", lastName: "Nakamura", email: "nora@acme.example",
                                                         jobTitle: "Web analyst", grants: [Grant(groupID: webRoot, roleID: propertyViewer)]))
        let mike = try service.createUser(alice, NewUser(login: "mike", firstName: "Mike", lastName: "Moreau", email: "mike@acme.example",
                                                         jobTitle: "Delivery engineer", grants: both(propertyDeveloper)))
        try service.createUser(alice, NewUser(login: "pat", firstName: "Pat", lastName: "Patel", email: "pat@acme.example",
                                              jobTitle: "Cache operator", grants: both(purgeOperator)))
        try service.createUser(alice, NewUser(login: "vera", firstName: "Vera", lastName: "Volkova", email: "vera@acme.example",
                                              jobTitle: "Business analyst", grants: [Grant(groupID: webRoot, roleID: reportingViewer)]))

        // reporting-bot: created by ivan for nora, on the web contract.
        let webGroups = try store.read { db in Set(try Q.tree(db, account: acmeAccount.id).subtree(of: webRoot)) }
        try service.createClient(ActorRef(login: "ivan"), ClientDraft(
            ownerID: nora.id, name: "reporting-bot", description: "Nightly traffic reports for the web team.",
            groupIDs: webGroups, apis: [APIGrant(serviceID: "reporting", level: .readOnly), APIGrant(serviceID: "papi", level: .readOnly)],
            ipAllowlist: ["198.51.100.0/24"], notificationEmails: ["web-team@acme.example"]))

        // purge-pipeline: mike's own, two credentials (one active expiring in 10 days, one inactive).
        let mikeRef = ActorRef(login: "mike")
        let pipeline = try service.createClient(mikeRef, ClientDraft(
            ownerID: mike.id, name: "purge-pipeline", description: "Purges caches after each streaming deploy.",
            groupIDs: [streamingRoot, live.id, vod.id],
            apis: [APIGrant(serviceID: "ccu", level: .readWrite), APIGrant(serviceID: "reporting", level: .readOnly)],
            ipAllowlist: ["203.0.113.0/24", "2001:db8:acdc::/48"], notificationEmails: ["mike@acme.example"]))
        let old = try service.generateCredential(mikeRef, client: pipeline.id, description: "CI runner (2025)")
        let current = try service.generateCredential(mikeRef, client: pipeline.id, description: "CI runner")
        try service.setCredentialStatus(mikeRef, credential: old.credentialID, active: false)
        try service.setCredentialExpiry(mikeRef, credential: current.credentialID, expiresAt: now.addingTimeInterval(10 * 86_400))

        // legacy-sync: alice's, locked.
        let allGroups = try store.read { db in Set(try Q.groups(db, account: acmeAccount.id).map(\.id)) }
        let legacy = try service.createClient(alice, ClientDraft(
            ownerID: try userID(store, "alice"), name: "legacy-sync", description: "Old directory sync; kept locked until retired.",
            groupIDs: allGroups,
            apis: [APIGrant(serviceID: "identity-management", level: .readOnly), APIGrant(serviceID: "config-dns", level: .readWrite)]))
        try service.lockClient(alice, client: legacy.id)

        // Globex Retail: one contract, a few groups and users.
        let (globexAccount, _) = try service.provisionAccount(
            name: globex, kind: .managed, managedBy: northwind.id,
            contract: .init(id: "C-GLOBEX", name: "Globex Retail Delivery", rootGroup: "Globex"),
            admin: NewUser(login: "gina", firstName: "Gina", lastName: "Garcia", email: "gina@globex.example", jobTitle: "IT director"))
        let gina = ActorRef(login: "gina")
        let globexRoot = try store.read { db in try Q.groups(db, account: globexAccount.id)[0].id }
        try service.createGroup(gina, parent: globexRoot, name: "Stores")
        try service.createGroup(gina, parent: globexRoot, name: "Online Shop")
        let globexDev = try service.createRole(gina, name: "Web Developer",
            description: "Builds the online shop; manages their own API clients.",
            permissions: [.apiClientsUser, .product(P.propertyManager, .readWrite), .product(P.fastPurge, .readWrite)])
        try service.createUser(gina, NewUser(login: "otto", firstName: "Otto", lastName: "Olsen", email: "otto@globex.example",
                                             jobTitle: "Web developer", grants: [Grant(groupID: globexRoot, roleID: globexDev)]))
    }

    static func userID(_ store: Store, _ login: String) throws -> UserID {
        try store.read { db in try Q.user(db, login: login)!.id }
    }
}
