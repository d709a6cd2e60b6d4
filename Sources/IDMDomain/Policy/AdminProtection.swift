/// Rule 14: every contract's root group keeps at least one unlocked user holding Admin on it,
/// so an account can always be repaired from inside. The roster is read before a change; the
/// policy asks what it would become.
public struct AdminRoster: Equatable, Sendable {
    /// Each contract's root group, and the unlocked users holding Admin on it.
    public var admins: [GroupID: Set<UserID>]

    public init(admins: [GroupID: Set<UserID>]) { self.admins = admins }

    public static let empty = AdminRoster(admins: [:])

    /// The roots where `user` is one of the Admins.
    public func roots(of user: UserID) -> [GroupID] { admins.filter { $0.value.contains(user) }.map(\.key).sorted() }

    public var holders: Set<UserID> { admins.values.reduce(into: Set()) { $0.formUnion($1) } }
}

extension Policy {
    /// Refuses a change after which some contract root that had an unlocked Admin has none.
    /// `losing` says, per root, which users stop being an unlocked Admin there; `verb` finishes
    /// "the last unlocked Admin ... cannot be" ("locked", "deleted", "demoted").
    public static func keepsAnAdmin(_ roster: AdminRoster, losing: [GroupID: Set<UserID>], tree: GroupTree,
                                    logins: [UserID: String], verb: String) -> Decision {
        for root in losing.keys.sorted() {
            guard let before = roster.admins[root], !before.isEmpty else { continue }
            let lost = losing[root] ?? []
            guard before.subtracting(lost).isEmpty else { continue }
            let who = lost.compactMap { logins[$0] }.sorted()
            let contract = tree[root]?.contractID ?? "?"
            let name = who.count == 1 ? "\(who[0]) is the last unlocked Admin" : "\(who.joined(separator: " and ")) are the last unlocked Admins"
            return .denied("\(name) of contract \(contract) (root group \(tree[root]?.name ?? "#\(root)")) and cannot be \(verb); " +
                           "make another user Admin on \(tree[root]?.name ?? "it") first.")
        }
        return .allowed
    }

    /// The roots where `user` stops being an unlocked Admin if their access becomes `after`
    /// (nil: deleted) and their lock state `locked`.
    public static func adminLosses(_ roster: AdminRoster, user: User, after: UserAccess?, locked: Bool) -> [GroupID: Set<UserID>] {
        var losing: [GroupID: Set<UserID>] = [:]
        for root in roster.roots(of: user.id) where locked || !(after?.isAdmin(on: root) ?? false) {
            losing[root] = [user.id]
        }
        return losing
    }
}
