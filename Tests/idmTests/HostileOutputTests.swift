import Foundation
import GRDB
import XCTest

/// Hostile text against the command line (issue 11, part 4 and 8): control sequences typed as
/// arguments, carried by a legacy export, stored in the directory, or given as bytes that are
/// not UTF-8, must never reach the terminal. Every captured stdout and stderr holds no ESC, no
/// BEL or other C0 control but the newline, no DEL, no C1 control (neither as UTF-8 nor as a
/// raw byte), no bidi control, no other invisible format character (zero-width space, joiner,
/// BOM) and no line or paragraph separator; it is valid UTF-8. A refused command still exits
/// with the status the same command has for a harmless value. `--json` escapes what it must and
/// still decodes to the very strings stored. And the log never records a typed value that
/// named nothing.
final class HostileOutputTests: XCTestCase {
    /// What an attacker types or stores. None holds NUL: a process argument cannot.
    static let hostile: [String] = [
        "\u{1B}]52;c;aGFja2VkIGNsaXBib2FyZA==\u{07}",                 // OSC 52: write the clipboard
        "\u{1B}]0;owned title\u{07}",                                 // OSC 0: window title
        "\u{1B}]8;;https://evil.example/\u{1B}\\click me\u{1B}]8;;\u{1B}\\", // OSC 8 hyperlink
        "\u{1B}P1$qm\u{1B}\\",                                        // DCS (DECRQSS)
        "\u{1B}[2J\u{1B}[H\u{1B}[31mred\u{1B}[0m",                    // CSI: clear, home, colour
        "\u{9B}31mC1-CSI\u{9D}0;c1 title\u{9C}\u{85}\u{90}x\u{9C}",   // C1 CSI, OSC, ST, NEL, DCS
        "invoice\u{202E}fdp.exe",                                     // RIGHT-TO-LEFT OVERRIDE
        "\u{2066}iso\u{2069}\u{2067}late\u{2069}\u{2068}x\u{2069}\u{202A}\u{202B}\u{202C}\u{202D}",
        "\u{061C}alm\u{200E}lrm\u{200F}rlm",
        "zero\u{200B}width\u{200C}non\u{200D}joiner\u{FEFF}bom\u{2060}wj\u{00AD}shy",
        "over\rwrite\u{8}\u{8}\u{8}XYZ\u{7F}del",                      // CR, BS, DEL
        "tab\there\u{0B}vt\u{0C}ff\u{07}bel",
        "line\u{2028}sep\u{2029}para",
        "new\nline\u{1B}[1A\u{1B}[2K",                                // a newline, then cursor up and erase
        String(repeating: "\u{1B}[31m\u{9B}1m\u{202E}", count: 700) + String(repeating: "A", count: 6000),
    ]

    var folder: URL!
    var db = ""
    var log = ""
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples/legacy-manage-apis.json").path

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
        log = folder.appendingPathComponent("idm.log").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Running idm, raw

    struct Raw {
        let status: Int32
        let stdout: Data
        let stderr: Data
        var text: String { String(decoding: stdout, as: UTF8.self) + String(decoding: stderr, as: UTF8.self) }
    }

    /// The binary with `arguments`, its output as bytes (never repaired into a String first).
    func raw(_ arguments: [String], executable: String = CLI.binary, environment: [String: String] = [:]) throws -> Raw {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["IDM_LOG"] = log
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes at once: a long error must not block on a full stdout.
        final class Box: @unchecked Sendable { var data = Data() }
        let stderr = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderr.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Raw(status: process.terminationStatus, stdout: stdout, stderr: stderr.data)
    }

    func idm(_ arguments: [String], as login: String? = "alice", db: String? = nil) throws -> Raw {
        try raw(arguments + ["--db", db ?? self.db] + (login.map { ["--as", $0] } ?? []))
    }

    /// Copies of the demo database, so that the hostile values of one command run side by side.
    lazy var copies: [String] = (1...4).map { n in
        let copy = folder.appendingPathComponent("copy-\(n).sqlite").path
        let source = try! DatabaseQueue(path: db)
        try! source.backup(to: try! DatabaseQueue(path: copy))
        return copy
    }

    /// `script` run by /bin/sh with $IDM and $DB set: the way to pass bytes that are not UTF-8.
    func shell(_ script: String) throws -> Raw {
        try raw(["-c", script], executable: "/bin/sh", environment: ["IDM": CLI.binary, "DB": db, "DIR": folder.path])
    }

    // MARK: What must not be in the output

    /// Every problem with `data` as terminal output, at most a few.
    static func problems(in data: Data) -> [String] {
        var found: [String] = []
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count, found.count < 5 {
            let byte = bytes[i]
            if byte < 0x80 {
                switch byte {
                case 0x1B: found.append("ESC at byte \(i)")
                case 0x07: found.append("BEL at byte \(i)")
                case 0x7F: found.append("DEL at byte \(i)")
                case 0x0A: break
                case 0x00..<0x20: found.append(String(format: "C0 control 0x%02X at byte %d", byte, i))
                default: break
                }
                i += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            guard length > 0, i + length <= bytes.count,
                  let decoded = String(bytes: bytes[i..<(i + length)], encoding: .utf8),
                  let scalar = decoded.unicodeScalars.first, decoded.unicodeScalars.count == 1 else {
                found.append(String(format: "%@ 0x%02X at byte %d, not valid UTF-8",
                                    (0x80...0x9F).contains(byte) ? "raw C1 byte" : "byte", byte, i))
                i += 1
                continue
            }
            if let what = unsafeScalar(scalar) { found.append("\(what) at byte \(i)") }
            i += length
        }
        return found
    }

    static func unsafeScalar(_ scalar: Unicode.Scalar) -> String? {
        let code = String(format: "U+%04X", scalar.value)
        switch scalar.value {
        case 0x80...0x9F: return "C1 control \(code)"
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "bidi control \(code)"
        case 0x2028, 0x2029: return "line or paragraph separator \(code)"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .format: return "invisible format character \(code)"
        case .control: return "control \(code)"
        default: return nil
        }
    }

    func assertClean(_ r: Raw, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (stream, data) in [("stdout", r.stdout), ("stderr", r.stderr)] {
            let problems = Self.problems(in: data)
            XCTAssert(problems.isEmpty, "\(what): \(stream) has \(problems.joined(separator: "; ")):\n\(String(decoding: data.prefix(600), as: UTF8.self).debugDescription)",
                      file: file, line: line)
        }
    }

    /// `arguments(value)` with each hostile value: clean output, and the status of the same
    /// command with a harmless value that names nothing either (`benign`).
    func assertRefusedCleanly(_ what: String, benign: String = "no-such-thing", as login: String? = "alice",
                              file: StaticString = #filePath, line: UInt = #line, _ arguments: (String) -> [String]) throws {
        let usual = try idm(arguments(benign), as: login)
        XCTAssertNotEqual(usual.status, 0, "\(what) with \(benign) is refused: \(usual.text)", file: file, line: line)
        let copies = self.copies
        var results = [Result<Raw, Error>?](repeating: nil, count: Self.hostile.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: Self.hostile.count) { n in
            let result = Result { try self.idm(arguments(Self.hostile[n]), as: login, db: copies[n % copies.count]) }
            lock.lock()
            results[n] = result
            lock.unlock()
        }
        for (n, result) in results.enumerated() {
            let r = try result!.get()
            XCTAssertEqual(r.status, usual.status, "\(what), hostile value \(n): usual exit status\n\(r.text.prefix(400))", file: file, line: line)
            XCTAssertFalse(r.stderr.isEmpty, "\(what), hostile value \(n): says why", file: file, line: line)
            assertClean(r, "\(what), hostile value \(n)", file: file, line: line)
        }
    }

    func testTheCheckerSeesEveryKindOfHostileByte() {
        for value in Self.hostile {
            XCTAssertFalse(Self.problems(in: Data(value.utf8)).isEmpty, value.debugDescription)
        }
        XCTAssertFalse(Self.problems(in: Data([0x41, 0x9B, 0x42])).isEmpty, "a raw C1 byte")
        XCTAssertFalse(Self.problems(in: Data([0xC2, 0x9B])).isEmpty, "U+009B as UTF-8")
        XCTAssertTrue(Self.problems(in: Data("Acme Web > Staging\nnora  Nora Nakamura  株式会社 👩🏽 é\n".utf8)).isEmpty)
    }

    // MARK: Typed values, echoed by lookups and validation

    func testLookupsEchoTypedValuesSafely() throws {
        try assertRefusedCleanly("clients show NAME") { ["clients", "show", $0] }
        try assertRefusedCleanly("clients show NAME --json") { ["clients", "show", $0, "--json"] }
        try assertRefusedCleanly("users edit LOGIN") { ["users", "edit", $0, "--first", "Al"] }
        try assertRefusedCleanly("groups rename GROUP") { ["groups", "rename", $0, "Renamed"] }
        try assertRefusedCleanly("audit list --since") { ["audit", "list", "--since", $0] }
        try assertRefusedCleanly("clients credential list CLIENT") { ["clients", "credential", "list", $0] }
        try assertRefusedCleanly("clients transfer --to LOGIN") { ["clients", "transfer", "reporting-bot", "--to", $0] }
        try assertRefusedCleanly("roles edit ROLE") { ["roles", "edit", $0, "--name", "Renamed"] }
    }

    func testGlobalOptionsEchoTypedValuesSafely() throws {
        try assertRefusedCleanly("--as LOGIN", as: nil) { ["users", "list", "--as", $0] }
        try assertRefusedCleanly("--account NAME") { ["users", "list", "--account", $0] }
        try assertRefusedCleanly("--account NAME (a reseller)", as: "rhea") { ["clients", "list", "--account", $0] }
        try assertRefusedCleanly("an unknown option", benign: "no-such-option") { ["users", "list", "--" + $0] }
        try assertRefusedCleanly("can-i ACTION") { ["can-i", $0] }
        try assertRefusedCleanly("who-can ACTION") { ["who-can", $0] }
        try assertRefusedCleanly("bench lists --filter", benign: "no-such-thing", as: nil) {
            ["bench", "lists", "--as", "alice", "--account", $0, "--filter", $0, "--runs", "1"]
        }
    }

    func testUsersCreateEchoesGrantsAndFieldsSafely() throws {
        let create = { (grant: String) in ["users", "create", "zed", "--first", "Zed", "--last", "Zee", "--email", "zed@acme.example", "--grant", grant] }
        try assertRefusedCleanly("users create --grant SPEC") { create($0) }
        try assertRefusedCleanly("users create --grant GROUP=Admin") { create($0 + "=Admin") }
        try assertRefusedCleanly("users create --grant Acme Web=ROLE") { create("Acme Web=" + $0) }
        try assertRefusedCleanly("users create LOGIN", benign: "bad login") {
            ["users", "create", $0, "--first", "Zed", "--last", "Zee", "--email", "zed@acme.example", "--grant", "Acme Web=Admin"]
        }
        try assertRefusedCleanly("users create --first", benign: "") {
            ["users", "create", "zed", "--first", $0, "--last", "Zee", "--email", "zed@acme.example", "--grant", "Acme Web=Admin"]
        }
        try assertRefusedCleanly("groups rename GROUP NEWNAME", benign: "") { ["groups", "rename", "Staging", $0] }
        // Nothing was made by any of them.
        for db in [db] + copies {
            let users = try idm(["users", "list", "--json"], db: db)
            XCTAssertFalse(String(decoding: users.stdout, as: UTF8.self).contains("\"zed\""))
        }
    }

    func testMigrateLegacyWithAnUnreadablePathSaysSoSafely() throws {
        try assertRefusedCleanly("migrate legacy FILE (missing)") {
            ["migrate", "legacy", self.folder.appendingPathComponent(String($0.prefix(200))).path]
        }
    }

    /// Bytes that are not UTF-8 can only come from a shell: they arrive repaired (U+FFFD), and
    /// whatever else they carry is made safe.
    func testArgumentsThatAreNotUTF8() throws {
        let bad = #""$(printf 'x\233\377\300\2001m\033]0;t\007\302\233y')""#
        let usual = try shell(#"exec "$IDM" clients show nope --db "$DB" --as alice"#).status
        for (what, script, status) in [
            ("clients show", #"exec "$IDM" clients show \#(bad) --db "$DB" --as alice"#, usual),
            ("--as", #"exec "$IDM" users list --db "$DB" --as \#(bad)"#, usual),
            ("--account", #"exec "$IDM" users list --db "$DB" --as alice --account \#(bad)"#, usual),
            ("users edit", #"exec "$IDM" users edit \#(bad) --first Al --db "$DB" --as alice"#, usual),
            ("groups rename", #"exec "$IDM" groups rename \#(bad) New --db "$DB" --as alice"#, usual),
            ("groups rename to", #"exec "$IDM" groups rename Staging \#(bad) --db "$DB" --as alice"#, usual),
            ("users create --grant", #"exec "$IDM" users create zed --first Z --last Z --email z@acme.example --grant \#(bad) --db "$DB" --as alice"#, usual),
            ("init --account", #"exec "$IDM" init --db "$DIR/new1.sqlite" --account \#(bad) --admin root"#, usual),
            ("init --contract", #"exec "$IDM" init --db "$DIR/new2.sqlite" --account Fine --contract \#(bad) --admin root"#, usual),
            ("an unknown option", #"exec "$IDM" users list --\#(bad) --db "$DB" --as alice"#, 64),
        ] {
            let r = try shell(script)
            XCTAssertEqual(r.status, status, "\(what): \(r.text)")
            XCTAssertFalse(r.stderr.isEmpty, what)
            assertClean(r, what + " (not UTF-8)")
        }
        XCTAssertEqual(try shell(#"exec "$IDM" audit list --since \#(bad) --db "$DB" --as alice"#).status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("new1.sqlite").path))

        // A legacy export whose file name and content are not UTF-8.
        let named = try shell(#"f="$DIR/$(printf 'export\233\033]0;t\007\377.json')"; cp "\#(sample)" "$f"; "#
                              + #"exec "$IDM" migrate legacy "$f" --dry-run --db "$DB" --as alice"#)
        // The arguments arrive repaired (U+FFFD for each bad byte), so such a name no longer names the file.
        XCTAssertEqual(named.status, 1, named.text)
        XCTAssertTrue(String(decoding: named.stderr, as: UTF8.self).hasPrefix("Error: Cannot read "), named.text)
        assertClean(named, "migrate legacy with a file name that is not UTF-8")
        let content = try shell(#"f="$DIR/bytes.json"; printf '{"system": "Manage APIs\233\033]0;t\007\377", "clients": []}' > "$f"; "#
                                + #"exec "$IDM" migrate legacy "$f" --db "$DB" --as alice"#)
        XCTAssertEqual(content.status, 1, content.text)
        assertClean(content, "migrate legacy of a file that is not UTF-8")
    }

    // MARK: A legacy export carries hostile text

    /// An export entry as JSON text.
    static func entry(id: String, name: String, level: String = "READ-ONLY", owner: String = "pat", type: String = "API") -> [String: Any] {
        ["clientId": id, "name": name, "description": "from the export", "clientType": type, "owner": owner, "creator": owner,
         "accessTokens": [["token": "akab-legacy-\(UUID().uuidString)", "createdAt": "2016-01-11T15:30:00Z",
                           "apis": [["service": "ccu", "level": level]], "groups": ["Acme Web"]]]]
    }

    func write(_ export: [String: Any], to name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try JSONSerialization.data(withJSONObject: export).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testMalformedExportQuotesItsHostileClientIdAndLevelSafely() throws {
        var clients: [[String: Any]] = []
        for (n, value) in (Self.hostile + ["nul\u{0}byte\u{1B}[0m"]).enumerated() {
            clients.append(Self.entry(id: value, name: "entry-\(n)", level: value))
            clients.append(Self.entry(id: "LC-H\(n)", name: value, level: "READ-ONLY", type: value))
        }
        let path = try write(["system": "Manage APIs\u{1B}]0;x\u{07}", "exportedAt": "2017-04-21T18:00:00Z\u{9B}", "users": [["username": "\u{1B}[31m"]], "clients": clients],
                             to: "malformed.json")
        let r = try idm(["migrate", "legacy", path])
        XCTAssertEqual(r.status, 1, r.text)
        let text = String(decoding: r.stderr, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("Error: The export is malformed; nothing was imported.\n"), text)
        XCTAssertGreaterThan(text.split(separator: "\n").count, Self.hostile.count, "every problem is still its own line")
        assertClean(r, "migrate legacy of a malformed export")
        assertClean(try idm(["migrate", "legacy", path, "--json"]), "migrate legacy --json of a malformed export")
    }

    func testMigrationReportOfHostileNamesIsSafeAsTextAndFaithfulAsJSON() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: sample))
        var export = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var clients = export["clients"] as! [[String: Any]]
        let values = Self.hostile + ["nul\u{0}byte", "emoji 👩‍💻 and tag 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "\u{E0001}lang-tag"]
        for (n, value) in values.enumerated() {
            clients.append(Self.entry(id: "LC-H\(n)-" + value, name: value, owner: n % 2 == 0 ? "pat" : value))
        }
        export["clients"] = clients
        export["account"] = "Acme Media"
        let path = try write(export, to: "export-\u{1B}]0;title\u{07}\u{202E}\u{9B}.json")
        let migrated = try idm(["migrate", "legacy", path, "--expire", "2027-11-30"])
        XCTAssertEqual(migrated.status, 0, migrated.text)
        assertClean(migrated, "migrate legacy of hostile names")
        for arguments in [["migrate", "report"], ["clients", "list"], ["clients", "list", "--json"], ["audit", "list"], ["audit", "list", "--json"],
                          ["migrate", "legacy", path, "--dry-run"], ["migrate", "legacy", path, "--dry-run", "--json"]] {
            let r = try idm(arguments)
            XCTAssertEqual(r.status, 0, "\(arguments): \(r.text)")
            assertClean(r, arguments.joined(separator: " "))
        }
        let report = try idm(["migrate", "report", "--json"])
        XCTAssertEqual(report.status, 0, report.text)
        assertClean(report, "migrate report --json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: report.stdout) as? [String: Any])
        let lines = (json["notMigrated"] as? [[String: Any]] ?? []) + (json["migrated"] as? [[String: Any]] ?? [])
        let names = Set(lines.compactMap { $0["name"] as? String })
        for value in values where !value.contains("\u{0}") {
            XCTAssertTrue(names.contains(value), "the report's JSON holds \(value.debugDescription) as it was")
        }
        XCTAssertEqual(json["source"] as? String, "export-\u{1B}]0;title\u{07}\u{202E}\u{9B}.json")
        let text = String(decoding: report.stdout, as: UTF8.self).lowercased()
        for escape in ["\\u009B", "\\u202E", "\\u2028", "\\u007F", "\\u200D", "\\uDB40\\uDC01", "\\u001B", "\\u0007"] {
            XCTAssertTrue(text.contains(escape.lowercased()), "\(escape) in the JSON")
        }
    }

    // MARK: Hostile text stored in the directory

    /// Names written by hand into the database (an older idm, the sqlite3 shell, a restored
    /// backup): validation is not there to stop them, output still is.
    func storeHostileNames() throws -> [String: String] {
        let stored = [
            "account": "Acme \u{1B}]0;owned\u{07}Media\u{202E}\u{9B}2J",
            "first": "No\u{1B}[2Jra\u{85}\u{2028}\u{7F}",
            "client": "report\u{1B}]52;c;aGk=\u{07}ing-bot\u{202E}",
            "clientDescription": "desc\u{9D}0;t\u{9C}\u{200B}\r\u{8}",
            "group": "Sta\u{1B}P1$qm\u{1B}\\ging\u{2066}",
            "role": "Property \u{1B}[31mViewer\u{061C}",
            "roleDescription": "reads\u{1B}]8;;https://evil.example/\u{1B}\\ here\u{1B}]8;;\u{1B}\\",
            "credential": "cred\u{1B}[1A\u{1B}[2K\u{FEFF}",
            "email": "nora\u{1B}[8m@acme.example",
        ]
        let queue = try DatabaseQueue(path: db)
        try queue.write { db in
            try db.execute(sql: "UPDATE account SET name = ? WHERE name = 'Acme Media'", arguments: [stored["account"]])
            try db.execute(sql: "UPDATE user SET first_name = ?, email = ?, job_title = ? WHERE login = 'nora'",
                           arguments: [stored["first"], stored["email"], stored["first"]])
            try db.execute(sql: "UPDATE api_client SET name = ?, description = ? WHERE name = 'reporting-bot'",
                           arguments: [stored["client"], stored["clientDescription"]])
            try db.execute(sql: "UPDATE grp SET name = ? WHERE name = 'Staging'", arguments: [stored["group"]])
            try db.execute(sql: "UPDATE role SET name = ?, description = ? WHERE name = 'Property Viewer'",
                           arguments: [stored["role"], stored["roleDescription"]])
            try db.execute(sql: "UPDATE credential SET description = ?", arguments: [stored["credential"]])
        }
        return stored
    }

    func testStoredHostileNamesAreSafeInEveryListAndError() throws {
        let stored = try storeHostileNames()
        let clientID = try XCTUnwrap(try DatabaseQueue(path: db).read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM api_client WHERE name = ?", arguments: [stored["client"]])
        })
        for arguments in [
            ["users", "list"], ["users", "list", "--json"], ["clients", "list"], ["clients", "list", "--json"],
            ["clients", "show", String(clientID)], ["clients", "show", String(clientID), "--json"],
            ["clients", "show", "purge-pipeline"], ["clients", "credential", "list", String(clientID), "--all"],
            ["clients", "credential", "list", String(clientID), "--json"],
            ["groups", "list"], ["groups", "list", "--json"], ["roles", "list"], ["roles", "list", "--json"],
            ["audit", "list"], ["audit", "list", "--json"], ["who-can", "edit-client", String(clientID)],
            ["can-i", "edit-client", String(clientID)], ["migrate", "legacy", sample, "--dry-run"],
        ] {
            let r = try idm(arguments)
            XCTAssertTrue([0, 1].contains(r.status), "\(arguments): \(r.text)")
            XCTAssertFalse(r.stdout.isEmpty && r.stderr.isEmpty, "\(arguments) says something")
            assertClean(r, arguments.joined(separator: " "))
        }
        // The errors that name the account ("No ... in <account>").
        for arguments in [["clients", "show", "nope"], ["users", "edit", "nope", "--first", "X"], ["clients", "lock", "nope"],
                          ["clients", "transfer", "purge-pipeline", "--to", "nope"], ["migrate", "report"]] {
            let r = try idm(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.text)")
            XCTAssertTrue(String(decoding: r.stderr, as: UTF8.self).contains("Acme"), "\(arguments) names the account")
            assertClean(r, arguments.joined(separator: " "))
        }
        let bench = try raw(["bench", "lists", "--db", db, "--as", "alice", "--runs", "1", "--page", "5"])
        XCTAssertEqual(bench.status, 0, bench.text)
        assertClean(bench, "bench lists")
        let rhea = try idm(["clients", "list", "--account", stored["account"]!], as: "rhea")
        XCTAssertEqual(rhea.status, 0, rhea.text)
        assertClean(rhea, "clients list --account <stored hostile name>")
    }

    func testJSONEscapesC1BidiSeparatorsAndDELAndDecodesToTheStoredStrings() throws {
        let stored = try storeHostileNames()
        let users = try idm(["users", "list", "--json"])
        XCTAssertEqual(users.status, 0, users.text)
        let text = String(decoding: users.stdout, as: UTF8.self).lowercased()
        for escape in ["\\u0085", "\\u2028", "\\u007f", "\\u001b"] { XCTAssertTrue(text.contains(escape), "\(escape) in\n\(text)") }
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: users.stdout) as? [[String: Any]])
        let nora = try XCTUnwrap(rows.first { $0["login"] as? String == "nora" })
        XCTAssertEqual(nora["name"] as? String, stored["first"]! + " Nakamura")
        XCTAssertEqual(nora["email"] as? String, stored["email"])
        XCTAssertEqual(nora["jobTitle"] as? String, stored["first"])
        let grants = try XCTUnwrap(nora["grants"] as? [[String: Any]])
        XCTAssertTrue(grants.contains { $0["role"] as? String == stored["role"] }, "\(grants)")

        let clients = try XCTUnwrap(try JSONSerialization.jsonObject(with: try idm(["clients", "list", "--json"]).stdout) as? [[String: Any]])
        let bot = try XCTUnwrap(clients.first { $0["name"] as? String == stored["client"] })
        XCTAssertEqual(bot["description"] as? String, stored["clientDescription"])
        let credentials = clients.flatMap { $0["credentials"] as? [[String: Any]] ?? [] }
        XCTAssertFalse(credentials.isEmpty)
        XCTAssertTrue(credentials.allSatisfy { $0["description"] as? String == stored["credential"] }, "\(credentials)")
        let roles = try XCTUnwrap(try JSONSerialization.jsonObject(with: try idm(["roles", "list", "--json"]).stdout) as? [[String: Any]])
        XCTAssertTrue(roles.contains { $0["description"] as? String == stored["roleDescription"] })
        let groups = try idm(["groups", "list", "--json"])
        let groupRows = try XCTUnwrap(try JSONSerialization.jsonObject(with: groups.stdout) as? [[String: Any]])
        XCTAssertTrue(groupRows.contains { $0["name"] as? String == stored["group"] })
        XCTAssertTrue(String(decoding: groups.stdout, as: UTF8.self).contains("\\u2066"))
    }

    /// The lists' own JSON writer (`PrettyJSON`) gives the very bytes of JSONEncoder plus
    /// `Output.escapeJSON` (`IDM_JSON_REFERENCE=1`), on every kind of hostile text: controls,
    /// quotes, backslashes, slashes, C1, bidi, non-BMP, empty and escaped lists, fractional dates.
    func testTheListsJSONWriterIsByteForByteJSONEncoder() throws {
        _ = try storeHostileNames()
        let queue = try DatabaseQueue(path: db)
        try queue.write { db in
            let odd = Self.hostile + ["quote\"d \\ back/slash", "😀 non-BMP 𝔘 e\u{301}", "", "\u{1}\u{1F}\u{8}\u{C}\t"]
            try db.execute(sql: "UPDATE user SET last_name = ?, job_title = ? WHERE login = 'mike'", arguments: [odd[0], odd[15]])
            try db.execute(sql: "UPDATE user SET first_name = ?, email = ? WHERE login = 'pat'", arguments: [odd[16], odd[17]])
            try db.execute(sql: "UPDATE user SET job_title = ? WHERE login = 'vera'", arguments: [odd[18]])
            try db.execute(sql: "UPDATE api_client SET ip_allowlist = ?, notification_emails = ? WHERE name = 'purge-pipeline'",
                           arguments: [#"["10.0.0.0/8","192.168.1.1/32"]"#, #"["a\"b@x.example","c\\d/e@x.example"]"#])
            try db.execute(sql: "UPDATE api_client SET notification_emails = ?, description = ? WHERE name = 'legacy-sync'",
                           arguments: [#"[""]"#, odd[4] + odd[6]])
            try db.execute(sql: "UPDATE credential SET created_at = created_at + 0.999, expires_at = expires_at + 0.5")
        }
        for arguments in [["users", "list", "--json"], ["clients", "list", "--json"], ["users", "list", "--json", "--limit", "2"]] {
            let written = try idm(arguments)
            let reference = try raw(arguments + ["--db", db, "--as", "alice"], environment: ["IDM_JSON_REFERENCE": "1"])
            XCTAssertEqual(written.status, 0, written.text)
            XCTAssertEqual(String(decoding: written.stdout, as: UTF8.self), String(decoding: reference.stdout, as: UTF8.self), "\(arguments)")
            XCTAssertEqual(written.stdout, reference.stdout, "\(arguments)")
            assertClean(written, arguments.joined(separator: " "))
        }
    }

    // MARK: init

    func testInitValidatesTheWholeAccountNameAndTheContractID() throws {
        let padded = String(repeating: "A", count: 55)
        var n = 0
        func initialize(account: String, contract: String = "C-MAIN") throws -> (Raw, String) {
            n += 1
            let path = folder.appendingPathComponent("init-\(n).sqlite").path
            return (try raw(["init", "--db", path, "--account", account, "--contract", contract, "--admin", "root"]), path)
        }
        for value in Self.hostile + [padded + "\u{1B}]0;past fifty\u{07}", padded + "\u{202E}", String(repeating: "n", count: 101)] {
            let (r, path) = try initialize(account: value)
            XCTAssertEqual(r.status, 1, "init --account \(value.prefix(80).debugDescription): \(r.text)")
            XCTAssertTrue(String(decoding: r.stderr, as: UTF8.self).hasPrefix("Error: Account name "), r.text)
            XCTAssertEqual(String(decoding: r.stderr, as: UTF8.self).split(separator: "\n").count, 1, "one line")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing is created")
            assertClean(r, "init --account")
        }
        for value in Self.hostile + ["C MAIN", "_C", "", String(repeating: "C", count: 51), "C-ÄCME", "C/MAIN"] {
            let (r, path) = try initialize(account: "Fine", contract: value)
            XCTAssertEqual(r.status, 1, "init --contract \(value.prefix(80).debugDescription): \(r.text)")
            XCTAssertTrue(String(decoding: r.stderr, as: UTF8.self).hasPrefix("Error: Contract id "), r.text)
            XCTAssertEqual(String(decoding: r.stderr, as: UTF8.self).split(separator: "\n").count, 1, "one line")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing is created")
            assertClean(r, "init --contract")
        }
        let name = "Ümlaut 株式会社 " + String(repeating: "x", count: 60)
        let (made, path) = try initialize(account: "  " + name + " ", contract: "ctr_1-5C13O2")
        XCTAssertEqual(made.status, 0, made.text)
        XCTAssertTrue(String(decoding: made.stdout, as: UTF8.self).contains("account \(name), admin root"), made.text)
        let groups = try raw(["groups", "list", "--json", "--db", path, "--as", "root"])
        XCTAssertEqual(groups.status, 0, groups.text)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: groups.stdout) as? [[String: Any]])
        XCTAssertEqual(rows.first?["contract"] as? String, "ctr_1-5C13O2")
        XCTAssertEqual(rows.first?["name"] as? String, String(name.prefix(50)), "the root group takes the first 50 characters")
    }

    // MARK: The log (part 8)

    func testTheLogRecordsTheFieldAndLengthOfWhatNamedNothing() throws {
        let typed = "hunter2-\u{1B}]0;x\u{07}-SECRETISH"
        let runs: [[String]] = [
            ["clients", "show", typed], ["users", "edit", typed, "--first", "X"], ["groups", "rename", typed, "New"],
            ["clients", "lock", typed], ["clients", "credential", "create", typed], ["clients", "credential", "activate", typed, "1"],
            ["clients", "credential", "deactivate", "purge-pipeline", typed], ["clients", "transfer", "purge-pipeline", "--to", typed],
            ["clients", "credential", "deactivate-all", typed], ["users", "list", "--account", typed], ["roles", "delete", typed],
            ["users", "create", "zed", "--first", "Z", "--last", "Z", "--email", "z@acme.example", "--grant", typed],
            ["users", "create", "zed", "--first", "Z", "--last", "Z", "--email", "z@acme.example", "--grant", typed + "=Admin"],
            ["migrate", "legacy", folder.appendingPathComponent(typed).path], ["can-i", "edit-client", typed],
        ]
        for arguments in runs {
            let r = try idm(arguments)
            XCTAssertNotEqual(r.status, 0, "\(arguments) is refused")
            assertClean(r, arguments.joined(separator: " "))
        }
        let unknownActor = try idm(["users", "list", "--as", typed], as: nil)
        XCTAssertEqual(unknownActor.status, 1, unknownActor.text)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertFalse(text.contains("hunter2"), "no typed value in the log:\n\(text)")
        XCTAssertFalse(text.contains("SECRETISH"), "no typed value in the log:\n\(text)")
        let count = typed.count
        for expected in [
            "\tclient.lock\tclient (\(count) chars)\tnot found: API client (\(count) chars)",
            "\tcredential.create\tclient (\(count) chars)\tnot found: API client (\(count) chars)",
            "\tcredential.deactivate\tpurge-pipeline\tnot found: ",
            "\tclient.transfer\tpurge-pipeline\tnot found: user (\(count) chars)",
            "\trun users edit\t-\tnot found: user (\(count) chars)",
            "\trun clients show\t-\tnot found: API client (\(count) chars)",
            "\trun groups rename\t-\tnot found: group (\(count) chars)",
            "\trun roles delete\t-\tnot found: role (\(count) chars)",
            "\trun users list\t-\tnot found: account (\(count) chars)",
            "\trun users create\t-\trefused: --grant wants GROUP=ROLE, e.g. --grant \"Acme Web=Property Viewer\"; got value (\(count) chars).",
            "\trun migrate legacy\t-\trefused: cannot read the export, path (",
            "\t-\trun users list\t-\tnot found: user (\(count) chars)",
        ] {
            XCTAssertTrue(text.contains(expected), "missing \(expected.debugDescription) in\n\(text)")
        }
        for line in text.split(separator: "\n") {
            XCTAssertEqual(line.split(separator: "\t", omittingEmptySubsequences: false).count, 5, String(line))
        }
        assertClean(Raw(status: 0, stdout: Data(text.replacingOccurrences(of: "\t", with: " ").utf8), stderr: Data()), "the log")
    }

    /// `--as LOGIN` refused to someone who does not own the database: the denial quotes the
    /// typed login on the screen (made safe), the log has its length.
    func testTheLogDoesNotRecordARefusedAsLogin() throws {
        try XCTSkipUnless(getuid() == 0, "giving the database file to another uid needs root (as in CI)")
        for path in [db, db + "-wal", db + "-shm"] where FileManager.default.fileExists(atPath: path) {
            XCTAssertEqual(chown(path, 65534, 65534), 0)
        }
        let typed = "hunter2-\u{1B}]0;x\u{07}-SECRETISH"
        let r = try idm(["users", "list"], as: typed)
        XCTAssertEqual(r.status, 1, r.text)
        XCTAssertTrue(String(decoding: r.stderr, as: UTF8.self).hasPrefix("Error: --as hunter2-\u{FFFD}]0;x\u{FFFD}-SECRETISH: "), r.text)
        assertClean(r, "--as refused")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertFalse(text.contains("hunter2"), text)
        XCTAssertTrue(text.contains("\trun users list\t-\tdenied: --as login (\(typed.count) chars): your login "), text)
    }
}
