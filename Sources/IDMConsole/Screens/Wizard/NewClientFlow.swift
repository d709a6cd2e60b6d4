import IDMDomain
import IDMStore

/// Opening the New API Client wizard: for yourself (`n`), or for another user chosen in a
/// picker (`N`), the choice checked by the decision table as an effect.
enum NewClientFlow {
    /// A wizard ready to open, read for its owner.
    struct Start {
        let wizard: NewClientWizard
        func screen(_ env: Env) -> WizardScreen { WizardScreen(wizard: wizard, creator: env.login) }
    }

    /// A client's API access or details to edit with the wizard's steps.
    struct Edit {
        let wizard: NewClientWizard
        let mode: WizardScreen.Mode
        let client: APIClient
        func screen() -> WizardScreen { WizardScreen(wizard: wizard, creator: "", mode: mode, editing: client) }
    }

    static func forMe() -> Effect {
        .run { io in Start(wizard: try io.reader.wizard(for: io.context.user)) }
    }

    static func ownerPicker(_ env: Env) -> UserPickerScreen {
        UserPickerScreen(crumb: "Owner", title: "New API client for another user: choose the owner", lists: env.lists, account: env.account.id) { id, io in
            guard let owner = try io.reader.user(id) else { throw IDMError.notFound("That user no longer exists.") }
            try io.reader.decision(io.context, owner.id == io.context.user.id ? .createClientForSelf : .createClientFor(owner: owner.id)).enforce()
            return Start(wizard: try io.reader.wizard(for: owner))
        }
    }
}
