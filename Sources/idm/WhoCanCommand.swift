import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// An access review: every user for whom `idm can-i QUESTION TARGET` would say yes, and the
/// grant that makes it so (as `kubectl auth who-can`).
struct WhoCan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who-can",
        abstract: "List every user who may do something, and the grant that makes it so.",
        discussion: "Takes the questions of `idm can-i` (see `idm can-i --help`), except grant-api. A grant is named when the " +
            "answer would be no without it; otherwise the owner's or creator's right, or the grants any of which is enough.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The question.") var action: String
    @Argument(help: "What it acts on.") var target: String?
    @Option(help: ArgumentHelp("grant-role, block-group, unblock-group: the group.", valueName: "GROUP")) var on: String?
    @Option(help: ArgumentHelp("grant-role: the user; transfer-ownership, delete-user, offboard-user: the new owner; move-group: the new parent.",
                               valueName: "LOGIN|GROUP")) var to: String?
    @Flag(help: "JSON instead of text.") var json = false

    func validate() throws {
        guard let known = Ask.Action(rawValue: action), known != .grantAPI else {
            throw ValidationError("Unknown action \"\(Output.safe(action))\". Actions: " +
                                  Ask.Action.allCases.filter { $0 != .grantAPI }.map(\.rawValue).joined(separator: ", ") + ".")
        }
    }

    func run() throws {
        let store = try global.openStoreForReading()
        let ctx = try global.context(store)
        let answers = try store.read { db in
            let question = try Ask.question(db, ctx, Ask.Action(rawValue: action)!, target: target, options: Ask.Options(on: on, to: to))
            return try Decide.whoCan(db, ctx, question)
        }
        if json { return Stdout.line(try Output.json(answers)) }
        if answers.isEmpty { return Stdout.line("No one.") }
        Stdout.line(Output.table(["LOGIN", "BECAUSE"], answers.map { [$0.login, $0.text] }))
    }
}
