/// A one-line failure of a command: printed as "Error: <message>", exit status 1, no usage text.
struct Failure: Error, CustomStringConvertible {
    let description: String
    /// What the log records instead of `description`, when the message quotes something the
    /// user typed that did not resolve (a file that cannot be read, a malformed `--grant`).
    private let forLog: String?

    init(_ message: String, logged: String? = nil) {
        description = message
        forLog = logged
    }

    /// The outcome the event log records: never a typed value (README, "The log").
    var logged: String { forLog ?? Redact.got(description) }
}
