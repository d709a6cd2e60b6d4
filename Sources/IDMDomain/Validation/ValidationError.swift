/// A refused input: which field it belongs to, and a sentence the person can act on.
///
/// The UI shows `message` beside the field and the service layer returns the same value, so the
/// wording is written for people, never for logs.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field the error belongs to, e.g. "name", "email", "ipAllowlist".
    public let field: String
    /// A sentence a person can act on, e.g. "Group name must be 1-50 characters (it has 53)."
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
