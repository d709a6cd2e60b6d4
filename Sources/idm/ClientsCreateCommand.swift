import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// `idm clients create`: the New API Client wizard from a script. The same wizard value the
/// console steps through (`NewClientWizard.fill`), then the same service call; the secret of
/// a client you create for yourself is printed once (or saved to .edgerc), as on the console's
/// credentials screen.
struct ClientsCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "A new API client, by the wizard's rules; for yourself, its first credential.",
        discussion: """
            GROUP is a name, a path ("Acme Web > Web APIs") or an id, and brings its subgroups (as Space does in the \
            console's wizard); SERVICE a short name (papi) or a name; LEVEL \
            READ-ONLY or READ-WRITE (default: the highest the owner may grant). Single-contract APIs (papi) are refused \
            when the groups span contracts, unless --per-contract makes one client per contract (NAME-<contract>). \
            Only the owner generates credentials: a client for another user gets none here.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name.", valueName: "NAME")) var name: String
    @Option(help: ArgumentHelp("Who owns it (default: you).", valueName: "LOGIN")) var owner: String?
    @Option(help: ArgumentHelp("The groups, separated by commas (repeatable).", valueName: "GROUP,GROUP")) var groups: [String] = []
    @Option(name: .customLong("api"), help: ArgumentHelp("An API and its level (repeatable).", valueName: "SERVICE[=LEVEL]"))
    var apis: [String] = []
    @Option(help: ArgumentHelp("What the client is for.", valueName: "TEXT")) var description: String = ""
    @Option(name: .customLong("email"), help: ArgumentHelp("A notification email (repeatable).", valueName: "ADDRESS")) var emails: [String] = []
    @Option(name: .customLong("cidr"), help: ArgumentHelp("An IP allowlist entry (repeatable).", valueName: "CIDR")) var cidrs: [String] = []
    @Flag(help: "One client per contract of the groups (for single-contract APIs such as papi).") var perContract = false
    @OptionGroup var secret: SecretOptions

    /// Usage mistakes, found before the database is opened (and shown with this command's usage).
    func validate() throws {
        if groupNames.isEmpty { throw ValidationError("Name the client's groups with --groups GROUP,GROUP.") }
        _ = try apis.map(Self.api)
    }

    private var groupNames: [String] {
        groups.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let admin = try Admin(global)
        try Change("client.create", typed: name).run { change in
            let owner = try self.owner.map(admin.user) ?? admin.ctx.user
            let groupIDs = try Set(groupNames.map { try admin.group($0).id })
            let request = WizardRequest(name: name, description: description, groupIDs: groupIDs, apis: try apis.map(Self.api),
                                        emails: emails, cidrs: cidrs, onePerContract: perContract)
            // The question the console asks before opening the wizard ("New API Client for Me",
            // or for another user), so a refusal has the console's reason.
            let reader = DirectoryReader(store: admin.store)
            let forYou = owner.id == admin.ctx.user.id
            try reader.decision(admin.ctx, forYou ? .createClientForSelf : .createClientFor(owner: owner.id)).enforce()
            var wizard = try reader.wizard(for: owner)
            let drafts: [ClientDraft]
            do {
                drafts = try wizard.fill(request) { name in (try? reader.clientNameTaken(admin.account, name)) ?? false }
            } catch let refusal as WizardRefusal {
                throw Failure(refusal.message)
            }
            change.target = drafts.map(\.name).joined(separator: ", ")
            if secret.edgerc != nil && !forYou {
                throw Failure("Only the owner generates credentials (\(owner.login)): --edgerc needs a client you own.")
            }
            if secret.section != nil && drafts.count > 1 {
                throw Failure("--section names one .edgerc section for \(drafts.count) clients; leave it out to use each client's name.")
            }
            let targets = try drafts.map { try secret.edgercTarget(clientName: $0.name) }
            let created = try admin.service.createClients(admin.actor, drafts, issueCredentials: forYou)
            try report(created, targets: targets, admin: admin, owner: owner)
        }
    }

    /// "papi", "papi=READ-ONLY", "Property Manager API=read-write".
    static func api(_ spec: String) throws -> WizardRequest.API {
        guard let eq = spec.lastIndex(of: "=") else { return .init(key: spec.trimmingCharacters(in: .whitespaces)) }
        let key = spec[..<eq].trimmingCharacters(in: .whitespaces)
        let typed = spec[spec.index(after: eq)...].trimmingCharacters(in: .whitespaces).uppercased()
        guard let level = AccessLevel(rawValue: typed) ?? AccessLevel(rawValue: typed.replacingOccurrences(of: "_", with: "-")) else {
            throw ValidationError("--api \(Output.safe(spec)): the level is READ-ONLY or READ-WRITE.")
        }
        return .init(key: key, level: level)
    }

    private func report(_ created: [(client: APIClient, credential: IssuedCredential?)], targets: [SecretOptions.Target?],
                        admin: Admin, owner: User) throws {
        let rows = try admin.store.read { db in try created.map { try ClientRow(db, $0.client) } }
        if secret.json {
            var out: [CreatedRow] = []
            for (i, made) in created.enumerated() {
                out.append(CreatedRow(client: rows[i], credential: try made.credential.map { try secret.save($0, to: targets[i]) }))
            }
            return Stdout.line(try Output.json(out))
        }
        for (i, made) in created.enumerated() {
            let row = rows[i]
            Stdout.line(Output.safe("Created \(row.name) for \(row.owner): \(row.apis.map { "\($0.service) \($0.level)" }.joined(separator: ", ")); groups \(row.groups.joined(separator: ", "))."))
            if let credential = made.credential { try secret.deliver(credential, to: targets[i]) }
        }
        if created.first?.credential == nil {
            Stderr.line(Output.safe("Only \(owner.login) can generate its credentials: `idm clients credential create \(created[0].client.name) --as \(owner.login)`."))
        }
    }
}

/// One client `clients create --json` made: the row `clients show --json` prints, and the
/// credential issued with it (the only place its secret appears).
struct CreatedRow: Encodable {
    let client: ClientRow
    let credential: IssuedRow?
}
