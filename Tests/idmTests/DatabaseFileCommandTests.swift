import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The database file through the real binary: owner-only modes whatever the umask, the warning
/// for a readable database, read-only commands that answer while another process holds the
/// write lock, `idm backup` and `idm restore`, and the refusal of a newer idm's database.
final class DatabaseFileCommandTests: XCTestCase {
    var folder: URL!
    var db = ""

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: Helpers

    func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    func walSize(_ path: String) -> Int64? {
        var st = stat()
        return stat(path + "-wal", &st) == 0 ? Int64(st.st_size) : nil
    }

    /// `idm ARGS` and how long it took.
    func timed(_ args: [String]) throws -> (CLI.Result, TimeInterval) {
        let start = Date()
        let result = try CLI.run(args)
        return (result, Date().timeIntervalSince(start))
    }

    /// A `sqlite3` shell on `path` that has run `sql` (and printed a marker, so it is known to
    /// have), kept running until `close()`: another process holding the database.
    final class Shell {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(_ path: String, _ sql: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [path]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data("\(sql)\nSELECT 'ready';\n".utf8))
            var seen = ""
            while !seen.contains("ready") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { throw NSError(domain: "sqlite3 ended: \(seen)", code: 1) }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            if seen.contains("Error") { throw NSError(domain: "sqlite3: \(seen)", code: 1) }
        }

        func close() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    func sqlite3(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, sql)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - Reads never write

    func testReadCommandsAnswerWhileAnotherProcessHoldsTheWriteLock() throws {
        // Between runs idm keeps the -wal (persistent WAL); without it (a file copied alone, or
        // closed by an older idm) is the state that used to time out.
        XCTAssertEqual(unlink(db + "-wal"), 0)
        let shell = try Shell(db, "BEGIN IMMEDIATE;")
        defer { shell.close() }
        XCTAssertEqual(walSize(db) ?? 0, 0, "the write lock is held and the -wal is empty")
        let commands: [[String]] = [
            ["users", "list"], ["users", "list", "--json"], ["can-i", "create-client"], ["who-can", "create-client"],
            ["clients", "show", "reporting-bot"], ["clients", "list"], ["groups", "list"], ["roles", "list"],
        ]
        for command in commands {
            let (result, elapsed) = try timed(command + ["--db", db, "--as", "alice"])
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", "\(command)")
            XCTAssertFalse(result.stdout.isEmpty, "\(command)")
            XCTAssertLessThan(elapsed, 4, "\(command) took \(elapsed) s under another process's write lock")
        }
        let (backup, elapsed) = try timed(["backup", folder.appendingPathComponent("online.sqlite").path, "--db", db])
        XCTAssertEqual(backup.status, 0, backup.stderr)
        XCTAssertLessThan(elapsed, 4, "backup is online")
    }

    func testAReadCommandOpensADatabaseInADirectoryItCannotWrite() throws {
        // Another user's database, readable by this one, in a directory this one cannot write:
        // no -shm can be made, and with no -wal the file is read as it is.
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to act as uid 65534")
        }
        let shared = folder.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let path = shared.appendingPathComponent("idm.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: path)
        for dir in [folder.path, shared.path] { XCTAssertEqual(chmod(dir, 0o755), 0) }
        XCTAssertEqual(chmod(path, 0o644), 0)
        XCTAssertNil(walSize(path))
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("idm-nobody-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        probe.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", "test", "-x", CLI.binary]
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { throw XCTSkip("uid 65534 cannot run \(CLI.binary)") }

        let result = try CLI.run(["--reuid", "65534", "--regid", "65534", "--clear-groups", CLI.binary, "users", "list", "--db", path],
                                 environment: ["IDM_LOG": log], executable: "/usr/bin/setpriv")
        // It read the users table: the answer is about who the caller is, not about the file.
        XCTAssertTrue(result.stderr.contains("No idm user is bound to your login"), result.stderr)
        XCTAssertFalse(result.stderr.contains("unable to open"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "readable by others").count - 1, 1, result.stderr)
        XCTAssertNil(walSize(path), "nothing was created beside it")
    }

    // MARK: - Modes

    func testDatabaseSideFilesAndDirectoriesAreOwnerOnlyUnderUmask022And000() throws {
        for mask in ["022", "000"] {
            let top = folder.appendingPathComponent("umask-\(mask)")
            let path = top.appendingPathComponent("idm/demo.sqlite").path
            let seeded = try CLI.run(["-c", "umask \(mask); exec \"$0\" seed demo --db \"$1\"", CLI.binary, path], executable: "/bin/sh")
            XCTAssertEqual(seeded.status, 0, seeded.stderr)
            XCTAssertEqual(mode(path), 0o600, "database, umask \(mask)")
            XCTAssertEqual(mode(top.path), 0o700, "directory, umask \(mask)")
            XCTAssertEqual(mode(top.appendingPathComponent("idm").path), 0o700, "directory, umask \(mask)")
            // A read leaves the (empty) -wal and the -shm it needed: 0600 too.
            let read = try CLI.run(["-c", "umask \(mask); exec \"$0\" users list --as alice --db \"$1\"", CLI.binary, path],
                                   executable: "/bin/sh")
            XCTAssertEqual(read.status, 0, read.stderr)
            XCTAssertEqual(read.stderr, "", "no warning for an owner-only database")
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                XCTAssertEqual(mode(path + suffix), 0o600, "\(suffix), umask \(mask)")
            }
            // While a writer has it open, both exist.
            let shell = try Shell(path, "BEGIN IMMEDIATE; INSERT INTO setting VALUES ('test.mode', 'x');")
            let write = try CLI.run(["-c", "umask \(mask); exec \"$0\" users list --as alice --db \"$1\"", CLI.binary, path],
                                    executable: "/bin/sh")
            XCTAssertEqual(write.status, 0, write.stderr)
            for suffix in ["-wal", "-shm"] { XCTAssertEqual(mode(path + suffix), 0o600, "\(suffix), umask \(mask)") }
            shell.close()
        }
    }

    func testAReadableDatabaseGetsOneWarningLineOnStderr() throws {
        XCTAssertEqual(chmod(db, 0o644), 0)
        for command in [["users", "list"], ["users", "lock", "nora"]] {
            let result = try CLI.run(command + ["--db", db, "--as", "alice"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.filter { $0.contains("readable by others") }.count, 1, result.stderr)
            XCTAssertTrue(lines.first?.hasPrefix("Warning: \(db) is readable by others (mode 0644)") == true, result.stderr)
            XCTAssertTrue(result.stderr.contains("chmod 600 \(db)"), result.stderr)
        }
        XCTAssertEqual(mode(db), 0o644, "a warning, not a change")
    }

    // MARK: - Backup and restore

    func testBackupAndRestoreThroughTheCommandLine() throws {
        let copy = folder.appendingPathComponent("backups/idm-backup.sqlite").path
        let made = try CLI.run(["backup", copy, "--db", db])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertTrue(made.stdout.hasPrefix("Backed up \(db) to \(copy)"), made.stdout)
        XCTAssertEqual(mode(copy), 0o600)
        XCTAssertEqual(try sqlite3(copy, ".dump"), try sqlite3(db, ".dump"))
        // The copy's audit chain verifies exactly as the original's does.
        let verifyOriginal = try CLI.run(["audit", "verify", "--db", db, "--as", "alice"])
        let verifyCopy = try CLI.run(["audit", "verify", "--db", copy, "--as", "alice"])
        XCTAssertEqual(verifyCopy.status, verifyOriginal.status, verifyCopy.stdout + verifyCopy.stderr)

        let again = try CLI.run(["backup", copy, "--db", db])
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.stderr, "Error: \(copy) already exists; pass --replace to overwrite it.\n")
        XCTAssertEqual(try CLI.run(["backup", copy, "--db", db, "--replace"]).status, 0)
        let saved = try sqlite3(copy, ".dump")

        // A change after the backup, which the restore takes back.
        XCTAssertEqual(try CLI.run(["users", "lock", "nora", "--db", db, "--as", "alice"]).status, 0)
        XCTAssertNotEqual(try sqlite3(db, ".dump"), saved)

        let console = try Shell(db, "SELECT count(*) FROM user;")
        let refused = try CLI.run(["restore", copy, "--db", db])
        console.close()
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "Error: \(db) is in use by another process (a console or a running idm command); close it and try again.\n")
        XCTAssertTrue(try sqlite3(db, "SELECT locked FROM user WHERE login = 'nora'").hasPrefix("1"), "left as it was")

        let restored = try CLI.run(["restore", copy, "--db", db])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(mode(db), 0o600)
        XCTAssertEqual(try sqlite3(db, ".dump"), saved)
        let nora = try CLI.run(["users", "list", "--json", "--db", db, "--as", "alice"])
        XCTAssertEqual(nora.status, 0, nora.stderr)
        XCTAssertTrue(try sqlite3(db, "SELECT locked FROM user WHERE login = 'nora'").hasPrefix("0"))

        let notes = folder.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database ", count: 100).utf8).write(to: URL(fileURLWithPath: notes))
        let wrong = try CLI.run(["restore", notes, "--db", db])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertEqual(wrong.stderr, "Error: \(notes) is not an idm database (it is not an SQLite database).\n")
    }

    // MARK: - A newer idm's database

    func testADatabaseANewerIdmMigratedIsRefusedByReadsAndWrites() throws {
        _ = try sqlite3(db, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')")
        let message = "Error: \(db) was upgraded by a newer idm (migration v99-from-the-future); use that version.\n"
        for command in [["users", "list"], ["users", "lock", "nora"], ["can-i", "create-client"]] {
            let result = try CLI.run(command + ["--db", db, "--as", "alice"])
            XCTAssertEqual(result.stderr, message, "\(command)")
            XCTAssertEqual(result.stdout, "", "\(command)")
            XCTAssertNotEqual(result.status, 0, "\(command)")
        }
        XCTAssertTrue(try sqlite3(db, "SELECT locked FROM user WHERE login = 'nora'").hasPrefix("0"), "nothing changed")
    }
}

extension CLI {
    /// Runs `executable` (a shell, setpriv) with `arguments`, in the tests' environment.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["IDM_LOG"] = testLog
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, out: out, err: err).wait()
    }
}
