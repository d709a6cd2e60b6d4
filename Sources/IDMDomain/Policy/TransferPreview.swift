/// What a client would lose if ownership moved to another user whose access is narrower
/// (rule 5): groups the new owner cannot reach, APIs they cannot hold, levels that drop.
public struct TransferPreview: Equatable, Sendable {
    public var lostGroups: [GroupID] = []
    public var lostAPIs: [ServiceID] = []
    public var loweredAPIs: [(ServiceID, from: AccessLevel, to: AccessLevel)] = []
    /// The new owner could generate credentials (rule 4) but holds no Manage API Clients
    /// permission on the groups the client keeps, so could not lock, edit or delete it (rule 15).
    public var ownerCannotManage = false
    /// Every group is lost: the client stays, marked "no access" (rule 17).
    public var keepsNoGroup = false

    public var losesNothing: Bool { lostGroups.isEmpty && lostAPIs.isEmpty && loweredAPIs.isEmpty }

    /// The same loss (whether the new owner could manage the client is advice, not loss).
    public static func == (a: TransferPreview, b: TransferPreview) -> Bool {
        a.lostGroups == b.lostGroups && a.lostAPIs == b.lostAPIs
            && a.loweredAPIs.map { "\($0.0)\($0.from)\($0.to)" } == b.loweredAPIs.map { "\($0.0)\($0.from)\($0.to)" }
    }
}

extension Policy {
    public static func transferPreview(client: APIClient, newOwnerAccess: UserAccess, services: [ServiceID: APIService]) -> TransferPreview {
        var preview = TransferPreview()
        preview.lostGroups = client.groupIDs.filter { !newOwnerAccess.groupIDs.contains($0) }.sorted()
        let keptGroups = client.groupIDs.subtracting(preview.lostGroups)
        for grant in client.apis.sorted(by: { $0.serviceID < $1.serviceID }) {
            guard let service = services[grant.serviceID],
                  let level = newOwnerAccess.level(for: service.requiredProduct, on: keptGroups) else {
                preview.lostAPIs.append(grant.serviceID)
                continue
            }
            if level < grant.level { preview.loweredAPIs.append((grant.serviceID, from: grant.level, to: level)) }
        }
        preview.keepsNoGroup = keptGroups.isEmpty && !client.groupIDs.isEmpty
        preview.ownerCannotManage = !keptGroups.isEmpty && !newOwnerAccess.canManageAPIClients(onAll: keptGroups)
        return preview
    }

    /// The new owner must be another unlocked user of the account who keeps at least one group.
    public static func transferTarget(_ actor: ActorContext, client: APIClient, newOwner: User, preview: TransferPreview) -> Decision {
        .first(
            sameAccount(actor, newOwner.accountID, "User \(newOwner.login)"),
            .require(newOwner.id != client.ownerID, "\(newOwner.login) already owns \(client.name)."),
            .require(!newOwner.locked, "\(newOwner.login) is locked and cannot own an API client."),
            .require(preview.lostGroups.count < client.groupIDs.count || client.groupIDs.isEmpty,
                     "\(newOwner.login) has access to none of the groups of \(client.name).")
        )
    }
}
