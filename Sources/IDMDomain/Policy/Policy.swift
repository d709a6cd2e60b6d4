/// Every access rule of the console, once (notes/domain.md rules 1-11). Each function answers
/// allowed, or denied with a reason; the UI shows that reason where it greys something out, and
/// the service asks again before it writes.
public enum Policy {
    static let needsClientPermission =
        "You need the Admin role or a role with IDM Admin or IDM Non-Admin: Manage API Clients."

    /// Rule 2: a reseller's user browsing a managed account may look, not change.
    static func notBrowsingAsReseller(_ actor: ActorContext, _ what: String) -> Decision {
        guard actor.isBrowsingManagedAccount else { return .allowed }
        return .denied("You are browsing \(actor.account.name), an account managed by \(actor.homeAccount.name): " +
            "resellers cannot \(what) under the accounts they manage.")
    }

    static func notLockedActor(_ actor: ActorContext) -> Decision {
        .require(!actor.user.locked, "Your user \(actor.login) is locked.")
    }

    static func sameAccount(_ actor: ActorContext, _ accountID: AccountID, _ name: String) -> Decision {
        .require(accountID == actor.account.id, "\(name) belongs to another account than \(actor.account.name).")
    }
}
