import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// The last stored report of the migration of legacy API clients from Manage APIs [FAQ], for
/// the account on screen: a summary (with the FAQ's advice), then the migrated clients, the
/// User records, the entries not migrated (each with its reasons and expiry) and the entries an
/// earlier run had already migrated. Read-only and scrollable; `Tab` jumps to the next section.
///
/// Self-contained: the console opens it (from the API Clients tab), gives it keys with the
/// height of its area, and renders it into the body area; `.close` means go back.
struct MigrationReportScreen: Screen {
    enum Action: Hashable { case move(Move), nextSection, previousSection, back }

    /// Nil before the first run in the account (and until it is read).
    var report: MigrationReport?
    var page: PageView?

    /// Reasons and notes wrap at this width: the body of an 80-column screen.
    static let wrapWidth = 70

    init() {}

    /// A report already at hand (tests draw it on its own).
    init(report: MigrationReport?, account: String) {
        self.report = report
        page = Self.page(report, account: account)
    }

    static func page(_ report: MigrationReport?, account: String) -> PageView {
        let (lines, _) = report.map(Self.lines) ?? (Self.emptyLines(account), [])
        let subtitle = report.map { "Manage APIs → \($0.account)" } ?? "Manage APIs → \(account)"
        return PageView(title: "Migration report", subtitle: subtitle, lines: lines)
    }

    var crumb: String { "Migration report" }

    static let keys = KeyTable<Action>("Migration report", [
        KeyBinding([.tab], .nextSection, "Next section", "Next section", bar: true),
        KeyBinding([.backTab], .previousSection, "Previous section", "Previous section"),
        KeyBinding(CommonKeys.back, .back, "Back", "Back to the API Clients tab", bar: true),
    ] + Move.bindings { .move($0) })

    func binds(_ key: KeyEvent) -> Bool { Self.keys.binds(key) }

    mutating func start(_ env: Env) -> [Effect] {
        let account = env.account
        return [.run { io in ReportLoad(report: try io.reader.migrationReport(account: account.id), account: account.name) }]
    }

    struct ReportLoad {
        let report: MigrationReport?
        let account: String
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        let height = PageView.bodyHeight(env.body)
        switch msg {
        case .reply(.success(let value)):
            guard let load = value as? ReportLoad else { return [] }
            report = load.report
            page = Self.page(load.report, account: load.account)
            return [.handled]
        case .key(let key):
            switch key {
            case .wheelUp: page?.cursor.scroll(by: -3, height: height); return []
            case .wheelDown: page?.cursor.scroll(by: 3, height: height); return []
            default: break
            }
            guard let action = Self.keys.action(for: key) else { return [KeyTable<Action>.notAKey(key)] }
            switch action {
            case .move(let m): page?.move(m, height: height)
            case .nextSection: page?.jumpSection(forward: true, height: height)
            case .previousSection: page?.jumpSection(forward: false, height: height)
            case .back: return [.pop(.closed)]
            }
            return []
        default:
            return []
        }
    }

    func hints(_ env: Env) -> [Hint] {
        [Hint(key: "↑/↓", label: "Scroll"), Hint(key: "PgDn", label: "Page")] + Self.keys.hints(decide: { _ in .allowed }, essential: [.back])
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: { _ in .allowed })] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        page?.render(into: &grid, area: area)
    }

    // MARK: - Lines

    static func emptyLines(_ account: String) -> [DetailLine] {
        [.text("No migration from Manage APIs has run in \(account) yet.", indent: 0),
         .blank,
         .text("An Admin of the account runs it from the command line:", indent: 0),
         .text("idm migrate legacy FILE --as LOGIN [--dry-run] [--expire YYYY-MM-DD]", .bold),
         .blank,
         .text("The README describes the export format; samples/legacy-manage-apis.json is an example.", .dim, indent: 0)]
    }

    static func wrapped(_ text: String, _ style: Style = .normal, indent: Int) -> [DetailLine] {
        Wrap.lines(text, width: wrapWidth - indent + 2).map { .text($0, style, indent: indent) }
    }

    static func lines(_ r: MigrationReport) -> ([DetailLine], [Int]) {
        var lines: [DetailLine] = []
        var sections: [Int] = []
        let accent = Style.bold.foreground(.accent)
        lines.append(.field("Export", "\(r.source), of \(Formats.day(r.exportedAt))"))
        lines.append(.field("Run", r.runID.map { "#\($0) by \(r.actor) on \(Formats.timestamp(r.time))" } ?? "not stored"))
        lines.append(.field("Result", "\(r.migrated.count) migrated, \(r.userRecords.count) user records"))
        lines.append(.field("", "\(r.notMigrated.count) not migrated, \(r.alreadyMigrated.count) already migrated"))
        let nonConforming = r.nonConformingClients.count
        if nonConforming > 0 {
            lines.append(.blank)
            lines += wrapped("\(nonConforming) client\(nonConforming == 1 ? " was" : "s were") not migrated: \(nonConforming == 1 ? "it" : "they") " +
                             "cannot be retrieved, and stop\(nonConforming == 1 ? "s" : "") working on the expiry date. " + MigrationReport.advice,
                             .bold, indent: 2)
        }

        func heading(_ title: String, _ count: Int) {
            lines.append(.blank)
            sections.append(lines.count)
            var line = DetailLine([("\(title) (\(count))", accent, nil)])
            line.isHeading = true
            lines.append(line)
        }

        heading("Migrated", r.migrated.count)
        if r.migrated.isEmpty { lines.append(.text("none", .dim)) }
        for line in r.migrated {
            lines.append(.columns([(line.legacyID, 2), (line.client ?? line.name, 13), ("owner " + line.owner, 36),
                                   (line.creator.map { "creator " + $0 } ?? "", 50)]))
        }
        if !r.migrated.isEmpty { lines += wrapped(MigrationReport.credentialNote, .dim, indent: 2) }

        heading("User records", r.userRecords.count)
        if r.userRecords.isEmpty { lines.append(.text("none", .dim)) }
        for line in r.userRecords {
            lines.append(.columns([(line.legacyID, 2), (line.client ?? line.name, 13), ("read-only, type User", 36)]))
        }

        heading("Not migrated", r.notMigrated.count)
        if r.notMigrated.isEmpty { lines.append(.text("none", .dim)) }
        for line in r.notMigrated {
            let expiry = line.expiresAt.map { "expires " + Formats.day($0) } ?? "no record made"
            lines.append(.columns([(line.legacyID, 2), (line.name, 13), ("owner " + line.owner, 36), (expiry, 50)]))
            for reason in line.reasons { lines += wrapped(reason, .dim, indent: 6) }
        }
        if !r.nonConformingClients.isEmpty {
            lines += wrapped(MigrationReport.advice + " (API Clients tab: n, New API Client for Me.)", .bold, indent: 2)
        }

        heading("Already migrated", r.alreadyMigrated.count)
        if r.alreadyMigrated.isEmpty { lines.append(.text("none", .dim)) }
        for line in r.alreadyMigrated {
            lines.append(.columns([(line.legacyID, 2), (line.name, 13), (line.client.map { "→ " + $0 } ?? "(deleted since)", 36)]))
        }
        return (lines, sections)
    }
}
