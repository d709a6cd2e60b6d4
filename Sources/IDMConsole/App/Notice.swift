import IDMDomain
import IDMStore
import IDMTerminal

/// A message shown once: a reason for something unavailable, an error, or word that something
/// happened. A boxed one (a reason, an error, a long message) closes on the next key, and that
/// key does nothing else.
struct Notice: Equatable {
    enum Kind { case info, reason, error }
    var text: String
    var kind: Kind
    /// The hint bar key to show it beside (the key pressed), if any.
    var key: String?

    static func info(_ text: String) -> Notice { Notice(text: text, kind: .info, key: nil) }
    static func error(_ text: String) -> Notice { Notice(text: text, kind: .error, key: nil) }
    static func reason(_ text: String, key: String? = nil) -> Notice { Notice(text: text, kind: .reason, key: key) }

    /// Whether a failure is a stale copy: someone else changed it first.
    static func isConflict(_ error: Error) -> Bool {
        if case .conflict? = error as? IDMError { return true }
        return false
    }

    /// The words for a failed effect: a conflict says how to recover.
    static func failure(_ error: Error) -> Notice {
        let text = (error as? IDMError)?.description ?? "\(error)"
        return .error(text.replacingOccurrences(of: "Reload and try again.", with: "The screen now shows the current state; try again."))
    }
}

/// The console's layout: a header line, the body, a notice line and the hint bar.
enum Layout {
    static let minimum = Size(width: 60, height: 15)
    static func tooSmall(_ size: Size) -> Bool { size.width < minimum.width || size.height < minimum.height }
}
