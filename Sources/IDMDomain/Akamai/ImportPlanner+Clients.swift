import Foundation

/// API clients: the owner is the first of `authorizedUsers`, the creator `createdBy`; groups
/// from `groupAccess` (or the owner's, with `cloneAuthorizedUserGroups`), APIs from `apiAccess`
/// (every API the owner reaches there, with `allAccessibleApis`), each within the owner's
/// access as the wizard's rules say; the IP allowlist, emails, lock; credential metadata.
extension ImportPlanner {
    mutating func planClients() {
        for (client, source) in clientEntries { planClient(client, source: source) }
    }

    private mutating func planClient(_ c: AkamaiClient, source: String) {
        guard let name = valid(Validate.clientName(c.clientName), "client", c.clientName, source) else { return }
        if let existing = dir.clients.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            return report("client", existing.name, .unchanged, "exists; left as it is", source)
        }
        guard !clientNames.contains(name.lowercased()) else {
            return report("client", name, .notImported, "another client of the payload has this name (idm's client names are unique in an account)", source)
        }
        let authorized = c.authorizedUsers ?? []
        guard let ownerLogin = authorized.first else { return report("client", name, .notImported, "no authorizedUsers: an idm client needs an owner", source) }
        guard let ownerID = userByLogin[ownerLogin.lowercased()], let owner = users[ownerID] else {
            return report("client", name, .notImported, "its owner \(ownerLogin) is not a user of \(dir.account.name) nor of the payload", source)
        }
        for other in authorized.dropFirst() {
            report("client", name, .notImported, "authorized user \(other): an idm client has one owner (\(owner.login))", source)
        }
        var creatorID = actor.user.id
        if let by = c.createdBy {
            if let found = userByLogin[by.lowercased()] { creatorID = found } else {
                report("client", name, .notImported, "creator \(by) is not a user here; \(actor.login), who imports it, is recorded as its creator", source)
            }
        }
        let ctx = context()
        let ownerAccess = access(of: owner)
        if case .denied(let reason) = Policy.createClient(ctx, owner: owner, ownerAccess: ownerAccess) {
            return report("client", name, .notImported, reason, source)
        }
        let groups = clientGroups(c, name: name, owner: owner, ownerAccess: ownerAccess, source: source)
        guard !groups.isEmpty else { return report("client", name, .notImported, "no group idm can give it within its owner's access", source) }
        if case .denied(let reason) = Policy.createClient(ctx, owner: owner, on: groups) { return report("client", name, .notImported, reason, source) }
        let apis = clientAPIs(c, name: name, owner: owner, ownerAccess: ownerAccess, groups: groups, source: source)
        let emails = (c.notificationEmails ?? []).compactMap { valid(Validate.email($0), "client", name, source, what: "notification email \($0): ") }
        var cidrs: [String] = []
        if let acl = c.ipAcl, !(acl.cidr ?? []).isEmpty {
            if acl.enable == false {
                report("client", name, .notImported, "its IP allowlist is disabled, and idm has no disabled allowlist: its CIDRs are left out", source)
            } else {
                cidrs = (acl.cidr ?? []).compactMap { valid(Validate.cidr($0), "client", name, source, what: "CIDR \($0): ") }
            }
        }
        let description = c.clientDescription.flatMap { valid(Validate.clientDescription($0), "client", name, source, what: "its description: ") } ?? ""
        if c.allowAccountSwitch == true {
            report("client", name, .notImported, "allowAccountSwitch: an idm client acts in one account", source)
        }
        var locked = false
        if c.isLocked == true {
            let probe = APIClient(id: newID(), accountID: dir.account.id, clientKey: "", name: name, ownerID: ownerID, creatorID: creatorID,
                                  groupIDs: groups, apis: apis)
            if case .denied(let reason) = Policy.lockClient(ctx, client: probe, owner: owner, creator: users[creatorID] ?? actor.user) {
                report("client", name, .notImported, "isLocked: \(reason)", source)
            } else {
                locked = true
            }
        }
        clientNames.insert(name.lowercased())
        plan.clients.append(ImportPlan.NewClient(name: name, description: description, ownerID: ownerID, creatorID: creatorID, groupIDs: groups,
                                                 apis: apis, notificationEmails: emails, ipAllowlist: cidrs, locked: locked))
        report("client", name, .created, "owner \(owner.login); \(groups.count) group\(groups.count == 1 ? "" : "s"); " +
               (apis.isEmpty ? "no APIs" : apis.map { "\($0.serviceID) \($0.level.rawValue)" }.joined(separator: ", ")) + (locked ? "; locked" : ""), source)
        planCredentials(c.credentials ?? [], client: name, accessToken: c.accessToken, source: source)
    }

    /// `groupAccess` as a set of groups: each listed group and what cascades from it (unless a
    /// nested entry is blocked), within the owner's access; without it, the owner's groups.
    private mutating func clientGroups(_ c: AkamaiClient, name: String, owner: User, ownerAccess: UserAccess, source: String) -> Set<GroupID> {
        guard let access = c.groupAccess, access.cloneAuthorizedUserGroups != true else {
            if c.groupAccess == nil { report("client", name, .note, "no groupAccess in the payload: the owner's groups", source) }
            return ownerAccess.groupIDs
        }
        var listed: [GroupID: Bool] = [:]
        func walk(_ entries: [AkamaiGrant], parent: GroupID?, planner: inout ImportPlanner) {
            for e in entries {
                guard let group = planner.resolveGroup(e, parent: parent, source: source) else {
                    planner.report("client", name, .notImported, "group \(e.groupId.map(String.init) ?? e.groupName ?? "?") is in no groups payload and not in \(planner.dir.account.name)", source)
                    continue
                }
                listed[group] = parent != nil && e.isBlocked == true
                walk(e.subGroups ?? [], parent: group, planner: &planner)
            }
        }
        walk(access.groups ?? [], parent: nil, planner: &self)
        let tree = tree()
        var out = Set<GroupID>()
        for id in tree.groups.keys {
            guard let nearest = tree.lineage(of: id).reversed().first(where: { listed[$0] != nil }), listed[nearest] == false else { continue }
            out.insert(id)
        }
        let outside = out.filter { ownerAccess.access(on: $0) == nil }
        for id in Policy.ordered(outside, tree) {
            report("client", name, .notImported, "group \(tree.path(of: id)): its owner \(owner.login) has no access there", source)
        }
        return out.subtracting(outside)
    }

    /// `apiAccess` as API grants the owner's access allows on `groups`.
    private mutating func clientAPIs(_ c: AkamaiClient, name: String, owner: User, ownerAccess: UserAccess, groups: Set<GroupID>,
                                     source: String) -> [APIGrant] {
        let tree = tree()
        func availability(_ service: APIService) -> APIAvailability {
            Policy.apiAvailability(of: service, owner: owner, ownerAccess: ownerAccess, selectedGroups: groups, tree: tree, products: dir.products)
        }
        guard let access = c.apiAccess else {
            report("client", name, .note, "no apiAccess in the payload: no APIs", source)
            return []
        }
        if access.allAccessibleApis == true {
            let apis = dir.services.compactMap { service in availability(service).maxLevel.map { APIGrant(serviceID: service.id, level: $0) } }
            report("client", name, .note, "allAccessibleApis: every API its owner reaches on its groups, at the owner's level (\(apis.count))", source)
            return apis
        }
        var out: [APIGrant] = []
        for api in access.apis ?? [] {
            let label = api.apiName ?? api.endPoint ?? api.apiId.map { "#\($0)" } ?? "?"
            guard let service = AkamaiMapping.service(for: api, in: dir.services) else {
                report("api", "\(name): \(label)", .notImported, "not an API of idm's catalogue", source)
                continue
            }
            guard let level = AkamaiMapping.level(api.accessLevel) else {
                report("api", "\(name): \(label)", .notImported, "accessLevel \(api.accessLevel ?? "missing"): READ-ONLY or READ-WRITE", source)
                continue
            }
            guard !out.contains(where: { $0.serviceID == service.id }) else { continue }
            if case .denied(let reason) = Policy.grantAPI(availability(service), level: level) {
                report("api", "\(name): \(service.name)", .notImported, reason, source)
                continue
            }
            out.append(APIGrant(serviceID: service.id, level: level))
        }
        return out
    }

    /// Credential metadata: status, dates, description and token; never a secret (there is
    /// none: the owner generates a new credential to call an API).
    private mutating func planCredentials(_ credentials: [AkamaiCredential], client: String, accessToken: String?, source: String) {
        var kept = 0
        for credential in credentials {
            guard let token = credential.clientToken?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
                report("credential", client, .notImported, "a credential without a clientToken", source)
                continue
            }
            let label = "\(client): \(token.count > 16 ? "\(token.prefix(12))…\(token.suffix(4))" : token)"
            guard tokens.insert(token).inserted else {
                report("credential", label, .notImported, "its client token is already a credential's in this directory", source)
                continue
            }
            guard let status = AkamaiMapping.status(credential.status) else {
                report("credential", label, .notImported, "status \(credential.status ?? "missing"): ACTIVE, INACTIVE or DELETED", source)
                continue
            }
            if status != .deleted {
                guard kept < Credential.maximumPerClient else {
                    report("credential", label, .notImported, "idm keeps at most \(Credential.maximumPerClient) credentials that are not deleted per client", source)
                    continue
                }
                kept += 1
            }
            let created = AkamaiMapping.date(credential.createdOn) ?? now
            // v3's default lifetime is two calendar years, a day more than idm's 730 days across a leap day.
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let longest = max(created.addingTimeInterval(Double(Credential.maximumLifetimeDays) * 86_400),
                              utc.date(byAdding: .year, value: 2, to: created) ?? created)
            var expires = AkamaiMapping.date(credential.expiresOn) ?? created.addingTimeInterval(Double(Credential.defaultLifetimeDays) * 86_400)
            if expires > longest {
                report("credential", label, .note, "expiry \(credential.expiresOn ?? "-") is past idm's longest lifetime; \(AkamaiMapping.text(longest)) kept", source)
                expires = longest
            }
            let description = credential.description.flatMap { try? Validate.text($0, field: "description", label: "Description",
                                                                                    limits: FieldLimits.credentialDescription).get() } ?? ""
            plan.credentials.append(ImportPlan.NewCredential(clientName: client, clientToken: token, accessToken: accessToken, status: status,
                                                             createdAt: created, expiresAt: expires, description: description))
            report("credential", label, .created, "\(status.rawValue), expires \(AkamaiMapping.text(expires)); no secret (the owner generates a new credential to call an API)", source)
        }
    }
}
