/// The answer to "may this happen?": allowed, or denied with a reason a person can act on.
/// The UI shows the reason next to the greyed-out action; the service refuses with it.
public enum Decision: Equatable, Sendable, CustomStringConvertible {
    case allowed
    case denied(String)

    public var isAllowed: Bool { self == .allowed }

    public var reason: String? {
        if case .denied(let reason) = self { return reason }
        return nil
    }

    public var description: String {
        switch self {
        case .allowed: return "yes"
        case .denied(let reason): return "no: \(reason)"
        }
    }

    /// The first denial of several checks, in order; allowed when none denies. The checks are
    /// cheap value tests, so evaluating them all keeps the call sites plain.
    public static func first(_ checks: Decision...) -> Decision {
        checks.first { !$0.isAllowed } ?? .allowed
    }

    /// Allowed when `condition` holds, else denied with `reason`.
    public static func require(_ condition: Bool, _ reason: @autoclosure () -> String) -> Decision {
        condition ? .allowed : .denied(reason())
    }
}
