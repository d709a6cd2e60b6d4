import ArgumentParser

/// Global options anywhere: ArgumentParser gives an option to the command that declares it, so
/// `idm --db X users list` would be two unexpected arguments for the root. Before parsing, the
/// global options typed before the last subcommand name (`--db`, `--as`, `--account` with their
/// values, `--demo`) are moved to just after it: `idm --db X users list` and `idm users --db X
/// list` parse as `idm users list --db X`. What follows the command path is left as typed, so a
/// value that happens to read `--db` after another option keeps its meaning; a command that
/// takes none of them still says "Unknown option".
enum GlobalOptionPlacement {
    static let valued: Set<String> = ["--db", "--as", "--account"]
    static let flags: Set<String> = ["--demo"]

    static func normalized(_ arguments: [String], root: ParsableCommand.Type = IDM.self) -> [String] {
        var command = root
        var path: [String] = []
        var hoisted: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let token = arguments[index]
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty || token == "--" { break }
            let name = String(token.prefix(while: { $0 != "=" }))
            if valued.contains(name) {
                if token.contains("=") {
                    hoisted.append(token)
                } else if index + 1 < arguments.endIndex {
                    hoisted += [token, arguments[index + 1]]
                    index += 1
                } else {
                    break // a value is missing: leave it where it is for the parser to name
                }
            } else if flags.contains(token) {
                hoisted.append(token)
            } else if let sub = subcommands.first(where: { $0._commandName == token || $0.configuration.aliases.contains(token) }) {
                path.append(token)
                command = sub
            } else {
                break // the default subcommand's arguments, or a mistake the parser will name
            }
            index += 1
        }
        return path + hoisted + arguments[index...]
    }
}
