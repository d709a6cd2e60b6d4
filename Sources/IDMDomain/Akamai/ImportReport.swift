import Foundation

/// What an import of Akamai IAM v3 payloads did, or (a dry run) would do, entry by entry:
/// every file read or skipped, where contracts came from, and a line for everything created,
/// changed, left as it was, mapped with a difference (a note), or not imported and why.
public struct ImportReport: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case created
        case updated
        case unchanged
        /// Imported, with something to know: a name kept, a role mapped, a placeholder role.
        case note
        /// Not imported (an entry, or a part of one): the reason says why.
        case notImported = "not-imported"
    }

    public struct Line: Codable, Equatable, Sendable {
        /// contract, group, role, user, grant, block, client, api, credential, file.
        public let kind: String
        /// What it is: a group path, a login, a role or client name.
        public let name: String
        public let outcome: Outcome
        public let detail: String
        /// Where it came from: "users.json entry 2".
        public let source: String?

        public init(kind: String, name: String, outcome: Outcome, detail: String, source: String? = nil) {
            self.kind = kind
            self.name = name
            self.outcome = outcome
            self.detail = detail
            self.source = source
        }
    }

    public struct FileLine: Codable, Equatable, Sendable {
        public let name: String
        /// What its shape says it is; nil when skipped.
        public let kind: String?
        public let skipped: String?
    }

    public var account: String
    public var actor: String
    public var dryRun: Bool
    public var files: [FileLine]
    /// Where the contracts of new top-level groups came from.
    public var contracts: String
    public var lines: [Line]

    public init(account: String, actor: String, dryRun: Bool = false, files: [AkamaiFile] = [], contracts: String = "", lines: [Line] = []) {
        self.account = account
        self.actor = actor
        self.dryRun = dryRun
        self.files = files.map { FileLine(name: $0.name, kind: $0.content?.kind, skipped: $0.skipped) }
        self.contracts = contracts
        self.lines = lines
    }

    public func lines(_ outcome: Outcome) -> [Line] { lines.filter { $0.outcome == outcome } }

    /// Nothing created or changed: a second run of the same payloads.
    public var changesNothing: Bool { !lines.contains { $0.outcome == .created || $0.outcome == .updated } }

    /// 0 when everything was imported, 1 when some entry (or part of one) was not.
    public var exitStatus: Int32 { lines.contains { $0.outcome == .notImported } ? 1 : 0 }

    /// "12 created, 1 updated, 4 unchanged, 3 notes, 2 not imported".
    public var summary: String {
        let count = { (o: Outcome) in lines.filter { $0.outcome == o }.count }
        return "\(count(.created)) created, \(count(.updated)) updated, \(count(.unchanged)) unchanged, " +
            "\(count(.note)) note\(count(.note) == 1 ? "" : "s"), \(count(.notImported)) not imported"
    }

    mutating func add(_ kind: String, _ name: String, _ outcome: Outcome, _ detail: String, source: String? = nil) {
        lines.append(Line(kind: kind, name: name, outcome: outcome, detail: detail, source: source))
    }
}
