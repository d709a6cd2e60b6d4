import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a directory from another system.", subcommands: [ImportAkamai.self])
}

struct ImportAkamai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "akamai",
        abstract: "Import Akamai IAM v3 response bodies (users, groups, roles, API clients; PAPI groups for contracts).",
        discussion: """
            Reads the JSON of GET /identity-management/v3/user-admin/ui-identities?authGrants=true, .../user-admin/groups, \
            .../user-admin/roles?grantedRoles=true, .../api-clients and .../api-clients/{clientId}?apiAccess=true&groupAccess=true&\
            credentials=true&ipAcl=true, and optionally PAPI's GET /papi/v1/groups (the contracts of top-level groups): one per \
            file, or a directory of them, each recognised by its shape; other files are reported as skipped. Only an Admin of \
            the account may import; the contracts and top-level groups it creates get that Admin as Admin on them, and every \
            grant is then checked as any change by that Admin would be. Existing groups (by path), roles (by name), users (by \
            login) and clients (by name) are matched, so a second run changes nothing. One transaction. Exit status: 0 \
            everything imported; 1 some entries not (the report lists them; the rest is imported); 2 nothing imported (a \
            malformed or unreadable file, named with its entry and field, or a refusal).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("JSON files, or directories of them.", valueName: "PATH")) var paths: [String]
    @Flag(help: "Plan and print the report; write nothing.") var dryRun = false
    @Flag(help: "JSON instead of text.") var json = false

    /// Nothing was imported: a file could not be read, or the import was refused.
    static let nothingImported: Int32 = 2

    func run() throws {
        let report: ImportReport
        do {
            let files = try AkamaiFiles.read(paths)
            // A dry run opens the file read-only: it stays byte for byte as it was (no migration, no WAL setup).
            let store = dryRun ? try global.openStoreForReading() : try global.openStore()
            report = try DirectoryService(store: store).importAkamai(try global.actorRef(store), files: files, dryRun: dryRun)
        } catch let error as AkamaiParseError {
            Stderr.line("Error: \(error)")
            throw ExitCode(Self.nothingImported)
        } catch let error as IDMError {
            Stderr.line("Error: \(error) Nothing was imported.")
            throw ExitCode(Self.nothingImported)
        }
        Stdout.line(json ? try Output.json(report) : ImportReportText.render(report))
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}

/// The report as text: what was read, where contracts came from, then each outcome's lines.
enum ImportReportText {
    static func render(_ r: ImportReport) -> String {
        var out: [String] = []
        out.append("Import of Akamai IAM v3 payloads into \(Output.safe(r.account)) as \(Output.safe(r.actor))")
        if r.dryRun {
            out.append("Dry run: nothing was written.")
        } else if r.changesNothing {
            out.append("Nothing new: everything is already in the directory; nothing was written.")
        }
        out.append("")
        out.append("Files (\(r.files.count))")
        out.append(Output.table(["FILE", "READ AS"], r.files.map { [$0.name, $0.kind ?? "skipped: \($0.skipped ?? "-")"] }))
        out.append("")
        out.append("Contracts: \(r.contracts)")
        for (title, outcome) in [("Created", ImportReport.Outcome.created), ("Updated", .updated), ("Notes", .note), ("Not imported", .notImported)] {
            let lines = r.lines(outcome)
            guard !lines.isEmpty else { continue }
            out.append("")
            out.append("\(title) (\(lines.count))")
            out.append(Output.table(["KIND", "NAME", "DETAIL", "FROM"], lines.map { [$0.kind, $0.name, $0.detail, $0.source ?? "-"] }))
        }
        let unchanged = r.lines(.unchanged)
        if !unchanged.isEmpty {
            let counts = Dictionary(grouping: unchanged, by: \.kind).map { "\($0.value.count) \($0.key)\($0.value.count == 1 ? "" : "s")" }.sorted()
            out.append("")
            out.append("Unchanged (already there): \(counts.joined(separator: ", ")).")
        }
        out.append("")
        out.append(r.summary + ".")
        if r.lines.contains(where: { $0.kind == "credential" && $0.outcome == .created }) {
            out.append("Imported credentials are metadata only: no secret exists for them. Each owner generates a new credential to call an API.")
        }
        return out.joined(separator: "\n")
    }
}
