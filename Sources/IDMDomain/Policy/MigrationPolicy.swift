extension Policy {
    /// Migrating legacy API clients from Manage APIs [FAQ]: it creates clients for other users
    /// and records every legacy user, so only an Admin of the whole account (Admin on every
    /// contract's root group) may run it, a dry run too: its report names every client and owner.
    /// A reseller browsing a managed account may not.
    public static func migrateLegacy(_ actor: ActorContext) -> Decision {
        .first(
            notBrowsingAsReseller(actor, "migrate legacy API clients"),
            notLockedActor(actor),
            adminOfWholeAccount(actor, "Only an Admin of \(actor.account.name) can migrate legacy API clients from Manage APIs.")
        )
    }
}
