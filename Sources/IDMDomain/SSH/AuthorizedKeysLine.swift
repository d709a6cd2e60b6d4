/// The line `idm ssh authorized-keys` prints for sshd: the key, restricted (no forwarding of any
/// kind, no `~/.ssh/rc`, no X11), with a terminal, and forced to open the console as the key's
/// user. Whatever command the client asks for is ignored (sshd puts it in
/// `SSH_ORIGINAL_COMMAND`, which idm never reads).
public enum AuthorizedKeysLine {
    /// nil when a path cannot be written into the line (not absolute, or a control character in it).
    public static func render(executable: String, database: String, login: String, fingerprint: String, key: SSHPublicKey) -> String? {
        for path in [executable, database] where !path.hasPrefix("/") || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return nil
        }
        let command = [executable, "open", "--db", database, "--as", login, "--ssh-key", fingerprint].map(shellQuoted).joined(separator: " ")
        return "restrict,pty,command=\"\(optionQuoted(command))\" \(key.type.rawValue) \(key.base64)"
    }

    /// One word for the shell sshd runs the command with (`$SHELL -c`): as it is when it holds
    /// only characters no shell treats specially, else in single quotes.
    public static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { s in
            s.isASCII && (("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "/._-:+@%=,".unicodeScalars.contains(s))
        }
        if plain && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Inside an option's double quotes sshd reads `\"` as `"` and every other character as it is.
    static func optionQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "\\\"")
    }
}
