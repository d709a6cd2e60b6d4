import Foundation
import GRDB
import IDMDomain
import IDMStore
import IDMTerminal

/// Everything the policy needs to answer for one client, read in one snapshot.
struct ClientFacts {
    let client: APIClient
    let owner: User
    let creator: User
    let ownerAccess: UserAccess
    /// Not deleted, oldest first.
    let credentials: [Credential]

    static func load(_ db: Database, id: ClientID) throws -> ClientFacts? {
        guard let client = try Q.client(db, id: id), let owner = try Q.user(db, id: client.ownerID),
              let creator = try Q.user(db, id: client.creatorID) else { return nil }
        return ClientFacts(client: client, owner: owner, creator: creator, ownerAccess: try Q.access(db, of: owner),
                           credentials: try Q.credentials(db, client: id))
    }
}

/// The client page's actions, their keys, and what the policy says of each.
enum ClientAction: CaseIterable {
    case generate, rotate, activate, deactivate, deactivateAll, expiry, describe, deleteCredential
    case transfer, editAuthorization, editDetails, lockToggle, deleteClient

    var key: KeyEvent {
        switch self {
        case .generate: return .character("g")
        case .rotate: return .character("R")
        case .activate: return .character("a")
        case .deactivate: return .character("d")
        case .deactivateAll: return .character("D")
        case .expiry: return .character("e")
        case .describe: return .character("c")
        case .deleteCredential: return .character("x")
        case .transfer: return .character("t")
        case .editAuthorization: return .character("p")
        case .editDetails: return .character("m")
        case .lockToggle: return .character("l")
        case .deleteClient: return .character("X")
        }
    }

    func label(locked: Bool) -> String {
        switch self {
        case .generate: return "Generate"
        case .rotate: return "Rotate"
        case .activate: return "Activate"
        case .deactivate: return "Deactivate"
        case .deactivateAll: return "Deactivate all"
        case .expiry: return "Expiry"
        case .describe: return "Describe"
        case .deleteCredential: return "Delete cred."
        case .transfer: return "Transfer"
        case .editAuthorization: return "API access"
        case .editDetails: return "Edit"
        case .lockToggle: return locked ? "Unlock" : "Lock"
        case .deleteClient: return "Delete"
        }
    }

    var help: String {
        switch self {
        case .generate: return "Generate a credential (owner only; the secret is shown once)"
        case .rotate: return "Rotate: a new credential, the old one expiring after an overlap you choose"
        case .activate: return "Activate the selected credential"
        case .deactivate: return "Deactivate the selected credential"
        case .deactivateAll: return "Deactivate every credential of the client"
        case .expiry: return "Change the selected credential's expiry"
        case .describe: return "Change the selected credential's description"
        case .deleteCredential: return "Delete the selected credential (inactive only; final)"
        case .transfer: return "Transfer ownership to another user (creator or Admin)"
        case .editAuthorization: return "Edit the API access: groups and APIs (owner only)"
        case .editDetails: return "Edit name, description, notification emails, IP allowlist"
        case .lockToggle: return "Lock or unlock the client"
        case .deleteClient: return "Delete the client (no active credential; type its name)"
        }
    }

    /// Shown in the one-line hint bar (the rest in `?`).
    var inBar: Bool {
        switch self {
        case .generate, .rotate, .deactivate, .transfer, .editAuthorization, .editDetails, .lockToggle, .deleteClient: return true
        default: return false
        }
    }

    func decision(_ ctx: ActorContext, _ f: ClientFacts, selected: Credential?) -> Decision {
        let (c, owner, creator) = (f.client, f.owner, f.creator)
        func needsSelection(_ status: Credential.Status?, _ what: String) -> Decision {
            guard let selected else { return .denied("\(c.name) has no credential; generate one first.") }
            if let status, selected.status != status { return .denied("The selected credential is \(selected.status.rawValue.lowercased()); \(what).") }
            return .allowed
        }
        switch self {
        case .generate: return Policy.generateCredential(ctx, client: c, owner: owner, credentials: f.credentials)
        case .rotate: return Policy.rotateCredential(ctx, client: c, owner: owner, credentials: f.credentials)
        case .activate:
            return .first(Policy.setCredentialStatus(ctx, client: c, owner: owner, creator: creator, activate: true),
                          needsSelection(.inactive, "only an inactive one can be activated"))
        case .deactivate:
            return .first(Policy.setCredentialStatus(ctx, client: c, owner: owner, creator: creator, activate: false),
                          needsSelection(.active, "only an active one can be deactivated"))
        case .deactivateAll:
            return Policy.deactivateAllCredentials(ctx, client: c, owner: owner, creator: creator, credentials: f.credentials)
        case .expiry, .describe:
            return .first(Policy.editCredential(ctx, client: c, owner: owner, creator: creator), needsSelection(nil, ""))
        case .deleteCredential:
            guard let selected else { return needsSelection(nil, "") }
            return Policy.deleteCredential(ctx, client: c, owner: owner, creator: creator, credential: selected)
        case .transfer: return Policy.transferOwnership(ctx, client: c, creator: creator)
        case .editAuthorization: return Policy.editAuthorization(ctx, client: c, owner: owner, ownerAccess: f.ownerAccess)
        case .editDetails: return Policy.editDetails(ctx, client: c, owner: owner, creator: creator)
        case .lockToggle:
            return c.locked ? Policy.unlockClient(ctx, client: c) : Policy.lockClient(ctx, client: c, owner: owner, creator: creator)
        case .deleteClient: return Policy.deleteClient(ctx, client: c, owner: owner, creator: creator, credentials: f.credentials)
        }
    }
}
