/// An organization. A reseller account manages child accounts, which its users may browse [FAQ].
public struct Account: Equatable, Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case direct
        case reseller
        case managed
    }

    public let id: AccountID
    public var name: String
    public var kind: Kind
    /// For a managed account: the reseller account that manages it.
    public var managedBy: AccountID?

    public init(id: AccountID, name: String, kind: Kind, managedBy: AccountID? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.managedBy = managedBy
    }
}
