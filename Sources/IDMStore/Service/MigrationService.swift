import Foundation
import GRDB
import IDMDomain

/// The migration of legacy API clients from Manage APIs [FAQ], applied in one transaction:
/// plan inside it (so the plan is of the state it writes to), create every eligible client and
/// every User record with its audit event, remember every legacy entry handled, store the
/// report, and append one summary event. A refusal anywhere rolls all of it back.
extension DirectoryService {
    /// Migrates `export` into the actor's account; non-conforming clients get `expiresAt`.
    /// A dry run plans in a read and writes nothing. A run with nothing new to write (the same
    /// export again) writes nothing either: its report has no run id.
    public func migrateLegacy(_ actor: ActorRef, export: LegacyExport, source: String, expiresAt: Date,
                              dryRun: Bool = false) throws -> MigrationReport {
        let today = now
        guard expiresAt > today else {
            throw IDMError.invalid(ValidationError(field: "expire",
                message: "The expiry of clients not migrated must be after today (\(Formats.day(today))), not \(Formats.day(expiresAt))."))
        }
        let body = { (db: Database) throws -> MigrationReport in
            let ctx = try Self.context(db, actor)
            try Decide.enforce(db, ctx, .migrateLegacy)
            let directory = try Q.migrationDirectory(db, account: ctx.account)
            let plan = try MigrationPlanner.plan(export, into: directory, expiresAt: expiresAt)
            guard !dryRun && !plan.changesNothing else {
                return plan.report(runID: nil, time: today, actor: ctx.login, account: ctx.account.name, source: source,
                                   exportedAt: export.exportedAt, expiresAt: expiresAt, dryRun: dryRun)
            }
            return try self.apply(db, ctx, plan, export: export, source: source, expiresAt: expiresAt)
        }
        return dryRun ? try store.read(body) : try store.write(body)
    }

    /// The newest stored report of the actor's account (nil before the first run).
    public func lastMigrationReport(_ actor: ActorRef) throws -> MigrationReport? {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            try Decide.enforce(db, ctx, .readMigrationReport)
            return try Q.migrationReport(db, account: ctx.account.id)
        }
    }

    private func apply(_ db: Database, _ ctx: ActorContext, _ plan: MigrationPlan, export: LegacyExport, source: String,
                       expiresAt: Date) throws -> MigrationReport {
        let time = now
        try db.execute(sql: """
            INSERT INTO legacy_run (account_id, time, actor_login, source, exported_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [ctx.account.id, time.timeIntervalSince1970, ctx.login, source,
                             export.exportedAt.timeIntervalSince1970, expiresAt.timeIntervalSince1970])
        let runID = db.lastInsertedRowID
        var keys: [LegacyKey: String] = [:]

        for planned in plan.clients {
            // The same checks as any creation for another user, again, inside the transaction.
            let ownerAccess = try Q.access(db, of: planned.owner)
            try Policy.createClient(ctx, owner: planned.owner, ownerAccess: ownerAccess).enforce()
            try checkAuthorization(db, owner: planned.owner, ownerAccess: ownerAccess, groups: planned.groupIDs, apis: planned.apis)
            let key = factory.token(prefix: "client")
            let id = try insertMigrated(db, ctx, kind: .api, key: key, name: planned.name, description: planned.description,
                                        owner: planned.owner.id, creator: planned.creator.id)
            try writeAuthorization(db, client: id, groups: planned.groupIDs, apis: planned.apis)
            try remember(db, ctx, planned.key, outcome: "migrated", client: id, run: runID, tokenHint: planned.tokenHint, expiresAt: nil)
            var fields = try auditFields(db, try requireClient(db, id))
            fields["legacyClientId"] = planned.key.id
            fields["legacyAccessToken"] = planned.tokenHint
            try Audit.append(db, time: time, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "client.migrate",
                             targetType: "api_client", targetID: String(id), targetName: planned.name, after: fields)
            keys[planned.key] = key
        }

        for record in plan.records {
            let key = factory.token(prefix: "user")
            let id = try insertMigrated(db, ctx, kind: .user, key: key, name: record.name, description: record.description,
                                        owner: record.user.id, creator: record.user.id)
            try remember(db, ctx, record.key, outcome: "migrated", client: id, run: runID, tokenHint: nil, expiresAt: nil)
            var fields = try auditFields(db, try requireClient(db, id))
            fields["type"] = APIClient.Kind.user.rawValue
            fields["legacyUser"] = record.username
            if let legacyID = record.legacyClientID { fields["legacyClientId"] = legacyID }
            try Audit.append(db, time: time, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "client.migrate-user-record",
                             targetType: "api_client", targetID: String(id), targetName: record.name, after: fields)
            keys[record.key] = key
        }

        for entry in plan.notMigrated where entry.isNew {
            try remember(db, ctx, entry.key, outcome: "not-migrated", client: nil, run: runID, tokenHint: nil, expiresAt: entry.expiresAt)
        }

        let report = plan.report(runID: runID, time: time, actor: ctx.login, account: ctx.account.name, source: source,
                                 exportedAt: export.exportedAt, expiresAt: expiresAt, dryRun: false, keys: keys)
        var position = 0
        for (section, lines) in [("migrated", report.migrated), ("user-record", report.userRecords),
                                 ("not-migrated", report.notMigrated), ("already-migrated", report.alreadyMigrated)] {
            for line in lines {
                try db.execute(sql: """
                    INSERT INTO legacy_report_line (run_id, position, section, legacy_id, legacy_type, name, owner, creator,
                                                    client_name, client_key, reasons, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, position, section, line.legacyID, line.legacyType, line.name, line.owner, line.creator, line.client,
                                     line.clientKey, JSONList.encode(line.reasons), line.expiresAt?.timeIntervalSince1970])
                position += 1
            }
        }
        try Audit.append(db, time: time, actor: ctx.login, origin: ctx.origin, account: ctx.account.id, action: "legacy.migrate",
                         targetType: "legacy_run", targetID: String(runID), targetName: source,
                         after: ["migrated": String(report.migrated.count), "userRecords": String(report.userRecords.count),
                                 "notMigrated": String(report.notMigrated.count), "alreadyMigrated": String(report.alreadyMigrated.count),
                                 "expiresAt": Formats.day(expiresAt), "exportedAt": Formats.timestamp(export.exportedAt)])
        return report
    }

    private func insertMigrated(_ db: Database, _ ctx: ActorContext, kind: APIClient.Kind, key: String, name: String,
                                description: String, owner: UserID, creator: UserID) throws -> ClientID {
        try uniquely("An API client named \(name) already exists in \(ctx.account.name).") {
            try db.execute(sql: """
                INSERT INTO api_client (account_id, client_key, name, description, kind, owner_id, creator_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ctx.account.id, key, name, description, kind.rawValue, owner, creator])
            return db.lastInsertedRowID
        }
    }

    /// Records what this run did with a legacy entry (a later run of it then changes nothing).
    private func remember(_ db: Database, _ ctx: ActorContext, _ key: LegacyKey, outcome: String, client: ClientID?, run: Int64,
                          tokenHint: String?, expiresAt: Date?) throws {
        try db.execute(sql: """
            INSERT INTO legacy_entry (account_id, kind, legacy_id, outcome, client_id, run_id, token_hint, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, kind, legacy_id) DO UPDATE SET
                outcome = excluded.outcome, client_id = excluded.client_id, run_id = excluded.run_id,
                token_hint = excluded.token_hint, expires_at = excluded.expires_at
            """, arguments: [ctx.account.id, key.kind.rawValue, key.id, outcome, client, run, tokenHint,
                             expiresAt?.timeIntervalSince1970])
    }
}
