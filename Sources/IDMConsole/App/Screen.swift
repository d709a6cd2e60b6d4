import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// One screen of the console, as a value: lists, pages, wizard steps, and the forms,
/// confirmations and pickers pushed over them. The console keeps them on a stack.
///
/// `update` turns a message into effects and changes only the screen's own state; it never
/// reads or writes: reads and service calls are `.run` effects that the console performs, and
/// whose answers come back as `.reply`. `render` draws from the state alone.
protocol Screen {
    /// This screen's part of the header's crumbs ("purge-pipeline", "Rotate").
    var crumb: String { get }
    /// Drawn over the screen beneath it (forms, confirmations, pickers).
    var isModal: Bool { get }
    /// A text field has the focus: printable keys are typed into it, not taken as commands.
    var isTyping: Bool { get }
    /// Whether `key` is one of this screen's own keys (the console's global keys come after).
    func binds(_ key: KeyEvent) -> Bool
    /// The effects of being pushed: typically the first read of what it shows.
    mutating func start(_ env: Env) -> [Effect]
    mutating func update(_ msg: Msg, _ env: Env) -> [Effect]
    func render(into grid: inout Grid, area: Rect, _ env: Env)
    /// The hint bar's items, enabled ones first.
    func hints(_ env: Env) -> [Hint]
    /// This screen's keys for the `?` overlay, with the reason of each unavailable one.
    func help(_ env: Env) -> [HelpSection]
    /// Ctrl+C while this screen is open asks first, saying what quitting now would lose or
    /// keep; nil: Ctrl+C quits at once.
    var quitWarning: String? { get }
    /// The console has drawn and no key waits: reads that the next key will likely need (the
    /// decisions of the row beside the selection), so that key draws without reading.
    mutating func readAhead(_ env: Env) -> [Effect]
}

extension Screen {
    var isModal: Bool { false }
    var isTyping: Bool { false }
    var quitWarning: String? { nil }
    mutating func start(_ env: Env) -> [Effect] { [] }
    mutating func readAhead(_ env: Env) -> [Effect] { [] }
}

/// What every screen may know while it updates or draws: the frame's size, who is at the
/// keyboard (the session's facts, reloaded after every change), and the clock. No store: a
/// screen cannot read.
struct Env {
    var size: Size
    let session: SessionFacts
    let now: Date
    /// Makes the SQL windows lists show (making one reads nothing; reading is an effect).
    let lists: ListFactory
    /// The other users with a console open in this account now (for the header).
    var othersHere: [String] = []

    var context: ActorContext { session.context }
    var login: String { session.context.user.login }
    var tree: GroupTree { session.context.tree }
    var account: Account { session.context.account }
    /// The rows between the header and the notice line.
    var body: Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 3)) }
}

/// What a screen is told.
enum Msg {
    case key(KeyEvent)
    /// The answer to a `.run` effect this screen asked for.
    case reply(Result<Any, Error>)
    /// The screen this one pushed has closed, with this result.
    case result(ModalResult)
    /// The directory changed (a change made from this console): reload what is shown.
    case refresh
}

/// What a pushed screen hands to the screen beneath when it closes. The screen beneath keeps
/// what it asked for (which form, which question), so the result is only the answer.
enum ModalResult {
    case cancelled
    /// A form or confirmation did what it was for; this is its effect's answer.
    case submitted(Any)
    /// A page pushed on top was left.
    case closed
}

/// What the console does for a screen, outside its update.
enum Effect {
    /// Reads or a service call; what it returns (or throws) comes back as `.reply`.
    case run((ConsoleIO) throws -> Any)
    /// A read whose answer matters only if no newer one of the same name follows from the same
    /// screen (a list's rows for a filter, the selected row's decisions). When keys were typed
    /// ahead, it waits until they are all applied and only the newest of each name runs, so
    /// typing never waits for a stale query.
    case latest(String, (ConsoleIO) throws -> Any)
    case push(any Screen)
    /// Closes the screen that asked, handing the result to the one beneath.
    case pop(ModalResult)
    /// Puts another screen in place of the one that asked (the wizard becomes its credentials).
    case replace(any Screen)
    case notice(Notice)
    /// Text for the admin's own clipboard, sent to their terminal (OSC 52) after this frame.
    case clipboard(String)
    case help
    case quit
    /// A change was saved: the session's own facts are reloaded (your rights may have changed)
    /// and every screen on the stack is told `.refresh`.
    case changed
    case switchAccount(Account)
    /// A draft an earlier session left is thrown away (the state database, not the directory).
    case discardDraft(String)
    /// A secret lost with an earlier session has been told about.
    case forgetSecret(StateStore.SecretOnScreen)
    /// Nothing more to do (e.g. a failure the screen shows itself).
    case handled
}

/// Makes `ListWindow`s for a screen's lists. A window reads only when asked for rows, which
/// screens do in effects.
struct ListFactory {
    fileprivate let store: Store
    init(store: Store) { self.store = store }
    func window(_ spec: ListSpec) -> ListWindow { ListWindow(store: store, spec: spec) }
    func audit(account: AccountID, filter: AuditFilter) -> AuditWindow { AuditWindow(store: store, account: account, filter: filter) }
}

/// What effects may use: the read API and the service, acting as the session's user.
struct ConsoleIO {
    let reader: DirectoryReader
    let service: DirectoryService
    let actor: ActorRef
    let context: ActorContext
    /// Where `~` points, for `.edgerc` files.
    let home: String
    var lists: ListFactory { ListFactory(store: reader.store) }
}

extension Result where Success == Any {
    /// The reply as the type the screen expects; an error is handed back as itself.
    func cast<T>(_ type: T.Type) -> Result<T, Error>? {
        switch self {
        case .success(let value): return (value as? T).map { .success($0) }
        case .failure(let error): return .failure(error)
        }
    }
}
