import ArgumentParser
import Foundation
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal

/// `idm` alone: the console on the default database, as the user bound to this login.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open",
        abstract: "Open the console (the default when no command is given).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("idle-timeout"),
            help: ArgumentHelp("Close the console after this many minutes without a key (default: the directory's setting, else 30); it can only be shorter than the directory's setting.", valueName: "MINUTES"))
    var idleTimeout: Int?

    @Option(name: .customLong("ssh-key"),
            help: ArgumentHelp("Set by the SSH forced command that `idm ssh authorized-keys` writes: the fingerprint of the key the session logged in with.", valueName: "SHA256:..."))
    var sshKey: String?

    func validate() throws {
        if let idleTimeout, !(1...1440).contains(idleTimeout) {
            throw ValidationError("--idle-timeout takes 1 to 1440 minutes.")
        }
        if let sshKey, SSHPublicKey.normalizedFingerprint(sshKey) == nil {
            throw ValidationError("--ssh-key takes a fingerprint, SHA256: and 43 characters.")
        }
        if sshKey != nil, global.actor == nil { throw ValidationError("--ssh-key goes with --as LOGIN, as the forced command writes it.") }
    }

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        var origin = actor.origin
        if let typed = sshKey, let fingerprint = SSHPublicKey.normalizedFingerprint(typed) {
            // Under sshd's forced command: the key must still be theirs and they not locked
            // (either may have changed since sshd asked), and every event says where it came from.
            try DirectoryService(store: store).sshLogin(login: actor.login, fingerprint: fingerprint)
            origin = Origin(osUser: origin.osUser, sshClient: Origin.sshClient(fromConnection: ProcessInfo.processInfo.environment["SSH_CONNECTION"]),
                            sshKey: fingerprint)
        }
        try ConsoleLauncher.run(databasePath: global.databasePath, store: store, login: actor.login, account: actor.accountID, origin: origin,
                                idleTimeoutMinutes: idleTimeout)
    }
}

/// Starts the full-screen console on the terminal, and gives the terminal back on every exit.
enum ConsoleLauncher {
    /// `store`: the directory already opened (and migrated) by the caller, else opened here.
    static func run(databasePath: String, store opened: Store? = nil, login: String, account: Int64?, origin: Origin = Origin(),
                    idleTimeoutMinutes: Int? = nil) throws {
        let store = try opened ?? Store(path: databasePath, create: false)
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw Failure("idm's console needs a terminal; for scripts use the subcommands (`idm --help`).")
        }
        // Drafts and who else is here live beside the directory; without them the console
        // still works (a notice says what is not kept).
        var stateNotice: String?
        let state: StateStore?
        do { state = try StateStore(besideDirectory: databasePath) } catch {
            state = nil
            stateNotice = "Drafts are not kept this session: \(error)"
        }
        let policy = try DirectoryReader(store: store).consoleIdleTimeout()
        let minutes = min(idleTimeoutMinutes ?? Int.max, policy ?? DirectoryReader.defaultIdleTimeoutMinutes)
        let session = try Session(store: store, login: login, accountID: account, origin: origin, state: state,
                                  idleTimeout: TimeInterval(minutes * 60))
        var options = CursesBackend.Options()
        options.deferTermination = true
        // Ctrl+C as a key: in a wizard, a form or over a secret it asks first (a stuck console
        // still ends on SIGTERM or a hang-up); Ctrl+Z as a key too, so there is no way out to
        // a shell under sshd's forced command.
        options.rawMode = true
        let backend = try CursesBackend(options: options)
        let console = try Console(session: session, size: backend.size)
        if let notice = backend.terminalNotice { console.showNotice(notice) }
        if let stateNotice { console.showNotice(stateNotice) }
        // Never printed while curses owns the screen: a readable database is a notice instead.
        if let warning = store.warning { console.showNotice("Warning: " + warning) }
        ConsoleLoop.run(console, backend: backend)
        if let farewell = console.farewell { Stderr.line(Output.safe(farewell)) }
        // A hang-up or SIGTERM was held until the draft was saved: now let it end the process.
        if let sig = backend.terminationSignal { CursesBackend.reraiseTermination(sig) }
    }
}
