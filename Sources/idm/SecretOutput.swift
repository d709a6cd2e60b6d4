import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

/// What a command that issues a credential takes: where to save it, and how to print it.
struct SecretOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also save the credential as a section of this .edgerc file (created with mode 0600).", valueName: "PATH"))
    var edgerc: String?
    @Option(help: ArgumentHelp("The .edgerc section (default: the client's name).", valueName: "NAME")) var section: String?
    @Flag(help: "Replace the .edgerc section if it already exists.") var replace = false
    @Flag(help: "JSON instead of a table (the secret is in `clientSecret`).") var json = false

    struct Target { let path, section: String }

    /// Checked before the credential is made, so that nothing is issued that could not be saved:
    /// a bad section name, or one that exists without --replace.
    func edgercTarget(clientName: String) throws -> Target? {
        guard let edgerc else {
            if section != nil || replace { throw Failure("--section and --replace need --edgerc PATH.") }
            return nil
        }
        let name = section ?? clientName
        do {
            try Edgerc.validate(section: name)
        } catch {
            throw Failure(section == nil ? "\(error) Name one with --section NAME." : "\(error)")
        }
        if !replace, try Edgerc.sections(in: edgerc).contains(name) {
            throw Failure("Section [\(name)] already exists in \(Edgerc.expand(edgerc)); choose another with --section NAME, or pass --replace.")
        }
        return Target(path: edgerc, section: name)
    }

    /// Saves to the .edgerc section, if one is named: the row to print (with where it was saved),
    /// its warnings, and the error of a save that failed.
    private func saving(_ issued: IssuedCredential, to target: Target?, row: IssuedRow?) -> (IssuedRow, [String], Error?) {
        var row = row ?? IssuedRow(issued)
        guard let target else { return (row, [], nil) }
        do {
            let warnings = try Edgerc.save(EdgercCredential(host: issued.host, clientToken: issued.clientToken,
                                                            clientSecret: issued.secret, accessToken: issued.accessToken),
                                           section: target.section, to: target.path, replace: replace)
            row.edgerc = .init(path: Edgerc.expand(target.path), section: target.section)
            return (row, warnings, nil)
        } catch {
            return (row, [], error)
        }
    }

    /// Saves for a caller that prints several credentials as one JSON document: the warnings and
    /// the "not shown again" line go to stderr; a failed save is reported there and the row says
    /// it was not saved (the secret is still in it, printed this once).
    func save(_ issued: IssuedCredential, to target: Target?) throws -> IssuedRow {
        let (row, warnings, error) = saving(issued, to: target, row: nil)
        warnings.forEach { Stderr.line("Warning: \($0)") }
        if let error { Stderr.line("Error: \(error) The secret of \(issued.clientName) is in the output: store it now.") }
        return row
    }

    /// Saves (if asked), then prints the secret, this once, whether or not the save worked; a
    /// failed save is then the command's error.
    func deliver(_ issued: IssuedCredential, to target: Target?, row: IssuedRow? = nil, extraLines: [String] = []) throws {
        let (row, warnings, saveError) = saving(issued, to: target, row: row)
        let saved = target != nil && saveError == nil
        if json {
            Stdout.line(try Output.json(row))
            extraLines.forEach(Stderr.line)
        } else {
            var lines: [(String, String)] = [
                ("Client", issued.clientName), ("Credential", "\(issued.credentialID) (\(String(issued.clientToken.prefix(12)))…)"),
                ("host", issued.host), ("client_token", issued.clientToken), ("client_secret", issued.secret),
                ("access_token", issued.accessToken), ("Expires", Formats.day(issued.expiresAt)),
            ]
            if let saved = row.edgerc { lines.append(("Saved", "[\(saved.section)] in \(saved.path)")) }
            for (label, value) in lines { Stdout.line((label + ":").padding(toLength: 15, withPad: " ", startingAt: 0) + Output.safe(value)) }
            extraLines.forEach { Stdout.line(Output.safe($0)) }
        }
        Stderr.line(saved ? "The client secret will not be shown again; it is saved in the .edgerc section above."
                          : "The client secret will not be shown again: store it now.")
        warnings.forEach { Stderr.line("Warning: \($0)") }
        if let saveError { throw saveError }
    }
}

/// A new credential as `--json` prints it: the only place the secret ever appears.
struct IssuedRow: Encodable {
    struct Saved: Encodable { let path, section: String }
    let client: String
    let credentialId: Int64
    let host, clientToken, accessToken, clientSecret: String
    let expiresAt: Date
    var edgerc: Saved?
    /// Rotation: the credential it replaces (now expiring soon), and an inactive one deleted first.
    var replaces: ClientRow.Cred?
    var deletedCredentialId: Int64?

    init(_ issued: IssuedCredential) {
        client = issued.clientName
        credentialId = issued.credentialID
        host = issued.host
        clientToken = issued.clientToken
        accessToken = issued.accessToken
        clientSecret = issued.secret
        expiresAt = issued.expiresAt
    }
}
