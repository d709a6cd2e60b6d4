/// What the New API Client wizard holds, as plain values a console can keep between sessions:
/// the owner, the step, the groups, the APIs and levels, and every field as typed (never
/// parsed, so nothing typed is lost). Restoring it into a wizard read from the current
/// directory drops what no longer fits, and says what.
public struct WizardDraft: Codable, Equatable, Sendable {
    public var ownerID: UserID
    public var ownerLogin: String
    public var step: Int
    public var groups: [GroupID]
    public var apis: [APIGrant]
    public var onePerContract: Bool
    /// Field name (`ClientDetails.Field.rawValue`) to the text as typed.
    public var details: [String: String]
    /// The details field that had the focus.
    public var field: String

    /// "step 3, name web-deployer" (the name only once one was typed).
    public var summary: String {
        let name = (details[ClientDetails.Field.name.rawValue] ?? "").trimmingCharacters(in: .whitespaces)
        return "step \(step)" + (name.isEmpty ? "" : ", name \(name)")
    }
}

extension NewClientWizard {
    public func draft(field: ClientDetails.Field) -> WizardDraft {
        WizardDraft(ownerID: owner.id, ownerLogin: owner.login, step: step.rawValue, groups: groups.selected.sorted(),
                    apis: apis.chosen.map { APIGrant(serviceID: $0.key, level: $0.value) }.sorted { $0.serviceID < $1.serviceID },
                    onePerContract: onePerContract,
                    details: Dictionary(uniqueKeysWithValues: details.text.map { ($0.key.rawValue, $0.value) }), field: field.rawValue)
    }

    /// Puts a saved draft back, checked against this wizard's directory (its owner's groups and
    /// APIs now): groups the owner can no longer reach and APIs no longer available are dropped.
    /// Returns one sentence per kind of thing dropped (empty when everything fitted).
    public mutating func restore(_ draft: WizardDraft) -> [String] {
        var dropped: [String] = []
        groups.select(Set(draft.groups))
        let lostGroups = Set(draft.groups).subtracting(groups.selected).count
        if lostGroups > 0 {
            dropped.append("\(lostGroups) group\(lostGroups == 1 ? "" : "s") the owner can no longer reach (deleted, or access changed) left out")
        }
        onePerContract = draft.onePerContract
        reevaluate()
        apis.choose(draft.apis)
        let lostAPIs = draft.apis.filter { grant in !apis.grantable.contains { $0.serviceID == grant.serviceID } }.map(\.serviceID)
        for id in lostAPIs { _ = apis.toggle(id) }
        if !lostAPIs.isEmpty {
            dropped.append("\(lostAPIs.count) API\(lostAPIs.count == 1 ? "" : "s") no longer available at the level chosen (\(lostAPIs.sorted().joined(separator: ", "))) left out")
        }
        for (key, text) in draft.details {
            if let field = ClientDetails.Field(rawValue: key) { details[field] = text }
        }
        // Never past a step whose choices no longer hold.
        var target = Step(rawValue: draft.step) ?? .groups
        for s in Step.allCases where s.rawValue < target.rawValue && problem(leaving: s) != nil {
            target = s
            break
        }
        step = target
        isDirty = true
        return dropped
    }
}
