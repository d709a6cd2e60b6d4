import Foundation

/// Why a database file could not be opened, backed up or restored: each with what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The file holds migrations this binary does not know: a newer idm upgraded it.
    case newerSchema(path: String, migration: String)
    /// A read-only open found migrations this binary has and the file lacks.
    case olderSchema(path: String, missing: String)
    /// The file is not an SQLite database with idm's migrations table.
    case notIDMDatabase(path: String, reason: String)
    /// `PRAGMA integrity_check` did not answer "ok".
    case damaged(path: String, report: String)
    /// Another process has the database open (restore needs it alone).
    case inUse(path: String)
    /// A backup would overwrite a file without `--replace`.
    case exists(path: String)
    /// A file-system failure, already worded.
    case file(String)

    public var description: String {
        switch self {
        case let .newerSchema(path, migration):
            return "\(path) was upgraded by a newer idm (migration \(migration)); use that version."
        case let .olderSchema(path, missing):
            return "\(path) was last upgraded by an older idm (it lacks migration \(missing)); run any changing idm command once to upgrade it."
        case let .notIDMDatabase(path, reason):
            return "\(path) is not an idm database (\(reason))."
        case let .damaged(path, report):
            return "\(path) fails SQLite's integrity check: \(report)"
        case let .inUse(path):
            return "\(path) is in use by another process (a console or a running idm command); close it and try again."
        case let .exists(path):
            return "\(path) already exists; pass --replace to overwrite it."
        case let .file(message):
            return message
        }
    }
}
