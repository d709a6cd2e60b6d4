/// Rule 12: a decision about a target asks for the permission on the target's groups. These are
/// the few ways of asking it, each with a reason that names the permission and the first group
/// where it is missing (the shallowest, so the person sees the grant that would fix it).
extension Policy {
    /// Who holds what, as the reasons name it.
    enum Need {
        case users, groups, roles, manageClients, clientAdmin, admin

        var permissions: [Permission] {
            switch self {
            case .users: return [.usersAdmin]
            case .groups: return [.groupsAdmin]
            case .roles: return [.rolesAdmin]
            case .manageClients: return [.apiClientsAdmin, .apiClientsUser]
            case .clientAdmin: return [.apiClientsAdmin]
            case .admin: return [.admin]
            }
        }

        var label: String {
            switch self {
            case .users: return "the Admin role or a role with IDM: Manage Users"
            case .groups: return "the Admin role or a role with IDM: Manage Groups"
            case .roles: return "the Admin role or a role with IDM: Manage Roles"
            case .manageClients: return "the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients"
            case .clientAdmin: return "the Admin role or a role with IDM Admin: Manage API Clients"
            case .admin: return "the Admin role"
            }
        }

        func held(by access: UserAccess, on group: GroupID) -> Bool {
            permissions.contains { access.holds($0, on: group) }
        }
    }

    /// Groups ordered as a person reads them: shallowest first, then by path.
    static func ordered(_ groups: some Collection<GroupID>, _ tree: GroupTree) -> [GroupID] {
        groups.sorted { a, b in comesFirst(a, b, tree) }
    }

    /// `ordered(groups, tree).first(where: test)`, without sorting every group: a role granted
    /// on 19,000 groups is checked in one pass, and only the groups that fail it are ordered.
    static func firstInOrder(_ groups: some Collection<GroupID>, _ tree: GroupTree, where test: (GroupID) -> Bool) -> GroupID? {
        groups.filter(test).min { a, b in comesFirst(a, b, tree) }
    }

    /// Shallower first, then by path.
    private static func comesFirst(_ a: GroupID, _ b: GroupID, _ tree: GroupTree) -> Bool {
        let (da, db) = (tree.lineage(of: a).count, tree.lineage(of: b).count)
        return da != db ? da < db : tree.path(of: a) < tree.path(of: b)
    }

    static func path(_ tree: GroupTree, _ id: GroupID) -> String {
        tree[id] == nil ? "group #\(id)" : tree.path(of: id)
    }

    /// The first of `groups` where `need` is not held, or nil when it is held on all of them.
    static func firstLacking(_ need: Need, _ access: UserAccess, on groups: some Collection<GroupID>, _ tree: GroupTree) -> GroupID? {
        firstInOrder(groups, tree) { !need.held(by: access, on: $0) }
    }

    /// Allowed when the actor holds `need` on every one of `groups`; `what` finishes the sentence
    /// ("to lock pat"). With no groups at all, it is enough to hold it somewhere.
    static func require(_ actor: ActorContext, _ need: Need, on groups: some Collection<GroupID>, _ what: String) -> Decision {
        if groups.isEmpty { return requireSomewhere(actor, need, what) }
        guard let lacking = firstLacking(need, actor.access, on: groups, actor.tree) else { return .allowed }
        let held = ordered(actor.access.grantedGroups.filter { need.held(by: actor.access, on: $0) }, actor.tree)
        let whereHeld = held.isEmpty ? "" : " (you hold it on \(held.prefix(2).map { path(actor.tree, $0) }.joined(separator: ", "))\(held.count > 2 ? ", ..." : "") only)"
        return .denied("You need \(need.label) on \(path(actor.tree, lacking)) \(what)\(whereHeld).")
    }

    /// The account-wide question: `need` held on some group.
    static func requireSomewhere(_ actor: ActorContext, _ need: Need, _ what: String) -> Decision {
        .require(need.permissions.contains { actor.access.holdsSomewhere($0) }, "You need \(need.label)\(what.isEmpty ? "" : " " + what).")
    }
}
