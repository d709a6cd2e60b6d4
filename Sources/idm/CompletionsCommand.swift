import ArgumentParser
import Foundation

/// `idm completions SHELL [--install]`: swift-argument-parser's own completion script for bash,
/// zsh or fish, printed, or written where that shell looks for it without any edit to a profile
/// (bash-completion's and fish's per-user folders; for zsh a folder that must be on `fpath`,
/// which the message says how to add).
struct Completions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print (or --install) the shell completion script for bash, zsh or fish.",
        discussion: """
            bash: ~/.local/share/bash-completion/completions/idm (needs the bash-completion package). \
            zsh: ~/.zfunc/_idm (add `fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit` to ~/.zshrc). \
            fish: ~/.config/fish/completions/idm.fish. A new shell then completes idm's commands and options.
            """)

    @Argument(help: ArgumentHelp("bash, zsh or fish.", valueName: "SHELL")) var shell: String
    @Flag(help: "Write the script where the shell finds it, instead of printing it.") var install = false

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("No completion for \(Output.safe(shell)); choose bash, zsh or fish.")
        }
        let script = IDM.completionScript(for: kind)
        guard install else { return Stdout.write(script) }
        let file = Self.installPath(for: kind)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            try script.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw Failure("Could not write \(Output.safe(file)): \(error.localizedDescription)")
        }
        Stdout.line("Wrote \(Output.safe(file)).")
        if kind == .zsh {
            Stdout.line("If ~/.zshrc does not already, add: fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit")
        }
        Stdout.line("Open a new shell to use it.")
    }

    static func installPath(for shell: CompletionShell) -> String {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? NSHomeDirectory()
        switch shell {
        case .zsh:
            return "\(home)/.zfunc/_idm"
        case .fish:
            return "\(nonEmpty(env["XDG_CONFIG_HOME"]) ?? "\(home)/.config")/fish/completions/idm.fish"
        default:
            return "\(nonEmpty(env["XDG_DATA_HOME"]) ?? "\(home)/.local/share")/bash-completion/completions/idm"
        }
    }
}

/// An empty XDG variable means unset (the XDG base directory specification says so).
private func nonEmpty(_ value: String?) -> String? {
    value.flatMap { $0.isEmpty ? nil : $0 }
}
