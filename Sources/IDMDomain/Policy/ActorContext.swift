/// Who is acting, and in which account. A reseller's user may browse a managed account; there
/// they hold no roles of their own, and they may not create API clients [FAQ].
public struct ActorContext: Sendable {
    public let user: User
    public let homeAccount: Account
    /// The account being looked at and changed.
    public let account: Account
    /// The actor's access in `account` (none when browsing a managed account).
    public let access: UserAccess

    public init(user: User, homeAccount: Account, account: Account, access: UserAccess) {
        self.user = user
        self.homeAccount = homeAccount
        self.account = account
        self.access = access
    }

    public var isBrowsingManagedAccount: Bool { account.id != homeAccount.id }
    public var login: String { user.login }
}
