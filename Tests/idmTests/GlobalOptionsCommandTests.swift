import Foundation
import XCTest

/// `--db`, `--as`, `--account` (and `--demo`) before or after any subcommand, on the real binary;
/// `idm demo`'s own options; `--version`; the completion scripts.
final class GlobalOptionsCommandTests: XCTestCase {
    var folder: URL!
    var db = ""

    override func setUpWithError() throws {
        (folder, db) = try CLI.demoDatabase()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    func testGlobalOptionsParseTheSameBeforeBetweenAndAfterSubcommands() throws {
        let after = try CLI.run(["users", "list", "--json", "--db", db, "--as", "alice"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stdout.contains("\"login\" : \"alice\"") || after.stdout.contains("\"login\":\"alice\""), after.stdout)
        for arguments in [["--db", db, "--as", "alice", "users", "list", "--json"],
                          ["--db", db, "users", "--as", "alice", "list", "--json"],
                          ["users", "--db=\(db)", "list", "--as=alice", "--json"],
                          ["--as", "alice", "users", "list", "--db", db, "--json"]] {
            let run = try CLI.run(arguments)
            XCTAssertEqual(run.status, 0, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, after.stdout, "\(arguments)")
        }
        // Three levels deep, and the reseller's --account before everything.
        let deep = try CLI.run(["--account", "Acme Media", "--db", db, "--as", "rhea", "clients", "credential", "list", "reporting-bot"])
        let deepAfter = try CLI.run(["clients", "credential", "list", "reporting-bot", "--account", "Acme Media", "--db", db, "--as", "rhea"])
        XCTAssertEqual(deep.status, deepAfter.status, deep.stderr)
        XCTAssertEqual(deep.stdout + deep.stderr, deepAfter.stdout + deepAfter.stderr)
    }

    /// A global option's value is its value even when it reads like a subcommand name; an
    /// option a command does not take is still refused by name.
    func testValuesStayValuesAndUnknownOptionsAreStillRefused() throws {
        let named = try CLI.run(["--as", "users", "--db", db, "users", "list"])
        XCTAssertEqual(named.status, 1)
        XCTAssertTrue(named.stderr.contains("No user \"users\""), named.stderr)
        let seed = try CLI.run(["--db", db, "seed", "demo"])
        XCTAssertTrue(seed.stderr.contains("already exists"), "seed demo's own --db got the path: \(seed.stderr)")
        let unknown = try CLI.run(["--account", "Acme Media", "completions", "bash"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("Unknown option '--account'"), unknown.stderr)
        let console = try CLI.run(["--db", db, "--as", "alice"])
        XCTAssertTrue(console.stderr.contains("needs a terminal"), "no subcommand is the console, with the options: \(console.stderr)")
        let missing = try CLI.run(["users", "list", "--db"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("Missing value for '--db"), missing.stderr)
    }

    func testDemoFlagNamesTheDemoDatabaseAndSaysHowToMakeIt() throws {
        let home = folder.appendingPathComponent("xdg").path
        let env = ["XDG_DATA_HOME": home]
        let before = try CLI.run(["--demo", "users", "list", "--as", "alice"], environment: env)
        XCTAssertEqual(before.status, 1)
        XCTAssertTrue(before.stderr.contains("No demo database yet at \(home)/idm/demo.sqlite. `idm demo` creates it"), before.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(home)/idm/demo.sqlite"), "a read never creates it")
        let both = try CLI.run(["users", "list", "--demo", "--db", db], environment: env)
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("--demo and --db name two databases"), both.stderr)

        // idm demo --db puts the demo there (the console itself needs a terminal, so it stops after seeding).
        let demo = try CLI.run(["demo", "--as", "rhea", "--account", "Globex Retail"], environment: env)
        XCTAssertTrue(demo.stderr.contains("needs a terminal"), demo.stderr)
        let after = try CLI.run(["--demo", "users", "list", "--as", "alice"], environment: env)
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(after.stdout, try CLI.run(["users", "list", "--db", db, "--as", "alice"]).stdout)
        let account = try CLI.run(["demo", "--account", "Initech", "--db", db], environment: env)
        XCTAssertEqual(account.status, 1)
        XCTAssertTrue(account.stderr.contains("No account \"Initech\" in the demo"), account.stderr)
    }

    /// `--reset` deletes the file it is given: only when that file is a demo.
    func testDemoResetRefusesADatabaseThatIsNotTheDemo() throws {
        let real = folder.appendingPathComponent("real.sqlite").path
        XCTAssertEqual(try CLI.run(["init", "--account", "Initech", "--admin", "bill", "--db", real]).status, 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: real))
        let reset = try CLI.run(["demo", "--reset", "--db", real])
        XCTAssertEqual(reset.status, 1)
        XCTAssertTrue(reset.stderr.contains("is not a demo database"), reset.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: real)), bytes)
        let custom = folder.appendingPathComponent("demo2.sqlite").path
        _ = try CLI.run(["demo", "--db", custom])
        XCTAssertEqual(try CLI.run(["users", "list", "--db", custom, "--as", "mike"]).status, 0)
        let again = try CLI.run(["demo", "--reset", "--db", custom])
        XCTAssertTrue(again.stderr.contains("needs a terminal"), "a demo is reset and seeded again: \(again.stderr)")
    }

    func testVersion() throws {
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertNotNil(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression), version.stdout)
    }

    /// bash runs the generated script and completes as a person would see it; zsh's and fish's
    /// name the same commands; --install writes where each shell looks.
    func testCompletionScriptsCompleteCommandsAndInstallWhereTheShellLooks() throws {
        let bash = try CLI.run(["completions", "bash"])
        XCTAssertEqual(bash.status, 0, bash.stderr)
        let script = folder.appendingPathComponent("idm.bash")
        try bash.stdout.write(to: script, atomically: true, encoding: .utf8)
        let probe = """
            shopt -s extglob; source \(script.path)
            c() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=("")
                  COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _idm idm "${COMP_WORDS[$COMP_CWORD]}" "${COMP_WORDS[$COMP_CWORD-1]}"
                  echo "${COMPREPLY[*]}"; }
            c "idm us"; c "idm users li"; c "idm users list --fi"; c "idm ssh keys "
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", probe]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = (CLI.binary as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "")
        shell.environment = env
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        shell.waitUntilExit()
        XCTAssertEqual(lines.prefix(3), ["users", "list", "--filter"])
        XCTAssertTrue(lines.last?.contains("add") == true && lines.last?.contains("remove") == true, "\(lines)")

        for (name, mark) in [("zsh", "#compdef idm"), ("fish", "complete -c 'idm'")] {
            let other = try CLI.run(["completions", name])
            XCTAssertEqual(other.status, 0, other.stderr)
            XCTAssertTrue(other.stdout.contains(mark) && other.stdout.contains("offboard"), name)
        }
        let home = folder.appendingPathComponent("home").path
        for (name, path) in [("bash", "\(home)/.local/share/bash-completion/completions/idm"), ("zsh", "\(home)/.zfunc/_idm"),
                             ("fish", "\(home)/.config/fish/completions/idm.fish")] {
            let installed = try CLI.run(["completions", name, "--install"], environment: ["HOME": home, "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": ""])
            XCTAssertEqual(installed.status, 0, installed.stderr)
            XCTAssertTrue(installed.stdout.hasPrefix("Wrote \(path).\n"), installed.stdout)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), try CLI.run(["completions", name]).stdout)
        }
        let unknown = try CLI.run(["completions", "tcsh"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("choose bash, zsh or fish"), unknown.stderr)
    }
}
