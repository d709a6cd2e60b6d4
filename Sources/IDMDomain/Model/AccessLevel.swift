/// The level of access to a product or an API service [v3 `accessLevel`].
public enum AccessLevel: String, Sendable, Codable, Comparable, CaseIterable {
    case readOnly = "READ-ONLY"
    case readWrite = "READ-WRITE"

    private var rank: Int { self == .readOnly ? 0 : 1 }

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.rank < rhs.rank }

    /// How a person reads it in a sentence.
    public var phrase: String { self == .readOnly ? "read-only" : "read-write" }
}
