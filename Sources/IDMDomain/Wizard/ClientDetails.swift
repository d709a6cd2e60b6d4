/// Step 3 of the wizard: the fields as typed, and the error of each field after leaving it.
/// Nothing typed is ever thrown away; the parsed values come from validation.
public struct ClientDetails: Sendable, Equatable {
    public enum Field: String, CaseIterable, Sendable {
        case name, description, notificationEmails, ipAllowlist

        public var label: String {
            switch self {
            case .name: return "Name"
            case .description: return "Description"
            case .notificationEmails: return "Notification emails"
            case .ipAllowlist: return "IP allowlist (CIDRs)"
            }
        }
    }

    public var text: [Field: String] = [:]
    public private(set) var errors: [Field: String] = [:]

    public init() {}

    /// The fields of an existing client, for editing.
    public init(name: String, description: String, emails: [String], cidrs: [String]) {
        text = [.name: name, .description: description, .notificationEmails: emails.joined(separator: ", "),
                .ipAllowlist: cidrs.joined(separator: ", ")]
    }

    public subscript(field: Field) -> String {
        get { text[field] ?? "" }
        set { text[field] = newValue }
    }

    /// Checks one field; `nameTaken` answers whether a client of that name exists in the account.
    @discardableResult
    public mutating func validate(_ field: Field, nameTaken: (String) -> Bool = { _ in false }) -> Bool {
        let value = self[field]
        var error: String?
        switch field {
        case .name:
            switch Validate.clientName(value) {
            case .success(let name): if nameTaken(name) { error = "An API client named \(name) already exists in this account." }
            case .failure(let e): error = e.message
            }
        case .description:
            if case .failure(let e) = Validate.clientDescription(value) { error = e.message }
        case .notificationEmails:
            if case .failure(let e) = Validate.emailList(value) { error = e.message }
        case .ipAllowlist:
            if case .failure(let e) = Validate.cidrList(value) { error = e.message }
        }
        errors[field] = error
        return error == nil
    }

    public mutating func validateAll(nameTaken: (String) -> Bool = { _ in false }) -> Bool {
        Field.allCases.map { validate($0, nameTaken: nameTaken) }.allSatisfy { $0 }
    }

    public var name: String { (try? Validate.clientName(self[.name]).get()) ?? self[.name] }
    public var description: String { (try? Validate.clientDescription(self[.description]).get()) ?? self[.description] }
    public var emails: [String] { (try? Validate.emailList(self[.notificationEmails]).get()) ?? [] }
    public var cidrs: [String] { (try? Validate.cidrList(self[.ipAllowlist]).get()) ?? [] }
}
