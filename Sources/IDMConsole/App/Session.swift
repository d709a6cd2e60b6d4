import Foundation
import IDMDomain
import IDMStore

/// Who is at the keyboard, on which database, looking at which account. Its facts are
/// reloaded after every change made from this console, so your own rights follow at once.
public final class Session {
    public let store: Store
    public let reader: DirectoryReader
    /// Every change goes through here (the same service as the command line).
    public let service: DirectoryService
    public let login: String
    /// Where this console's acts come from: the operating-system user acting as `login` without
    /// being bound to it (README, "Who may say --as"), the SSH client and key; every change made
    /// from this console records it.
    public let origin: Origin
    public var osUser: String? { origin.osUser }
    /// The clock the screens use for "expires in N days" (fixed in tests).
    public let now: @Sendable () -> Date
    public private(set) var facts: SessionFacts
    private var accountID: AccountID?

    /// Drafts, the consoles open now and secrets on screen (nil: none kept, as in most tests).
    public let state: StateStore?
    /// Close after this long without a key (nil: never).
    public let idleTimeout: TimeInterval?

    public convenience init(store: Store, login: String, accountID: AccountID? = nil, osUser: String? = nil,
                            now: @escaping @Sendable () -> Date = { Date() }, entropy: Entropy = SystemEntropy(),
                            state: StateStore? = nil, idleTimeout: TimeInterval? = nil) throws {
        try self.init(store: store, login: login, accountID: accountID, origin: Origin(osUser: osUser), now: now, entropy: entropy,
                      state: state, idleTimeout: idleTimeout)
    }

    public init(store: Store, login: String, accountID: AccountID? = nil, origin: Origin,
                now: @escaping @Sendable () -> Date = { Date() }, entropy: Entropy = SystemEntropy(),
                state: StateStore? = nil, idleTimeout: TimeInterval? = nil) throws {
        self.store = store
        self.state = state
        self.idleTimeout = idleTimeout
        self.reader = DirectoryReader(store: store)
        self.login = login
        self.origin = origin
        self.now = now
        self.accountID = accountID
        self.service = DirectoryService(store: store, clock: now, entropy: entropy)
        facts = try reader.session(ActorRef(login: login, accountID: accountID, origin: origin))
        watch = try? ChangeWatch(store: store)
    }

    /// Sees commits made by other consoles and commands (nil if the watch could not open).
    let watch: ChangeWatch?

    public var context: ActorContext { facts.context }
    public var account: Account { facts.context.account }

    /// The acting user as the service knows them, in the account on screen.
    public var actor: ActorRef { ActorRef(login: login, accountID: facts.context.account.id, origin: origin) }

    /// Reads the session's facts again: after a change, your roles may be different.
    public func reload() throws {
        facts = try reader.session(actor)
    }

    public func switchAccount(to id: AccountID) throws {
        facts = try reader.session(ActorRef(login: login, accountID: id, origin: origin))
        accountID = id
    }

    var io: ConsoleIO {
        ConsoleIO(reader: reader, service: service, actor: actor, context: facts.context, home: home)
    }

    /// Where `.edgerc` files go. Read once: `NSHomeDirectory()` reads /etc/passwd each time,
    /// and every read of the console (each move's decisions) is handed an `io`.
    private lazy var home = NSHomeDirectory()
}
