import IDMDomain

/// Which form an unfinished draft belongs to, so a later session can open it again: the form is
/// read fresh (the subject as it is now) and what was typed is put back, field by field.
enum FormKey: Codable, Hashable {
    case newUser, newRole
    case user(AdminFlows.UserAction, UserID)
    case group(AdminFlows.GroupAction, GroupID)
    case role(AdminFlows.RoleAction, RoleID)

    /// Opens the form again with `values` typed in, as an effect answering an `AdminStep`
    /// (refused when its subject no longer exists).
    func reopen(values: [String: String], focus: Int) -> Effect {
        let key = self
        return .run { io in
            let step: AdminStep
            switch key {
            case .newUser: step = .push(AdminFlows.createUserForm())
            case .newRole: step = .push(AdminFlows.createRoleForm())
            case .user(let action, let id): step = try AdminFlows.step(action, user: id, io)
            case .group(let action, let id): step = try AdminFlows.step(action, group: id, io)
            case .role(let action, let id): step = try AdminFlows.step(action, role: id, io)
            }
            if case .push(let form as FormScreen) = step { return AdminStep.push(form.filled(values, focus: focus)) }
            return step
        }
    }
}

/// An open form as kept between sessions.
struct FormDraft: Codable, Equatable {
    let key: FormKey
    let title: String
    let values: [String: String]
    let focus: Int

    init(_ form: FormScreen) {
        key = form.draftKey ?? .newUser
        title = form.title
        values = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.id.rawValue, $0.value) })
        focus = form.focus
    }
}
