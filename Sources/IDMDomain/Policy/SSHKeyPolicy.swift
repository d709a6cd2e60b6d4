/// SSH keys (issue 13): a key lets its holder into the console as its user, so adding one to
/// someone's account is acting as them. Yours: you may add and remove them. Anyone else's: Manage
/// Users on every group where they hold a grant (rule 12), and a user holding Admin only by an
/// Admin there (rule 14): otherwise a user manager could give themselves an Admin's session.
extension Policy {
    public static func manageSSHKeys(_ actor: ActorContext, target: User, targetAccess: UserAccess) -> Decision {
        if target.id == actor.user.id && !actor.isBrowsingManagedAccount { return notLockedActor(actor) }
        return .first(
            managedUser(actor, target: target, "to manage \(target.login)'s SSH keys"),
            protectedAdmin(actor, target: target, targetAccess: targetAccess, "change their SSH keys")
        )
    }
}
