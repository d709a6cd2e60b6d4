import ArgumentParser
import Foundation
import IDMDomain
import IDMStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new, empty directory with one account and its first admin.",
        discussion: "The admin is bound to your operating-system login, so that `idm` without --as acts as them.")

    // Not the global options: here --account names the new account.
    @Option(help: ArgumentHelp("The new database file (default: the standard location).", valueName: "PATH")) var db: String?

    @Option(help: "The name of the account it creates (1-100 characters). Unlike other commands' --account, it names no existing account.") var account: String
    @Option(help: ArgumentHelp("The first admin's login.", valueName: "LOGIN")) var admin: String
    @Option(help: "The admin's email (default: the login when it is an address, else LOGIN@localhost.invalid).") var email: String?
    @Option(help: "The first contract's id (letters, digits, '-' and '_'; 1-50 characters).") var contract: String = "C-MAIN"

    func run() throws {
        // Every name is checked before the file exists: a refused name leaves nothing behind.
        // The account's name and the contract id are printed in every heading, list and "No ...
        // in <account>" error afterwards, so they follow the rules of every other name.
        func valid(_ result: Result<String, IDMDomain.ValidationError>) throws -> String {
            switch result {
            case .success(let value): return value
            case .failure(let error): throw IDMError.invalid(error)
            }
        }
        let account = try valid(Validate.accountName(account))
        let contract = try valid(Validate.contractID(contract))
        let admin = try valid(Validate.login(admin))
        let email = try valid(Validate.email(email ?? (admin.contains("@") ? admin : "\(admin)@localhost.invalid")))
        let path = db ?? Paths.defaultDatabase
        if FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) already exists; pass --db PATH for a new directory.")
        }
        let store = try Store(path: path)
        let service = DirectoryService(store: store)
        try Catalogue.install(service)
        try service.provisionAccount(
            name: account, kind: .direct,
            contract: .init(id: contract, name: "\(account) contract", rootGroup: String(account.prefix(FieldLimits.groupName.upperBound))),
            admin: NewUser(login: admin, firstName: String(admin.prefix(while: { $0 != "@" })), lastName: "(admin)", email: email, osLogin: Paths.osLogin))
        Stdout.line("Created \(path): account \(account), admin \(admin) (bound to your login \(Paths.osLogin)).")
    }
}
