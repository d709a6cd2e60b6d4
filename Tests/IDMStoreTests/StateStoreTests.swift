import Foundation
import IDMStore
import XCTest

/// The state database beside the directory: where it is, that only its owner can read it, and
/// what it answers for drafts, consoles and secrets on screen.
final class StateStoreTests: XCTestCase {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("idm-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func testItLivesBesideTheDirectoryOwnerOnly() throws {
        XCTAssertEqual(StateStore.path(besideDirectory: "/srv/idm/idm.sqlite"), "/srv/idm/idm.state.sqlite")
        XCTAssertEqual(StateStore.path(besideDirectory: "/srv/idm/dir.db"), "/srv/idm/dir.db.state.sqlite")
        let dir = try folder()
        let state = try StateStore(besideDirectory: dir.appendingPathComponent("idm.sqlite").path)
        try state.saveDraft(login: "nora", account: 1, kind: "wizard", session: "s1", summary: "step 1", payload: Data("{}".utf8), at: Date())
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            XCTAssertEqual(FileModes.mode(of: dir.appendingPathComponent(file).path), 0o600, file)
        }
    }

    func testDraftsAreOnePerKindOfferedOnlyOnceTheirConsoleIsGoneAndExpireAfterAWeek() throws {
        let state = try StateStore(path: try folder().appendingPathComponent("s.sqlite").path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try state.register(session: "s1", login: "nora", account: 1, at: now)
        try state.saveDraft(login: "nora", account: 1, kind: "wizard", session: "s1", summary: "step 1", payload: Data("a".utf8), at: now)
        try state.saveDraft(login: "nora", account: 1, kind: "wizard", session: "s1", summary: "step 2", payload: Data("b".utf8), at: now)
        XCTAssertEqual(try state.drafts(login: "nora", account: 1, now: now), [], "its console is still open")
        try state.unregister(session: "s1")
        XCTAssertEqual(try state.drafts(login: "nora", account: 1, now: now).map(\.summary), ["step 2"])
        XCTAssertEqual(try state.drafts(login: "nora", account: 2, now: now), [], "another account's are its own")
        XCTAssertEqual(try state.drafts(login: "nora", account: 1, now: now.addingTimeInterval(StateStore.draftLifetime + 1)), [])
        XCTAssertEqual(try state.drafts(login: "nora", account: 1, now: now), [], "an expired draft is removed, not just hidden")
    }

    func testOthersHereAreTheLiveConsolesOfTheAccount() throws {
        let state = try StateStore(path: try folder().appendingPathComponent("s.sqlite").path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try state.register(session: "a", login: "alice", account: 1, at: now)
        try state.register(session: "b", login: "ivan", account: 1, at: now)
        try state.register(session: "c", login: "ivan", account: 1, at: now)
        try state.register(session: "d", login: "rhea", account: 2, at: now)
        XCTAssertEqual(try state.others(account: 1, except: "a", now: now), ["ivan"])
        XCTAssertEqual(try state.others(account: 1, except: "a", now: now.addingTimeInterval(StateStore.sessionTimeout)), [], "silent too long")
        try state.heartbeat(session: "b", account: 1, at: now.addingTimeInterval(30))
        XCTAssertEqual(try state.others(account: 1, except: "a", now: now.addingTimeInterval(50)), ["ivan"])
    }

    func testASecretOnScreenIsInterruptedOnlyOnceItsConsoleIsGone() throws {
        let state = try StateStore(path: try folder().appendingPathComponent("s.sqlite").path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let secret = StateStore.SecretOnScreen(login: "nora", account: 1, credentialID: 7, clientID: 3, clientName: "web", tokenPrefix: "ctok-1234567", shownAt: now)
        try state.register(session: "s1", login: "nora", account: 1, at: now)
        try state.secretShown(secret, session: "s1")
        XCTAssertEqual(try state.interruptedSecrets(login: "nora", account: 1, now: now), [])
        try state.unregister(session: "s1")
        XCTAssertEqual(try state.interruptedSecrets(login: "nora", account: 1, now: now), [secret])
        try state.forgetSecret(credential: 7, login: "nora")
        XCTAssertEqual(try state.interruptedSecrets(login: "nora", account: 1, now: now), [])
    }
}
