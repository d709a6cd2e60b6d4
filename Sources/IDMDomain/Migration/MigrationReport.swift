import Foundation

/// What a migration run did (or, for a dry run, would do): printed by `idm migrate legacy`,
/// stored with the run, shown again by `idm migrate report` and the console's Migration report.
public struct MigrationReport: Codable, Equatable, Sendable {
    public struct Line: Codable, Equatable, Sendable {
        /// The legacy clientId (a legacy user without a `User` entry: their username).
        public var legacyID: String
        /// "API" or "User", as the legacy system typed it.
        public var legacyType: String
        /// The legacy name (a legacy user: their username).
        public var name: String
        public var owner: String
        /// A legacy client's creator.
        public var creator: String?
        /// The client or record it became.
        public var client: String?
        public var clientKey: String?
        /// Why it was not migrated; for a migrated client, notes (the legacy token it had).
        public var reasons: [String]
        /// Not migrated clients: the day the legacy client stops working.
        public var expiresAt: Date?

        public init(legacyID: String, legacyType: String, name: String, owner: String, creator: String? = nil, client: String? = nil,
                    clientKey: String? = nil, reasons: [String] = [], expiresAt: Date? = nil) {
            self.legacyID = legacyID
            self.legacyType = legacyType
            self.name = name
            self.owner = owner
            self.creator = creator
            self.client = client
            self.clientKey = clientKey
            self.reasons = reasons
            self.expiresAt = expiresAt
        }
    }

    /// The stored run; nil for a dry run and for a run that had nothing to write.
    public var runID: Int64?
    public var time: Date
    public var actor: String
    public var account: String
    /// The file the export came from (its name only).
    public var source: String
    public var exportedAt: Date
    /// The expiry given to clients declared non-conforming by this run.
    public var expiresAt: Date
    public var dryRun: Bool
    public var migrated: [Line]
    public var userRecords: [Line]
    public var notMigrated: [Line]
    public var alreadyMigrated: [Line]

    public init(runID: Int64?, time: Date, actor: String, account: String, source: String, exportedAt: Date, expiresAt: Date,
                dryRun: Bool, migrated: [Line], userRecords: [Line], notMigrated: [Line], alreadyMigrated: [Line]) {
        self.runID = runID
        self.time = time
        self.actor = actor
        self.account = account
        self.source = source
        self.exportedAt = exportedAt
        self.expiresAt = expiresAt
        self.dryRun = dryRun
        self.migrated = migrated
        self.userRecords = userRecords
        self.notMigrated = notMigrated
        self.alreadyMigrated = alreadyMigrated
    }

    /// The FAQ's answer to "What are steps to take?", for every client that was not migrated.
    public static let advice = "We recommend creating a new client."
    /// Why: the FAQ's "Can I retrieve/view the old API Client?".
    public static let notRetrievable = "Clients that were not migrated cannot be retrieved; each stops working on its expiry date."
    /// What a migrated client lacks: the export holds no secrets.
    public static let credentialNote = "Migrated clients have no credential yet: Manage APIs exported no secrets. Each owner generates one."

    public var nonConformingClients: [Line] { notMigrated.filter { $0.legacyType == "API" } }

    /// "2 migrated, 5 user records, 4 not migrated, 0 already migrated".
    public var summary: String {
        "\(migrated.count) migrated, \(userRecords.count) user record\(userRecords.count == 1 ? "" : "s"), " +
            "\(notMigrated.count) not migrated, \(alreadyMigrated.count) already migrated"
    }
}

extension MigrationPlan {
    /// The report of this plan; `keys` are the client keys the run gave (none in a dry run).
    public func report(runID: Int64?, time: Date, actor: String, account: String, source: String, exportedAt: Date,
                       expiresAt: Date, dryRun: Bool, keys: [LegacyKey: String] = [:]) -> MigrationReport {
        MigrationReport(
            runID: runID, time: time, actor: actor, account: account, source: source, exportedAt: exportedAt, expiresAt: expiresAt,
            dryRun: dryRun,
            migrated: clients.map {
                .init(legacyID: $0.key.id, legacyType: "API", name: $0.legacyName, owner: $0.owner.login, creator: $0.creator.login,
                      client: $0.name, clientKey: keys[$0.key], reasons: ["legacy access token \($0.tokenHint)"])
            },
            userRecords: records.map {
                .init(legacyID: $0.legacyClientID ?? $0.username, legacyType: "User", name: $0.username, owner: $0.user.login,
                      client: $0.name, clientKey: keys[$0.key])
            },
            notMigrated: notMigrated.map {
                .init(legacyID: $0.legacyID, legacyType: $0.legacyType.rawValue, name: $0.name, owner: $0.owner, creator: $0.creator,
                      reasons: $0.reasons, expiresAt: $0.expiresAt)
            },
            alreadyMigrated: alreadyMigrated.map {
                .init(legacyID: $0.legacyID, legacyType: $0.legacyType.rawValue, name: $0.name, owner: $0.owner, client: $0.clientName,
                      reasons: $0.clientName == nil ? ["the client it became was deleted since"] : [])
            })
    }
}
