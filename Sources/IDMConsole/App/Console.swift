import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// The console: a stack of screens, one notice, and the `?` overlay. It hands each key to the
/// screen on top, performs the effects that come back (reads and service calls, pushes and
/// pops) and feeds their answers to the screen that asked. Only `ConsoleLoop` touches the
/// terminal; only this class runs effects.
public final class Console {
    struct Entry {
        let id: Int
        var screen: any Screen
    }

    let session: Session
    var size: Size
    var stack: [Entry] = []
    private var nextID = 0
    var notice: Notice?
    /// The `?` overlay and how far it is scrolled, when open.
    var helpScroll: Int?
    public private(set) var shouldQuit = false
    /// More keys of the same batch follow the one being applied (`handle(_:)`).
    private var typingAhead = false
    /// Reads a later key may supersede, waiting for the batch's end.
    private var latest: [(id: Int, name: String, task: (ConsoleIO) throws -> Any)] = []
    /// Drafts, secrets on screen and who else is here, kept in the state database.
    let state: StateSync?
    /// When the last key came (the idle timeout counts from it).
    private var lastKeyAt: Date
    private var idleWarned = false
    /// Set when your own user was locked or deleted elsewhere: the console is read-only and
    /// closes on the next key or at the deadline.
    private(set) var ending: Ending?
    /// Said on the terminal after the console has closed (e.g. why it closed by itself).
    public private(set) var farewell: String?
    /// What screens asked to put on the terminal's clipboard, for the loop to send once.
    private var clipboard: [String] = []

    /// The clipboard texts asked for since the last call (the loop sends each to the terminal).
    public func takeClipboard() -> [String] {
        defer { clipboard = [] }
        return clipboard
    }

    struct Ending {
        /// Why: "Your user mike was locked by alice at 14:03 UTC."
        let reason: String
        let deadline: Date

        /// The box, with the seconds left at `now`.
        func text(at now: Date) -> String {
            let left = max(0, Int(deadline.timeIntervalSince(now).rounded(.up)))
            return reason + " This console is read-only now and closes in \(left) second\(left == 1 ? "" : "s"); any key closes it now."
        }
    }

    /// How long a console whose user was locked stays up, read-only, to say why.
    static let lockedGrace: TimeInterval = 10
    /// How long before the idle timeout the warning comes.
    static let idleWarning: TimeInterval = 60

    public init(session: Session, size: Size) throws {
        self.session = session
        self.size = size
        let now = session.now()
        lastKeyAt = now
        state = session.state.map { StateSync(store: $0, login: session.login, account: session.account.id, now: now) }
        push(ManageScreen(env: env))
        offerWhatAnEarlierSessionLeft()
    }

    var env: Env {
        var env = Env(size: size, session: session.facts, now: session.now(), lists: ListFactory(store: session.store))
        env.othersHere = state?.others ?? []
        return env
    }
    var top: any Screen { stack[stack.count - 1].screen }

    /// A message for the next frame, e.g. the terminal fallback notice at start.
    public func showNotice(_ text: String) {
        notice = .info(text)
    }

    // MARK: Keys

    /// Applies one key (or mouse event, or resize), then keeps the state database in step.
    public func handle(_ event: KeyEvent) { handle([event]) }

    /// Applies keys typed ahead, in order. The reads of every key but the last that a later key
    /// supersedes (`Effect.latest`: a filter's rows, a row's decisions) are not run: each
    /// name's newest runs once, after the last key. Everything else happens as for one key.
    public func handle(_ events: [KeyEvent]) {
        for (i, event) in events.enumerated() {
            // A key that acts on what is shown (Enter on the row a filter found, a move in the
            // rows it found) sees it first; only more typing, or another move past a row's
            // decisions, leaves the reads waiting.
            switch waitsFor(event) {
            case .nothing: break
            case .rows: runLatest { $0 != Self.rowFacts }
            case .everything: runLatest()
            }
            typingAhead = i < events.count - 1
            apply(key: event)
            if shouldQuit { break }
        }
        typingAhead = false
        runLatest()
        syncState()
    }

    /// Nothing is typed and the frame is drawn: the top screen reads ahead what its next key
    /// will likely need (`Screen.readAhead`). Changes nothing on screen.
    public func readAhead() {
        guard ending == nil, !stack.isEmpty else { return }
        let id = stack[stack.count - 1].id
        let effects = stack[stack.count - 1].screen.readAhead(env)
        run(effects, from: id)
    }

    /// The name of the selected row's decisions, which a move makes stale.
    static let rowFacts = "row facts"

    private enum Waits { case nothing, rows, everything }

    /// What of the reads held back a key needs done before it applies: typing in a field
    /// needs nothing (it changes what is to be read); a move needs the rows (it moves in
    /// them) but not the decisions of the row it leaves; any other key needs everything.
    private func waitsFor(_ event: KeyEvent) -> Waits {
        switch event {
        case .character, .backspace, .delete, .left, .right: return top.isTyping ? .nothing : .everything
        case .up, .down, .pageUp, .pageDown, .home, .end, .wheelUp, .wheelDown: return .rows
        default: return .everything
        }
    }

    /// The reads held back (see `handle(_:)`), those whose name `which` accepts.
    private func runLatest(_ which: (String) -> Bool = { _ in true }) {
        let waiting = latest.filter { which($0.name) }
        latest.removeAll { which($0.name) }
        for read in waiting where index(of: read.id) != nil {
            perform(.run(read.task), from: read.id)
        }
    }

    private func apply(key event: KeyEvent) {
        switch event {
        case .resize, .motion: break
        default:
            lastKeyAt = session.now()
            idleWarned = false
        }
        if ending != nil, Self.isPress(event) {
            shouldQuit = true
            return
        }
        apply(event)
    }

    /// A key or a click, not the pointer moving, the wheel or the window changing size.
    static func isPress(_ event: KeyEvent) -> Bool {
        switch event {
        case .resize, .motion, .wheelUp, .wheelDown: return false
        default: return true
        }
    }

    private func apply(_ event: KeyEvent) {
        if case .resize(let w, let h) = event {
            size = Size(width: w, height: h)
            // A box placed for the old size would hide what moved beneath it.
            notice = nil
            deliver(.key(event), to: stack[stack.count - 1].id)
            return
        }
        if case .motion = event {
            deliver(.key(event), to: stack[stack.count - 1].id)
            return
        }
        if Layout.tooSmall(size) {
            if event == .character("q") || event == .ctrl("c") { shouldQuit = true }
            return
        }
        if let shown = notice {
            notice = nil
            // A box closes on the next key, and that key does nothing else.
            if shown.kind != .info || Wrap.lines(shown.text, width: size.width - 2).count > 1 { return }
        }
        if let scroll = helpScroll {
            switch event {
            case .down, .character("j"), .wheelDown: helpScroll = scroll + 1
            case .up, .character("k"), .wheelUp: helpScroll = max(0, scroll - 1)
            case .pageDown: helpScroll = scroll + 10
            case .pageUp: helpScroll = max(0, scroll - 10)
            default: helpScroll = nil
            }
            return
        }
        let screen = top
        if event == .ctrl("c") {
            // In the middle of something (a wizard, a form, a secret on screen) it asks first;
            // a second Ctrl+C, or one anywhere else, quits at once.
            if !((screen as? ConfirmScreen)?.isQuitQuestion ?? false),
               let warning = stack.reversed().lazy.compactMap({ $0.screen.quitWarning }).first {
                push(ConfirmScreen.quit(warning))
                return
            }
            shouldQuit = true
            return
        }
        if !screen.isTyping && !screen.binds(event) {
            switch event {
            case .character("?"), .function(1):
                helpScroll = 0
                return
            case .character("L") where !screen.isModal:
                openAuditLog()
                return
            default: break
            }
        }
        deliver(.key(event), to: stack[stack.count - 1].id)
    }

    private func openAuditLog() {
        let decision = session.facts.auditLog
        guard decision.isAllowed else {
            notice = .reason("Audit log: \(decision.reason ?? "")")
            return
        }
        guard !stack.contains(where: { $0.screen is AuditScreen }) else {
            notice = .info("The audit log is already open; Esc goes back to it.")
            return
        }
        push(AuditScreen(env: env))
    }

    // MARK: Live refresh

    /// Called when the console has been idle for a while (about a second): when another
    /// console or command committed a change, everything shown is read again, each screen
    /// keeping its selection by id, and your own rights with it. Otherwise nothing is read and
    /// the frame stays the same, so nothing is sent to the terminal.
    public func tick() {
        let now = session.now()
        if let ending {
            if now >= ending.deadline { shouldQuit = true }
            return
        }
        if let timeout = session.idleTimeout, idle(now: now, timeout: timeout) { return }
        _ = state?.heartbeat(now: now)
        if let watch = session.watch, (try? watch.changed()) == true {
            let before = session.facts.roleSummary
            perform(.changed, from: stack[stack.count - 1].id)
            if ending == nil, session.facts.roleSummary != before, notice == nil {
                notice = .info("Your roles changed elsewhere: now \(session.facts.roleSummary). What you may do follows.")
            }
        }
        syncState()
    }

    /// The idle timeout: a warning a minute before, then the console closes (the draft is
    /// saved on the way out by `end`). True when it closes now.
    private func idle(now: Date, timeout: TimeInterval) -> Bool {
        let quiet = now.timeIntervalSince(lastKeyAt)
        if quiet >= timeout {
            farewell = "idm closed after \(Self.minutes(timeout)) without a key (the idle timeout); an unfinished draft is kept for the next start."
            shouldQuit = true
            return true
        }
        if quiet >= timeout - Self.idleWarning, !idleWarned {
            idleWarned = true
            notice = .error("No key for \(Self.minutes(quiet)): idm closes in \(Int((timeout - quiet).rounded())) seconds, keeping any draft. Press a key to stay.")
        }
        return false
    }

    static func minutes(_ t: TimeInterval) -> String {
        let m = Int((t / 60).rounded())
        return m == 1 ? "1 minute" : "\(m) minutes"
    }

    // MARK: The state database

    private func syncState() {
        guard let state else { return }
        let screens = stack.map(\.screen)
        let now = session.now()
        state.syncDrafts(screens, now: now)
        state.syncSecrets(screens, now: now)
    }

    /// The session is over (quit, hang-up, SIGTERM, idle timeout): what is on screen is kept
    /// as a draft and this console leaves the list of those open.
    public func end() {
        state?.end(stack.map(\.screen), now: session.now())
    }

    /// At start: secrets an earlier session left on screen unsaved, then its drafts.
    private func offerWhatAnEarlierSessionLeft() {
        guard let state else { return }
        let now = session.now()
        for draft in state.pendingDrafts(now: now).reversed() { push(DraftResumeScreen(draft)) }
        for secret in state.interruptedSecrets(now: now).reversed() { push(SecretLostScreen(secret)) }
    }

    /// Your own user was locked or deleted by someone else: say so, read-only, then close.
    private func endBecause(_ reason: String) {
        let now = session.now()
        ending = Ending(reason: reason, deadline: now.addingTimeInterval(Self.lockedGrace))
        farewell = reason
        notice = nil
        helpScroll = nil
    }

    // MARK: Effects

    private func index(of id: Int) -> Int? { stack.firstIndex { $0.id == id } }

    private func push(_ screen: any Screen) {
        let id = nextID
        nextID += 1
        stack.append(Entry(id: id, screen: screen))
        let effects = stack[stack.count - 1].screen.start(env)
        run(effects, from: id)
    }

    func deliver(_ msg: Msg, to id: Int) {
        guard let i = index(of: id) else { return }
        let effects = stack[i].screen.update(msg, env)
        if case .reply(.failure(let error)) = msg, effects.isEmpty {
            // A screen that does not handle a failure itself: say what went wrong.
            notice = .failure(error)
        }
        run(effects, from: id)
    }

    private func run(_ effects: [Effect], from id: Int) {
        for effect in effects { perform(effect, from: id) }
    }

    private func perform(_ effect: Effect, from id: Int) {
        switch effect {
        case .run(let task):
            let io = session.io
            let result: Result<Any, Error> = Result { try task(io) }
            deliver(.reply(result), to: id)
        case .latest(let name, let task):
            latest.removeAll { $0.id == id && $0.name == name }
            if typingAhead {
                latest.append((id, name, task))
            } else {
                perform(.run(task), from: id)
            }
        case .push(let screen):
            push(screen)
        case .pop(let result):
            guard let i = index(of: id) else { return }
            guard i > 0 else { shouldQuit = true; return }
            stack.remove(at: i)
            deliver(.result(result), to: stack[i - 1].id)
        case .replace(let screen):
            guard let i = index(of: id) else { return }
            let newID = nextID
            nextID += 1
            stack[i] = Entry(id: newID, screen: screen)
            let effects = stack[i].screen.start(env)
            run(effects, from: newID)
        case .notice(let n):
            notice = n
        case .clipboard(let text):
            clipboard.append(text)
        case .help:
            helpScroll = 0
        case .quit:
            shouldQuit = true
        case .handled:
            break
        case .changed:
            let wasLocked = session.context.user.locked
            do {
                try session.reload()
            } catch {
                // Your own user is gone: nothing here can be shown any more.
                endBecause("Your user \(session.login) no longer exists in \(session.account.name) (\((error as? IDMError)?.description ?? "\(error)")).")
                return
            }
            // This console's own commit: already being shown; the watch need not report it.
            _ = try? session.watch?.changed()
            if session.context.user.locked && !wasLocked {
                let who = try? session.reader.lastChange(VersionedSubject(.user, id: session.context.user.id, version: session.context.user.version,
                                                                           name: session.login))
                let by = who?.by.map { " by \($0)" } ?? ""
                let at = who?.at.map { " at \(Formats.clock($0))" } ?? ""
                endBecause("Your user \(session.login) was locked\(by)\(at).")
                return
            }
            for entry in stack { deliver(.refresh, to: entry.id) }
        case .discardDraft(let kind):
            state?.discard(kind)
        case .forgetSecret(let secret):
            state?.forget(secret)
        case .switchAccount(let account):
            guard account.id != session.account.id else { return }
            do {
                try session.switchAccount(to: account.id)
                state?.switchAccount(to: account.id, now: session.now())
                stack.removeAll()
                push(ManageScreen(env: env))
                notice = .info("Now in \(account.name).")
                // Drafts belong to an account: what an earlier session left in this one.
                offerWhatAnEarlierSessionLeft()
            } catch {
                notice = .failure(error)
            }
        }
    }
}

extension Console {
    /// The screen on top, as a given type (tests and the README's tools look at it).
    func topScreen<T>(_ type: T.Type) -> T? { stack.last?.screen as? T }
    /// The list screen at the bottom of the stack.
    var manage: ManageScreen? { stack.first?.screen as? ManageScreen }
    /// The crumbs in the header, joined.
    var crumbs: String { crumbLines[0] }
}
