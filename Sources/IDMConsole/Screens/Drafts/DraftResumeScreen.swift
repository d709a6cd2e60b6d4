import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// At start, for a draft an earlier session left (a hang-up, a SIGTERM, a closed terminal):
/// "Resume the New API Client draft from 14:02 UTC (step 3, name web-deployer)? y resume
/// n discard". Resuming reads the directory as it is now: the wizard is read fresh for its
/// owner (who must still be yours to create for) and the draft put back, dropping groups and
/// APIs that no longer fit, with a notice; a form is opened again on its subject as it is now.
/// Esc leaves the draft for the next start.
struct DraftResumeScreen: Screen {
    enum Action: Hashable { case resume, discard, later }

    let draft: StateStore.Draft

    init(_ draft: StateStore.Draft) {
        self.draft = draft
    }

    var isWizard: Bool { draft.kind == StateSync.wizardKind }
    var crumb: String { "Resume" }
    var isModal: Bool { true }

    static let keys = KeyTable<Action>("Resuming a draft", [
        KeyBinding([.character("y"), .character("Y")], .resume, "Resume", "Resume the draft, checked against the directory as it is now", bar: true),
        KeyBinding([.character("n"), .character("N")], .discard, "Discard", "Discard the draft for good", bar: true),
        KeyBinding([.escape, .character("q")], .later, "Later", "Keep the draft and decide at the next start", bar: true),
    ])

    func binds(_ key: KeyEvent) -> Bool { true }

    var question: String {
        let when = Formats.clock(draft.savedAt)
        if isWizard { return "Resume the New API Client draft from \(when) (\(draft.summary))?" }
        return "Resume the form \"\(draft.summary)\" from \(when), with what you typed?"
    }

    /// The wizard, read fresh and with the draft put back, and what had to be left out.
    struct ResumedWizard {
        let screen: WizardScreen
        let dropped: [String]
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        switch msg {
        case .key(let key):
            switch Self.keys.action(for: key) {
            case .resume?: return [resume()]
            case .discard?:
                return [.discardDraft(draft.kind), .pop(.cancelled),
                        .notice(.info(isWizard ? "The New API Client draft was discarded." : "The form's draft was discarded."))]
            case .later?: return [.pop(.cancelled), .notice(.info("The draft is kept; it is offered again at the next start."))]
            case nil:
                if case .motion = key { return [] }
                return [.notice(.reason("Press y to resume the draft, n to discard it, or Esc to decide later.", key: "y"))]
            }
        case .reply(.success(let resumed as ResumedWizard)):
            let note = resumed.dropped.isEmpty ? "Resumed the draft." : "Resumed the draft; " + resumed.dropped.joined(separator: "; ") + "."
            return [.replace(resumed.screen), .notice(.info(note))]
        case .reply(.success(let step as AdminStep)):
            switch step {
            case .push(let form): return [.replace(form), .notice(.info("Resumed the form with what you typed."))]
            case .refused(let reason): return [.discardDraft(draft.kind), .pop(.cancelled), .notice(.reason("The draft cannot be resumed: \(reason) It was discarded."))]
            case .done: return [.pop(.cancelled)]
            }
        case .reply(.failure(let error)):
            // The owner is gone or no longer yours: nothing to resume into.
            return [.discardDraft(draft.kind), .pop(.cancelled),
                    .notice(.reason("The draft cannot be resumed: \((error as? IDMError)?.description ?? "\(error)") It was discarded."))]
        default:
            return []
        }
    }

    private func resume() -> Effect {
        let payload = draft.payload
        if !isWizard {
            guard let form = try? JSONDecoder().decode(FormDraft.self, from: payload) else {
                return .run { _ in throw IDMError.notFound("The saved draft could not be read.") }
            }
            return form.key.reopen(values: form.values, focus: form.focus)
        }
        return .run { io in
            let saved = try JSONDecoder().decode(WizardDraft.self, from: payload)
            guard let owner = try io.reader.user(saved.ownerID) else { throw IDMError.notFound("Its owner \(saved.ownerLogin) no longer exists.") }
            let question: Question = owner.id == io.context.user.id ? .createClientForSelf : .createClientFor(owner: owner.id)
            try io.reader.decision(io.context, question).enforce()
            var wizard = try io.reader.wizard(for: owner)
            let dropped = wizard.restore(saved)
            var screen = WizardScreen(wizard: wizard, creator: io.context.user.login)
            screen.field = ClientDetails.Field(rawValue: saved.field) ?? .name
            return ResumedWizard(screen: screen, dropped: dropped)
        }
    }

    func hints(_ env: Env) -> [Hint] {
        [Hint(key: "y", label: "Resume", essential: true), Hint(key: "n", label: "Discard", essential: true), Hint(key: "Esc", label: "Later")]
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: { _ in .allowed })] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        ConfirmDialog.draw(&grid, area: area, title: "Unfinished draft", message: Sanitize.clean(question), keys: "y resume  n discard  Esc later")
    }
}
