import Foundation
import IDMDomain
import IDMStore

/// A user's SSH keys from their page: add one from a pasted public key line, remove one after
/// a confirmation that names it. Both through the service (one transaction, audited).
enum SSHKeyFlows {
    /// The form (`AdminFlows.start(.addSSHKey, user:)`, and from a draft).
    static func addStep(_ user: User, _ io: ConsoleIO) throws -> AdminStep {
        let subject = VersionedSubject(.user, id: user.id, version: user.version, name: user.login)
        let form = FormScreen(crumb: "Add SSH key", title: "Add an SSH key for \(user.login)",
                              message: "Paste the public key line (the .pub file: type, key, comment). With it, \(user.login) opens this console over SSH.",
                              fields: [FormField(id: .sshKey, label: "Key", value: "")], submitLabel: "add") { v, io in
            let key = try io.service.addSSHKey(io.actor, user: user.id, line: v[.sshKey])
            return AdminStep.done("Added \(key.type) key \(key.fingerprint) to \(user.login).", select: nil)
        }
        return AdminStep.push(form.keyed(.user(.addSSHKey, user.id), subject: subject))
    }

    static func remove(user id: UserID, fingerprint: String) -> Effect {
        .run { io in
            guard let user = try io.reader.user(id) else { return AdminStep.refused("That user no longer exists.") }
            guard let key = try io.reader.sshKeys(io.context, id)?.first(where: { $0.fingerprint == fingerprint }) else {
                return AdminStep.refused("\(user.login) no longer has that key.")
            }
            let named = key.comment.isEmpty ? key.fingerprint : "\(key.fingerprint) (\(key.comment))"
            return AdminStep.push(ConfirmScreen(crumb: "Remove key", title: "Remove an SSH key of \(user.login)",
                message: "Remove \(user.login)'s \(key.type) key \(named)? Their next SSH login with it is refused; a session open now goes on until it ends.",
                yes: "remove") { io in
                try io.service.removeSSHKey(io.actor, user: user.id, fingerprint: key.fingerprint, expectedVersion: user.version)
                return AdminStep.done("Removed the key \(key.fingerprint) from \(user.login).", select: nil)
            })
        }
    }
}
