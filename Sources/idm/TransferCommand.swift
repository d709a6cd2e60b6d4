import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// Ownership to another user (rule 5): first what the client would lose, then the transfer.
struct ClientsTransfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Give a client to another owner (creator or Admin); prints what it would lose first.",
        discussion: "The client keeps only the groups and API access the new owner can cover. If it would lose any, " +
            "nothing happens without --yes. The transfer applies to the client as previewed: if it changed meanwhile, exit 3.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Option(help: ArgumentHelp("The new owner.", valueName: "LOGIN")) var to: String
    @Flag(help: "Transfer even though the client loses access.") var yes = false
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    struct Preview: Encodable {
        struct API: Encodable { let service, name: String }
        struct Lowered: Encodable { let service, name, from, to: String }
        let client, from, to: String
        let version: Int64
        let lostGroups: [String]
        let lostAPIs: [API]
        let loweredAPIs: [Lowered]
        /// Rule 15: the new owner could generate credentials but not lock, edit or delete it.
        let ownerCannotManage: Bool
        var transferred = false
        var losesNothing: Bool { lostGroups.isEmpty && lostAPIs.isEmpty && loweredAPIs.isEmpty }

        enum CodingKeys: String, CodingKey { case client, from, to, version, lostGroups, lostAPIs, loweredAPIs, ownerCannotManage, transferred }
    }

    func run() throws {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        let ctx = try global.context(store)
        var preview = try Change("client.transfer", typed: client).run { change in
            let (found, preview, decision) = try store.read { db in
                let found = try Resolve.client(db, ctx, client)
                change.target = found.name
                guard let newOwner = try Q.user(db, login: to), newOwner.accountID == ctx.account.id else {
                    throw IDMError.notFound("No user \"\(to)\" in \(ctx.account.name).")
                }
                change.target = "\(found.name) to \(newOwner.login)"
                let services = Dictionary(uniqueKeysWithValues: try Q.services(db).map { ($0.id, $0) })
                let loss = Policy.transferPreview(client: found, newOwnerAccess: try Q.access(db, of: newOwner), services: services)
                let tree = try Q.tree(db, account: found.accountID)
                let preview = Preview(
                    client: found.name, from: try Q.user(db, id: found.ownerID)?.login ?? "?", to: newOwner.login, version: found.version,
                    lostGroups: loss.lostGroups.map { tree.path(of: $0) }.sorted(),
                    lostAPIs: loss.lostAPIs.map { Preview.API(service: $0, name: services[$0]?.name ?? $0) },
                    loweredAPIs: loss.loweredAPIs.map {
                        Preview.Lowered(service: $0.0, name: services[$0.0]?.name ?? $0.0, from: $0.from.rawValue, to: $0.to.rawValue)
                    }, ownerCannotManage: loss.ownerCannotManage)
                // The same two questions the service asks, so a refusal says why before any prompt.
                let decision = try Decide.decision(db, ctx, .transferClient(found.id, to: newOwner.id))
                return (found, preview, decision)
            }
            let stop: Error?
            if case .denied(let reason) = decision {
                stop = IDMError.denied(reason)
            } else if !preview.losesNothing && !yes {
                stop = Failure("\(found.name) would lose the access above; add --yes to transfer it anyway.")
            } else {
                stop = nil
            }
            if json {
                if stop != nil { Stdout.line(try Output.json(preview)) }
            } else {
                show(preview)
            }
            if let stop { throw stop }
            try DirectoryService(store: store).transferOwnership(actor, client: found.id, to: to,
                                                                 expectedVersion: expect.value ?? found.version)
            return preview
        }
        preview.transferred = true
        if json { return Stdout.line(try Output.json(preview)) }
        Stdout.line(Output.safe("\(preview.client) now belongs to \(preview.to)."))
    }

    private func show(_ p: Preview) {
        Stdout.line(Output.safe("Transfer \(p.client) from \(p.from) to \(p.to): " + (p.losesNothing ? "it loses nothing." : "it would lose:")))
        if !p.lostGroups.isEmpty { Stdout.line(Output.safe("  groups:  " + p.lostGroups.joined(separator: "; "))) }
        if !p.lostAPIs.isEmpty { Stdout.line(Output.safe("  APIs:    " + p.lostAPIs.map { "\($0.name) (\($0.service))" }.joined(separator: ", "))) }
        if !p.loweredAPIs.isEmpty {
            Stdout.line(Output.safe("  lowered: " + p.loweredAPIs.map { "\($0.name) (\($0.service)) \($0.from) -> \($0.to)" }.joined(separator: ", ")))
        }
        if p.ownerCannotManage {
            Stdout.line(Output.safe("  note:    \(p.to) could generate its credentials but not manage it (no Manage API Clients permission on its groups)."))
        }
    }
}
