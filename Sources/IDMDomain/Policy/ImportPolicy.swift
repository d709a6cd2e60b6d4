extension Policy {
    /// Importing an Akamai IAM v3 directory is one administrative act: it creates contracts,
    /// groups, roles, users and clients for other users, so only an Admin of the whole account
    /// (Admin on every contract's root group) may run it, a dry run too (its report names every
    /// user and client). A reseller browsing a managed account may not. What it then creates is
    /// asked of the policy entry by entry, as that Admin (`ImportPlanner`).
    public static func importAkamai(_ actor: ActorContext) -> Decision {
        let roots = actor.tree.contractIDs.flatMap { actor.tree.rootGroups(of: $0) }
        return .first(
            notBrowsingAsReseller(actor, "import an Akamai IAM directory"),
            notLockedActor(actor),
            .require(actor.access.isAdmin(onAll: roots.isEmpty ? Array(actor.access.byGroup.keys) : roots),
                     "Only an Admin of \(actor.account.name) (Admin on every contract's root group) can import an Akamai IAM directory.")
        )
    }
}
