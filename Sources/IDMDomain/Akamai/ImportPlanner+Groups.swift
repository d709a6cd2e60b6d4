import Foundation

/// Groups: the groups payload's tree by its nesting, matched by path; new top-level groups get
/// a contract (PAPI's, or their own) and the actor as Admin.
extension ImportPlanner {
    mutating func planGroups() {
        for (group, source) in groupEntries { walk(group, parent: nil, parentV3: nil, source: source) }
        for (id, found) in v3Groups where found.count > 1 {
            let names = found.map { groups[$0]?.name ?? "?" }
            report("group", "#\(id)", .note, "group id \(id) names \(found.count) groups (\(names.joined(separator: ", "))): " +
                   "a grant on \(id) goes to the one its groupName names, else to \(names[0])", nil)
        }
    }

    private mutating func walk(_ g: AkamaiGroup, parent: GroupID?, parentV3: Int64?, source: String) {
        guard let id = planGroup(g.groupName, parent: parent, v3ID: g.groupId, source: source) else {
            let lost = Self.count(g.subGroups)
            if lost > 0 { report("group", g.groupName, .notImported, "its \(lost) subgroup\(lost == 1 ? "" : "s") with it", source) }
            return
        }
        if !(v3Groups[g.groupId] ?? []).contains(id) { v3Groups[g.groupId, default: []].append(id) }
        if let stated = g.parentGroupId, let parentV3, stated != parentV3 {
            report("group", path(id), .note, "parentGroupId \(stated), yet nested under group \(parentV3): the nesting is kept", source)
        }
        for sub in g.subGroups { walk(sub, parent: id, parentV3: g.groupId, source: source) }
    }

    static func count(_ groups: [AkamaiGroup]) -> Int {
        groups.reduce(0) { $0 + 1 + count($1.subGroups) }
    }

    /// The group named `name` under `parent` (nil: a top-level group): the existing one, or a
    /// planned one. Nil when it cannot be made (reported).
    mutating func planGroup(_ rawName: String, parent: GroupID?, v3ID: Int64?, source: String?) -> GroupID? {
        guard let name = valid(Validate.groupName(rawName), "group", rawName, source) else { return nil }
        if let existing = children[parent]?[name.lowercased()] {
            if existing > 0 && !notedNames.contains("group:\(existing)") {
                notedNames.insert("group:\(existing)")
                report("group", path(existing), .unchanged, "exists", source)
            }
            return existing
        }
        let contract: ContractID
        if let parent {
            guard let parentGroup = groups[parent] else { return nil }
            if parent > 0, case .denied(let reason) = Policy.createGroup(actor, parent: parentGroup, name: name, tree: dir.tree) {
                report("group", "\(path(parent)) > \(name)", .notImported, reason, source)
                return nil
            }
            contract = parentGroup.contractID
        } else {
            guard let found = topLevelContract(for: v3ID, name: name, source: source) else { return nil }
            contract = found
        }
        let id = newID()
        groups[id] = Group(id: id, accountID: dir.account.id, contractID: contract, parentID: parent, name: name)
        children[parent, default: [:]][name.lowercased()] = id
        treeCache = nil
        plan.groups.append(ImportPlan.NewGroup(id: id, parentID: parent, name: name, contractID: contract))
        if parent == nil, let admin = plan.adminRole {
            // The import's authority: the actor is Admin on every top-level group it creates.
            plan.actorAdminOn.append(id)
            users[actor.user.id]?.grants.append(Grant(groupID: id, roleID: admin))
            report("group", name, .created, "a top-level group of contract \(contract); \(actor.login) is Admin on it", source)
        } else {
            report("group", path(id), .created, "in contract \(contract)", source)
        }
        return id
    }

    /// The contract of a new top-level group: PAPI's when a PAPI payload names the group, else one
    /// of its own. Nil when it cannot have one (reported).
    private mutating func topLevelContract(for v3ID: Int64?, name: String, source: String?) -> ContractID? {
        if papiFile != nil, let v3ID, let entry = papi[v3ID], let first = entry.contracts.first {
            if entry.contracts.count > 1 {
                report("contract", name, .notImported, "PAPI also names contracts \(entry.contracts.dropFirst().joined(separator: ", ")); " +
                       "an idm group belongs to one contract, \(first)", source)
            }
            if accountContracts.contains(first) { return first }
            guard !contractIDs.contains(first) else {
                report("group", name, .notImported, "its contract \(first) belongs to another account of this directory", source)
                return nil
            }
            if case .failure(let error) = Validate.contractID(first) {
                report("group", name, .notImported, "PAPI's contract id \(first): \(error.message)", source)
                return nil
            }
            return newContract(first, name: name, source: source, from: "PAPI")
        }
        if papiFile != nil {
            report("contract", name, .note, "not in the PAPI groups payload: a contract of its own", source)
        }
        return newContract(AkamaiMapping.ownContractID(forGroup: v3ID, name: name, taken: contractIDs), name: name, source: source, from: nil)
    }

    private mutating func newContract(_ id: ContractID, name: String, source: String?, from: String?) -> ContractID {
        contractIDs.insert(id)
        accountContracts.insert(id)
        plan.contracts.append(ImportPlan.NewContract(id: id, name: name))
        report("contract", id, .created, from.map { "named by \($0) for \(name)" } ?? "of its own, for the top-level group \(name)", source)
        return id
    }

    /// The group a grant (or a client's group access) names: by v3 id through the groups
    /// payload, else by name (under `parent` for a nested entry, else a name only one group has).
    /// Without any groups payload, a group found nowhere is created from the grant's nesting.
    mutating func resolveGroup(_ e: AkamaiGrant, parent: GroupID?, source: String) -> GroupID? {
        if let v3 = e.groupId, let found = v3Groups[v3], !found.isEmpty {
            let named = e.groupName.flatMap { name in found.first { groups[$0]?.name == name } }
            let id = named ?? found[0]
            if let name = e.groupName, let kept = groups[id]?.name, name != kept, notedNames.insert("name:\(v3):\(name)").inserted {
                report("group", path(id), .note, "group \(v3) is \"\(name)\" in \(source); the groups payload's name \"\(kept)\" is kept", source)
            }
            return id
        }
        guard let name = e.groupName?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
        if let parent, let child = children[parent]?[name.lowercased()] { return remember(e, child) }
        if parent == nil {
            let named = tree().groups(named: name)
            if named.count == 1 { return remember(e, named[0].id) }
        }
        guard groupEntries.isEmpty else { return nil }
        guard let made = planGroup(name, parent: parent, v3ID: e.groupId, source: source) else { return nil }
        if notedNames.insert("made:\(made)").inserted {
            report("group", path(made), .note, "no groups payload: made from the grant's nesting", source)
        }
        return remember(e, made)
    }

    private mutating func remember(_ e: AkamaiGrant, _ id: GroupID) -> GroupID {
        if let v3 = e.groupId, v3Groups[v3] == nil { v3Groups[v3] = [id] }
        return id
    }
}
