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
struct MigrationReportScreen {
    enum Outcome: Equatable { case stay, close }

    /// Nil before the first run in the account.
    let report: MigrationReport?
    private(set) var detail: DetailState
    /// The line of each section heading, for `Tab` / `Shift-Tab`.
    let sectionLines: [Int]

    /// Reasons and notes wrap at this width: the body of an 80-column screen.
    static let wrapWidth = 70

    init(session: Session) throws {
        let report = try session.read { db in try Q.migrationReport(db, account: session.account.id) }
        self.init(report: report, account: session.account.name)
    }

    init(report: MigrationReport?, account: String) {
        self.report = report
        let (lines, sections) = report.map(Self.lines) ?? (Self.emptyLines(account), [])
        let subtitle = report.map { "Manage APIs → \($0.account)" } ?? "Manage APIs → \(account)"
        detail = DetailState(title: "Migration report", subtitle: subtitle, lines: lines)
        sectionLines = sections
    }

    // MARK: - Keys

    /// `height` is the height of the area the screen renders into.
    mutating func handle(_ key: KeyEvent, height: Int) -> Outcome {
        let visible = max(1, height - 2)
        switch key {
        case .escape, .character("q"), .character("h"), .left: return .close
        case .up, .character("k"): detail.scroll(by: -1, height: visible)
        case .down, .character("j"): detail.scroll(by: 1, height: visible)
        case .pageUp, .ctrl("b"): detail.scroll(by: -visible, height: visible)
        case .pageDown, .ctrl("f"), .character(" "): detail.scroll(by: visible, height: visible)
        case .home, .character("g"): detail.scroll(by: -detail.lines.count, height: visible)
        case .end, .character("G"): detail.scroll(by: detail.lines.count, height: visible)
        case .wheelUp: detail.scroll(by: -3, height: visible)
        case .wheelDown: detail.scroll(by: 3, height: visible)
        case .tab:
            if let next = sectionLines.first(where: { $0 > detail.scroll }) { detail.scroll(by: next - detail.scroll, height: visible) }
        case .backTab:
            if let previous = sectionLines.last(where: { $0 < detail.scroll }) { detail.scroll(by: previous - detail.scroll, height: visible) }
            else { detail.scroll(by: -detail.scroll, height: visible) }
        default: break
        }
        return .stay
    }

    var hints: [HintBar.Item] {
        [HintBar.Item(key: "↑/↓", label: "Scroll", enabled: true, action: .down),
         HintBar.Item(key: "Tab", label: "Next section", enabled: !sectionLines.isEmpty, action: .nextTab),
         HintBar.Item(key: "PgDn", label: "Page", enabled: true, action: .pageDown),
         HintBar.Item(key: "Esc", label: "Back", enabled: true, action: .back, essential: true)]
    }

    // MARK: - Render

    func render(into grid: inout Grid, area: Rect) {
        detail.render(into: &grid, area: area)
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
            lines.append(DetailLine([("\(title) (\(count))", accent, nil)]))
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
