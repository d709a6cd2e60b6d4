import Foundation

/// Roles and users: roles matched by name (a grant's unknown role becomes a standard role of
/// that name, or an imported one with no permissions); users matched by login, new ones
/// created with the grants the policy lets the actor give, existing ones given the grants and
/// blocks they lack.
extension ImportPlanner {
    // MARK: - Roles

    mutating func planRoles() {
        // Roles that are not custom first: a custom role may grant them by name.
        let ordered = roleEntries.filter { !$0.0.isCustom } + roleEntries.filter { $0.0.isCustom }
        for (role, source) in ordered { planRole(role, source: source) }
    }

    private mutating func planRole(_ role: AkamaiRole, source: String) {
        guard let name = valid(Validate.roleName(role.roleName), "role", role.roleName, source) else { return }
        let granted = permissions(of: role, name: name, source: source)
        if let existing = roleByName[name.lowercased()] {
            if let id = role.roleId { v3Roles[id] = existing }
            guard existing > 0 else { return report("role", name, .note, "listed twice; the first is kept", source) }
            let known = roles[existing]!
            let differs = role.grantedRoles != nil && !known.isStandard && granted != known.permissions
            return report("role", name, differs ? .note : .unchanged,
                          differs ? "exists with other permissions (\(Self.list(known.permissions))); left as it is" : "exists", source)
        }
        let description = role.roleDescription.flatMap { try? Validate.roleDescription($0).get() } ?? "Imported from Akamai IAM v3."
        let id = addRole(name, description: description, permissions: granted)
        if let v3 = role.roleId { v3Roles[v3] = id }
        report("role", name, .created, granted.isEmpty ? "imported, no permissions" : "permissions: \(Self.list(granted))", source)
        if granted.isEmpty { report("role", name, .note, "imported, no permissions: the payload grants none idm knows", source) }
        if !role.isCustom {
            report("role", name, .note, "a v3 \(role.type ?? "standard") role: imported as a custom role, which an admin can edit", source)
        }
    }

    /// The permissions of a role's granted roles that idm knows and the actor may hand out;
    /// every other granted role is reported.
    private mutating func permissions(of role: AkamaiRole, name: String, source: String) -> Set<Permission> {
        let byName = Dictionary(roles.values.map { ($0.name.lowercased(), $0.permissions) }, uniquingKeysWith: { a, _ in a })
        var out = Set<Permission>()
        for granted in role.grantedRoles ?? [] {
            guard let found = AkamaiMapping.permissions(forGrantedRole: granted.grantedRoleName, products: dir.products, rolesByName: byName) else {
                report("role", name, .notImported, "granted role \"\(granted.grantedRoleName)\": no idm permission or role of that name", source)
                continue
            }
            out.formUnion(found)
        }
        let ctx = context()
        for permission in out.sorted() {
            if case .denied(let reason) = Policy.rolePermissions(ctx, [permission], products: Set(dir.products.keys)) {
                report("role", name, .notImported, "permission \(permission.rawValue): \(reason)", source)
                out.remove(permission)
            }
        }
        return out
    }

    private mutating func addRole(_ name: String, description: String, permissions: Set<Permission>) -> RoleID {
        let id = newID()
        roles[id] = Role(id: id, accountID: dir.account.id, name: name, description: description, isStandard: false,
                         permissions: permissions, importedFrom: Akamai.importedFrom)
        roleByName[name.lowercased()] = id
        plan.roles.append(ImportPlan.NewRole(id: id, name: name, description: description, permissions: permissions))
        return id
    }

    /// The role a grant names: the roles payload's (by id), else an existing role of that name
    /// (`admin` is Admin), else an imported role of that name with no permissions.
    mutating func resolveRole(_ e: AkamaiGrant, source: String) -> RoleID? {
        if let id = e.roleId, let found = v3Roles[id] { return found }
        guard let raw = e.roleName?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if let found = roleByName[raw.lowercased()] {
            if let id = e.roleId { v3Roles[id] = found }
            return found
        }
        guard case .success(let name) = Validate.roleName(raw) else { return nil }
        let id = addRole(name, description: "Named by an imported grant; no roles payload defined it.", permissions: [])
        if let v3 = e.roleId { v3Roles[v3] = id }
        report("role", name, .created, "imported, no permissions", source)
        report("role", name, .note, "named by a grant, defined by no roles payload: imported, no permissions", source)
        return id
    }

    static func list(_ permissions: Set<Permission>) -> String {
        permissions.isEmpty ? "none" : permissions.sorted().map(\.rawValue).joined(separator: ", ")
    }

    // MARK: - Users

    mutating func planUsers() {
        var seen = Set<String>()
        for (user, source) in userEntries {
            guard let login = valid(Validate.login(user.uiUserName), "user", user.uiUserName, source) else { continue }
            guard seen.insert(login).inserted else {
                report("user", login, .note, "listed twice; the first is kept", source)
                continue
            }
            if dir.loginsElsewhere.contains(login) {
                report("user", login, .notImported, "the login belongs to a user of another account of this directory", source)
                continue
            }
            let wanted = grants(of: user, login: login, source: source)
            if let id = userByLogin[login] {
                merge(user, into: id, wanted, source: source)
            } else {
                create(user, login: login, wanted, source: source)
            }
        }
    }

    /// The grants and blocks a user's `authGrants` describe: each top-level entry a grant; a
    /// nested subgroup blocked (`isBlocked`), or granted a role of its own when it lists another
    /// role than the one it inherits.
    private mutating func grants(of user: AkamaiUser, login: String, source: String) -> (grants: [Grant], blocked: Set<GroupID>) {
        var grants: [Grant] = []
        var blocked = Set<GroupID>()
        func walk(_ entries: [AkamaiGrant], parent: GroupID?, inherited: RoleID?, planner: inout ImportPlanner) {
            for e in entries {
                let label = e.groupName ?? e.groupId.map { "#\($0)" } ?? "-"
                guard e.groupId != nil || e.groupName != nil else {
                    planner.report("grant", "\(login): \(e.roleName ?? e.roleId.map { "role #\($0)" } ?? "?")", .notImported,
                                   "an account-wide role with no group: idm holds roles on groups", source)
                    continue
                }
                guard let group = planner.resolveGroup(e, parent: parent, source: source) else {
                    planner.report("grant", "\(login): \(label)", .notImported,
                                   "group \(e.groupId.map(String.init) ?? label) is in no groups payload and not in \(planner.dir.account.name)", source)
                    continue
                }
                let role = planner.resolveRole(e, source: source)
                var effective = inherited
                if parent != nil && e.isBlocked == true {
                    if !grants.contains(where: { $0.groupID == group }) { blocked.insert(group) }
                    effective = nil
                } else if let role, parent == nil || role != inherited {
                    if let held = grants.first(where: { $0.groupID == group }) {
                        if held.roleID != role {
                            planner.report("grant", "\(login): \(planner.path(group))", .notImported,
                                           "listed again with \(planner.roleName(role)); a user holds one role per group (\(planner.roleName(held.roleID)) kept)", source)
                        }
                    } else {
                        grants.append(Grant(groupID: group, roleID: role))
                        blocked.remove(group)
                    }
                    effective = role
                } else if parent == nil {
                    planner.report("grant", "\(login): \(planner.path(group))", .notImported, "names no role idm can find or make", source)
                    continue
                }
                walk(e.subGroups ?? [], parent: group, inherited: effective, planner: &planner)
            }
        }
        walk(user.authGrants ?? [], parent: nil, inherited: nil, planner: &self)
        return (grants, blocked)
    }

    private mutating func create(_ u: AkamaiUser, login: String, _ wanted: (grants: [Grant], blocked: Set<GroupID>), source: String) {
        let local = String(login.prefix { $0 != "@" })
        func field(_ value: String?, _ fallback: String, _ check: (String) -> Result<String, ValidationError>) -> Result<String, ValidationError> {
            check(value?.trimmingCharacters(in: .whitespaces).isEmpty == false ? value! : fallback)
        }
        let email = u.email ?? (login.contains("@") ? login : "")
        var profile: [String] = []
        for result in [field(u.firstName, local, Validate.firstName), field(u.lastName, "-", Validate.lastName), Validate.email(email)] {
            guard let value = valid(result, "user", login, source) else { return }
            profile.append(value)
        }
        let ctx = context()
        var grants: [Grant] = []
        for grant in wanted.grants {
            if case .denied(let reason) = Policy.createUser(ctx, grants: [grant], roles: roles) {
                report("grant", "\(login): \(path(grant.groupID))", .notImported, reason, source)
            } else {
                grants.append(grant)
            }
        }
        guard !grants.isEmpty else { return report("user", login, .notImported, "no grant idm can give them; a user needs at least one group role", source) }
        if case .denied(let reason) = Policy.createUser(ctx, grants: grants, roles: roles) { return report("user", login, .notImported, reason, source) }
        let id = newID()
        var user = User(id: id, accountID: dir.account.id, login: login, firstName: profile[0], lastName: profile[1], email: profile[2], grants: grants)
        addBlocks(wanted.blocked, to: &user, ctx: ctx, source: source)
        users[id] = user
        userByLogin[login] = id
        plan.users.append(ImportPlan.NewUser(id: id, login: login, firstName: user.firstName, lastName: user.lastName, email: user.email,
                                             grants: grants, blocked: user.blockedGroups))
        report("user", login, .created, describe(user), source)
        if u.firstName == nil || u.lastName == nil {
            report("user", login, .note, "no \(u.firstName == nil ? "firstName" : "lastName") in the payload: \"\(u.firstName == nil ? user.firstName : user.lastName)\" used", source)
        }
        if u.isLocked == true { pendingLocks.append((id, source)) }
    }

    private mutating func merge(_ u: AkamaiUser, into id: UserID, _ wanted: (grants: [Grant], blocked: Set<GroupID>), source: String) {
        var user = users[id]!
        let ctx = context()
        var added: [String] = []
        for grant in wanted.grants {
            if let held = user.grants.first(where: { $0.groupID == grant.groupID }) {
                if held.roleID != grant.roleID {
                    report("grant", "\(user.login): \(path(grant.groupID))", .notImported,
                           "holds \(roleName(held.roleID)) there; the payload's \(roleName(grant.roleID)) is left out", source)
                }
                continue
            }
            let grants = user.grants + [grant]
            let blocked = user.blockedGroups.subtracting([grant.groupID])
            if case .denied(let reason) = Policy.changeUserAccess(ctx, target: user, grants: grants, blocked: blocked, roles: roles,
                                                                  roster: .empty, logins: [:]) {
                report("grant", "\(user.login): \(path(grant.groupID))", .notImported, reason, source)
                continue
            }
            user.grants = grants
            user.blockedGroups = blocked
            added.append("\(path(grant.groupID)): \(roleName(grant.roleID))")
        }
        let before = user.blockedGroups
        addBlocks(wanted.blocked.subtracting(user.blockedGroups), to: &user, ctx: ctx, source: source)
        added += user.blockedGroups.subtracting(before).map { "blocked on \(path($0))" }.sorted()
        users[id] = user
        if added.isEmpty {
            report("user", user.login, .unchanged, "exists", source)
        } else {
            plan.access.append(ImportPlan.AccessChange(userID: id, login: user.login, grants: user.grants, blocked: user.blockedGroups))
            report("user", user.login, .updated, "exists; given " + added.joined(separator: "; "), source)
        }
        var differs: [String] = []
        if let first = u.firstName, first != user.firstName { differs.append("firstName") }
        if let last = u.lastName, last != user.lastName { differs.append("lastName") }
        if let email = u.email, email.caseInsensitiveCompare(user.email) != .orderedSame { differs.append("email") }
        if u.isLocked == false && user.locked { differs.append("isLocked") }
        if !differs.isEmpty {
            report("user", user.login, .note, "the payload's \(differs.joined(separator: ", ")) differ\(differs.count == 1 ? "s" : ""); the profile is left as it is", source)
        }
        if u.isLocked == true && !user.locked { pendingLocks.append((id, source)) }
    }

    private mutating func addBlocks(_ wanted: Set<GroupID>, to user: inout User, ctx: ActorContext, source: String) {
        for group in wanted.sorted() where !user.grants.contains(where: { $0.groupID == group }) {
            if case .denied(let reason) = Policy.blockGroup(ctx, target: user, group: group, roles: roles) {
                report("block", "\(user.login): \(path(group))", .notImported, reason, source)
            } else {
                user.blockedGroups.insert(group)
            }
        }
    }

    mutating func describe(_ user: User) -> String {
        var parts = user.grants.map { "\(path($0.groupID)): \(roleName($0.roleID))" }
        parts += user.blockedGroups.map { "blocked on \(path($0))" }.sorted()
        return parts.joined(separator: "; ")
    }

    // MARK: - Locks

    mutating func planLocks() {
        let ctx = context()
        for (id, source) in pendingLocks {
            guard let user = users[id] else { continue }
            if case .denied(let reason) = Policy.lockUser(ctx, target: user, targetAccess: access(of: user), roster: .empty, logins: [:]) {
                report("user", user.login, .notImported, "isLocked: \(reason)", source)
                continue
            }
            plan.lockUsers.append(id)
            users[id]?.locked = true
            report("user", user.login, id < 0 ? .note : .updated, "locked, as the payload says (once their API clients exist)", source)
        }
    }
}
