import Foundation
import GRDB
import IDMDomain

/// What an open form was opened on: a row and the version it had then.
public struct VersionedSubject: Sendable, Equatable {
    public enum Kind: String, Sendable { case user, group, role, client }
    public let kind: Kind
    public let id: Int64
    public let version: Int64
    public let name: String

    public init(_ kind: Kind, id: Int64, version: Int64, name: String) {
        self.kind = kind
        self.id = id
        self.version = version
        self.name = name
    }

    var table: String {
        switch kind {
        case .user: return "user"
        case .group: return "grp"
        case .role: return "role"
        case .client: return "api_client"
        }
    }

    var auditType: String { kind == .client ? "api_client" : kind.rawValue }
}

/// Someone else's change to what a form shows, made while it was open.
public struct ChangeMeanwhile: Sendable, Equatable {
    public let name: String
    public let by: String?
    public let at: Date?
    public let deleted: Bool
}

extension DirectoryReader {
    /// nil while `subject` still has the version the form was opened on; otherwise who changed
    /// (or deleted) it and when, from its last audit event. Two indexed lookups.
    public func changedSince(_ subject: VersionedSubject) throws -> ChangeMeanwhile? {
        try store.read { db in
            let version = try Int64.fetchOne(db, sql: "SELECT version FROM \(subject.table) WHERE id = ?", arguments: [subject.id])
            guard version != subject.version else { return nil }
            return try Self.lastChange(db, subject, deleted: version == nil)
        }
    }

    /// Who last changed `subject` and when (its version does not matter), e.g. who locked you.
    public func lastChange(_ subject: VersionedSubject) throws -> ChangeMeanwhile {
        try store.read { db in try Self.lastChange(db, subject, deleted: false) }
    }

    private static func lastChange(_ db: Database, _ subject: VersionedSubject, deleted: Bool) throws -> ChangeMeanwhile {
        let last = try Q.lastChange(db, targetType: subject.auditType, targetID: String(subject.id))
        return ChangeMeanwhile(name: subject.name, by: last?.actorLogin, at: last?.time, deleted: deleted)
    }
}

extension DirectoryReader {
    /// The console idle timeout when none is set in the directory.
    public static let defaultIdleTimeoutMinutes = 30
    static let idleTimeoutSetting = "console_idle_timeout_minutes"

    /// The directory's console idle timeout in minutes, if one is set.
    public func consoleIdleTimeout() throws -> Int? {
        try store.read { db in try Q.setting(db, Self.idleTimeoutSetting).flatMap { Int($0) } }
    }
}
