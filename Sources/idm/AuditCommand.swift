import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The audit log.", subcommands: [AuditList.self])
}

struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Audit events of the account, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only events by this login.", valueName: "LOGIN")) var actor: String?
    @Option(help: ArgumentHelp("Only events about this target (name or id).", valueName: "NAME")) var target: String?
    @Option(help: ArgumentHelp("Only this action (client.create) or family (credential: every credential.*).", valueName: "ACTION"))
    var action: String?
    @Option(help: ArgumentHelp("Only events on or after this day (UTC).", valueName: "YYYY-MM-DD")) var since: String?
    @Option(help: ArgumentHelp("Only events on or before this day (UTC).", valueName: "YYYY-MM-DD")) var until: String?
    @Option(help: "At most this many events.") var limit: Int?
    @Flag(help: "JSON instead of a table.") var json = false

    func run() throws {
        let store = try global.openStore()
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
        let events = try store.read { db in
            // The console's rule, here too: Admin or an IDM permission (or a reseller browsing).
            try Decide.decision(db, ctx, .readAuditLog).enforce()
            return try Q.audit(db, account: ctx.account.id,
                        filter: Q.AuditFilter(actor: actor, target: target, action: action, since: sinceDate, until: untilDate, limit: limit))
        }
        if json { return print(try Output.json(events)) }
        print(Output.table(["TIME", "ACTOR", "ACTION", "TARGET", "CHANGES"], events.map { e in
            [Formats.timestamp(e.time), e.actorLogin, e.action, e.targetName,
             Set(e.before.keys).union(e.after.keys).sorted().map { "\($0): \(e.before[$0] ?? "") -> \(e.after[$0] ?? "")" }
                .joined(separator: "; ")]
        }))
    }
}
