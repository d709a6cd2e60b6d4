import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// Guided rotation: a new credential while the old one runs out after an overlap.
struct ClientsRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "A new credential (owner only); the old active one then expires after the overlap.",
        discussion: "A client has at most \(Credential.maximumPerClient) credentials. At that cap, with an inactive one, " +
            "--delete-inactive deletes the inactive one first. The new secret is printed this once.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Option(help: ArgumentHelp("Days both credentials work (the old one's expiry is shortened to this, never lengthened).", valueName: "DAYS"))
    var overlap: Int = 7
    @Flag(name: .customLong("delete-inactive"), help: "At the credential cap, delete the inactive credential first.") var deleteInactive = false
    @Option(help: ArgumentHelp("What the new credential is for.", valueName: "TEXT")) var description: String = ""
    @OptionGroup var secret: SecretOptions

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        let ctx = try global.context(store)
        let service = DirectoryService(store: store)
        let (found, live) = try store.read { db in
            let found = try Resolve.client(db, ctx, client)
            return (found, try Q.credentials(db, client: found.id))
        }
        let target = try secret.edgercTarget(clientName: found.name)
        let inactive = live.filter { $0.status == .inactive }.min { $0.createdAt < $1.createdAt }
        var deleted: Credential?
        let (issued, old) = try Change("credential.rotate", target: found.name).run { change in
            if live.count >= Credential.maximumPerClient, let inactive {
                // Would the rotation be allowed, making room? If not, say why now.
                let decision = try store.read { db in try Decide.decision(db, ctx, .rotateCredential(found.id)) }
                if case .denied(let reason) = decision { throw IDMError.denied(reason) }
                guard deleteInactive else {
                    throw Failure("\(found.name) already has \(live.count) credentials, the most a client may have, and " +
                                  "\(inactive.tokenPrefix)… (id \(inactive.id)) is inactive; pass --delete-inactive to delete it first.")
                }
                deleted = inactive
            }
            // The deletion and the new credential are one transaction: a refusal keeps both.
            let result = try service.rotateCredential(actor, client: found.id, overlapDays: overlap, description: description,
                                                      deletingInactive: deleted?.id)
            change.target = "\(found.name) credential \(result.issued.credentialID) (\(result.issued.clientToken.prefix(12))…) " +
                "replacing \(result.old.id) (\(result.old.tokenPrefix)…)"
            return result
        }
        var row = IssuedRow(issued)
        row.replaces = ClientRow.Cred(old)
        row.deletedCredentialId = deleted?.id
        var lines: [String] = []
        if let deleted { lines.append("Deleted the inactive credential \(deleted.tokenPrefix)… (id \(deleted.id)) first.") }
        lines.append("The old credential \(old.tokenPrefix)… now expires \(Formats.day(old.expiresAt)).")
        lines.append("Deactivate the old credential \(old.tokenPrefix)… once nothing uses it: " +
                     "idm clients credential deactivate \(Shell.quote(found.name)) \(old.id)")
        try secret.deliver(issued, to: target, row: row, extraLines: lines)
    }
}
