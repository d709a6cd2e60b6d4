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

    /// The outcome column for an error: its kind and the service's reason. What the user typed
    /// and the directory did not have is never written: a "not found" is logged as the field
    /// and the length of what was typed (`not found: user (7 chars)`), by `Redact`.
    static func outcome(_ error: Error) -> String {
        switch error {
        case let exit as ExitCode: return exit.rawValue == 0 ? "ok" : "exit \(exit.rawValue)"
        case let failure as Failure: return "refused: \(failure.logged)"
        case let idm as IDMError:
            switch idm {
            case .denied(let reason): return "denied: \(Redact.denial(reason))"
            case .conflict: return "conflict: \(idm.description)"
            // A validation message may quote what was typed: the field is enough.
            case .invalid(let invalid): return "invalid: \(invalid.field)"
            case .notFound(let what): return "not found: \(Redact.lookup(what))"
            case .alreadyExists(let what): return "exists: \(what)"
            case .noActor(let reason):
                // `--as LOGIN` that names no user: the typed login, like any lookup, is not logged.
                return reason.hasPrefix("No user \"") ? "not found: \(Redact.lookup(reason))" : "error: \(reason)"
            case .noDatabase: return "error: \(idm.description)"
            }
        case let edgerc as EdgercError: return "error: \(edgerc.description)"
        // Paths and migration ids only: nothing typed.
        case let store as StoreError: return "error: \(store.description)"
        default: return "error: \(type(of: error))"
        }
    }

    /// Called when a command fails before or while its acting user was resolved: a `--as` login
    /// that names no user was set as `login` before the lookup failed; it is not logged either.
    static func forgetUnresolvedLogin(after error: Error) {
        if let idm = error as? IDMError, case .noActor(let reason) = idm, reason.hasPrefix("No user \"") { login = nil }
    }
}

/// Takes what the user typed out of the messages that quote it, for the log. The messages of a
/// failed lookup quote the typed key in double quotes ("No user \"x\" in Acme Media.", "No group
/// \"x\" in this account.", "\"x\" names 2 groups: ..."); the log keeps the field and the
/// length instead, never the value (it may be a secret pasted in the wrong place, or an escape
/// sequence). Messages without a quoted value name only ids and stored names, and are kept.
enum Redact {
    /// "user (7 chars)" for "No user \"bob-smi\" in Acme Media. ..."; "group (3 chars), ambiguous"
    /// for "\"Web\" names 2 groups: ...".
    static func lookup(_ message: String) -> String {
        guard let (field, value, rest) = quoted(message) else { return message }
        let ambiguous = rest.hasPrefix(" names ")
        return EventLog.typed(field.isEmpty ? (ambiguous ? "group" : "value") : field, value) + (ambiguous ? ", ambiguous" : "")
    }

    /// A denial that quotes `--as LOGIN` ("--as x: your login ..."): the login becomes its length.
    static func denial(_ reason: String) -> String {
        guard reason.hasPrefix("--as "), let colon = reason.range(of: ": your login ") else { return reason }
        let typed = String(reason[reason.index(reason.startIndex, offsetBy: 5)..<colon.lowerBound])
        return "--as " + EventLog.typed("login", typed) + reason[colon.lowerBound...]
    }

    /// `--grant wants GROUP=ROLE ...; got "x".` and the like: the part from `got "` on becomes
    /// the length of what was typed.
    static func got(_ message: String) -> String {
        guard let got = message.range(of: "got \""), let close = message.lastIndex(of: "\""), close >= got.upperBound else { return message }
        return message[..<got.lowerBound] + "got " + EventLog.typed("value", String(message[got.upperBound..<close])) + "."
    }

    /// The field (the words between "No " and the opening quote, "named" dropped), the quoted
    /// value and what follows its closing quote. The closing quote is the last one followed by
    /// how the messages go on (` in `, `.`, ` names `), so a quote inside the value or inside an
    /// account name only changes the length counted, never lets a part of the value through.
    private static func quoted(_ message: String) -> (field: String, value: String, rest: Substring)? {
        guard let open = message.firstIndex(of: "\"") else { return nil }
        let afterOpen = message.index(after: open)
        let closes = message[afterOpen...].indices.filter { message[$0] == "\"" }
        guard let last = closes.last else { return nil }
        let close = closes.last { i in
            let rest = message[message.index(after: i)...]
            return rest.hasPrefix(" in ") || rest.hasPrefix(".") || rest.hasPrefix(" names ")
        } ?? last
        var field = message[..<open].trimmingCharacters(in: .whitespaces)
        if field.hasPrefix("No ") { field.removeFirst(3) }
        if field.hasSuffix(" named") { field.removeLast(6) }
        if field.hasSuffix(" with id") { field.removeLast(8) }
        return (field, String(message[afterOpen..<close]), message[message.index(after: close)...])
    }
}

/// One change made by a command: its outcome is logged (ok, or why not), whatever happens.
/// The target is filled in as it becomes known (client name, credential id and token prefix);
/// until then it is what was typed, as its field and length (`client (7 chars)`), never the
/// typed value itself: it may name nothing.
final class Change {
    let action: String
    var target: String

    init(_ action: String, target: String) {
        self.action = action
        self.target = target
    }

    /// A change of the `field` named by `key`, as typed and not yet resolved.
    convenience init(_ action: String, typed key: String, field: String = "client") {
        self.init(action, target: EventLog.typed(field, key))
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
