/// Rule 13, after Kubernetes RBAC's escalation check: nobody hands out, through a user's
/// grants, an unblock, a new user or an unlock, a permission they do not hold themselves on the
/// groups concerned. The groups concerned are exactly those where the target's effective role
/// changes, so a grant on a parent group is checked on every subgroup it reaches.
extension Policy {
    /// May the actor change the target's access from `before` to `after`? Rule 12 (Manage Users
    /// on every group whose effective role changes), rule 13 (every permission of a role given
    /// is held there by the actor) and rule 14 (only an Admin there takes Admin away).
    public static func accessChange(_ actor: ActorContext, target: User, before: UserAccess, after: UserAccess) -> Decision {
        let tree = actor.tree
        let change = AccessChange.between(before, after, user: target)
        let touched = change.gained + change.lost + change.changedRole.map(\.groupID)
        guard !touched.isEmpty else { return .allowed }
        if let lacking = firstLacking(.users, actor.access, on: touched, tree) {
            return .denied("You need \(Need.users.label) on \(path(tree, lacking)) to change \(target.login)'s access there.")
        }
        for id in ordered(change.lost + change.changedRole.map(\.groupID), tree) where before.isAdmin(on: id) && !after.isAdmin(on: id) {
            if !actor.access.isAdmin(on: id) {
                return .denied("Only an Admin on \(path(tree, id)) can take the Admin role from \(target.login) there.")
            }
        }
        for id in ordered(change.gained + change.changedRole.map(\.groupID), tree) {
            guard let role = after.access(on: id)?.role else { continue }
            for permission in role.permissions.sorted() where !actor.access.holds(permission, on: id) {
                return .denied("You cannot give \(target.login) \(role.name) on \(path(tree, id)): it carries " +
                               "\(permission.label) (\(permission.rawValue)), which you do not hold there yourself.")
            }
        }
        return .allowed
    }
}
