extension Policy {
    /// Importing an Akamai IAM v3 directory is one administrative act: it creates contracts,
    /// groups, roles, users and clients for other users, so only an Admin of the whole account
    /// (Admin on every contract's root group) may run it, a dry run too (its report names every
    /// user and client). A reseller browsing a managed account may not. What it then creates is
    /// asked of the policy entry by entry, as that Admin (`ImportPlanner`).
    public static func importAkamai(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "import an Akamai IAM directory"),
            notLockedActor(actor),
            adminOfWholeAccount(actor, "Only an Admin of \(actor.account.name) (Admin on every contract's root group) can import an Akamai IAM directory.")
        )
    }

    /// Exporting the account in v3 shape writes every user, role, group and client with its
    /// credential metadata: an Admin of the whole account, or a reseller's user browsing an
    /// account it manages (who reads everything there).
    public static func exportAkamai(_ actor: ActorContext) -> Decision {
        .first(
            notLockedActor(actor),
            actor.isBrowsingManagedAccount ? .allowed
                : adminOfWholeAccount(actor, "Only an Admin of \(actor.account.name) (Admin on every contract's root group) can export it.")
        )
    }

    /// Admin on every contract's root group of the account (on every group held, for an
    /// account with no contract yet).
    static func adminOfWholeAccount(_ actor: ActorContext, _ reason: @autoclosure () -> String) -> Decision {
        let roots = actor.tree.contractIDs.flatMap { actor.tree.rootGroups(of: $0) }
        return .require(actor.access.isAdmin(onAll: roots.isEmpty ? Array(actor.access.byGroup.keys) : roots), reason())
    }
}
