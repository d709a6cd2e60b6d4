import Foundation
import GRDB
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// A clock a test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date = Golden.now) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
}

/// Drafts, lost secrets, forms changed meanwhile, a locked user's console, the idle timeout
/// and who else is here: what a session leaves in the state database and what the next one
/// does with it. Consoles here run on a real directory file and a real state file beside it.
final class SessionStateTests: XCTestCase {
    var store: Store!
    var state: StateStore!
    let clock = TestClock()

    override func setUpWithError() throws {
        store = try Golden.freshDemo()
        state = try StateStore(besideDirectory: store.path)
    }

    func console(_ login: String, idleTimeout: TimeInterval? = nil, state: StateStore? = nil) throws -> Console {
        let clock = self.clock
        let session = try Session(store: store, login: login, now: { clock.now }, entropy: SeededEntropy(seed: 42),
                                  state: state ?? self.state, idleTimeout: idleTimeout)
        return try Console(session: session, size: Size(width: 80, height: 24))
    }

    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }
    func down(_ console: Console, _ n: Int) { for _ in 0..<n { console.press(.down) } }
    var other: DirectoryService { DirectoryService(store: try! Store(path: store.path), clock: { Golden.now }) }
    var alice: ActorRef { ActorRef(login: "alice") }

    /// nora's wizard on its details step with a name typed.
    func noraAtDetails(_ name: String) throws -> Console {
        let nora = try console("nora")
        nora.press(.character("2"), .character("n"), .enter)
        down(nora, 6)
        nora.press(.character(" "), .enter)
        nora.type(name)
        return nora
    }

    /// The directory as it is on disk: the file and its write-ahead log (no checkpoint, which
    /// would itself be a change the other consoles see).
    /// The drafts kept for `login`, whether or not a console still works on them (read as if
    /// every console's heartbeat had gone stale).
    func stored(_ login: String, _ console: Console) throws -> [String] {
        try state.drafts(login: login, account: console.session.account.id, now: clock.now.addingTimeInterval(StateStore.sessionTimeout + 1)).map(\.summary)
    }

    func fileBytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
    }

    // MARK: Drafts

    func testAWizardDraftIsKeptAtEachStepAndResumedByTheNextSession() throws {
        let nora = try noraAtDetails("web-reports")
        XCTAssertEqual(try state.drafts(login: "nora", account: nora.session.account.id, now: clock.now), [],
                       "not offered while the console working on it is open")
        // As if killed (SIGKILL): no end, the heartbeat goes stale. What the last change saved is there.
        let killedLater = clock.now.addingTimeInterval(StateStore.sessionTimeout + 1)
        let saved = try state.drafts(login: "nora", account: nora.session.account.id, now: killedLater)
        XCTAssertEqual(saved.map(\.summary), ["step 3, name web-reports"], "saved as typed, before any hang-up")
        nora.end()   // the hang-up: the loop ends the session
        clock.advance(120)
        let again = try console("nora")
        XCTAssertTrue(text(again).contains("Resume the New API Client draft from 00:53 UTC (step 3, name"), text(again))
        XCTAssertTrue(text(again).contains("web-reports)?"), text(again))
        again.press(.character("y"))
        let wizard = try XCTUnwrap(again.topScreen(WizardScreen.self), text(again))
        XCTAssertEqual(wizard.step, .details)
        XCTAssertEqual(wizard.wizard.details[.name], "web-reports")
        XCTAssertEqual(wizard.wizard.apis.grantable.map(\.serviceID), ["papi"])
        again.press(.enter, .enter)   // review, create
        let made = try store.read { db in try String.fetchOne(db, sql: "SELECT name FROM api_client WHERE name = 'web-reports'") }
        XCTAssertEqual(made, "web-reports", "the client has what was typed before the hang-up")
        XCTAssertEqual(try stored("nora", again), [], "finishing removes the draft")
    }

    func testAResumedDraftDropsWhatNoLongerExistsAndSaysSo() throws {
        let account = try store.read { db in try Q.account(db, named: DemoSeed.acme)!.id }
        let web = try store.read { db in try Q.group(db, account: account, key: "Acme Web").id }
        let scratch = try other.createGroup(alice, parent: web, name: "Scratch").id
        let mike = try console("mike")
        mike.press(.character("2"), .character("n"), .enter)      // every group of both contracts
        XCTAssertTrue(try XCTUnwrap(mike.topScreen(WizardScreen.self)).wizard.groups.selected.contains(scratch))
        mike.end()
        try other.deleteGroup(alice, group: scratch)
        let again = try console("mike")
        again.press(.character("y"))
        XCTAssertEqual(again.notice?.text, "Resumed the draft; 1 group the owner can no longer reach (deleted, or access changed) left out.")
        XCTAssertTrue(text(again).contains("1 group the owner can no longer reach"), text(again))
        let wizard = try XCTUnwrap(again.topScreen(WizardScreen.self))
        XCTAssertFalse(wizard.wizard.groups.selected.contains(scratch))
        XCTAssertEqual(wizard.step, .apis)
    }

    func testDiscardLaterAndCancelAndExpiry() throws {
        let nora = try noraAtDetails("x1")
        nora.end()
        var again = try console("nora")
        again.press(.escape)     // later: kept
        XCTAssertTrue(text(again).contains("The draft is kept"), text(again))
        again.end()
        again = try console("nora")
        again.press(.character("n"))
        XCTAssertEqual(try stored("nora", again), [], "n discards it")
        // Cancelling the wizard removes its draft.
        let third = try noraAtDetails("x2")
        let stale = clock.now.addingTimeInterval(StateStore.sessionTimeout + 1)
        XCTAssertEqual(try state.drafts(login: "nora", account: third.session.account.id, now: stale).count, 1)
        third.press(.escape, .escape, .escape, .character("y"))
        XCTAssertNil(third.topScreen(WizardScreen.self), text(third))
        XCTAssertEqual(try stored("nora", third), [], "cancelled: no draft")
        // A draft a week old is not offered.
        let fourth = try noraAtDetails("x3")
        fourth.end()
        clock.advance(StateStore.draftLifetime + 1)
        let later = try console("nora")
        XCTAssertNil(later.topScreen(DraftResumeScreen.self), text(later))
    }

    func testAnOpenFormIsKeptAndReopenedWithWhatWasTyped() throws {
        let alice = try console("alice")
        alice.press(.down, .down, .character("E"))   // mike
        let form = try XCTUnwrap(alice.topScreen(FormScreen.self), text(alice))
        XCTAssertEqual(form.title, "Edit mike")
        alice.press(.ctrl("u"))
        alice.type("Michael")
        alice.end()
        let again = try console("alice")
        XCTAssertTrue(text(again).contains("Resume the form \"Edit mike\""), text(again))
        again.press(.character("y"))
        let reopened = try XCTUnwrap(again.topScreen(FormScreen.self), text(again))
        XCTAssertEqual(reopened.values[.firstName], "Michael")
        XCTAssertEqual(reopened.values[.lastName], "Moreau", "the rest read fresh")
        again.press(.enter)
        let first = try store.read { db in try Q.user(db, login: "mike")!.firstName }
        XCTAssertEqual(first, "Michael")
        XCTAssertEqual(try stored("alice", again), [], "saved: no draft")
    }

    func testWritingStateLeavesTheDirectoryByteForByteAndWakesNoOtherConsole() throws {
        let watcher = try Golden.console("alice", store: store)
        watcher.tick()
        let before = try fileBytes(store.path)
        let reads = store.readsServed
        let nora = try noraAtDetails("quiet-draft")
        clock.advance(StateSync.heartbeatEvery + 1)
        nora.tick()
        nora.end()
        XCTAssertEqual(try fileBytes(store.path), before, "drafts and heartbeats are not directory data")
        let readsByNora = store.readsServed - reads
        watcher.tick()
        XCTAssertEqual(store.readsServed - reads, readsByNora, "the other console saw no change: it read nothing")
    }

    func testADraftAnotherOpenConsoleOfYoursWorksOnIsNotOffered() throws {
        _ = try noraAtDetails("busy")
        let second = try console("nora")
        XCTAssertNil(second.topScreen(DraftResumeScreen.self), "the first console is still on it:\n\(text(second))")
    }

    // MARK: A secret lost with a session

    func testASecretOnScreenWhenTheSessionEndedIsReportedAndRotationOffered() throws {
        let nora = try noraAtDetails("lost-secret")
        nora.press(.enter, .enter)
        XCTAssertNotNil(nora.topScreen(CredentialScreen.self))
        nora.end()    // the hang-up, with the secret on screen
        let again = try console("nora")
        let shown = text(again)
        XCTAssertTrue(shown.contains("lost-secret"), shown)
        XCTAssertTrue(shown.contains("gone for good"), shown)
        again.press(.character("r"))
        XCTAssertNotNil(again.topScreen(FormScreen.self), text(again))
        XCTAssertTrue(again.crumbs.contains("lost-secret › Rotate"), again.crumbs)
        // Said once.
        let third = try console("nora")
        XCTAssertNil(third.topScreen(SecretLostScreen.self), text(third))
    }

    func testASecretSavedOrLeftOnPurposeIsNotReported() throws {
        let nora = try noraAtDetails("kept-secret")
        nora.press(.enter, .enter, .enter, .character("y"))   // leave without saving, on purpose
        XCTAssertNil(nora.topScreen(CredentialScreen.self))
        nora.end()
        let again = try console("nora")
        XCTAssertNil(again.topScreen(SecretLostScreen.self), text(again))
    }

    // MARK: Changes made elsewhere

    func testAnOpenFormSaysWhoChangedItMeanwhileAndKeepsWhatWasTyped() throws {
        let alice = try console("alice")
        alice.press(.down, .down, .character("E"))   // mike
        alice.press(.ctrl("u"))
        alice.type("Mick")
        let mike = try store.read { db in try Q.user(db, login: "mike")! }
        // alice again, in another process (another SSH session).
        try other.editUser(self.alice, user: mike.id, UserEdit(profile: UserProfileEdit(jobTitle: "Lead")), expectedVersion: mike.version, confirming: [])
        alice.tick()
        let shown = text(alice)
        XCTAssertTrue(shown.contains("mike was changed by alice at 00:53 UTC meanwhile"), shown)
        XCTAssertEqual(alice.topScreen(FormScreen.self)?.values[.firstName], "Mick", "what was typed stays")
        alice.press(.enter)
        XCTAssertTrue(text(alice).contains("changed"), "saving goes through the version check:\n\(text(alice))")
        XCTAssertEqual(try store.read { db in try Q.user(db, login: "mike")!.firstName }, "Mike")
    }

    func testTheSelectedRowDeletedElsewhereMovesToTheNearestWithANotice() throws {
        let alice = try console("alice")
        alice.press(.down, .down, .down)   // nora
        XCTAssertEqual(alice.manage?.windows[.users]?.selectedRow?.cells[0], "nora")
        let nora = try store.read { db in try Q.user(db, login: "nora")! }
        let owned = try store.read { db in try Q.clients(db, ownedBy: nora.id) }
        let mike = try store.read { db in try Q.user(db, login: "mike")! }
        try other.deleteUser(self.alice, user: nora.id, transferTo: owned.isEmpty ? nil : mike.id)
        alice.tick()
        XCTAssertEqual(alice.manage?.windows[.users]?.selectedRow?.cells[0], "pat", "the nearest row")
        XCTAssertTrue(text(alice).contains("nora is no longer in this list (deleted or changed elsewhere)"), text(alice))
    }

    func testYourOwnLockTurnsTheConsoleReadOnlyAndClosesItAfterTenSeconds() throws {
        let mike = try console("mike")
        let user = try store.read { db in try Q.user(db, login: "mike")! }
        _ = try other.lockUser(alice, user: user.id, expectedVersion: user.version)
        mike.tick()
        let shown = text(mike)
        XCTAssertTrue(shown.contains("Your user mike was locked by alice at 00:53 UTC"), shown)
        XCTAssertTrue(shown.contains("read-only"), shown)
        mike.press(.character("2"))
        XCTAssertTrue(mike.shouldQuit, "any key closes it")
        let again = try console("mike")
        // Another console of the same user, already locked at start, is not ended by the tick.
        again.tick()
        XCTAssertFalse(again.shouldQuit)
        // One open while the lock happens closes by itself at the deadline.
        let unlocked = try store.read { db in try Q.user(db, login: "mike")! }
        _ = try other.unlockUser(alice, user: unlocked.id, expectedVersion: unlocked.version)
        let third = try console("mike")
        let relocked = try store.read { db in try Q.user(db, login: "mike")! }
        _ = try other.lockUser(alice, user: relocked.id, expectedVersion: relocked.version)
        third.tick()
        clock.advance(9)
        third.tick()
        XCTAssertFalse(third.shouldQuit)
        XCTAssertTrue(text(third).contains("closes in 1 second"), text(third))
        clock.advance(1)
        third.tick()
        XCTAssertTrue(third.shouldQuit)
        XCTAssertEqual(third.farewell, "Your user mike was locked by alice at 00:53 UTC.")
    }

    func testYourRolesChangedElsewhereIsSaid() throws {
        let mike = try console("mike")
        let user = try store.read { db in try Q.user(db, login: "mike")! }
        let (web, viewer) = try store.read { db in (try Q.group(db, account: user.accountID, key: "Acme Web").id, try Q.role(db, account: user.accountID, key: "Reporting Viewer").id) }
        let grants = [Grant(groupID: web, roleID: viewer)]
        let impacts = try other.previewUserAccess(alice, user: user.id, grants: grants)
        try other.editUser(alice, user: user.id, UserEdit(grants: grants), confirming: impacts)
        mike.tick()
        XCTAssertTrue(text(mike).contains("Your roles changed elsewhere: now Reporting Viewer"), text(mike))
    }

    // MARK: Idle timeout, through the loop

    func testTheIdleTimeoutWarnsAMinuteBeforeKeepsTheDraftAndCloses() throws {
        let nora = try console("nora", idleTimeout: 300)
        let backend = MemoryBackend()
        backend.enqueue(.character("2"), .character("n"), .enter)
        for _ in 0..<6 { backend.enqueue(.down) }
        backend.enqueue(.character(" "), .enter)
        backend.enqueue("idle-draft".map { KeyEvent.character($0) })
        var warnedAt: Date?
        let start = clock.now
        backend.onTimeout = { [clock] in
            clock.advance(1)
            if warnedAt == nil, backend.lastGrid?.textLines().joined().contains("idm closes in") == true { warnedAt = clock.now }
        }
        ConsoleLoop.run(nora, backend: backend)
        XCTAssertTrue(backend.isShutDown)
        let closedAfter = clock.now.timeIntervalSince(start)
        XCTAssertEqual(closedAfter, 300, accuracy: 2)
        let warned = try XCTUnwrap(warnedAt, "a warning came before closing")
        XCTAssertEqual(warned.timeIntervalSince(start), 241, accuracy: 2)
        XCTAssertEqual(try state.drafts(login: "nora", account: nora.session.account.id, now: clock.now).map(\.summary), ["step 3, name idle-draft"])
        XCTAssertTrue(nora.farewell?.contains("idle timeout") == true)
    }

    func testAKeyAfterTheWarningKeepsTheConsoleOpen() throws {
        let alice = try console("alice", idleTimeout: 120)
        clock.advance(61)
        alice.tick()
        XCTAssertTrue(text(alice).contains("idm closes in 59 seconds"), text(alice))
        alice.press(.down)
        clock.advance(100)
        alice.tick()
        XCTAssertFalse(alice.shouldQuit, "the key reset the clock")
    }

    // MARK: Who else is here

    func testTheHeaderCountsTheOtherConsolesInTheAccount() throws {
        let alice = try console("alice")
        XCTAssertFalse(text(alice).contains("other admin"))
        _ = try console("ivan")
        _ = try console("mike")
        clock.advance(StateSync.heartbeatEvery)
        alice.tick()
        XCTAssertTrue(alice.render().textLines()[0].contains("2 other admins in Acme Media"), alice.render().textLines()[0])
    }
}
