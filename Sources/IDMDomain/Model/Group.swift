/// A group in a contract's tree. Access granted on a group cascades to its subgroups unless a
/// subgroup is blocked for that user [v3].
public struct Group: Equatable, Hashable, Sendable, Codable {
    public let id: GroupID
    public let accountID: AccountID
    public var contractID: ContractID
    public var parentID: GroupID?
    public var name: String
    public var version: Int64

    public init(id: GroupID, accountID: AccountID, contractID: ContractID, parentID: GroupID?, name: String, version: Int64 = 1) {
        self.id = id
        self.accountID = accountID
        self.contractID = contractID
        self.parentID = parentID
        self.name = name
        self.version = version
    }
}
