import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain-text log of what idm's commands did, for the admin who runs them: one line per entry,
/// tab-separated `time  login  action  target  outcome`. Callers pass names, ids and token
/// prefixes only, never a secret, a token in full, or a value the user typed that could be one:
/// a typed value that resolved to nothing is logged as `typed(field, value)`, its field and length.
/// Logging never breaks a command: every failure here is swallowed.
///
/// The file is `$IDM_LOG` if set, else `$XDG_STATE_HOME/idm/idm.log`, else
/// `~/.local/state/idm/idm.log`; created with mode 0600 in directories created with mode 0700,
/// and appended to with `O_APPEND`, one `write` per line, so concurrent processes do not interleave.
public enum EventLog {
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["IDM_LOG"], !explicit.isEmpty { return explicit }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/idm/idm.log" }
        var home = environment["HOME"] ?? ""
        if home.isEmpty, let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir { home = String(cString: dir) }
        return home + "/.local/state/idm/idm.log"
    }

    /// How a value the user typed is logged when it names nothing (a lookup that failed): its
    /// field and its length, never the value itself, e.g. `user (7 chars)`. Lengths are in
    /// characters; the value may be a secret pasted into the wrong option, or an escape sequence.
    public static func typed(_ field: String, _ value: String) -> String {
        "\(field) (\(value.count) char\(value.count == 1 ? "" : "s"))"
    }

    /// One line, without its newline: the fields made single-line (tabs and control characters
    /// become spaces), an empty field written as "-".
    public static func line(time: Date, login: String?, action: String, target: String, outcome: String) -> String {
        [Formats.timestamp(time), login ?? "", action, target, outcome].map(field).joined(separator: "\t")
    }

    public static func append(login: String?, action: String, target: String, outcome: String,
                              time: Date = Date(), path: String = EventLog.path()) {
        let bytes = Array((line(time: time, login: login, action: action, target: target, outcome: outcome) + "\n").utf8)
        guard !path.isEmpty else { return }
        makeDirectories(of: path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, st.st_uid == geteuid(), st.st_mode & 0o077 != 0 { _ = fchmod(fd, 0o600) }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    private static func field(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { scalar -> Character in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return " "
            default: return Character(scalar)
            }
        }
        let clean = String(scalars)
        return clean.isEmpty ? "-" : clean
    }

    /// Missing directories of the path, each created with mode 0700.
    private static func makeDirectories(of path: String) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast()
        var current = ""
        for (i, part) in components.enumerated() {
            current += (i == 0 ? "" : "/") + part
            guard !part.isEmpty, part != "." else { continue }
            _ = mkdir(current, 0o700)
        }
    }
}
