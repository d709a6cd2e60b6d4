import Foundation
import GRDB
import IDMDomain

/// Credentials: issued by the owner, switched on and off by the owner or the creator.
extension DirectoryService {
    /// Rule 4. The secret is in the result and nowhere else: the database keeps its salted hash
    /// and last four characters.
    public func generateCredential(_ actor: ActorRef, client clientID: ClientID, description: String = "",
                                   expiresAt: Date? = nil) throws -> IssuedCredential {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            return try issueCredential(db, ctx, client: try requireClient(db, clientID), description: description, expiresAt: expiresAt)
        }
    }

    func issueCredential(_ db: Database, _ ctx: ActorContext, client: APIClient, description: String, expiresAt: Date?) throws -> IssuedCredential {
        let clientID = client.id
        try Decide.enforce(db, ctx, .generateCredential(clientID))
        let description = try Validate.text(description, field: "description", label: "Description",
                                            limits: FieldLimits.credentialDescription).valid()
        let created = now
        let expires = try checkedExpiry(expiresAt ?? created.addingTimeInterval(Double(Credential.defaultLifetimeDays) * 86_400), from: created)
        let secret = factory.secret()
        let salt = factory.salt()
        let token = factory.token(prefix: "ctok")
        let access = factory.token(prefix: "atok")
        try db.execute(sql: """
            INSERT INTO credential (client_id, client_token, access_token, secret_salt, secret_hash, secret_last4, status,
                                    created_at, expires_at, description)
            VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)
            """, arguments: [clientID, token, access, Data(salt), Data(CredentialFactory.hash(secret: secret, salt: salt)),
                             String(secret.suffix(4)), created.timeIntervalSince1970, expires.timeIntervalSince1970, description])
        let credential = try Q.credential(db, id: db.lastInsertedRowID)!
        try Audit.append(db, time: created, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "credential.create",
                         targetType: "credential", targetID: String(credential.id), targetName: client.name,
                         after: AuditFields.credential(credential))
        let host = factory.host(suffix: try Q.setting(db, "host_suffix") ?? "api.idm.invalid")
        return IssuedCredential(credentialID: credential.id, clientName: client.name, host: host, clientToken: token,
                                accessToken: access, secret: secret, expiresAt: expires)
    }

    /// Rule 5: activate or deactivate; rule 16: an Admin or IDM Admin on one of the client's
    /// groups deactivates in an incident, locked or not, and the event says so.
    public func setCredentialStatus(_ actor: ActorRef, credential id: CredentialID, active: Bool, expectedVersion: Int64? = nil) throws {
        try changeCredential(actor, id, expectedVersion: expectedVersion, action: active ? "credential.activate" : "credential.deactivate") { db, ctx, client, _, _, _ in
            try Decide.enforce(db, ctx, active ? .activateCredential(id) : .deactivateCredential(id))
            try db.execute(sql: "UPDATE credential SET status = ? WHERE id = ?", arguments: [active ? "ACTIVE" : "INACTIVE", id])
            return Self.incidentNote(ctx, client)
        }
    }

    /// "incident response" when the actor deactivates as an Admin or IDM Admin rather than as
    /// the owner or creator (rule 16): someone else's client, or any locked one.
    static func incidentNote(_ ctx: ActorContext, _ client: APIClient) -> [String: String] {
        let byRight = (ctx.user.id == client.ownerID || ctx.user.id == client.creatorID) && !client.locked
        return byRight ? [:] : ["by": "incident response (Admin or IDM Admin on the client's groups)"]
    }

    /// A new expiry, never past the maximum lifetime from creation.
    public func setCredentialExpiry(_ actor: ActorRef, credential id: CredentialID, expiresAt: Date, expectedVersion: Int64? = nil) throws {
        try changeCredential(actor, id, expectedVersion: expectedVersion, action: "credential.expiry") { db, ctx, _, _, _, credential in
            try Decide.enforce(db, ctx, .editCredential(id))
            let expires = try checkedExpiry(expiresAt, from: credential.createdAt)
            try db.execute(sql: "UPDATE credential SET expires_at = ? WHERE id = ?", arguments: [expires.timeIntervalSince1970, id])
            return [:]
        }
    }

    /// A credential's description (what it is used for).
    public func setCredentialDescription(_ actor: ActorRef, credential id: CredentialID, description: String,
                                         expectedVersion: Int64? = nil) throws {
        try changeCredential(actor, id, expectedVersion: expectedVersion, action: "credential.describe") { db, ctx, _, _, _, _ in
            try Decide.enforce(db, ctx, .editCredential(id))
            let text = try Validate.text(description, field: "description", label: "Description",
                                         limits: FieldLimits.credentialDescription).valid()
            try db.execute(sql: "UPDATE credential SET description = ? WHERE id = ?", arguments: [text, id])
            return [:]
        }
    }

    /// Every active credential of the client deactivated in one transaction (a suspected leak).
    @discardableResult
    public func deactivateAllCredentials(_ actor: ActorRef, client clientID: ClientID) throws -> Int {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            let client = try requireClient(db, clientID)
            let credentials = try Q.credentials(db, client: clientID)
            try Decide.enforce(db, ctx, .deactivateAllCredentials(clientID))
            let active = credentials.filter { $0.status == .active }
            for credential in active {
                try db.execute(sql: "UPDATE credential SET status = 'INACTIVE', version = version + 1 WHERE id = ?", arguments: [credential.id])
                try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "credential.deactivate",
                                 targetType: "credential", targetID: String(credential.id), targetName: client.name,
                                 before: ["status": "ACTIVE"], after: ["status": "INACTIVE"].merging(Self.incidentNote(ctx, client)) { a, _ in a })
            }
            return active.count
        }
    }

    /// Guided rotation, in one transaction: a new credential, and the old active one set to
    /// expire after `overlap` (shortened, never lengthened), so both work while clients switch.
    /// At the cap of two, `deletingInactive` names the inactive credential to delete first, in
    /// the same transaction, so a refusal or a cancel leaves both. The caller reminds the user
    /// to deactivate the old one once nothing uses it.
    public func rotateCredential(_ actor: ActorRef, client clientID: ClientID, overlapDays: Int, description: String = "",
                                 deletingInactive: CredentialID? = nil)
        throws -> (issued: IssuedCredential, old: Credential) {
        guard (0...Credential.maximumLifetimeDays).contains(overlapDays) else {
            throw IDMError.invalid(ValidationError(field: "overlap", message: "The overlap must be 0-\(Credential.maximumLifetimeDays) days."))
        }
        return try store.write { db in
            let ctx = try Self.context(db, actor)
            let client = try requireClient(db, clientID)
            let credentials = try Q.credentials(db, client: clientID)
            try Decide.enforce(db, ctx, .rotateCredential(clientID))
            if let doomed = deletingInactive {
                guard let inactive = credentials.first(where: { $0.id == doomed }), inactive.clientID == clientID else {
                    throw IDMError.notFound("No credential with id \(doomed) on \(client.name).")
                }
                try Decide.enforce(db, ctx, .deleteCredential(doomed))
                try db.execute(sql: "UPDATE credential SET status = 'DELETED', version = version + 1 WHERE id = ?", arguments: [doomed])
                try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "credential.delete",
                                 targetType: "credential", targetID: String(doomed), targetName: client.name,
                                 before: ["status": inactive.status.rawValue], after: ["status": "DELETED", "cause": "making room to rotate"])
            }
            // The old one: the active credential that expires first.
            let old = credentials.filter { $0.status == .active }.min { $0.expiresAt < $1.expiresAt }!
            let issued = try issueCredential(db, ctx, client: client, description: description, expiresAt: nil)
            let end = min(old.expiresAt, now.addingTimeInterval(Double(overlapDays) * 86_400))
            if end < old.expiresAt {
                try db.execute(sql: "UPDATE credential SET expires_at = ?, version = version + 1 WHERE id = ?",
                               arguments: [end.timeIntervalSince1970, old.id])
                try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "credential.expiry",
                                 targetType: "credential", targetID: String(old.id), targetName: client.name,
                                 before: ["expiresAt": Formats.timestamp(old.expiresAt)], after: ["expiresAt": Formats.timestamp(end)])
            }
            return (issued, try Q.credential(db, id: old.id)!)
        }
    }

    /// Only an inactive credential; DELETED is final.
    public func deleteCredential(_ actor: ActorRef, credential id: CredentialID, expectedVersion: Int64? = nil) throws {
        try changeCredential(actor, id, expectedVersion: expectedVersion, action: "credential.delete") { db, ctx, _, _, _, _ in
            try Decide.enforce(db, ctx, .deleteCredential(id))
            try db.execute(sql: "UPDATE credential SET status = 'DELETED' WHERE id = ?", arguments: [id])
            return [:]
        }
    }

    private func changeCredential(
        _ actor: ActorRef, _ id: CredentialID, expectedVersion: Int64?, action: String,
        _ change: (Database, ActorContext, APIClient, User, User, Credential) throws -> [String: String]
    ) throws {
        try store.write { db in
            let ctx = try Self.context(db, actor)
            guard let before = try Q.credential(db, id: id) else { throw IDMError.notFound("No credential with id \(id).") }
            let client = try requireClient(db, before.clientID)
            try checkFresh(db, version: before.version, expected: expectedVersion, targetType: "credential", id: id,
                           name: "Credential \(before.tokenPrefix)… of \(client.name)")
            let note = try change(db, ctx, client, try requireUser(db, client.ownerID), try requireUser(db, client.creatorID), before)
            try bumpVersion(db, table: "credential", id: id, expected: expectedVersion, targetType: "credential",
                            name: "Credential \(before.tokenPrefix)… of \(client.name)")
            let after = try Q.credential(db, id: id)!
            let diff = Audit.diff(AuditFields.credential(before), AuditFields.credential(after))
            try Audit.append(db, time: now, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: action, targetType: "credential",
                             targetID: String(id), targetName: client.name, before: diff.before,
                             after: diff.after.merging(note) { a, _ in a })
        }
    }

    func checkedExpiry(_ date: Date, from created: Date) throws -> Date {
        let limit = created.addingTimeInterval(Double(Credential.maximumLifetimeDays) * 86_400)
        guard date <= limit else {
            throw IDMError.invalid(ValidationError(field: "expiresAt",
                message: "A credential may live at most \(Credential.maximumLifetimeDays) days: the latest expiry is \(Formats.day(limit))."))
        }
        guard date > created else {
            throw IDMError.invalid(ValidationError(field: "expiresAt", message: "The expiry must be after the credential's creation (\(Formats.day(created)))."))
        }
        return date
    }
}
