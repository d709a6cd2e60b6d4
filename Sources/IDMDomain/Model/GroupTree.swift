/// The groups of one account as a forest under their contracts: the shape every access rule
/// walks (inheritance, contracts spanned by a selection, paths shown to people).
public struct GroupTree: Sendable {
    public let groups: [GroupID: Group]
    private let children: [GroupID: [GroupID]]
    private let roots: [ContractID: [GroupID]]

    public init(_ groups: [Group]) {
        var byID: [GroupID: Group] = [:]
        byID.reserveCapacity(groups.count)
        var children: [GroupID: [GroupID]] = [:]
        var roots: [ContractID: [GroupID]] = [:]
        for group in groups { byID[group.id] = group }
        let byName: (Group, Group) -> Bool = { ($0.name, $0.id) < ($1.name, $1.id) }
        // The store reads groups in this order already: checking it costs one comparison per
        // group, sorting again n log n (most of building a 19,000-group tree).
        let inOrder = zip(groups, groups.dropFirst()).allSatisfy { !byName($1, $0) } ? groups : groups.sorted(by: byName)
        for group in inOrder {
            if let parent = group.parentID, byID[parent] != nil {
                children[parent, default: []].append(group.id)
            } else {
                roots[group.contractID, default: []].append(group.id)
            }
        }
        self.groups = byID
        self.children = children
        self.roots = roots
    }

    public subscript(id: GroupID) -> Group? { groups[id] }

    public var contractIDs: [ContractID] { roots.keys.sorted() }

    public func rootGroups(of contract: ContractID) -> [GroupID] { roots[contract] ?? [] }

    public func children(of id: GroupID) -> [GroupID] { children[id] ?? [] }

    /// The group and everything beneath it, depth first, children by name.
    public func subtree(of id: GroupID) -> [GroupID] {
        guard groups[id] != nil else { return [] }
        var out: [GroupID] = []
        var stack = [id]
        while let next = stack.popLast() {
            out.append(next)
            stack.append(contentsOf: children(of: next).reversed())
        }
        return out
    }

    /// Ancestors from the root down to the group itself.
    public func lineage(of id: GroupID) -> [GroupID] {
        var out: [GroupID] = []
        var current: GroupID? = id
        var seen = Set<GroupID>()
        while let c = current, let group = groups[c], seen.insert(c).inserted {
            out.append(c)
            current = group.parentID
        }
        return out.reversed()
    }

    /// "Acme Web > Web Properties > Staging".
    public func path(of id: GroupID) -> String {
        lineage(of: id).compactMap { groups[$0]?.name }.joined(separator: " > ")
    }

    public func contracts(of ids: some Sequence<GroupID>) -> Set<ContractID> {
        Set(ids.compactMap { groups[$0]?.contractID })
    }

    /// Groups whose name matches exactly (case-insensitively), for the command line's `--groups`.
    public func groups(named name: String) -> [Group] {
        groups.values.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.sorted { $0.id < $1.id }
    }
}
