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

    public init(session: Session, size: Size) throws {
        self.session = session
        self.size = size
        push(ManageScreen(env: env))
    }

    var env: Env { Env(size: size, session: session.facts, now: session.now(), lists: ListFactory(store: session.store)) }
    var top: any Screen { stack[stack.count - 1].screen }

    /// A message for the next frame, e.g. the terminal fallback notice at start.
    public func showNotice(_ text: String) {
        notice = .info(text)
    }

    // MARK: Keys

    /// Applies one key (or mouse event, or resize).
    public func handle(_ event: KeyEvent) {
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
        if event == .ctrl("c") { shouldQuit = true; return }
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
        guard let watch = session.watch, (try? watch.changed()) == true else { return }
        perform(.changed, from: stack[stack.count - 1].id)
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
        case .help:
            helpScroll = 0
        case .quit:
            shouldQuit = true
        case .handled:
            break
        case .changed:
            do { try session.reload() } catch { notice = .failure(error) }
            // This console's own commit: already being shown; the watch need not report it.
            _ = try? session.watch?.changed()
            for entry in stack { deliver(.refresh, to: entry.id) }
        case .switchAccount(let account):
            guard account.id != session.account.id else { return }
            do {
                try session.switchAccount(to: account.id)
                stack.removeAll()
                push(ManageScreen(env: env))
                notice = .info("Now in \(account.name).")
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
