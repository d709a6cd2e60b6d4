import ArgumentParser
import Foundation
import IDMStore
import IDMTerminal

@main
struct IDM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idm",
        abstract: "A terminal console for identity and access management: users, groups, roles and API clients.",
        discussion: """
            Global options: --db PATH, --as LOGIN and --account NAME|ID (and --demo for the demo database) go before \
            or after any subcommand: `idm --db X users list` is `idm users list --db X`. Without a subcommand, idm opens the console.
            """,
        version: IDMVersion.current,
        subcommands: [
            Open.self, Init.self, Seed.self, Demo.self, Users.self, Clients.self, Groups.self, Roles.self,
            CanI.self, WhoCan.self, AdminCommand.self, Audit.self, Bench.self, Migrate.self, ImportCommand.self, ExportCommand.self,
            BackupCommand.self, RestoreCommand.self, SSH.self, Completions.self,
        ],
        defaultSubcommand: Open.self
    )

    /// Exit status of a conflict (someone changed the target since `--expect-version`).
    static let conflictExit: Int32 = 3

    /// ArgumentParser's main, plus a log line per run, and exit 3 for a conflict. Every error is
    /// one line, "Error: ...", with no usage text unless the command line itself was wrong.
    static func main() {
        // Output.safe measures with wcwidth: in the C locale every non-ASCII character (an
        // ellipsis, a CJK name) would be replaced. Only character classification is changed.
        setlocale(LC_CTYPE, "")
        if !Terminal.isUTF8Codeset { setlocale(LC_CTYPE, "C.UTF-8") }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(GlobalOptionPlacement.normalized(Array(CommandLine.arguments.dropFirst())))
        } catch {
            if !(error is CleanExit) { Log.event("run", target: "-", outcome: "usage error") }
            fail(error)
        }
        let name = "run " + (path(to: type(of: command)) ?? [type(of: command)._commandName]).joined(separator: " ")
        do {
            try command.run()
            Log.event(name, target: "-", outcome: "ok")
        } catch {
            Log.forgetUnresolvedLogin(after: error)
            Log.event(name, target: "-", outcome: Log.outcome(error))
            if let idm = error as? IDMError, case .conflict = idm {
                Stderr.line("Error: \(idm.description)")
                Stdout.flush()
                Foundation.exit(conflictExit)
            }
            fail(error)
        }
    }

    /// ArgumentParser's `exit(withError:)`, but written through `Stdout`/`Stderr`: its messages
    /// quote what was typed (an unknown option, a bad value, a name that was not found) and the
    /// service's reasons quote stored names, so they are made safe like every other line. Help
    /// (exit 0) goes to stdout, everything else to stderr, with ArgumentParser's exit status.
    static func fail(_ error: Error) -> Never {
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if !text.isEmpty {
            if code == .success { Stdout.line(text) } else { Stderr.line(text) }
        }
        Stdout.flush()
        Foundation.exit(code.rawValue)
    }

    /// The subcommand names from the root down to `type` ("clients credential create").
    static func path(to type: ParsableCommand.Type, from root: ParsableCommand.Type = IDM.self) -> [String]? {
        if root == type { return [] }
        for sub in root.configuration.subcommands {
            if let rest = path(to: type, from: sub) { return [sub._commandName] + rest }
        }
        return nil
    }
}
