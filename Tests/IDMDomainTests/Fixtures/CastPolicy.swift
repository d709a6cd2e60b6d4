@testable import IDMDomain

/// The policy's user and role rules asked with the cast's own facts (the target's access, the
/// Admin roster, who holds a role where), so a test names only the actor and the target.
extension Policy {
    static func editUserProfile(_ actor: ActorContext, target: User) -> Decision {
        editUserProfile(actor, target: target, targetAccess: DemoCast.access(target))
    }

    static func lockUser(_ actor: ActorContext, target: User) -> Decision {
        lockUser(actor, target: target, targetAccess: DemoCast.access(target), roster: DemoCast.roster, logins: DemoCast.logins)
    }

    static func unlockUser(_ actor: ActorContext, target: User) -> Decision {
        unlockUser(actor, target: target, targetAccess: DemoCast.access(target))
    }

    static func deleteUser(_ actor: ActorContext, target: User, ownedClients: [APIClient], createdClients: [APIClient] = []) -> Decision {
        deleteUser(actor, target: target, targetAccess: DemoCast.access(target), ownedClients: ownedClients, createdClients: createdClients,
                   roster: DemoCast.roster, logins: DemoCast.logins)
    }

    static func blockGroup(_ actor: ActorContext, target: User, group: GroupID, tree: GroupTree, roles: [RoleID: Role]) -> Decision {
        blockGroup(actor, target: target, group: group, roles: roles)
    }

    static func unblockGroup(_ actor: ActorContext, target: User, group: GroupID, tree: GroupTree) -> Decision {
        unblockGroup(actor, target: target, group: group, roles: DemoCast.roles)
    }

    /// The groups where the cast holds `role`.
    static func castGrants(of role: Role) -> [(user: UserID, group: GroupID)] {
        DemoCast.users.flatMap { user in user.grants.filter { $0.roleID == role.id }.map { (user: user.id, group: $0.groupID) } }
    }

    static func editRole(_ actor: ActorContext, role: Role) -> Decision {
        editRole(actor, role: role, grantedOn: Set(castGrants(of: role).map(\.group)))
    }

    static func deleteRole(_ actor: ActorContext, role: Role, holders: Int) -> Decision {
        deleteRole(actor, role: role, holders: holders, grantedOn: Set(castGrants(of: role).map(\.group)))
    }
}
