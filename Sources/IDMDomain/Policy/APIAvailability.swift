/// Whether an API service can be granted to a client of `owner` on the groups chosen in step 1
/// of the wizard, and at which level at most (rules 6 and 7; levels never above the owner's).
public struct APIAvailability: Equatable, Sendable {
    public let service: APIService
    /// The highest level that may be granted; nil when unavailable.
    public let maxLevel: AccessLevel?
    public let decision: Decision
    /// A longer explanation for the tooltip (what to do about it).
    public let help: String?

    public var isAvailable: Bool { decision.isAllowed }
}

extension Policy {
    /// The tooltip text of the FAQ, kept word for word.
    public static let multipleContractsReason = "Not Available due to multiple groups selected in Step 1"

    public static func apiAvailability(
        of service: APIService,
        owner: User,
        ownerAccess: UserAccess,
        selectedGroups: Set<GroupID>,
        tree: GroupTree,
        products: [ProductID: Product]
    ) -> APIAvailability {
        let productName = products[service.requiredProduct]?.name ?? service.requiredProduct
        func unavailable(_ reason: String, _ help: String? = nil) -> APIAvailability {
            APIAvailability(service: service, maxLevel: nil, decision: .denied(reason), help: help)
        }
        guard !selectedGroups.isEmpty else {
            return unavailable("Select at least one group in Step 1.")
        }
        // Rule 7 (and every product): the owner needs at least read access to the product.
        guard ownerAccess.bestLevel(for: service.requiredProduct) != nil else {
            return unavailable("The owner (\(owner.login)) needs at least read access to \(productName).",
                               "An API client's access derives from its owner's; ask an Admin to grant \(owner.login) a role with \(productName) access.")
        }
        // Rule 6: single-contract APIs need every selected group in one contract.
        let contracts = tree.contracts(of: selectedGroups)
        if service.scope == .singleContract && contracts.count > 1 {
            return unavailable(multipleContractsReason,
                               "\(service.name) can be tied to one contract only. Keep groups of one contract in Step 1, or create one client per contract.")
        }
        let lacking = ownerAccess.groupsLacking(service.requiredProduct, in: selectedGroups)
        if !lacking.isEmpty {
            let names = lacking.prefix(3).map { tree[$0]?.name ?? "#\($0)" }.joined(separator: ", ")
            return unavailable("The owner (\(owner.login)) has no access to \(productName) on \(names).",
                               "Deselect \(lacking.count == 1 ? "that group" : "those groups") in Step 1 to grant \(service.name).")
        }
        let level = ownerAccess.level(for: service.requiredProduct, on: selectedGroups)
        return APIAvailability(service: service, maxLevel: level, decision: .allowed, help: nil)
    }

    public static func apiAvailability(
        services: [APIService], owner: User, ownerAccess: UserAccess, selectedGroups: Set<GroupID>,
        tree: GroupTree, products: [ProductID: Product]
    ) -> [APIAvailability] {
        services.map {
            apiAvailability(of: $0, owner: owner, ownerAccess: ownerAccess, selectedGroups: selectedGroups, tree: tree, products: products)
        }
    }

    /// Granting `service` at `level`: available, and not above the owner's level.
    public static func grantAPI(_ availability: APIAvailability, level: AccessLevel) -> Decision {
        guard availability.isAvailable, let max = availability.maxLevel else { return availability.decision }
        return .require(level <= max,
                        "The owner's access to \(availability.service.name) is \(max.rawValue); \(level.rawValue) would exceed it.")
    }
}
