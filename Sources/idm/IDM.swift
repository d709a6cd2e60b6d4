import ArgumentParser

@main
struct IDM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idm",
        abstract: "A terminal console for identity and access management: users, groups, roles and API clients.",
        subcommands: [
            Open.self, Init.self, Seed.self, Demo.self, Users.self, Clients.self, Groups.self, Roles.self,
            CanI.self, Audit.self, Bench.self, Migrate.self,
        ],
        defaultSubcommand: Open.self
    )
}
