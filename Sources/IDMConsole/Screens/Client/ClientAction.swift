import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// The client page's actions on the client and its credentials, their keys, and what the
/// policy says of each.
enum ClientAction: CaseIterable, Hashable {
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

    /// Shown in the one-line hint bar (the rest in `?`); activate and deactivate only when
    /// the credential under the cursor is one they apply to.
    var inBar: Bool {
        switch self {
        case .generate, .rotate, .activate, .deactivate, .transfer, .editAuthorization, .editDetails, .lockToggle, .deleteClient: return true
        default: return false
        }
    }

    /// Acts on the credential under the cursor.
    var needsCredential: Bool { [.activate, .deactivate, .expiry, .describe, .deleteCredential].contains(self) }

    /// The decision table's question for this action on the client, the selected credential
    /// being the one `a`, `d`, `e`, `c` and `x` act on.
    func question(_ client: ClientID, selected: Credential?) -> Question {
        switch self {
        case .generate: return .generateCredential(client)
        case .rotate: return .rotateCredential(client)
        case .activate: return selected.map { .activateCredential($0.id) } ?? .activateCredentials(client)
        case .deactivate: return selected.map { .deactivateCredential($0.id) } ?? .deactivateCredentials(client)
        case .deactivateAll: return .deactivateAllCredentials(client)
        case .expiry, .describe: return selected.map { .editCredential($0.id) } ?? .activateCredentials(client)
        case .deleteCredential: return selected.map { .deleteCredential($0.id) } ?? .activateCredentials(client)
        case .transfer: return .transferClient(client, to: nil)
        case .editAuthorization: return .editAuthorization(client)
        case .editDetails: return .editClientDetails(client)
        case .lockToggle: return .lockClient(client)
        case .deleteClient: return .deleteClient(client)
        }
    }

    /// Asked of the facts the page loaded: no read while drawing.
    func decision(_ ctx: ActorContext, _ f: ClientFacts, selected: Credential?) -> Decision {
        if selected == nil, needsCredential {
            return f.credentials.isEmpty ? .denied("\(f.client.name) has no credential; generate one first.")
                : .denied("Move the cursor to a credential first (Tab jumps to the Credentials section).")
        }
        var facts = DecisionFacts()
        facts.client = f
        facts.credential = selected
        let q: Question = self == .lockToggle && f.client.locked ? .unlockClient(f.client.id) : question(f.client.id, selected: selected)
        let decision = Policy.decide(q, ctx, facts)
        if self == .rotate, !decision.isAllowed, let inactive = makeRoom(f) {
            // At the cap, rotating deletes the inactive credential in the same transaction: the
            // policy is asked about the client as it will be then.
            facts.client = f.without(inactive)
            return Policy.decide(q, ctx, facts)
        }
        return decision
    }
}

extension ClientAction {
    /// At the cap of credentials, the inactive one a rotation would delete to make room.
    func makeRoom(_ f: ClientFacts) -> Credential? {
        guard f.credentials.count >= Credential.maximumPerClient else { return nil }
        return f.credentials.first { $0.status == .inactive }
    }
}

extension ClientFacts {
    /// The same client with one credential fewer.
    func without(_ credential: Credential) -> ClientFacts {
        ClientFacts(client: client, owner: owner, creator: creator, ownerAccess: ownerAccess,
                    credentials: credentials.filter { $0.id != credential.id })
    }
}
