import GRDB

/// Migration v14: what an Akamai IAM v3 import leaves behind.
///
/// `audit_event.via` names what brought a change in besides a person at a prompt ("import
/// akamai"); `role.imported_from` marks a role an import made ("akamai"), so that one made
/// with no permissions (a grant named it, no payload defined it) is flagged in the role list.
/// Both are NULL for everything else: the chain's hash and the state digests leave NULL
/// columns out, so older events and rows keep theirs.
enum AkamaiImportColumns {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE audit_event ADD COLUMN via TEXT;
            ALTER TABLE role ADD COLUMN imported_from TEXT;
            """)
    }
}
