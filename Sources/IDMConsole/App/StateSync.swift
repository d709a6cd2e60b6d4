import Foundation
import IDMDomain
import IDMStore

/// The console's side of the state database (`StateStore`): after every key and effect it
/// keeps the drafts of the wizard and of an open form, and which new secrets are on screen, in
/// step with the stack; on ticks it beats the heart that tells other consoles who is here.
/// None of it is directory data: it makes no audit event and wakes no other console.
final class StateSync {
    static let wizardKind = "wizard"
    static let formKind = "form"
    /// How often a console says it is still open, and reads who else is.
    static let heartbeatEvery: TimeInterval = 10

    let store: StateStore
    let sessionID = UUID().uuidString
    private let login: String
    private(set) var account: AccountID
    /// What this console last saved, per kind: saved again only when it changed, removed when
    /// the wizard or form is finished or cancelled. nil: this console saved none (a draft kept
    /// from an earlier session stays until the user answers the resume question).
    private var saved: [String: Data] = [:]
    private var secretsShown: Set<Int64> = []
    private var lastHeartbeat: Date?
    /// The logins of the other consoles open in this account, as of the last heartbeat.
    private(set) var others: [String] = []
    /// The last failure writing state: drafts are a convenience, never a reason to stop.
    private(set) var failure: String?

    init(store: StateStore, login: String, account: AccountID, now: Date) {
        self.store = store
        self.login = login
        self.account = account
        attempt { try store.register(session: sessionID, login: login, account: account, at: now) }
        lastHeartbeat = now
        others = (try? store.others(account: account, except: sessionID, now: now)) ?? []
    }

    private func attempt(_ body: () throws -> Void) {
        do { try body(); failure = nil } catch { failure = "\(error)" }
    }

    // MARK: Drafts

    /// Saves the drafts the stack holds now, when they differ from what was saved; removes the
    /// ones this console saved whose wizard or form has gone.
    func syncDrafts(_ screens: [any Screen], now: Date) {
        let wizard = screens.reversed().lazy.compactMap { $0 as? WizardScreen }.first { $0.mode == .create }
        sync(Self.wizardKind, wizard.map { (try? JSONEncoder().encode($0.draft), $0.draft.summary) }, now: now)
        let form = screens.reversed().lazy.compactMap { $0 as? FormScreen }.first { $0.draftKey != nil }
        sync(Self.formKind, form.map { (try? JSONEncoder().encode(FormDraft($0)), $0.title) }, now: now)
    }

    private func sync(_ kind: String, _ current: (Data?, String)?, now: Date) {
        guard let (payload, summary) = current, let payload else {
            guard saved[kind] != nil else { return }
            saved[kind] = nil
            attempt { try store.removeDraft(login: login, account: account, kind: kind) }
            return
        }
        guard saved[kind] != payload else { return }
        saved[kind] = payload
        attempt { try store.saveDraft(login: login, account: account, kind: kind, session: sessionID, summary: summary, payload: payload, at: now) }
    }

    /// The drafts an earlier session of this user left in this account.
    func pendingDrafts(now: Date) -> [StateStore.Draft] {
        (try? store.drafts(login: login, account: account, now: now)) ?? []
    }

    func discard(_ kind: String) {
        saved[kind] = nil
        attempt { try store.removeDraft(login: login, account: account, kind: kind) }
    }

    // MARK: Secrets on screen

    /// Records the new secrets on screen and not saved yet; forgets those saved or left.
    func syncSecrets(_ screens: [any Screen], now: Date) {
        var onScreen: [Int64: StateStore.SecretOnScreen] = [:]
        for screen in screens {
            guard let c = screen as? CredentialScreen else { continue }
            for issued in c.issued where !c.saved.contains(issued.clientName) {
                let clientID = c.clients.first { $0.name == issued.clientName }?.id ?? 0
                onScreen[issued.credentialID] = StateStore.SecretOnScreen(
                    login: login, account: account, credentialID: issued.credentialID, clientID: clientID, clientName: issued.clientName,
                    tokenPrefix: String(issued.clientToken.prefix(12)), shownAt: now)
            }
        }
        for (id, secret) in onScreen where !secretsShown.contains(id) {
            attempt { try store.secretShown(secret, session: sessionID) }
        }
        for id in secretsShown where onScreen[id] == nil {
            attempt { try store.secretDone(credential: id, session: sessionID) }
        }
        secretsShown = Set(onScreen.keys)
    }

    /// Secrets that were on screen, unsaved, when an earlier session ended.
    func interruptedSecrets(now: Date) -> [StateStore.SecretOnScreen] {
        (try? store.interruptedSecrets(login: login, account: account, now: now)) ?? []
    }

    func forget(_ secret: StateStore.SecretOnScreen) {
        attempt { try store.forgetSecret(credential: secret.credentialID, login: login) }
    }

    // MARK: Who else is here

    /// Beats the heart when due; true when the others shown in the header changed.
    func heartbeat(now: Date) -> Bool {
        if let last = lastHeartbeat, now.timeIntervalSince(last) < Self.heartbeatEvery, now >= last { return false }
        lastHeartbeat = now
        attempt { try store.heartbeat(session: sessionID, account: account, at: now) }
        let before = others
        others = (try? store.others(account: account, except: sessionID, now: now)) ?? []
        return others != before
    }

    func switchAccount(to id: AccountID, now: Date) {
        // Drafts belong to an account: what this console saved stays under the old one.
        saved = [:]
        account = id
        lastHeartbeat = nil
        _ = heartbeat(now: now)
    }

    /// The session ends (quit, hang-up, SIGTERM): what is on screen now is saved, this console
    /// leaves the list of those open, and secrets still on screen stay recorded.
    func end(_ screens: [any Screen], now: Date) {
        syncDrafts(screens, now: now)
        attempt { try store.unregister(session: sessionID) }
    }
}
