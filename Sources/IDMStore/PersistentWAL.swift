import GRDB
import GRDBSQLite

/// Keeps the -wal file when the last connection closes (SQLite's persistent WAL mode).
///
/// Without it the last connection checkpoints and deletes the -wal, and the next open finds
/// none: GRDB then writes a transaction of its own (a table created and dropped, so that a
/// -wal exists for its readers), and that first write to a new -wal waits for an fsync, 27 ms
/// of every command's and every console's start on this machine. The close still checkpoints
/// everything into the database file, so the file alone stays complete (a copy of it needs no
/// -wal); what is kept is a log whose frames are all in the file already.
enum PersistentWAL {
    static func enable(_ db: Database) {
        var persist: Int32 = 1
        _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
    }
}
