/// Who is acting, and in which account. A reseller's user may browse a managed account; there
/// they hold no roles of their own, and they may not create API clients [FAQ].
public struct ActorContext: Sendable {
    public let user: User
    public let homeAccount: Account
    /// The account being looked at and changed.
    public let account: Account
    /// The actor's access in `account` (none when browsing a managed account).
    public let access: UserAccess
    /// The group tree of `account`: where permissions are held (rule 12), and the paths that
    /// reasons name.
    public let tree: GroupTree
    /// Where the act comes from: the operating-system user who acts as `user` without being
    /// bound to them (the owner of the database file, README "Who may say --as"), and the SSH
    /// client and key; audit events record it.
    public let origin: Origin
    public var osUser: String? { origin.osUser }

    public init(user: User, homeAccount: Account, account: Account, access: UserAccess, tree: GroupTree = GroupTree([]),
                origin: Origin = Origin()) {
        self.user = user
        self.homeAccount = homeAccount
        self.account = account
        self.access = access
        self.tree = tree
        self.origin = origin
    }

    public var isBrowsingManagedAccount: Bool { account.id != homeAccount.id }
    public var login: String { user.login }
}
