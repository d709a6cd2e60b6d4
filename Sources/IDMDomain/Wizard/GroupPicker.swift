/// Step 1 of the wizard: the owner's contracts as top-level rows, each with the owner's groups
/// beneath as a tree, with checkboxes. Everything is selected at first.
public struct GroupPicker: Sendable, Equatable {
    public enum Row: Equatable, Sendable {
        case contract(ContractID)
        case group(GroupID, depth: Int)
    }

    public enum Check: Equatable, Sendable { case all, some, none }

    public let rows: [Row]
    public private(set) var selected: Set<GroupID>
    private let tree: GroupTree
    /// The groups the owner can reach (the only ones shown and selectable).
    private let reachable: Set<GroupID>

    public init(tree: GroupTree, reachable: Set<GroupID>) {
        self.tree = tree
        self.reachable = reachable
        var rows: [Row] = []
        for contract in tree.contractIDs {
            let groups = tree.rootGroups(of: contract).flatMap { tree.subtree(of: $0) }.filter { reachable.contains($0) }
            guard !groups.isEmpty else { continue }
            rows.append(.contract(contract))
            // Depth counts reachable ancestors only: a group whose parent the owner cannot reach
            // is drawn under its nearest reachable ancestor (or at the top), so the rows drawn
            // beneath a row are exactly what Space on it toggles.
            rows += groups.map { id in .group(id, depth: tree.lineage(of: id).dropLast().filter { reachable.contains($0) }.count) }
        }
        self.rows = rows
        self.selected = reachable
    }

    public static func == (a: GroupPicker, b: GroupPicker) -> Bool { a.rows == b.rows && a.selected == b.selected }

    /// The groups a row stands for: a contract's reachable groups, or a group and its reachable subtree.
    public func groups(under row: Row) -> Set<GroupID> {
        switch row {
        case .contract(let contract):
            return Set(tree.rootGroups(of: contract).flatMap { tree.subtree(of: $0) }).intersection(reachable)
        case .group(let id, _):
            return Set(tree.subtree(of: id)).intersection(reachable)
        }
    }

    public func check(_ row: Row) -> Check {
        let under = groups(under: row)
        let chosen = under.intersection(selected).count
        return chosen == 0 ? .none : chosen == under.count ? .all : .some
    }

    /// Space: a fully checked row clears everything beneath it; otherwise checks everything beneath it.
    public mutating func toggle(_ row: Row) {
        let under = groups(under: row)
        if check(row) == .all { selected.subtract(under) } else { selected.formUnion(under) }
    }

    public mutating func select(_ groups: Set<GroupID>) { selected = groups.intersection(reachable) }

    public var contracts: Set<ContractID> { tree.contracts(of: selected) }

    /// "5 groups in 2 contracts".
    public var summary: String {
        let g = selected.count
        let c = contracts.count
        return "\(g) group\(g == 1 ? "" : "s") in \(c) contract\(c == 1 ? "" : "s")"
    }

    public func label(_ row: Row) -> String {
        switch row {
        case .contract(let id): return id
        case .group(let id, _): return tree[id]?.name ?? "#\(id)"
        }
    }

    /// The selected groups of one contract (for one client per contract).
    public func selected(in contract: ContractID) -> Set<GroupID> {
        selected.filter { tree[$0]?.contractID == contract }
    }
}
