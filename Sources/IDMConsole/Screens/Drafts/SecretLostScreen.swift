import Foundation
import IDMDomain
import IDMStore
import IDMTerminal

/// At start, when an earlier session ended while a new credential's secret was on screen and
/// not saved: the secret is gone for good (idm keeps only its hash), so the credential is
/// useless to whoever needed it. `r` opens the client's page and starts a rotation there (a
/// new credential and secret); Esc leaves the credential as it is. Either way it is said once.
struct SecretLostScreen: Screen {
    enum Action: Hashable { case rotate, dismiss }

    let secret: StateStore.SecretOnScreen

    init(_ secret: StateStore.SecretOnScreen) {
        self.secret = secret
    }

    var crumb: String { "Lost secret" }
    var isModal: Bool { true }

    static let keys = KeyTable<Action>("A secret lost with a session", [
        KeyBinding([.character("r"), .character("R")], .rotate, "Rotate", "Open the client and rotate: a new credential and secret, shown once", bar: true),
        KeyBinding([.escape, .character("q"), .character("n"), .enter], .dismiss, "Not now", "Not now (the credential stays as it is)", bar: true),
    ])

    func binds(_ key: KeyEvent) -> Bool { true }

    var message: String {
        "The secret of credential \(secret.tokenPrefix)… of \(secret.clientName), shown at \(Formats.clock(secret.shownAt)), was still on screen and not saved when your last session ended. It is gone for good: idm keeps only its hash. Rotate now for a new credential and secret (then delete the one whose secret was lost, x on its line)?"
    }

    mutating func update(_ msg: Msg, _ env: Env) -> [Effect] {
        guard case .key(let key) = msg else { return [] }
        switch Self.keys.action(for: key) {
        case .rotate?: return [.forgetSecret(secret), .replace(ClientPageScreen(clientID: secret.clientID, then: .rotate))]
        case .dismiss?: return [.forgetSecret(secret), .pop(.cancelled)]
        case nil:
            if case .motion = key { return [] }
            return [.notice(.reason("Press r to rotate the credential, or Esc for not now.", key: "r"))]
        }
    }

    func hints(_ env: Env) -> [Hint] { [Hint(key: "r", label: "Rotate", essential: true), Hint(key: "Esc", label: "Not now", essential: true)] }

    func help(_ env: Env) -> [HelpSection] { [Self.keys.section(decide: { _ in .allowed })] }

    func render(into grid: inout Grid, area: Rect, _ env: Env) {
        ConfirmDialog.draw(&grid, area: area, title: "A new secret was lost", message: Sanitize.clean(message), keys: "r rotate it now  Esc not now")
    }
}
