import Crypto
import Foundation
import GRDB

/// The audit log as a hash chain (after AWS CloudTrail's log file integrity validation): each
/// event carries the SHA-256 of a versioned canonical form of all its columns, the previous
/// event's hash among them, so rewriting, removing or inserting an event breaks every link
/// after it. The head (last hash and count) is kept in `audit_head`, so a cut tail is found
/// too. The chain is unkeyed: whoever can write the file can recompute it; only an anchor kept
/// elsewhere (`idm audit anchor`) detects that (README, "Security").
public enum AuditChain {
    /// The link of the first event.
    public static let genesis = String(repeating: "0", count: 64)
    /// Names the canonical form; a new form gets a new name and the old one stays verifiable.
    static let form = "idm-audit-v1"

    /// The canonical form: the form's name, then every column but `hash` that is not NULL, by
    /// name, each value tagged with its type. NULLs are left out so that a column added later
    /// (nullable, as every future audit column must be) leaves older events' hashes intact,
    /// while covering every event that sets it.
    static func hash(_ columns: [(String, DatabaseValue)]) -> String {
        var text = form
        for (name, value) in columns.sorted(by: { $0.0 < $1.0 }) where name != "hash" {
            if let tagged = tagged(value) { text += "\n\(name)=\(tagged)" }
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A value with its type, exactly (a double by its bits); nil for NULL.
    static func tagged(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let n): return "i:\(n)"
        case .double(let d): return "r:\(String(d.bitPattern, radix: 16))"
        case .string(let s): return "t:\(s.utf8.count):\(s)"
        case .blob(let b): return "b:\(b.count):\(b.base64EncodedString())"
        }
    }

    static func hash(_ row: Row) -> String {
        hash(row.columnNames.map { ($0, row[$0] as DatabaseValue) })
    }

    /// The last event's hash and the number of events, as kept in `audit_head`.
    public struct Head: Equatable, Sendable, Encodable, CustomStringConvertible {
        public let hash: String
        public let count: Int
        /// `HASH:COUNT`, the form `idm audit verify --anchor` takes.
        public var description: String { "\(hash):\(count)" }

        public init(hash: String, count: Int) {
            self.hash = hash
            self.count = count
        }

        /// Parses `HASH:COUNT`.
        public init?(anchor text: String) {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let count = Int(parts[1]), count >= 0, parts[0].count == 64,
                  parts[0].allSatisfy({ $0.isHexDigit }) else { return nil }
            self.init(hash: parts[0].lowercased(), count: count)
        }
    }

    public static func head(_ db: Database) throws -> Head {
        guard let row = try Row.fetchOne(db, sql: "SELECT hash, count FROM audit_head WHERE id = 1") else {
            return Head(hash: genesis, count: 0)
        }
        return Head(hash: row["hash"], count: row["count"])
    }

    /// What `verify` found: every event and link checked, or the first that does not match.
    public struct Verification: Equatable, Sendable, Encodable {
        public var ok: Bool { problem == nil }
        public var events = 0
        public var head: Head
        /// The first event whose hash, link or id does not match (nil when the problem is the
        /// head or the anchor).
        public var firstBadEvent: Int64?
        public var problem: String?
        /// With an anchor: whether the events up to it are the ones anchored.
        public var anchorChecked = false
        /// Whether every user, group, role, client and credential is as the events left it.
        public var directoryChecked = false

        enum CodingKeys: String, CodingKey { case ok, events, head, firstBadEvent, problem, anchorChecked, directoryChecked }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ok, forKey: .ok)
            try c.encode(events, forKey: .events)
            try c.encode(head, forKey: .head)
            try c.encodeIfPresent(firstBadEvent, forKey: .firstBadEvent)
            try c.encodeIfPresent(problem, forKey: .problem)
            try c.encode(anchorChecked, forKey: .anchorChecked)
            try c.encode(directoryChecked, forKey: .directoryChecked)
        }
    }

    /// Walks the chain from the first event: ids without gaps, each link the previous hash (the
    /// genesis for the first), each hash the one its columns give; then the head, then the
    /// anchor (the event at the anchor's count has the anchor's hash).
    public static func verify(_ db: Database, anchor: Head? = nil) throws -> Verification {
        var result = Verification(head: try head(db))
        var previous = genesis
        var expectedID: Int64 = 1
        if anchor?.count == 0 { result.anchorChecked = anchor?.hash == genesis }
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_event ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            func bad(_ why: String) -> Verification {
                var r = result
                r.firstBadEvent = id
                r.problem = "Event #\(id) \(why)"
                return r
            }
            if id != expectedID {
                return bad(id < expectedID ? "is out of order." : "follows a gap: events #\(expectedID)-#\(id - 1) are missing.")
            }
            let link: String? = row["prev_hash"]
            guard link == previous else {
                return bad(id == 1 ? "does not start the chain (its link is not the genesis)." : "does not link to event #\(id - 1).")
            }
            let stored: String? = row["hash"]
            let computed = hash(row)
            guard stored == computed else { return bad("does not match its hash: it was changed after it was written.") }
            result.events += 1
            if let anchor, anchor.count == result.events {
                guard anchor.hash == computed else {
                    return bad("is not the event anchored at \(anchor.count): the log up to the anchor was changed.")
                }
                result.anchorChecked = true
            }
            previous = computed
            expectedID += 1
        }
        if result.head.count != result.events || result.head.hash != previous {
            result.problem = result.head.count > result.events
                ? "The chain ends at event #\(result.events) but its head counts \(result.head.count): events were removed from the end."
                : "The chain's head (\(result.head.count) events) does not match its last event (#\(result.events))."
            return result
        }
        if let anchor, !result.anchorChecked {
            result.problem = "The anchor names event #\(anchor.count), but the chain has \(result.events) events: events were removed."
            return result
        }
        // The chain holds; now the directory against the states its events recorded.
        if let problem = try DirectoryState.verify(db) {
            result.problem = problem
        } else {
            result.directoryChecked = true
        }
        return result
    }

    /// The next event's id and link, read inside the writing transaction (`BEGIN IMMEDIATE`
    /// holds the write lock, so no other writer can take the same id).
    static func next(_ db: Database) throws -> (id: Int64, link: String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1") else {
            return (1, genesis)
        }
        return ((row["id"] as Int64) + 1, (row["hash"] as String?) ?? genesis)
    }
}
