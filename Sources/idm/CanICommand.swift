import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// Like `kubectl auth can-i`: the policy's answer, the one the console and the service use.
struct CanI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can-i",
        abstract: "Ask whether the acting user may do something: prints `yes` (exit 0) or `no: <reason>` (exit 1).",
        discussion: "Questions (the decision table the console and the service ask):\n" +
            Ask.Action.allCases.map { "  " + $0.usage }.joined(separator: "\n") +
            "\nCLIENT is a client name, LOGIN a user's login, GROUP a group's name, path or id, ROLE a role's name.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action.") var action: String
    @Argument(help: "What it acts on.") var target: String?
    @Option(help: ArgumentHelp("grant-api: the client's owner (default: the acting user).", valueName: "LOGIN")) var owner: String?
    @Option(help: ArgumentHelp("grant-api: the groups chosen in step 1, comma-separated (default: all of the owner's).", valueName: "NAME,NAME"))
    var groups: String?
    @Option(help: ArgumentHelp("grant-api: the level wanted, READ-ONLY or READ-WRITE.", valueName: "LEVEL")) var level: String?
    @Option(help: ArgumentHelp("grant-role, block-group, unblock-group: the group.", valueName: "GROUP")) var on: String?
    @Option(help: ArgumentHelp("grant-role: the user; transfer-ownership, delete-user, offboard-user: the new owner; move-group: the new parent.",
                               valueName: "LOGIN|GROUP")) var to: String?

    func validate() throws {
        if let level, AccessLevel(rawValue: level.uppercased()) == nil {
            throw ValidationError("Unknown level \"\(level)\": use READ-ONLY or READ-WRITE.")
        }
    }

    /// Exit 0 for yes, 1 for no, 2 when the question itself could not be answered (no such
    /// user, client or database), so a script can tell "denied" from "broken".
    func run() throws {
        do {
            try answer()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Stderr.line("Error: \(error)")
            throw ExitCode(2)
        }
    }

    private func answer() throws {
        // An unknown question is "broken", exit 2, never a "no" nor a usage error.
        guard Ask.Action(rawValue: action) != nil else {
            throw IDMError.notFound("Unknown action \"\(action)\". Actions: \(Ask.Action.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        let names = (groups ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let decision = try store.read { db in
            try Ask.decision(db, ctx, Ask.Action(rawValue: action)!, target: target,
                             options: Ask.Options(on: on, to: to, owner: owner, groups: names,
                                                  level: level.flatMap { AccessLevel(rawValue: $0.uppercased()) }))
        }
        Stdout.line(Output.safe(decision.description))
        if !decision.isAllowed { throw ExitCode(1) }
    }
}
