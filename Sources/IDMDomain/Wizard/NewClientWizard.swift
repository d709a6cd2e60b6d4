/// The New API Client wizard as a value: the owner, the four steps' choices, and what Create
/// would make. The console draws it; the service checks every rule again when it is created.
public struct NewClientWizard: Sendable {
    public enum Step: Int, CaseIterable, Sendable {
        case groups = 1, apis, details, review

        public var title: String {
            switch self {
            case .groups: return "Groups"
            case .apis: return "APIs"
            case .details: return "Details"
            case .review: return "Review"
            }
        }
    }

    public let owner: User
    public let ownerAccess: UserAccess
    public let tree: GroupTree
    public let services: [APIService]
    public let products: [ProductID: Product]
    public var step: Step = .groups
    public var groups: GroupPicker
    public var apis = APIPicker()
    public var details = ClientDetails()
    /// PAPI on several contracts means one client per contract (rule 8): the console offers it.
    public var onePerContract = false
    /// True once anything was changed (cancel asks before throwing it away).
    public var isDirty = false

    public init(owner: User, ownerAccess: UserAccess, tree: GroupTree, services: [APIService], products: [ProductID: Product]) {
        self.owner = owner
        self.ownerAccess = ownerAccess
        self.tree = tree
        self.services = services
        self.products = products
        groups = GroupPicker(tree: tree, reachable: ownerAccess.groupIDs)
        reevaluate()
    }

    /// The contracts of the selection, in order.
    public var contracts: [ContractID] { groups.contracts.sorted() }

    /// Whether the clients to create are split per contract (asked for, and more than one contract).
    public var splitting: Bool { onePerContract && contracts.count > 1 }

    /// Recomputes step 2 from step 1. With one client per contract, an API is available when it
    /// is available on each contract's groups on its own, at the lowest of those levels.
    public mutating func reevaluate() {
        let (services, owner, access, tree, products) = (self.services, self.owner, self.ownerAccess, self.tree, self.products)
        let evaluate = { (selection: Set<GroupID>) in
            Policy.apiAvailability(services: services, owner: owner, ownerAccess: access,
                                   selectedGroups: selection, tree: tree, products: products)
        }
        guard splitting else {
            apis.evaluate(evaluate(groups.selected))
            return
        }
        let perContract = contracts.map { (contract: $0, rows: evaluate(groups.selected(in: $0))) }
        let merged: [APIAvailability] = services.indices.map { i in
            let each = perContract.map { ($0.contract, $0.rows[i]) }
            if let (contract, denied) = each.first(where: { !$0.1.isAvailable }) {
                return APIAvailability(service: services[i], maxLevel: nil,
                                       decision: .denied("On \(contract): \(denied.decision.reason ?? "")"), help: denied.help)
            }
            return APIAvailability(service: services[i], maxLevel: each.compactMap { $0.1.maxLevel }.min(), decision: .allowed, help: nil)
        }
        apis.evaluate(merged)
    }

    /// Whether step 2 should offer one client per contract: a single-contract API is unavailable
    /// only because step 1 spans several contracts.
    public var canOfferOnePerContract: Bool {
        guard !splitting, contracts.count > 1 else { return false }
        // Offered only when it helps: some API blocked by the contracts is available on each
        // contract's groups on their own.
        return apis.availability.contains { a in
            a.decision == .denied(Policy.multipleContractsReason) && contracts.allSatisfy { contract in
                Policy.apiAvailability(of: a.service, owner: owner, ownerAccess: ownerAccess, selectedGroups: groups.selected(in: contract),
                                       tree: tree, products: products).isAvailable
            }
        }
    }

    /// What is missing before leaving a step, if anything.
    public func problem(leaving step: Step) -> String? {
        switch step {
        case .groups: return groups.selected.isEmpty ? "Select at least one group." : nil
        case .apis: return apis.grantable.isEmpty ? "Pick at least one available API (Space)." : nil
        case .details:
            // One client per contract adds "-<contract>" to the name: every name must still fit.
            guard splitting else { return nil }
            let longest = drafts.map(\.name).max { $0.count < $1.count } ?? ""
            guard case .failure = Validate.clientName(longest) else { return nil }
            let room = FieldLimits.clientName.upperBound - (longest.count - details.name.count)
            return "With one client per contract each name gets its contract added (\(longest.count) characters for \(contracts.last ?? "")); shorten the name to at most \(room) characters."
        case .review: return nil
        }
    }

    /// The clients Create will make: one, or one per contract, each named after its contract.
    public var drafts: [ClientDraft] {
        let base = ClientDraft(ownerID: owner.id, name: details.name, description: details.description, groupIDs: groups.selected,
                               apis: apis.grantable, ipAllowlist: details.cidrs, notificationEmails: details.emails)
        guard splitting else { return [base] }
        return contracts.map { contract in
            var draft = base
            draft.name = Self.name(base.name, contract: contract)
            draft.groupIDs = groups.selected(in: contract)
            return draft
        }
    }

    /// "deployer" on C-ACME-WEB is "deployer-c-acme-web".
    public static func name(_ base: String, contract: ContractID) -> String {
        "\(base)-\(contract.lowercased())"
    }
}
