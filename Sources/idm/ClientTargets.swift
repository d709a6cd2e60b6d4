import ArgumentParser
import Foundation
import GRDB
import IDMDomain
import IDMStore

/// Finding what a command names: a client of the acting user's account, one of its credentials.
enum Resolve {
    static func client(_ db: Database, _ ctx: ActorContext, _ key: String) throws -> APIClient {
        guard let client = try Q.client(db, account: ctx.account.id, key: key) else {
            throw IDMError.notFound("No API client \"\(key)\" in \(ctx.account.name). `idm clients list` shows them.")
        }
        return client
    }

    /// By id, or by a prefix of the client token that only one credential has (a deleted one
    /// only when nothing else matches). The message never repeats what was typed: it may be a
    /// token in full.
    static func credential(_ db: Database, client: APIClient, _ key: String) throws -> Credential {
        let all = try Q.credentials(db, client: client.id, includeDeleted: true)
        if let id = Int64(key), let found = all.first(where: { $0.id == id }) { return found }
        let matches = key.isEmpty ? [] : all.filter { $0.clientToken.hasPrefix(key) }
        let live = matches.filter { $0.status != .deleted }
        if matches.count == 1 { return matches[0] }
        if live.count == 1 { return live[0] }
        if matches.isEmpty {
            throw IDMError.notFound("\(client.name) has no credential with that id or client-token prefix; " +
                                    "`idm clients credential list \(Shell.quote(client.name)) --all` shows them.")
        }
        throw Failure("That prefix matches \(matches.count) credentials of \(client.name); type more of the client token, or give the id.")
    }

    /// A day as YYYY-MM-DD (midnight UTC).
    static func day(_ text: String, option: String) throws -> Date {
        guard text.count == 10, let day = Formats.parseDay(text) else {
            throw Failure("\(option) wants a day as YYYY-MM-DD.")
        }
        return day
    }
}

/// CLIENT CREDENTIAL, as the credential commands take them.
struct CredentialTarget: ParsableArguments {
    @Argument(help: ArgumentHelp("The client's name or id.", valueName: "CLIENT")) var client: String
    @Argument(help: ArgumentHelp("The credential's id, or a unique prefix of its client token.", valueName: "CREDENTIAL"))
    var credential: String
}

/// `--expect-version N`: the change applies only if the row still has that version.
struct ExpectVersion: ParsableArguments {
    @Option(name: .customLong("expect-version"),
            help: ArgumentHelp("Change only if the version is still N (from `--json` output); otherwise exit 3.", valueName: "N"))
    var value: Int64?
}

enum Shell {
    /// A word a shell reads back as itself.
    static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-/:@".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
