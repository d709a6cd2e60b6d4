import IDMDomain

/// The Groups tab as a tree: contract › group › subgroups, flattened into the rows on screen.
/// Pure: it works on the session's group tree (already in memory), so moving, expanding and
/// filtering read nothing; only the visible rows' counts are fetched.
struct GroupTreeView: Equatable {
    enum Node: Hashable {
        case contract(ContractID)
        case group(GroupID)
    }

    struct Row: Equatable {
        let node: Node
        let depth: Int
        let hasChildren: Bool
        let expanded: Bool
        /// Shown because a descendant matches the filter, not itself.
        let onlyAncestor: Bool
    }

    /// Up to this many groups the tree opens fully expanded.
    static let expandAllUpTo = 500

    private(set) var expanded: Set<Node> = []
    private(set) var filter = ""
    private(set) var rows: [Row] = []

    /// Opens fully expanded for a small account; else contracts and their first level.
    init(tree: GroupTree) {
        let contracts = tree.contractIDs.map(Node.contract)
        if tree.groups.count <= Self.expandAllUpTo {
            expanded = Set(contracts + tree.groups.keys.map(Node.group))
        } else {
            expanded = Set(contracts)
        }
        rebuild(tree)
    }

    func index(of node: Node) -> Int? { rows.firstIndex { $0.node == node } }

    mutating func setExpanded(_ node: Node, _ open: Bool, tree: GroupTree) {
        if open { expanded.insert(node) } else { expanded.remove(node) }
        rebuild(tree)
    }

    mutating func setFilter(_ text: String, tree: GroupTree) {
        filter = text
        rebuild(tree)
    }

    /// The node a row's parent is (for `←` on an expanded-away or leaf row).
    func parent(of node: Node, tree: GroupTree) -> Node? {
        guard case .group(let id) = node, let group = tree[id] else { return nil }
        return group.parentID.map(Node.group) ?? .contract(group.contractID)
    }

    mutating func rebuild(_ tree: GroupTree) {
        var out: [Row] = []
        let needle = filter.lowercased()
        // With a filter: the matches and every ancestor of a match, expanded so they show.
        var keep: Set<GroupID>? = nil
        var matches: Set<GroupID> = []
        if !needle.isEmpty {
            var kept = Set<GroupID>()
            for group in tree.groups.values where group.name.lowercased().contains(needle) || group.contractID.lowercased().contains(needle) {
                matches.insert(group.id)
                kept.formUnion(tree.lineage(of: group.id))
            }
            keep = kept
        }
        func visit(_ id: GroupID, depth: Int) {
            if let keep, !keep.contains(id) { return }
            let children = tree.children(of: id)
            let visibleChildren = keep.map { k in children.contains { k.contains($0) } } ?? !children.isEmpty
            let open = keep != nil ? visibleChildren : expanded.contains(.group(id))
            out.append(Row(node: .group(id), depth: depth, hasChildren: !children.isEmpty, expanded: open && !children.isEmpty,
                           onlyAncestor: keep != nil && !matches.contains(id)))
            if open { for child in children { visit(child, depth: depth + 1) } }
        }
        for contract in tree.contractIDs {
            let roots = tree.rootGroups(of: contract)
            if let keep, !roots.contains(where: keep.contains) { continue }
            let open = keep != nil || expanded.contains(.contract(contract))
            out.append(Row(node: .contract(contract), depth: 0, hasChildren: !roots.isEmpty, expanded: open, onlyAncestor: keep != nil))
            if open { for root in roots { visit(root, depth: 1) } }
        }
        rows = out
        groupCount = filter.isEmpty ? tree.groups.count : matches.count
    }

    /// Groups in the account, or matching the filter.
    private(set) var groupCount = 0
}
