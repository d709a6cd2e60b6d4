/// A contract (the FAQ's "ACG"). Every group belongs to exactly one contract.
public struct Contract: Equatable, Hashable, Sendable, Codable {
    public let id: ContractID
    public let accountID: AccountID
    public var name: String
    public var contractType: String

    public init(id: ContractID, accountID: AccountID, name: String, contractType: String) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.contractType = contractType
    }
}
