import Foundation
import GRDB
import IDMDomain
import IDMStore
import IDMTerminal

/// Reads one entity and lays it out as detail lines. Only ever for the one row opened.
enum DetailBuilder {
    static func build(_ list: DirectoryList, id: Int64, session: Session) throws -> DetailState? {
        try session.read { db in
            switch list {
            case .users: return try user(db, id, session)
            case .clients: return try client(db, id, session)
            case .groups: return try group(db, id, session)
            case .roles: return try role(db, id, session)
            }
        }
    }

    static func user(_ db: Database, _ id: Int64, _ session: Session) throws -> DetailState? {
        guard let user = try Q.user(db, id: id) else { return nil }
        let tree = try Q.tree(db, account: user.accountID)
        let access = try Q.access(db, of: user)
        var lines: [DetailLine] = [
            .heading("Profile"),
            .field("Login", user.login),
            .field("Name", user.fullName),
            .field("Email", user.email),
            .field("Job title", user.jobTitle),
            .field("Phone", user.phone),
            .field("Time zone", user.timeZone),
            .field("Status", user.locked ? "locked" : "active", user.locked ? .bold.foreground(.red) : .normal),
            .blank,
            .heading("Access (\(access.byGroup.count) groups)"),
            .columns([("Group", 2), ("Role", 34), ("How", 56)], .dim),
        ]
        let ordered = tree.contractIDs.flatMap { c in tree.rootGroups(of: c).flatMap { tree.subtree(of: $0) } }
        for groupID in ordered {
            guard let entry = access.byGroup[groupID] else { continue }
            let depth = tree.lineage(of: groupID).count - 1
            let how = entry.isInherited ? "inherited from \(tree[entry.grantedOn]?.name ?? "?")" : "direct"
            lines.append(.columns([(String(repeating: "  ", count: depth) + (tree[groupID]?.name ?? "?"), 2), (entry.role.name, 34), (how, 56)],
                                  entry.isInherited ? .dim : .normal))
        }
        if !user.blockedGroups.isEmpty {
            lines.append(.text("Blocked: " + user.blockedGroups.sorted().map { tree.path(of: $0) }.joined(separator: "; "), .dim))
        }
        let owned = try Q.clients(db, ownedBy: id)
        let created = try Row.fetchAll(db, sql: "SELECT name FROM api_client WHERE creator_id = ? ORDER BY name", arguments: [id]).map { $0["name"] as String }
        lines += [.blank, .heading("API clients owned (\(owned.count))")]
        lines += owned.isEmpty ? [.text("none", .dim)] : owned.map { .text($0.name + ($0.locked ? "  (locked)" : ""), $0.locked ? .dim : .normal) }
        lines += [.blank, .heading("API clients created (\(created.count))")]
        lines += created.isEmpty ? [.text("none", .dim)] : created.map { .text($0) }
        return DetailState(title: user.fullName, subtitle: "user \(user.login)", lines: lines)
    }

    static func client(_ db: Database, _ id: Int64, _ session: Session) throws -> DetailState? {
        guard let client = try Q.client(db, id: id) else { return nil }
        let tree = try Q.tree(db, account: client.accountID)
        let services = Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) })
        let owner = try Q.user(db, id: client.ownerID)
        let creator = try Q.user(db, id: client.creatorID)
        var lines: [DetailLine] = [
            .heading("Client"),
            .field("Client id", client.clientKey),
            .field("Type", client.kind.rawValue),
            .field("Owner", owner.map { "\($0.login) (\($0.fullName))" } ?? "?"),
            .field("Creator", creator.map { "\($0.login) (\($0.fullName))" } ?? "?"),
            .field("Locked", client.locked ? "yes: no one can use or edit it until an admin unlocks it" : "no",
                   client.locked ? .bold.foreground(.red) : .normal),
            .field("Description", client.description),
            .blank,
            .heading("API access (\(client.apis.count))"),
        ]
        lines += client.apis.isEmpty ? [.text("none", .dim)] : client.apis.map { grant in
            let service = services[grant.serviceID]
            let scope = service?.scope == .singleContract ? "single-contract" : ""
            return .columns([("\(service?.name ?? grant.serviceID) (\(grant.serviceID))", 2), (grant.level.rawValue, 42), (scope, 56)])
        }
        lines += [.blank, .heading("Groups (\(client.groupIDs.count))")]
        if client.hasNoAccess {
            // Rule 17: shrunk to nothing when its owner lost access; it stays, authorizing nothing.
            lines.append(.text("no access: its owner lost access to every group it had; its credentials authorize nothing", .bold.foreground(.yellow)))
        }
        lines += client.groupIDs.sorted { tree.path(of: $0) < tree.path(of: $1) }.map { g in
            .columns([(tree.path(of: g), 2), (tree[g]?.contractID ?? "", 56)])
        }
        lines += [.blank, .heading("IP allowlist")]
        lines += client.ipAllowlist.isEmpty ? [.text("any address", .dim)] : client.ipAllowlist.map { .text($0) }
        lines += [.blank, .heading("Notification emails")]
        lines += client.notificationEmails.isEmpty ? [.text("none", .dim)] : client.notificationEmails.map { .text($0) }
        let credentials = try Q.credentials(db, client: id)
        lines += [.blank, .heading("Credentials (\(credentials.count) of at most \(Credential.maximumPerClient))")]
        if credentials.isEmpty {
            lines.append(.text("none", .dim))
        } else {
            lines.append(.columns([("Client token", 2), ("Secret", 22), ("Status", 31), ("Expires", 41), ("Description", 62)], .dim))
            let now = session.now()
            for c in credentials {
                let days = Int((c.expiresAt.timeIntervalSince(now) / 86_400).rounded(.up))
                let when = Formats.day(c.expiresAt) + (days < 0 ? " (expired)" : days <= 30 ? " (in \(days) d)" : "")
                let style: Style = c.status == .active ? (days <= 30 ? .normal.foreground(.yellow) : .normal) : .dim
                lines.append(.columns([(c.tokenPrefix + "…", 2), ("…" + c.secretLast4, 22), (c.status.rawValue, 31), (when, 41), (c.description, 62)], style))
            }
        }
        return DetailState(title: client.name, subtitle: "\(client.kind == .api ? "API client" : "User record") · owner \(owner?.login ?? "?")",
                           lines: lines)
    }

    static func group(_ db: Database, _ id: Int64, _ session: Session) throws -> DetailState? {
        guard let group = try Q.group(db, id: id) else { return nil }
        let tree = try Q.tree(db, account: group.accountID)
        let contract = try Q.contracts(db, account: group.accountID).first { $0.id == group.contractID }
        var lines: [DetailLine] = [
            .heading("Group"),
            .field("Path", tree.path(of: id)),
            .field("Contract", "\(group.contractID)" + (contract.map { " (\($0.name))" } ?? "")),
            .blank,
            .heading("Tree of \(group.contractID)"),
        ]
        for root in tree.rootGroups(of: group.contractID) {
            for g in tree.subtree(of: root) {
                let depth = tree.lineage(of: g).count - 1
                let mine = g == id
                lines.append(.text(String(repeating: "  ", count: depth) + (mine ? "▸ " : "  ") + (tree[g]?.name ?? "?"), mine ? .bold : .normal))
            }
        }
        // Grants on this group or above it reach it (inheritance), unless blocked.
        let lineage = tree.lineage(of: id)
        let grants = try Row.fetchAll(db, sql: """
            SELECT u.login, r.name AS role, g.group_id FROM user_grant g JOIN user u ON u.id = g.user_id JOIN role r ON r.id = g.role_id
            WHERE g.group_id IN (\(lineage.map(String.init).joined(separator: ","))) ORDER BY u.login
            """)
        lines += [.blank, .heading("Users and roles (\(grants.count))")]
        lines += grants.isEmpty ? [.text("none", .dim)] : grants.map { row in
            let on: Int64 = row["group_id"]
            return .columns([(row["login"], 2), (row["role"], 22), (on == id ? "direct" : "inherited from \(tree[on]?.name ?? "?")", 46)],
                            on == id ? .normal : .dim)
        }
        let clients = try Row.fetchAll(db, sql: """
            SELECT c.name, o.login FROM client_group cg JOIN api_client c ON c.id = cg.client_id JOIN user o ON o.id = c.owner_id
            WHERE cg.group_id = ? ORDER BY c.name
            """, arguments: [id])
        lines += [.blank, .heading("API clients with access (\(clients.count))")]
        lines += clients.isEmpty ? [.text("none", .dim)] : clients.map { .columns([($0["name"], 2), ("owner " + ($0["login"] as String), 30)]) }
        return DetailState(title: group.name, subtitle: "group in \(group.contractID)", lines: lines)
    }

    static func role(_ db: Database, _ id: Int64, _ session: Session) throws -> DetailState? {
        guard let role = try Q.roles(db, account: session.account.id).first(where: { $0.id == id }) else { return nil }
        let tree = try Q.tree(db, account: role.accountID)
        let products = try Q.products(db)
        var lines: [DetailLine] = [
            .heading("Role"),
            .field("Name", role.name),
            .field("Type", role.isStandard ? "standard (read-only)" : "custom"),
            .field("Description", role.description),
            .blank,
            .heading("Permissions (\(role.permissions.count))"),
        ]
        for p in role.permissions.sorted() {
            var label = p.label
            let parts = p.rawValue.split(separator: ".")
            if parts.count == 3, parts[0] == "product" {
                label = "\(products[String(parts[1])]?.name ?? String(parts[1])): \(parts[2] == "write" ? "read-write" : "read")"
            }
            lines.append(.columns([(label, 2), (p.rawValue, 42)]))
        }
        let holders = try Row.fetchAll(db, sql: """
            SELECT u.login, g.group_id FROM user_grant g JOIN user u ON u.id = g.user_id WHERE g.role_id = ? ORDER BY u.login, g.group_id
            """, arguments: [id])
        lines += [.blank, .heading("Held by (\(Set(holders.map { $0["login"] as String }).count) users)")]
        lines += holders.isEmpty ? [.text("no one", .dim)] : holders.map { .columns([($0["login"], 2), ("on " + tree.path(of: $0["group_id"]), 22)]) }
        return DetailState(title: role.name, subtitle: role.isStandard ? "standard role" : "custom role", lines: lines)
    }
}
