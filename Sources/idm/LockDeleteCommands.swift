import ArgumentParser
import Foundation
import GRDB
import IDMDomain
import IDMStore

/// The shape of lock, unlock and delete: resolve the client, change it through the service
/// (logged), say what happened.
struct ClientChange {
    let global: GlobalOptions
    let client: String

    func run(_ action: String, _ apply: (DirectoryService, ActorRef, APIClient) throws -> Void) throws -> (Store, APIClient) {
        let store = try global.openStore()
        let actor = try global.actorRef(store)
        let ctx = try global.context(store)
        let found = try Change(action, typed: client).run { change in
            let found = try store.read { db in try Resolve.client(db, ctx, client) }
            change.target = found.name
            try apply(DirectoryService(store: store), actor, found)
            return found
        }
        return (store, found)
    }

    /// The client as it now is, as `clients show --json` prints it, or one line.
    func report(_ store: Store, _ client: APIClient, json: Bool, _ line: String) throws {
        if json {
            let row = try store.read { db in try ClientRow(db, try Q.client(db, id: client.id) ?? client) }
            return Stdout.line(try Output.json(row))
        }
        Stdout.line(Output.safe(line))
    }
}

struct ClientsLock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lock",
        abstract: "Lock a client: it cannot be used or changed until an Admin or IDM Admin unlocks it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let change = ClientChange(global: global, client: client)
        let (store, found) = try change.run("client.lock") { service, actor, c in
            try service.lockClient(actor, client: c.id, expectedVersion: expect.value)
        }
        try change.report(store, found, json: json, "Locked \(found.name).")
    }
}

struct ClientsUnlock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a client (Admin or IDM Admin).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    func run() throws {
        let change = ClientChange(global: global, client: client)
        let (store, found) = try change.run("client.unlock") { service, actor, c in
            try service.unlockClient(actor, client: c.id, expectedVersion: expect.value)
        }
        try change.report(store, found, json: json, "Unlocked \(found.name).")
    }
}

struct ClientsDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete",
        abstract: "Delete a client that has no active credential; type its name again with --confirm.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Option(help: ArgumentHelp("The client's name, typed again.", valueName: "NAME")) var confirm: String
    @OptionGroup var expect: ExpectVersion
    @Flag(help: "JSON instead of text.") var json = false

    struct Deleted: Encodable { let deleted: String; let id: Int64 }

    func run() throws {
        let (_, found) = try ClientChange(global: global, client: client).run("client.delete") { service, actor, c in
            guard confirm == c.name else {
                throw Failure("To delete \(c.name), type its name again: --confirm \(Shell.quote(c.name)).")
            }
            try service.deleteClient(actor, client: c.id, expectedVersion: expect.value)
        }
        if json { return Stdout.line(try Output.json(Deleted(deleted: found.name, id: found.id))) }
        Stdout.line(Output.safe("Deleted \(found.name)."))
    }
}
