import IDMDomain

/// Where an administrative flow goes next, as the answer of its effect: another modal screen
/// (a form, its preview, a picker), done (with what to say and the row to select), or refused.
/// Every screen that starts such a flow hands these to `effects`.
enum AdminStep {
    case push(any Screen)
    case done(String, select: Int64?)
    case refused(String)

    var effects: [Effect] {
        switch self {
        case .push(let screen): return [.push(screen)]
        case .done(let text, _): return [.changed, .notice(.info(text))]
        case .refused(let reason): return [.notice(.reason(reason))]
        }
    }
}
