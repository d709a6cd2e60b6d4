extension Policy {
    /// Migrating legacy API clients from Manage APIs [FAQ]: it creates clients for other users
    /// and records every legacy user, so only an Admin of the whole account (Admin on every
    /// contract's root group) may run it, a dry run too: its report names every client and owner.
    /// A reseller browsing a managed account may not.
    public static func migrateLegacy(_ actor: ActorContext) -> Decision {
        let roots = actor.tree.contractIDs.flatMap { actor.tree.rootGroups(of: $0) }
        return .first(
            notBrowsingAsReseller(actor, "migrate legacy API clients"),
            notLockedActor(actor),
            .require(actor.access.isAdmin(onAll: roots.isEmpty ? Array(actor.access.byGroup.keys) : roots),
                     "Only an Admin of \(actor.account.name) can migrate legacy API clients from Manage APIs.")
        )
    }
}
