/// Row identifiers. Plain integers keep SQL simple; the type aliases keep signatures readable.
public typealias AccountID = Int64
public typealias GroupID = Int64
public typealias RoleID = Int64
public typealias UserID = Int64
public typealias ClientID = Int64
public typealias CredentialID = Int64
/// Contracts keep their external identifier (e.g. `C-ACME-WEB`), as admins know them by it.
public typealias ContractID = String
public typealias ProductID = String
public typealias ServiceID = String
