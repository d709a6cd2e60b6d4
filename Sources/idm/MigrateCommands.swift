import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migration of legacy API clients from Manage APIs.",
        subcommands: [MigrateLegacy.self, MigrateReport.self])
}

struct MigrateLegacy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legacy",
        abstract: "Migrate a Manage APIs export: eligible clients, a read-only User record per legacy user, a report.",
        discussion: """
            Eligible clients (client type API, exactly one access token, owner and creator users of the account, \
            groups and APIs within the owner's access) become API clients, owner and creator preserved. Each legacy \
            user gets a read-only User record. Every other client is not migrated: it cannot be retrieved, and it \
            expires on the --expire day. Entries an earlier run handled change nothing. The report is printed and \
            stored (`idm migrate report`). Only an Admin of the account may run it. The file format is in the README.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The Manage APIs export (JSON).", valueName: "FILE")) var file: String
    @Option(help: ArgumentHelp("The day clients not migrated expire (default: one year from today).", valueName: "YYYY-MM-DD"))
    var expire: String?
    @Flag(help: "Plan and print the report; write nothing.") var dryRun = false
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw Failure("Cannot read \(file): \((error as NSError).localizedDescription)",
                          logged: "cannot read the export, " + EventLog.typed("path", file))
        }
        let expiresAt: Date
        if let expire {
            guard let day = Formats.parseDay(expire) else { throw ValidationError("--expire wants a day as YYYY-MM-DD, not \"\(expire)\".") }
            expiresAt = day
        } else {
            expiresAt = MigrateLegacy.defaultExpiry(from: Date())
        }
        let export = try LegacyExport.parse(data)
        let store = try global.openStore()
        let service = DirectoryService(store: store)
        let report = try service.migrateLegacy(try global.actorRef(store), export: export,
                                               source: (file as NSString).lastPathComponent, expiresAt: expiresAt, dryRun: dryRun)
        Stdout.line(json ? try Output.json(report) : ReportText.render(report))
    }

    /// One year from today, at the start of that day (UTC).
    static func defaultExpiry(from now: Date) -> Date {
        Formats.parseDay(Formats.day(now.addingTimeInterval(365 * 86_400)))!
    }
}

struct MigrateReport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "The last stored migration report of the account.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let store = try global.openStore()
        let ctx = try global.context(store)
        guard let report = try DirectoryService(store: store).lastMigrationReport(try global.actorRef(store)) else {
            throw Failure("No migration has run in \(ctx.account.name). Run `idm migrate legacy FILE --as LOGIN` (an Admin).")
        }
        Stdout.line(json ? try Output.json(report) : ReportText.render(report))
    }
}

/// The report as text: a heading, one table per section, the summary, and the FAQ's advice.
enum ReportText {
    static func render(_ r: MigrationReport) -> String {
        var out: [String] = []
        out.append("Migration of legacy API clients from Manage APIs into \(Output.safe(r.account))")
        var origin = "Export \(Output.safe(r.source)) of \(Formats.timestamp(r.exportedAt))"
        if let run = r.runID {
            origin += "; run #\(run) by \(r.actor) at \(Formats.timestamp(r.time))"
        }
        out.append(origin)
        if r.dryRun {
            out.append("Dry run: nothing was written.")
        } else if r.runID == nil {
            out.append("Nothing new: every entry was handled by an earlier run; nothing was written.")
        }

        func section(_ title: String, _ lines: [MigrationReport.Line], _ header: [String], _ row: (MigrationReport.Line) -> [String]) {
            out.append("")
            out.append("\(title) (\(lines.count))")
            if !lines.isEmpty { out.append(Output.table(header, lines.map(row))) }
        }
        section("Migrated", r.migrated, ["LEGACY ID", "NAME", "OWNER", "CREATOR", "CLIENT", "CLIENT ID", "NOTE"]) {
            [$0.legacyID, $0.name, $0.owner, $0.creator ?? "", $0.client ?? "", $0.clientKey ?? "-", $0.reasons.joined(separator: "; ")]
        }
        section("User records", r.userRecords, ["LEGACY ID", "USER", "RECORD"]) {
            [$0.legacyID, $0.owner, $0.client ?? ""]
        }
        section("Not migrated", r.notMigrated, ["LEGACY ID", "TYPE", "NAME", "OWNER", "EXPIRES", "REASON"]) {
            [$0.legacyID, $0.legacyType, $0.name, $0.owner, $0.expiresAt.map(Formats.day) ?? "-", $0.reasons.joined(separator: "; ")]
        }
        section("Already migrated", r.alreadyMigrated, ["LEGACY ID", "TYPE", "NAME", "CLIENT"]) {
            [$0.legacyID, $0.legacyType, $0.name, $0.client ?? "(deleted since)"]
        }
        out.append("")
        out.append(r.summary + ".")
        if !r.migrated.isEmpty { out.append(MigrationReport.credentialNote) }
        if !r.nonConformingClients.isEmpty {
            out.append(MigrationReport.notRetrievable + " " + MigrationReport.advice)
        }
        return out.joined(separator: "\n")
    }
}
