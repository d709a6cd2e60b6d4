/// An API an API client can be granted, e.g. Property Manager (`papi`).
public struct APIService: Equatable, Hashable, Sendable, Codable {
    /// Account-wide APIs work across contracts; single-contract ones (PAPI and "a few other
    /// APIs" [FAQ]) can be tied to one contract only.
    public enum Scope: String, Sendable, Codable {
        case accountWide = "account-wide"
        case singleContract = "single-contract"
    }

    /// The short name, e.g. `papi`, `ccu`.
    public let id: ServiceID
    public var name: String
    public var scope: Scope
    /// The product the owner needs access to; the client's level never exceeds the owner's on it.
    public var requiredProduct: ProductID

    public init(id: ServiceID, name: String, scope: Scope, requiredProduct: ProductID) {
        self.id = id
        self.name = name
        self.scope = scope
        self.requiredProduct = requiredProduct
    }
}
