import Foundation
import IDMDomain

/// Every way a change can be refused, each with a message a person can act on.
public enum IDMError: Error, Equatable, CustomStringConvertible {
    case denied(String)
    case invalid(ValidationError)
    case conflict(target: String, changedBy: String?, at: Date?)
    case notFound(String)
    case alreadyExists(String)
    case noDatabase(String)
    case noActor(String)

    public var description: String {
        switch self {
        case .denied(let reason): return reason
        case .invalid(let error): return error.message
        case .conflict(let target, let by, let at):
            var text = "\(target) was changed"
            if let by { text += " by \(by)" }
            if let at { text += " at \(Formats.timestamp(at))" }
            return text + " since it was loaded; nothing was saved. Reload and try again."
        case .notFound(let what): return what
        case .alreadyExists(let what): return what
        case .noDatabase(let path):
            return "No idm database at \(path). Create one with `idm init --account NAME --admin LOGIN`, or try the demo with `idm demo`."
        case .noActor(let reason): return reason
        }
    }
}

extension Decision {
    /// Throws the denial, so the service refuses with the very reason the UI shows.
    public func enforce() throws {
        if case .denied(let reason) = self { throw IDMError.denied(reason) }
    }
}
