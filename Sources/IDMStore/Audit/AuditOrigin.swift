import IDMDomain

/// Where an event came from, in one line for `idm audit list` and the audit screen: the SSH
/// client and key under the forced command, the OS user acting as someone else, and an import.
public enum AuditOrigin {
    public static func text(_ e: AuditEvent) -> String { known(e) ?? "-" }

    /// The line, or nil when the event says nothing of where it came from (an event made at
    /// the console's own terminal).
    public static func known(_ e: AuditEvent) -> String? {
        var parts: [String] = []
        if let via = e.via { parts.append(via) }
        if let client = e.sshClient { parts.append("ssh \(client)") }
        if let key = e.sshKey { parts.append("key \(key)") }
        if let os = e.osUser { parts.append("os user \(os)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
