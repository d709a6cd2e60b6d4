import IDMDomain
import IDMStore

/// Previews in words: what a change would cut, shown before anything is saved.
enum Describe {
    /// "1 group and papi": what a client loses under a new owner.
    static func loss(_ p: TransferPreview) -> String {
        var parts: [String] = []
        if !p.lostGroups.isEmpty { parts.append(Plural.count(p.lostGroups.count, "group")) }
        parts += p.lostAPIs
        parts += p.loweredAPIs.map { "\($0.0) write access" }
        return parts.joined(separator: ", ")
    }

    /// "purge-pipeline loses 3 groups, loses papi."
    static func impacts(_ impacts: [ClientImpact], owner: String) -> String {
        "\(owner) owns API clients that are cut down to their new access: " + impacts.map { impact in
            let p = impact.preview
            var parts: [String] = []
            if !p.lostGroups.isEmpty { parts.append("loses " + Plural.count(p.lostGroups.count, "group")) }
            if !p.lostAPIs.isEmpty { parts.append("loses " + p.lostAPIs.joined(separator: ", ")) }
            if !p.loweredAPIs.isEmpty { parts.append("lowers " + p.loweredAPIs.map(\.0).joined(separator: ", ")) }
            return "\(impact.name) " + parts.joined(separator: ", ")
        }.joined(separator: "; ") + "."
    }

    static func move(_ preview: GroupMovePreview, tree: GroupTree) -> String {
        if preview.changesNothing { return "No one gains or loses access, and no API client changes." }
        var lines: [String] = []
        for change in preview.users {
            var parts: [String] = []
            if !change.gained.isEmpty { parts.append("gains " + change.gained.map { tree[$0]?.name ?? "#\($0)" }.joined(separator: ", ")) }
            if !change.lost.isEmpty { parts.append("loses " + change.lost.map { tree[$0]?.name ?? "#\($0)" }.joined(separator: ", ")) }
            if !change.changedRole.isEmpty { parts.append("changes role on " + Plural.count(change.changedRole.count, "group")) }
            lines.append("\(change.login) " + parts.joined(separator: "; "))
        }
        if !preview.clients.isEmpty {
            lines.append("API clients cut down to their owner's access: " + preview.clients.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: ". ") + "."
    }

    static func roleEdit(_ impact: RoleChangeImpact) -> String {
        var text = "Reaches \(Plural.count(impact.userCount, "user")) and \(Plural.count(impact.clientCount, "API client"))."
        if !impact.added.isEmpty { text += " Adds " + impact.added.map(\.rawValue).joined(separator: ", ") + "." }
        if !impact.removed.isEmpty { text += " Removes " + impact.removed.map(\.rawValue).joined(separator: ", ") + "." }
        if !impact.clients.isEmpty { text += " Clients cut down: " + impact.clients.map(\.name).joined(separator: ", ") + "." }
        return text
    }

    /// What the client would lose under a new owner.
    static func transfer(_ preview: TransferPreview, to login: String, tree: GroupTree, services: [ServiceID: APIService]) -> String {
        let manage = preview.ownerCannotManage
            ? " \(login) could generate its credentials but not manage it (no Manage API Clients permission on its groups)." : ""
        if preview.losesNothing { return "\(login) can hold all of its access: nothing is lost.\(manage)" }
        var losses: [String] = []
        if !preview.lostGroups.isEmpty { losses.append("the group" + (preview.lostGroups.count == 1 ? " " : "s ") + preview.lostGroups.map { tree.path(of: $0) }.joined(separator: ", ")) }
        if !preview.lostAPIs.isEmpty {
            losses.append("access to " + preview.lostAPIs.map { services[$0]?.name ?? $0 }.joined(separator: ", "))
        }
        for lowered in preview.loweredAPIs {
            losses.append("\(services[lowered.0]?.name ?? lowered.0) drops from \(lowered.from.rawValue) to \(lowered.to.rawValue)")
        }
        return "Under \(login) the client would lose " + losses.joined(separator: "; ") + ". A client never has more access than its owner." + manage
    }
}
