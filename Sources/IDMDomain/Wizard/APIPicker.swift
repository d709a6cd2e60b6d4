/// Step 2 of the wizard: every API service, its availability for the owner and the groups of
/// step 1 (rules 6 and 7), and the level chosen for the ones picked. Choices are kept while
/// the user goes back and forth; an API that became unavailable stays chosen but is not
/// granted, and the review says why.
public struct APIPicker: Sendable, Equatable {
    public struct Row: Equatable, Sendable {
        public let availability: APIAvailability
        /// The level chosen, if the API is picked.
        public let chosen: AccessLevel?
        public var service: APIService { availability.service }
    }

    public private(set) var chosen: [ServiceID: AccessLevel] = [:]
    public var filter = ""
    public var showUnavailable = true
    /// Set by evaluate(): availability for the current groups.
    public private(set) var availability: [APIAvailability] = []

    public init() {}

    /// Starts from a client's current grants (editing its authorization).
    public mutating func choose(_ grants: [APIGrant]) {
        chosen = Dictionary(grants.map { ($0.serviceID, $0.level) }, uniquingKeysWith: { a, _ in a })
    }

    public mutating func evaluate(_ availability: [APIAvailability]) {
        self.availability = availability
    }

    /// The rows on screen: filtered by name or short name, unavailable ones hidden on request.
    public var rows: [Row] {
        availability.filter { a in
            (showUnavailable || a.isAvailable) &&
                (filter.isEmpty || a.service.name.localizedCaseInsensitiveContains(filter) || a.service.id.localizedCaseInsensitiveContains(filter))
        }.map { Row(availability: $0, chosen: chosen[$0.service.id]) }
    }

    /// Space on a row: picks it at its highest level, or drops it. Refused with the reason when
    /// the API is unavailable (the caller shows it).
    public mutating func toggle(_ service: ServiceID) -> Decision {
        if chosen[service] != nil {
            chosen[service] = nil
            return .allowed
        }
        guard let a = availability.first(where: { $0.service.id == service }) else { return .denied("Unknown API \(service).") }
        guard a.isAvailable, let max = a.maxLevel else { return a.decision }
        chosen[service] = max == .readWrite ? .readWrite : .readOnly
        return .allowed
    }

    /// Left/Right: READ-ONLY <-> READ-WRITE, never above the owner's level.
    public mutating func cycleLevel(_ service: ServiceID) -> Decision {
        guard let current = chosen[service] else { return .denied("Pick the API first (Space).") }
        guard let a = availability.first(where: { $0.service.id == service }), let max = a.maxLevel else {
            return availability.first(where: { $0.service.id == service })?.decision ?? .denied("Unknown API \(service).")
        }
        let next: AccessLevel = current == .readOnly ? .readWrite : .readOnly
        let decision = Policy.grantAPI(a, level: next)
        if decision.isAllowed { chosen[service] = next }
        return decision
    }

    /// The chosen APIs that can be granted now, and the ones that cannot (with the reason).
    public var grantable: [APIGrant] {
        availability.compactMap { a in
            guard let level = chosen[a.service.id], Policy.grantAPI(a, level: level).isAllowed else { return nil }
            return APIGrant(serviceID: a.service.id, level: level)
        }
    }

    public var blocked: [(service: APIService, reason: String)] {
        availability.compactMap { a in
            guard let level = chosen[a.service.id], case .denied(let reason) = Policy.grantAPI(a, level: level) else { return nil }
            return (a.service, reason)
        }
    }

    public static func == (a: APIPicker, b: APIPicker) -> Bool {
        a.chosen == b.chosen && a.filter == b.filter && a.showUnavailable == b.showUnavailable && a.availability == b.availability
    }
}
