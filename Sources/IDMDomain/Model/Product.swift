/// Something a role grants read or read-write access to (Property Manager, Fast Purge, ...).
public struct Product: Equatable, Hashable, Sendable, Codable {
    public let id: ProductID
    public var name: String

    public init(id: ProductID, name: String) {
        self.id = id
        self.name = name
    }
}
