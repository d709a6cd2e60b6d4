import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit log: list it, verify its hash chain, anchor it, stream it.",
        subcommands: [AuditList.self, AuditVerify.self, AuditAnchor.self, AuditTail.self])
}

struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Audit events of the account, newest first, written as they are read.",
        discussion: "With --limit, the next page starts after the event id printed on standard error as `next: ID`: pass it as --after.")
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only events by this login.", valueName: "LOGIN")) var actor: String?
    @Option(help: ArgumentHelp("Only events about this target (name or id).", valueName: "NAME")) var target: String?
    @Option(help: ArgumentHelp("Only this action (client.create) or family (credential: every credential.*).", valueName: "ACTION"))
    var action: String?
    @Option(help: ArgumentHelp("Only events on or after this day (UTC).", valueName: "YYYY-MM-DD")) var since: String?
    @Option(help: ArgumentHelp("Only events on or before this day (UTC).", valueName: "YYYY-MM-DD")) var until: String?
    @Option(help: ArgumentHelp("At most N events.", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Start after this event (older than it: the `next:` of an earlier page).", valueName: "ID")) var after: Int64?
    @Flag(help: "JSON instead of a table.") var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit wants at least 1.") }
    }

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        var sinceDate: Date?
        if let since {
            guard let d = Formats.parseDay(since) else { throw ValidationError("--since wants a day as YYYY-MM-DD, not \"\(since)\".") }
            sinceDate = d
        }
        var untilDate: Date?
        if let until {
            guard let d = Formats.parseDay(until) else { throw ValidationError("--until wants a day as YYYY-MM-DD, not \"\(until)\".") }
            untilDate = d.addingTimeInterval(86_400)
        }
        try store.read { db in
            // The console's rule, here too: Admin or an IDM permission (or a reseller browsing).
            try Decide.decision(db, ctx, .readAuditLog).enforce()
        }
        // Keyset pages on the event id, newest first (the audit_account index answers each).
        var filter = Q.AuditFilter(actor: actor, target: target, action: action, since: sinceDate, until: untilDate, beforeID: after)
        let table = StreamingTable(["TIME", "ACTOR", "FROM", "ACTION", "TARGET", "CHANGES"])
        let array = StreamingJSONArray<AuditEvent>()
        var written = 0
        var more = false
        while !more {
            filter.limit = limit.map { min(500, $0 - written + 1) } ?? 500
            let events = try store.read { db in try Q.audit(db, account: ctx.account.id, filter: filter) }
            for e in events {
                if let limit, written == limit { more = true; break }
                if json { array.add(e) } else {
                    table.add([Formats.timestamp(e.time), e.actorLogin, AuditOrigin.text(e), e.action, e.targetName,
                               Set(e.before.keys).union(e.after.keys).sorted().map { "\($0): \(e.before[$0] ?? "") -> \(e.after[$0] ?? "")" }
                                   .joined(separator: "; ")])
                }
                written += 1
                filter.beforeID = e.id
            }
            if json { try array.endPage() } else { table.endPage() }
            if events.count < filter.limit! { break }
        }
        if json { try array.finish() } else { table.flush() }
        if more, let last = filter.beforeID { Stderr.line("next: \(last)") }
    }
}

/// Walks the hash chain (README, "Security"): exit 0 when every event, link and the head
/// match (and the anchor, if given), else exit 1 naming the first event that does not.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the audit log's hash chain; exit 1 at the first event that does not match.",
        discussion: "With --anchor HASH:COUNT (from `idm audit anchor`, kept off this host), also proves the first COUNT events are the ones anchored.")
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("An anchor printed earlier by `idm audit anchor`.", valueName: "HASH:COUNT")) var anchor: String?
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let anchor = try self.anchor.map { text -> AuditChain.Head in
            guard let head = AuditChain.Head(anchor: text) else {
                throw ValidationError("--anchor wants HASH:COUNT as `idm audit anchor` prints it (64 hex digits, a colon, a count).")
            }
            return head
        }
        let store = try global.openStoreForReading()
        let result = try store.read { db in try AuditChain.verify(db, anchor: anchor) }
        if json {
            print(try Output.json(result))
        } else if let problem = result.problem {
            Stderr.line("Error: The audit log does not verify. \(Output.safe(problem))")
        } else {
            print("The audit log verifies: \(result.events) events chained, head \(result.head)" +
                  (result.anchorChecked ? ", the first \(anchor!.count) the anchored ones" : "") +
                  "; every user, group, role, client and credential is as its events left it.")
        }
        if !result.ok { throw ExitCode(1) }
    }
}

/// The head of the chain, `HASH:COUNT`, to keep outside this host (as CloudTrail's digest files
/// are kept apart): a later `verify --anchor` proves nothing before it changed.
struct AuditAnchor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor", abstract: "Print the audit chain's head as HASH:COUNT, to keep somewhere else.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.openStoreForReading()
        print(try store.read { db in try AuditChain.head(db) }.description)
    }
}

/// Events as they are written, one JSON object a line, for a log shipper. The owner of the
/// database file streams every account; an idm user, their account's events, if they may read
/// the audit log.
struct AuditTail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print audit events after an id; with --follow, keep printing them as they are written.")
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Start after this event id (default: the last 10 events).", valueName: "ID")) var after: Int64?
    @Flag(help: "Keep waiting for new events (checks every second).") var follow = false
    @Flag(help: "One JSON object per line (the default is a line of text per event).") var jsonl = false

    func run() throws {
        let store = try global.openStoreForReading()
        let service = DirectoryService(store: store)
        var account: AccountID?
        let ownsFile = try service.databaseOwner() == getuid()
        if global.actor != nil || !ownsFile {
            let ctx = try global.context(store)
            try store.read { db in try Decide.decision(db, ctx, .readAuditLog).enforce() }
            account = ctx.account.id
        }
        let newest = try store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit_event") ?? 0 }
        var last = after ?? max(0, newest - 10)
        repeat {
            let events = try store.read { db in try AuditWindow.events(db, after: last, account: account) }
            for event in events {
                if jsonl {
                    print(try Output.jsonLine(event))
                } else {
                    print(Output.safe("\(event.id) \(Formats.timestamp(event.time)) \(event.actorLogin) \(event.action) \(event.targetName)"))
                }
                last = event.id
            }
            fflush(stdout)
            if follow { Thread.sleep(forTimeInterval: 1) }
        } while follow
    }
}

extension Output {
    /// One JSON object on one line (JSON Lines), escaped exactly as `json` escapes: pretty
    /// printing puts whitespace only between tokens (a string's own line breaks are `\n`), so
    /// its lines, trimmed and joined, are the same JSON on one line.
    static func jsonLine<T: Encodable>(_ value: T) throws -> String {
        try json(value).split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined()
    }
}
