import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// The command line's use of `EventLog`: a line for every command run (by its command path,
/// never its arguments), and one for every change's outcome. What goes in is names, ids, token
/// prefixes and the service's reasons; never a secret, a full token or free text the user typed.
enum Log {
    /// The acting user, once known (set where the global options resolve it).
    static var login: String?

    static func event(_ action: String, target: String, outcome: String) {
        EventLog.append(login: login, action: action, target: target, outcome: outcome)
    }

    /// The outcome column for an error: its kind and the service's reason.
    static func outcome(_ error: Error) -> String {
        switch error {
        case let exit as ExitCode: return exit.rawValue == 0 ? "ok" : "exit \(exit.rawValue)"
        case let failure as Failure: return "refused: \(failure.description)"
        case let idm as IDMError:
            switch idm {
            case .denied(let reason): return "denied: \(reason)"
            case .conflict: return "conflict: \(idm.description)"
            // A validation message may quote what was typed: the field is enough.
            case .invalid(let invalid): return "invalid: \(invalid.field)"
            case .notFound(let what): return "not found: \(what)"
            case .alreadyExists(let what): return "exists: \(what)"
            case .noDatabase, .noActor: return "error: \(idm.description)"
            }
        case let edgerc as EdgercError: return "error: \(edgerc.description)"
        default: return "error: \(type(of: error))"
        }
    }
}

/// One change made by a command: its outcome is logged (ok, or why not), whatever happens.
/// The target is filled in as it becomes known (client name, credential id and token prefix).
final class Change {
    let action: String
    var target: String

    init(_ action: String, target: String) {
        self.action = action
        self.target = target
    }

    func run<T>(_ body: (Change) throws -> T) throws -> T {
        do {
            let result = try body(self)
            Log.event(action, target: target, outcome: "ok")
            return result
        } catch {
            Log.event(action, target: target, outcome: Log.outcome(error))
            throw error
        }
    }
}

enum Stderr {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((Output.safe(text) + "\n").utf8))
    }
}
