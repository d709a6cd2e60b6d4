import IDMDomain
import IDMStore
import IDMTerminal

/// The fields a form may have, named: a form's values are read by name, never by position.
enum FieldID: String, Hashable {
    case login, firstName, lastName, email, jobTitle, phone, timeZone, roles
    case name, description, permissions, newParent, subgroup
    case expiresOn, overlapDays, typedName, edgercFile, edgercSection, sshKey
}

struct FormField {
    let id: FieldID
    let label: String
    var value: String
}

/// What a form holds when it is submitted.
struct FormValues {
    let values: [FieldID: String]
    subscript(_ id: FieldID) -> String { values[id] ?? "" }
}

/// A form in a box, pushed over the screen it belongs to. Enter submits: the submission (a
/// service call or a preview) runs as an effect; a refusal keeps the form open with everything
/// typed and the reason under the fields; success closes it and hands the answer beneath.
struct FormScreen: Screen {
    enum Action: Hashable { case next, previous, submit, cancel, clear }

    let crumb: String
    let title: String
    let message: String
    var fields: [FormField]
    var focus = 0
    var error: String?
    let submitLabel: String
    let submit: (FormValues, ConsoleIO) throws -> Any
    /// How to open this form again in a later session (nil: it is not kept as a draft).
    var draftKey: FormKey?
    /// What the form was opened on, at which version: a change from elsewhere is shown.
    var subject: VersionedSubject?
    /// Someone else changed (or deleted) the subject while the form was open.
    var meanwhile: ChangeMeanwhile?

    /// The answer of the check made when the directory changed while the form was open.
    struct MeanwhileCheck { let change: ChangeMeanwhile? }

    init(crumb: String, title: String, message: String, fields: [FormField], submitLabel: String,
         submit: @escaping (FormValues, ConsoleIO) throws -> Any) {
        self.crumb = crumb
        self.title = title
        self.message = message
        self.fields = fields
        self.submitLabel = submitLabel
        self.submit = submit
    }

    var isModal: Bool { true }
    var isTyping: Bool { true }
    var quitWarning: String? {
        draftKey != nil ? "What you typed in \"\(title)\" is kept as a draft for your next start." : "What you typed in \"\(title)\" is lost."
    }

    /// The same form, kept as a draft under `key` and watched for changes to `subject`.
    func keyed(_ key: FormKey, subject: VersionedSubject? = nil) -> FormScreen {
        var form = self
        form.draftKey = key
        form.subject = subject
        return form
    }

    /// The same form, watched for changes made elsewhere to `subject` (not kept as a draft).
    func watching(_ subject: VersionedSubject) -> FormScreen {
        var form = self
        form.subject = subject
        return form
    }

    /// The form with values typed in an earlier session put back, by field name.
    func filled(_ values: [String: String], focus: Int) -> FormScreen {
        var form = self
        for i in form.fields.indices {
            if let value = values[form.fields[i].id.rawValue] { form.fields[i].value = value }
        }
        form.focus = min(max(0, focus), form.fields.count - 1)
        return form
    }

    static let keys = KeyTable<Action>("Forms", [
        KeyBinding([.enter], .submit, "Submit", "Submit the form (checked again before anything is saved)", bar: true),
        KeyBinding([.tab, .down], .next, "Next field", "Next field", bar: true),
        KeyBinding([.backTab, .up], .previous, "Previous field", "Previous field"),
        KeyBinding([.ctrl("u")], .clear, "Clear", "Clear the field"),
        KeyBinding([.escape], .cancel, "Cancel", "Cancel: nothing is saved", bar: true),
    ])

    func binds(_ key: KeyEvent) -> Bool { true }

    var values: FormValues { FormValues(values: Dictionary(uniqueKeysWithValues: fields.map { ($0.id, $0.value) })) }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        switch msg {
        case .key(let key):
            if let action = Self.keys.action(for: key) {
                switch action {
                case .submit:
                    let values = self.values
                    let submit = self.submit
                    return [.run { io in try submit(values, io) }]
                case .cancel: return [.pop(.cancelled)]
                case .next: focus = (focus + 1) % fields.count
                case .previous: focus = (focus + fields.count - 1) % fields.count
                case .clear: fields[focus].value = ""
                }
            } else if key == .backspace {
                if !fields[focus].value.isEmpty { fields[focus].value.removeLast() }
            } else if case .character(let ch) = key {
                fields[focus].value.append(ch)
                error = nil
            }
            return []
        case .refresh:
            // Never overwrite what was typed: only say that the subject changed meanwhile.
            guard let subject else { return [] }
            return [.run { io in MeanwhileCheck(change: try io.reader.changedSince(subject)) }]
        case .reply(.success(let check as MeanwhileCheck)):
            meanwhile = check.change
            return [.handled]
        case .reply(.success(let answer)):
            return [.pop(.submitted(answer))]
        case .reply(.failure(let failure)):
            // Refused or invalid: the form stays, with what was typed and the reason.
            error = (failure as? IDMError)?.description ?? "\(failure)"
            if Notice.isConflict(failure) {
                // What the form was opened on changed meanwhile: what was typed stays here to
                // copy; Esc and open it again to edit the current version.
                error = (error ?? "").replacingOccurrences(of: "Reload and try again.", with: "Esc, then open the form again to edit the current version.")
            }
            return [.handled]
        default:
            return []
        }
    }

    /// "mike was changed by alice at 14:03 UTC meanwhile: …".
    static func describe(_ change: ChangeMeanwhile) -> String {
        let who = change.by.map { " by \($0)" } ?? ""
        let when = change.at.map { " at \(Formats.clock($0))" } ?? ""
        if change.deleted {
            return "\(change.name) was deleted\(who)\(when) meanwhile: there is nothing left to save; what you typed stays here to copy."
        }
        return "\(change.name) was changed\(who)\(when) meanwhile. What you typed stays; saving is checked against the new version (Esc, then open the form again to edit it)."
    }

    func hints(_ env: Env) -> [Hint] {
        [Hint(key: "Enter", label: submitLabel.prefix(1).uppercased() + submitLabel.dropFirst(), essential: true),
         Hint(key: "Tab", label: "Next field"), Hint(key: "Esc", label: "Cancel", essential: true)]
    }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: { _ in .allowed })] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        let width = min(72, area.width - 4)
        let messageLines = Wrap.lines(message, width: width - 4)
        let errorLines = error.map { Wrap.lines("✗ " + Sanitize.clean($0), width: width - 4) } ?? []
        let meanwhileLines = meanwhile.map { Wrap.lines("⚠ " + Sanitize.clean(Self.describe($0)), width: width - 4) } ?? []
        let height = min(area.height, messageLines.count + meanwhileLines.count + fields.count + errorLines.count + 5)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        Box.draw(&grid, box, title: title)
        var y = box.y + 1
        for line in messageLines where y < box.maxY - 1 { grid.put(x: box.x + 2, y: y, text: line, maxWidth: width - 4); y += 1 }
        for line in meanwhileLines where y < box.maxY - 1 {
            grid.put(x: box.x + 2, y: y, text: line, style: Style(.bold).foreground(.yellow), maxWidth: width - 4)
            y += 1
        }
        y += 1
        let labelWidth = min(24, (fields.map { Width.of($0.label) }.max() ?? 0) + 1)
        for (i, field) in fields.enumerated() where y < box.maxY - 1 {
            let focused = i == focus
            grid.put(x: box.x + 2, y: y, text: field.label, style: focused ? .bold : .normal, maxWidth: labelWidth)
            let inputX = box.x + 3 + labelWidth
            let inputWidth = box.maxX - 2 - inputX
            grid.fill(Rect(x: inputX, y: y, width: inputWidth, height: 1), style: .underline)
            var shown = Sanitize.clean(field.value)
            while Width.of(shown) > inputWidth - 1 { shown.removeFirst() }
            let used = grid.put(x: inputX, y: y, text: shown, style: .underline, maxWidth: inputWidth)
            if focused { grid.put(x: inputX + used, y: y, text: "▏", style: Style(.bold).adding(.underline)) }
            y += 1
        }
        for line in errorLines where y < box.maxY - 1 {
            grid.put(x: box.x + 2, y: y, text: line, style: Style(.bold).foreground(.red), maxWidth: width - 4)
            y += 1
        }
        grid.put(x: box.x + 2, y: box.maxY - 2, text: "Enter \(submitLabel)  Tab next field  Esc cancel", style: .dim, maxWidth: width - 4)
    }
}
