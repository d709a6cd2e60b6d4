import Foundation
import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The console over SSH: the secret goes to the admin's own clipboard only after a question
/// that names it, Ctrl+C asks where quitting would lose something, and a user's page holds
/// their SSH keys.
final class SSHConsoleTests: XCTestCase {
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFMylwiH/4s+xBqw06V1FZpiK5o75kekb8PHioE27Om7 fixture-ed25519@test"
    static let fingerprint = "SHA256:KRL6u0VP0h8XuJSQZE5+5xzO0SA4TMwaH8pxb10YAy4"

    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    /// nora creates web-reports and stands on its new credential.
    func credentialsScreen(_ store: Store) throws -> Console {
        let console = try Golden.console("nora", store: store)
        console.press(.character("2"), .character("n"), .enter)
        for _ in 0..<WizardGoldenTests.papiRow { console.press(.down) }
        console.press(.character(" "), .enter)
        console.type("web-reports")
        console.press(.enter, .enter)
        return console
    }

    /// The value shown beside `field` on the credentials screen.
    func shown(_ console: Console, _ field: String) throws -> String {
        let line = try XCTUnwrap(console.render().textLines().first { $0.contains(" \(field) ") })
        return String(line.split(separator: " ").last!)
    }

    func testYAsksThenSendsTheSecretAloneAndYTheWholeSection() throws {
        let console = try credentialsScreen(try Golden.freshDemo())
        let secret = try shown(console, "client_secret")
        let token = try shown(console, "client_token")
        XCTAssertEqual(console.takeClipboard(), [])
        console.press(.character("y"))
        Golden.assert(console, "wizard-5-credentials-copy-confirm")
        XCTAssertEqual(console.takeClipboard(), [], "nothing is sent before the answer")
        console.press(.character("n"))
        XCTAssertEqual(console.takeClipboard(), [], "no: nothing is sent")
        console.press(.character("y"), .character("y"))
        XCTAssertEqual(console.takeClipboard(), [secret], "exactly the secret, once")
        XCTAssertTrue(text(console).contains("Sent the client_secret of web-reports to your terminal's clipboard"), text(console))
        console.press(.escape)   // the notice
        console.press(.character("Y"))
        XCTAssertTrue(text(console).contains("Copy the .edgerc section?"), text(console))
        console.press(.character("y"))
        let section = try XCTUnwrap(console.takeClipboard().first)
        XCTAssertTrue(section.hasPrefix("[web-reports]\nclient_secret = \(secret)\nhost = "), section)
        XCTAssertTrue(section.contains("\nclient_token = \(token)\n"), section)
    }

    /// The loop hands what was confirmed to the terminal, after the frame.
    func testTheLoopSendsTheConfirmedCopyToTheBackend() throws {
        let console = try credentialsScreen(try Golden.freshDemo())
        let secret = try shown(console, "client_secret")
        let backend = MemoryBackend(width: 80, height: 24)
        backend.enqueue(.character("y"), .character("y"))
        backend.closeInput()
        ConsoleLoop.run(console, backend: backend)
        XCTAssertEqual(backend.clipboard, [secret])
    }

    func testCtrlCAsksInTheWizardAndOverASecretButQuitsAtOnceElsewhere() throws {
        let list = try Golden.console("alice")
        list.press(.ctrl("c"))
        XCTAssertTrue(list.shouldQuit, "on the lists Ctrl+C quits as before")

        let wizard = try Golden.console("mike")
        wizard.press(.character("2"), .character("n"))
        wizard.press(.ctrl("c"))
        XCTAssertFalse(wizard.shouldQuit)
        Golden.assert(wizard, "quit-confirm-wizard")
        wizard.press(.character("n"))
        XCTAssertTrue(text(wizard).contains("1 Groups"), "back in the wizard: \(text(wizard))")
        wizard.press(.ctrl("c"), .ctrl("c"))
        XCTAssertTrue(wizard.shouldQuit, "a second Ctrl+C quits at once")

        let secret = try credentialsScreen(try Golden.freshDemo())
        secret.press(.ctrl("c"))
        XCTAssertFalse(secret.shouldQuit)
        XCTAssertTrue(text(secret).contains("shown only this once"), text(secret))
        secret.press(.character("y"))
        XCTAssertTrue(secret.shouldQuit)

        let form = try Golden.console("alice")
        form.press(.enter, .character("E"))
        form.press(.ctrl("c"))
        XCTAssertFalse(form.shouldQuit)
        XCTAssertTrue(text(form).contains("Quit idm?"), text(form))
    }

    func testAUsersPageAddsAndRemovesTheirSSHKeys() throws {
        let store = try Golden.freshDemo()
        let console = try Golden.console("alice", store: store)
        console.press(.character("/"))
        console.type("mike")
        console.press(.enter, .enter)
        XCTAssertTrue(text(console).contains("user mike"), text(console))
        console.press(.character("K"))
        Golden.assert(console, "detail-user-add-ssh-key")
        console.type("command=\"/bin/sh\" " + Self.key)
        console.press(.enter)
        XCTAssertTrue(text(console).contains("authorized_keys options"), text(console))
        console.press(.ctrl("u"))
        console.type(Self.key)
        console.press(.enter)
        XCTAssertTrue(text(console).contains("Added ssh-ed25519 key \(Self.fingerprint)"), text(console))
        let mikeID = try store.read { db in try Q.user(db, login: "mike")!.id }
        XCTAssertEqual(try DirectoryReader(store: store).sshKeys(try Session(store: store, login: "alice").context, mikeID)?.map(\.fingerprint),
                       [Self.fingerprint])
        console.press(.escape, .end)
        Golden.assert(console, "detail-user-ssh-keys")
        console.press(.character("X"))
        XCTAssertTrue(text(console).contains("Remove mike's ssh-ed25519 key"), text(console))
        XCTAssertTrue(text(console).contains(Self.fingerprint), "the question names the key")
        console.press(.character("y"))
        XCTAssertTrue(text(console).contains("SSH keys (0)"), text(console))
        XCTAssertTrue(text(console).contains("user mike"), "the page stays: removing a key is not deleting the user")
        XCTAssertEqual(try DirectoryReader(store: store).sshKeys(try Session(store: store, login: "alice").context, mikeID), [])
    }
}
