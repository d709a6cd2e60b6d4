import Foundation
import GRDB

/// Migration v6: the audit log becomes a hash chain. The events that exist are chained in id
/// order (the append-only trigger is lifted for that one pass, inside the migration's
/// transaction), one `audit.chain-start` event records it, and from then on triggers refuse an
/// event whose id is not the next one (so `INSERT OR REPLACE` of an old id) or whose link is
/// not the last event's hash, and keep the head in `audit_head`.
enum AuditChainMigration {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE audit_event ADD COLUMN prev_hash TEXT;
            ALTER TABLE audit_event ADD COLUMN hash TEXT;
            CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                hash TEXT NOT NULL,
                count INTEGER NOT NULL
            );
            DROP TRIGGER audit_event_no_update;
            """)
        var link = AuditChain.genesis
        var count = 0
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM audit_event ORDER BY id")
        // Renumber first if ids have gaps (a rolled-back insert never leaves one, but be exact).
        for (index, id) in ids.enumerated() where id != Int64(index + 1) {
            try db.execute(sql: "UPDATE audit_event SET id = ? WHERE id = ?", arguments: [index + 1, id])
        }
        for id in Int64(1)..<Int64(ids.count + 1) {
            try db.execute(sql: "UPDATE audit_event SET prev_hash = ? WHERE id = ?", arguments: [link, id])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE id = ?", arguments: [id])!
            link = AuditChain.hash(row)
            try db.execute(sql: "UPDATE audit_event SET hash = ? WHERE id = ?", arguments: [link, id])
            count += 1
        }
        try db.execute(sql: "INSERT INTO audit_head (id, hash, count) VALUES (1, ?, ?)", arguments: [link, count])
        try db.execute(sql: """
            CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: events cannot be changed'); END;
            CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
            BEGIN
                SELECT RAISE(ABORT, 'audit_event is append-only: an event takes the next id, never an old one')
                WHERE NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_event);
                SELECT RAISE(ABORT, 'audit_event is a chain: an event links to the hash of the one before it')
                WHERE NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), '\(AuditChain.genesis)')
                   OR NEW.hash IS NULL OR length(NEW.hash) <> 64;
            END;
            CREATE TRIGGER audit_event_head AFTER INSERT ON audit_event
            BEGIN UPDATE audit_head SET hash = NEW.hash, count = count + 1 WHERE id = 1; END;
            CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
            BEGIN SELECT RAISE(ABORT, 'audit_head is the chain''s head: it cannot be deleted'); END;
            """)
        if count > 0 {
            // The columns of v6's day (no states yet: v7 adds them), chained like any event.
            let (id, link) = try AuditChain.next(db)
            try Audit.insertChained(db, [
                ("id", id.databaseValue), ("time", Date().timeIntervalSince1970.databaseValue),
                ("actor_login", DirectoryService.systemActor.databaseValue), ("action", "audit.chain-start".databaseValue),
                ("target_type", "audit".databaseValue), ("target_id", "chain".databaseValue), ("target_name", "audit chain".databaseValue),
                ("before", "{}".databaseValue),
                ("after", JSONMap.encode(["chainedEvents": String(count), "form": AuditChain.form]).databaseValue),
                ("prev_hash", link.databaseValue),
            ])
        }
    }

    /// Migration v7: each event records the digests of the rows it changed (`audit_state`,
    /// append-only, covered by the event's `state_digest` and so by the chain). A directory
    /// that already has rows gets one `audit.state-baseline` event recording them all.
    static func recordDirectoryState(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE audit_event ADD COLUMN state_digest TEXT;
            CREATE TABLE audit_state (
                event_id INTEGER NOT NULL REFERENCES audit_event(id),
                entity TEXT NOT NULL,
                digest TEXT NOT NULL,
                PRIMARY KEY (entity, event_id)
            ) WITHOUT ROWID;
            CREATE INDEX audit_state_event ON audit_state(event_id);
            CREATE TRIGGER audit_state_no_update BEFORE UPDATE ON audit_state
            BEGIN SELECT RAISE(ABORT, 'audit_state is append-only: recorded states cannot be changed'); END;
            CREATE TRIGGER audit_state_no_delete BEFORE DELETE ON audit_state
            BEGIN SELECT RAISE(ABORT, 'audit_state is append-only: recorded states cannot be deleted'); END;
            CREATE TRIGGER audit_state_only_new BEFORE INSERT ON audit_state
            BEGIN
                SELECT RAISE(ABORT, 'audit_state records the states of the event being written, never of an older one')
                WHERE NEW.event_id IS NOT (SELECT MAX(id) FROM audit_event);
            END;
            """)
        if try !DirectoryState.unrecorded(db, DirectoryState.Kind.allCases).isEmpty {
            try Audit.append(db, time: Date(), actor: DirectoryService.systemActor, account: nil, action: "audit.state-baseline",
                             targetType: "audit", targetID: "state", targetName: "directory states", baseline: DirectoryState.Kind.allCases)
        }
    }
}
