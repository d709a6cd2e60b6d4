import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// The client page's lines, laid out from what the page read and the session's group tree.
enum ClientPageLines {
    static func subtitle(_ f: ClientFacts) -> String {
        "\(f.client.kind == .api ? "API client" : "User record") · owner \(f.owner.login)"
    }

    static func lines(_ p: ClientPage, _ env: Env) -> [DetailLine] {
        let f = p.facts
        let client = f.client
        let tree = env.tree
        var lines: [DetailLine] = [
            .heading("Client"),
            .field("Client id", client.clientKey),
            .field("Type", client.kind.rawValue),
            .field("Owner", "\(f.owner.login) (\(f.owner.fullName))", link: .user(f.owner.id)),
            .field("Creator", "\(f.creator.login) (\(f.creator.fullName))", link: .user(f.creator.id)),
            .field("Locked", client.locked ? "yes: no one can use or edit it until an admin unlocks it" : "no",
                   client.locked ? .bold.foreground(.red) : .normal),
            .field("Description", client.description),
            .blank,
            .heading("API access (\(client.apis.count))"),
        ]
        lines += client.apis.isEmpty ? [.text("none", .dim)] : client.apis.map { grant in
            let service = p.services[grant.serviceID]
            let scope = service?.scope == .singleContract ? "single-contract" : ""
            return .columns([("\(service?.name ?? grant.serviceID) (\(grant.serviceID))", 2), (grant.level.rawValue, 42), (scope, 56)])
        }
        lines += [.blank, .heading("Groups (\(client.groupIDs.count))")]
        if client.hasNoAccess {
            // Rule 17: shrunk to nothing when its owner lost access; it stays, authorizing nothing.
            lines.append(.text("no access: its owner lost access to every group it had; its credentials authorize nothing", .bold.foreground(.yellow)))
        }
        lines += client.groupIDs.sorted { tree.path(of: $0) < tree.path(of: $1) }.map { g in
            .columns([(tree.path(of: g), 2), (tree[g]?.contractID ?? "", 56)], link: .group(g))
        }
        lines += [.blank, .heading("IP allowlist")]
        lines += client.ipAllowlist.isEmpty ? [.text("any address", .dim)] : client.ipAllowlist.map { .text($0) }
        lines += [.blank, .heading("Notification emails")]
        lines += client.notificationEmails.isEmpty ? [.text("none", .dim)] : client.notificationEmails.map { .text($0) }
        lines += [.blank, .heading("Credentials (\(f.credentials.count) of at most \(Credential.maximumPerClient))")]
        if f.credentials.isEmpty {
            lines.append(.text("none", .dim))
        } else {
            lines.append(.columns([("Client token", 2), ("Secret", 22), ("Status", 31), ("Expires", 41), ("Description", 62)], .dim))
            for (i, c) in f.credentials.enumerated() {
                let days = Int((c.expiresAt.timeIntervalSince(env.now) / 86_400).rounded(.up))
                let when = Formats.day(c.expiresAt) + (days < 0 ? " (expired)" : days <= 30 ? " (in \(days) d)" : "")
                let style: Style = c.status == .active ? (days <= 30 ? .normal.foreground(.yellow) : .normal) : .dim
                var line = DetailLine.columns([(c.tokenPrefix + "…", 2), ("…" + c.secretLast4, 22), (c.status.rawValue, 31), (when, 41), (c.description, 62)], style)
                line.credential = i
                lines.append(line)
            }
        }
        return lines
    }
}
