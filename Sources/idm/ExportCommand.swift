import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the directory for another system.", subcommands: [ExportAkamai.self])
}

struct ExportAkamai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "akamai",
        abstract: "Write the account in Akamai IAM v3 shape: users.json, groups.json, roles.json, api-clients.json, papi-groups.json.",
        discussion: """
            Each file is a v3 response body: users as GET .../ui-identities?authGrants=true, groups as GET .../user-admin/groups; \
            roles.json and api-clients.json are arrays of GET .../roles/{roleId}?grantedRoles=true and \
            GET .../api-clients/{clientId}?apiAccess=true&groupAccess=true&credentials=true&ipAcl=true (the list responses have \
            no room for granted roles or API access); papi-groups.json is PAPI's GET /papi/v1/groups with each group's contract. \
            `idm import akamai DIR` reads them back. Credentials are metadata: no secret is ever written. Files are 0600, a \
            folder it creates 0700. Only an Admin of the account (or a reseller browsing it) may export.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The folder to write the files to (created if missing; files of the same names are replaced).", valueName: "DIR"))
    var dir: String

    func run() throws {
        let store = try global.openStoreForReading()
        let export = try DirectoryService(store: store).exportAkamai(try global.actorRef(store))
        try FileModes.makeParentDirectories(of: (dir as NSString).appendingPathComponent("users.json"))
        let files = try export.encodedFiles()
        for file in files { try write(file.data, file.name) }
        Stdout.line(Output.safe("Wrote \(export.users.count) users, \(export.groups.count) top-level groups, \(export.roles.count) roles and " +
                                "\(export.clients.count) API clients to \(dir) (\(files.map(\.name).joined(separator: ", ")))."))
        if !export.leftOut.isEmpty {
            Stdout.line(Output.safe("Left out (v3 has no place for them): the legacy User records \(export.leftOut.joined(separator: ", "))."))
        }
    }

    /// Written to a new owner-only file, then moved into place.
    private func write(_ data: Data, _ name: String) throws {
        let target = (dir as NSString).appendingPathComponent(name)
        let temporary = (dir as NSString).appendingPathComponent(".\(name).\(getpid()).tmp")
        unlink(temporary)
        try FileModes.createOwnerOnlyFile(temporary)
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, target) == 0 else { throw Failure("Cannot write \(target): \(String(cString: strerror(errno))).") }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
