import Foundation

/// The New API Client wizard answered from a command line (`idm clients create`) instead of
/// keys: the same value, the same steps in the same order, the same reasons. What a person
/// could not pick in the console (a group the owner lacks, an unavailable API, a level above
/// the owner's) is refused with the words the console shows for it.
public struct WizardRequest: Sendable, Equatable {
    /// An API as typed: its short name or name, and a level (nil: the highest the owner may
    /// grant, as Space picks it in step 2).
    public struct API: Sendable, Equatable {
        public var key: String
        public var level: AccessLevel?

        public init(key: String, level: AccessLevel? = nil) {
            self.key = key
            self.level = level
        }
    }

    public var name: String
    public var description: String
    /// The groups named; each brings its subgroups, as Space on a group's row does.
    public var groupIDs: Set<GroupID>
    public var apis: [API]
    public var emails: [String]
    public var cidrs: [String]
    public var onePerContract: Bool

    public init(name: String, description: String = "", groupIDs: Set<GroupID>, apis: [API], emails: [String] = [],
                cidrs: [String] = [], onePerContract: Bool = false) {
        self.name = name
        self.description = description
        self.groupIDs = groupIDs
        self.apis = apis
        self.emails = emails
        self.cidrs = cidrs
        self.onePerContract = onePerContract
    }
}

/// Why the wizard would not let the request through, and at which step.
public struct WizardRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let step: NewClientWizard.Step
    public let message: String
    public var description: String { message }
}

extension NewClientWizard {
    /// Steps 1-3 from `request`, checking each as leaving it in the console would; the review's
    /// drafts, ready for the service's `createClients` (which checks every rule again).
    /// `nameTaken` answers whether the account already has a client of that name.
    public mutating func fill(_ request: WizardRequest, nameTaken: (String) -> Bool) throws -> [ClientDraft] {
        func refuse(_ step: Step, _ message: String) -> WizardRefusal { WizardRefusal(step: step, message: message) }

        // Step 1: only groups the picker offers (the owner's), as the service words it.
        if let outside = request.groupIDs.filter({ !ownerAccess.groupIDs.contains($0) }).sorted().first {
            throw refuse(.groups, "The owner (\(owner.login)) has no access to group \(tree[outside] != nil ? tree.path(of: outside) : "#\(outside)").")
        }
        // A group brings the subgroups the owner reaches beneath it, as Space on its row does.
        groups.select(Set(request.groupIDs.flatMap { tree.subtree(of: $0) }))
        onePerContract = request.onePerContract
        reevaluate()
        if let problem = problem(leaving: .groups) { throw refuse(.groups, problem) }

        // Step 2: each API as Space and Left/Right would pick it, or the reason they would not.
        var chosen: [APIGrant] = []
        for api in request.apis {
            guard let row = apis.availability.first(where: { Self.names($0.service, api.key) }) else {
                throw refuse(.apis, "No API \"\(api.key)\"; the APIs are \(services.map(\.id).joined(separator: ", ")).")
            }
            guard chosen.allSatisfy({ $0.serviceID != row.service.id }) else {
                throw refuse(.apis, "\(row.service.name) is listed twice.")
            }
            guard row.isAvailable, let highest = row.maxLevel else {
                var reason = "\(row.service.name): \(row.decision.reason ?? "not available")"
                if row.decision == .denied(Policy.multipleContractsReason) && canOfferOnePerContract {
                    reason += "; --per-contract makes one client per contract, as o does in the console's wizard"
                }
                throw refuse(.apis, reason)
            }
            let level = api.level ?? highest
            if case .denied(let why) = Policy.grantAPI(row, level: level) { throw refuse(.apis, "\(row.service.name): \(why)") }
            chosen.append(APIGrant(serviceID: row.service.id, level: level))
        }
        self.apis.choose(chosen)
        if let problem = problem(leaving: .apis) {
            throw refuse(.apis, request.apis.isEmpty ? "Name at least one API (--api SERVICE[=LEVEL])." : problem)
        }

        // Step 3: the form's fields, each checked as leaving it.
        details[.name] = request.name
        details[.description] = request.description
        details[.notificationEmails] = request.emails.joined(separator: ", ")
        details[.ipAllowlist] = request.cidrs.joined(separator: ", ")
        let splits = splitting
        guard details.validateAll(nameTaken: { splits ? false : nameTaken($0) }) else {
            let field = ClientDetails.Field.allCases.first { details.errors[$0] != nil } ?? .name
            throw refuse(.details, "\(field.label): \(details.errors[field] ?? "")")
        }
        if let problem = problem(leaving: .details) { throw refuse(.details, problem) }
        if let problem = splitNameProblem(nameTaken: nameTaken) { throw refuse(.details, problem) }
        isDirty = true
        step = .review
        return drafts
    }

    /// With one client per contract, the names made from the typed one must be free too.
    public func splitNameProblem(nameTaken: (String) -> Bool) -> String? {
        guard splitting, let taken = drafts.map(\.name).first(where: nameTaken) else { return nil }
        return "An API client named \(taken) already exists; choose another name."
    }

    /// `papi`, `PAPI` or `Property Manager API`.
    static func names(_ service: APIService, _ key: String) -> Bool {
        service.id.caseInsensitiveCompare(key) == .orderedSame || service.name.caseInsensitiveCompare(key) == .orderedSame
    }
}
