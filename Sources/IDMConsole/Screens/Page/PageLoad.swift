import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// A user's, group's or role's page as read (one effect), and its lines as laid out from what
/// was read and the session's group tree: laying out reads nothing.
struct PageLoad {
    enum Data {
        case user(UserPage), group(GroupPage), role(RolePage), missing
    }
    typealias Action = DetailPageScreen.Action

    let data: Data
    let decisions: [Action: Decision]

    static func load(_ target: DetailPageScreen.Target, _ io: ConsoleIO) throws -> PageLoad {
        let ctx = io.context
        switch target {
        case .user(let id):
            guard let page = try io.reader.userPage(ctx, id) else { return PageLoad(data: .missing, decisions: [:]) }
            let questions: [(Action, Question)] = [(.edit, .editUser(id)), (.lockToggle, page.user.locked ? .unlockUser(id) : .lockUser(id)),
                                                   (.block, .editUserAccess(id, grants: nil, blocked: nil)), (.delete, .deleteUser(id, transferTo: nil)),
                                                   (.addSSHKey, .manageSSHKeys(id))]
            return PageLoad(data: .user(page), decisions: try decide(questions, io))
        case .group(let id):
            guard let page = try io.reader.groupPage(ctx, id) else { return PageLoad(data: .missing, decisions: [:]) }
            let questions: [(Action, Question)] = [(.edit, .renameGroup(id)), (.createSubgroup, .createGroup(parent: id)),
                                                   (.moveGroup, .moveGroup(id, to: nil)), (.delete, .deleteGroup(id))]
            return PageLoad(data: .group(page), decisions: try decide(questions, io))
        case .role(let id):
            guard let page = try io.reader.rolePage(ctx, id) else { return PageLoad(data: .missing, decisions: [:]) }
            let questions: [(Action, Question)] = [(.edit, .editRole(id, permissions: nil)), (.delete, .deleteRole(id))]
            return PageLoad(data: .role(page), decisions: try decide(questions, io))
        }
    }

    private static func decide(_ questions: [(Action, Question)], _ io: ConsoleIO) throws -> [Action: Decision] {
        let answers = try io.reader.decisions(io.context, questions.map(\.1))
        return Dictionary(uniqueKeysWithValues: zip(questions.map(\.0), answers))
    }

    var exists: Bool { if case .missing = data { return false } else { return true } }

    var name: String {
        switch data {
        case .user(let p): return p.user.login
        case .group(let p): return p.group.name
        case .role(let p): return p.role.name
        case .missing: return ""
        }
    }

    var locked: Bool { if case .user(let p) = data { return p.user.locked } else { return false } }

    var title: String {
        switch data {
        case .user(let p): return p.user.fullName
        case .group(let p): return p.group.name
        case .role(let p): return p.role.name
        case .missing: return ""
        }
    }

    var subtitle: String {
        switch data {
        case .user(let p): return "user \(p.user.login)"
        case .group(let p): return "group in \(p.group.contractID)"
        case .role(let p): return p.role.isStandard ? "standard role" : "custom role"
        case .missing: return ""
        }
    }

    func lines(_ env: Env) -> [DetailLine] {
        switch data {
        case .user(let p): return Self.user(p, env.tree)
        case .group(let p): return Self.group(p, env.tree)
        case .role(let p): return Self.role(p, env.tree)
        case .missing: return []
        }
    }

    static func user(_ p: UserPage, _ tree: GroupTree) -> [DetailLine] {
        let user = p.user
        let access = p.access
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
            .heading("Access (\(Plural.count(access.byGroup.count, "group")))"),
            .columns([("Group", 2), ("Role", 32), ("Granted", 54)], .dim),
        ]
        let ordered = tree.contractIDs.flatMap { c in tree.rootGroups(of: c).flatMap { tree.subtree(of: $0) } }
        for groupID in ordered {
            guard let entry = access.byGroup[groupID] else { continue }
            let depth = tree.lineage(of: groupID).count - 1
            // "from X": inherited from the group it was granted on (short enough for 80 columns).
            let how = entry.isInherited ? "from \(tree[entry.grantedOn]?.name ?? "?")" : "here"
            lines.append(.columns([(String(repeating: "  ", count: depth) + (tree[groupID]?.name ?? "?"), 2), (entry.role.name, 32), (how, 54)],
                                  entry.isInherited ? .dim : .normal, link: .group(groupID)))
        }
        if !user.blockedGroups.isEmpty {
            lines.append(.text("Blocked: " + user.blockedGroups.sorted().map { tree.path(of: $0) }.joined(separator: "; "), .dim))
        }
        let roles = Dictionary(access.byGroup.values.map { ($0.role.id, $0.role) }, uniquingKeysWith: { a, _ in a }).values.sorted { $0.name < $1.name }
        lines += [.blank, .heading("Roles (\(roles.count))")]
        lines += roles.isEmpty ? [.text("none", .dim)] : roles.map { .text($0.name, link: .role($0.id)) }
        lines += [.blank, .heading("API clients owned (\(p.owned.count))")]
        lines += p.owned.isEmpty ? [.text("none", .dim)] : p.owned.map {
            .text($0.name + ($0.locked ? "  (locked)" : ""), $0.locked ? .dim : .normal, link: .client($0.id))
        }
        lines += [.blank, .heading("API clients created (\(p.created.count))")]
        lines += p.created.isEmpty ? [.text("none", .dim)] : p.created.map { .text($0.name, link: .client($0.id)) }
        lines += [.blank, .heading("SSH keys (\(p.sshKeys.count))")]
        lines += p.sshKeys.isEmpty ? [.text("none: K adds one, for the console over SSH", .dim)] : p.sshKeys.map(sshKeyLine)
        return lines
    }

    /// "ed25519   alice@laptop         SHA256:6AccMvbAFN+5yrfk6lE9…   used 2026-12-02"
    static func sshKeyLine(_ key: SSHKey) -> DetailLine {
        let type = SSHPublicKey.KeyType(rawValue: key.type)?.shortName ?? key.type
        func cut(_ text: String, _ width: Int) -> String { text.count > width ? String(text.prefix(width - 1)) + "…" : text }
        let used = key.lastUsedAt.map { "used " + String(Formats.timestamp($0).prefix(10)) } ?? "never used"
        var line = DetailLine.columns([(type, 2), (cut(key.comment.isEmpty ? "-" : key.comment, 20), 16), (cut(key.fingerprint, 30), 37), (used, 68)])
        line.sshKey = key.fingerprint
        return line
    }

    static func group(_ p: GroupPage, _ tree: GroupTree) -> [DetailLine] {
        let group = p.group
        let id = group.id
        var lines: [DetailLine] = [
            .heading("Group"),
            .field("Path", tree.path(of: id)),
            .field("Contract", "\(group.contractID)" + (p.contract.map { " (\($0.name))" } ?? "")),
        ]
        if let parent = group.parentID { lines.append(.field("Parent", tree[parent]?.name ?? "?", link: .group(parent))) }
        lines += [.blank, .heading("Tree of \(group.contractID)")]
        for root in tree.rootGroups(of: group.contractID) {
            for g in tree.subtree(of: root) {
                let depth = tree.lineage(of: g).count - 1
                let mine = g == id
                lines.append(.text(String(repeating: "  ", count: depth) + (mine ? "▸ " : "  ") + (tree[g]?.name ?? "?"), mine ? .bold : .normal,
                                   link: mine ? nil : .group(g)))
            }
        }
        lines += [.blank, .heading("Users and roles (\(p.holders.count))")]
        lines += p.holders.isEmpty ? [.text("none", .dim)] : p.holders.map { h in
            .columns([(h.login, 2), (h.role, 22), (h.groupID == id ? "direct" : "inherited from \(tree[h.groupID]?.name ?? "?")", 46)],
                     h.groupID == id ? .normal : .dim, link: .user(h.userID))
        }
        lines += [.blank, .heading("API clients with access (\(p.clients.count))")]
        lines += p.clients.isEmpty ? [.text("none", .dim)] : p.clients.map { .columns([($0.name, 2), ("owner " + $0.owner, 30)], link: .client($0.id)) }
        return lines
    }

    static func role(_ p: RolePage, _ tree: GroupTree) -> [DetailLine] {
        let role = p.role
        var lines: [DetailLine] = [
            .heading("Role"),
            .field("Name", role.name),
            .field("Type", role.isStandard ? "standard (read-only)" : "custom"),
            .field("Description", role.description),
            .blank,
            .heading("Permissions (\(role.permissions.count))"),
        ]
        for permission in role.permissions.sorted() {
            var label = permission.label
            let parts = permission.rawValue.split(separator: ".")
            if parts.count == 3, parts[0] == "product" {
                label = "\(p.products[String(parts[1])]?.name ?? String(parts[1])): \(parts[2] == "write" ? "read-write" : "read")"
            }
            lines.append(.columns([(label, 2), (permission.rawValue, 42)]))
        }
        let users = Set(p.holders.map(\.userID)).count
        lines += [.blank, .heading("Held by \(Plural.count(users, "user"))")]
        lines += p.holders.isEmpty ? [.text("no one", .dim)] : p.holders.map {
            .columns([($0.login, 2), ("on " + tree.path(of: $0.groupID), 22)], link: .user($0.userID))
        }
        return lines
    }
}
