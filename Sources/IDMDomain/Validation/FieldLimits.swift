/// Length limits of the text fields, in characters (grapheme clusters).
///
/// Values marked [v3] are the `minLength`/`maxLength` of Akamai's IAM v3 OpenAPI spec. The spec is
/// silent on API client and credential text and on the login; those limits are ours [ours], chosen
/// to fit a terminal row and to match the v3 limits of similar fields.
public enum FieldLimits {
    /// [v3] `groupName` maxLength 50.
    public static let groupName = 1...50
    /// [v3] `roleName` maxLength 70.
    public static let roleName = 1...70
    /// [v3] `roleDescription` minLength 1, maxLength 250.
    public static let roleDescription = 1...250
    /// [v3] `firstName` maxLength 50.
    public static let firstName = 1...50
    /// [v3] `lastName` maxLength 50.
    public static let lastName = 1...50
    /// [v3] `jobTitle` maxLength 75; optional, so it may be empty.
    public static let jobTitle = 0...75
    /// [ours] The spec gives no limit for `clientName`.
    public static let clientName = 1...100
    /// [ours] The spec gives no limit for `clientDescription`; 250 like a role description.
    public static let clientDescription = 0...250
    /// [ours] The spec gives no limit for `username`; 64 like the local part of an email address.
    public static let login = 1...64
    /// [ours] The spec gives no limit for a credential's `description`; 250 like the others.
    public static let credentialDescription = 0...250
    /// [ours] An account's name: 100 like a client name (its root group takes the first 50).
    public static let accountName = 1...100
    /// [ours] A contract id (`C-ACME-WEB`, `ctr_1-5C13O2`).
    public static let contractID = 1...50
}
