import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owner-only files for the database: it holds emails, secret hashes and the audit log.
///
/// The modes are set explicitly (mkdir/open, then chmod/fchmod), never through the umask: the
/// umask is process-wide and GRDB opens connections on its own threads, so changing it around
/// an open would race with every other file the process creates, and a umask of 000 must not
/// matter. SQLite creates the `-wal` and `-shm` files itself; it gives them the permission bits
/// (and, running as root, the owner) of the database file, whatever the umask. So creating the
/// database file 0600 before SQLite opens it makes its side files 0600 from their first byte,
/// with no window in which they are readable by others; `narrowSideFiles` then checks them
/// after the open, for side files left by an earlier, wider database or another tool.
public enum FileModes {
    /// mkdir -p for the directory that will hold `path`: each directory it creates is 0700
    /// (chmod after mkdir, so the umask cannot widen or narrow it). Existing ones are left as
    /// they are (they may be shared, like /tmp).
    public static func makeParentDirectories(of path: String) throws {
        let dir = directory(of: path)
        guard dir != "." && dir != "/" else { return }
        var st = stat()
        if stat(dir, &st) == 0 {
            guard st.st_mode & S_IFMT_ == S_IFDIR_ else { throw StoreError.file("Cannot create \(path): \(dir) is not a directory.") }
            return
        }
        guard errno == ENOENT else { throw StoreError.file("Cannot check \(dir): \(String(cString: strerror(errno))).") }
        try makeParentDirectories(of: dir)
        if mkdir(dir, 0o700) != 0 {
            guard errno == EEXIST else { throw StoreError.file("Cannot create the directory \(dir): \(String(cString: strerror(errno))).") }
            return
        }
        _ = chmod(dir, 0o700)
    }

    /// Creates an empty file with mode 0600 if none exists (exclusively, not through a link).
    /// Returns false when the file already existed.
    @discardableResult
    public static func createOwnerOnlyFile(_ path: String) throws -> Bool {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw StoreError.file("Cannot create \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        if fchmod(fd, 0o600) != 0 { throw StoreError.file("Cannot set the mode of \(path): \(String(cString: strerror(errno))).") }
        return true
    }

    /// The permission bits of `path` (following links), or nil if it cannot be read.
    public static func mode(of path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o7777
    }

    /// "PATH is readable by others (mode 0644); run chmod 600 PATH", for a database whose
    /// group or other read bit is set; nil otherwise.
    public static func readableByOthersWarning(_ path: String) -> String? {
        guard let mode = mode(of: path), mode & 0o044 != 0 else { return nil }
        return "\(path) is readable by others (mode \(octal(mode))); it holds emails, secret hashes and the audit log: run chmod 600 \(path)"
    }

    /// Gives the `-wal` and `-shm` files no more permission than the database file itself has,
    /// when this process owns them (an owner-only database gets 0600 side files). A database the
    /// owner chose to share with a group keeps side files its readers can use.
    public static func narrowSideFiles(of path: String) {
        guard let dbMode = mode(of: path) else { return }
        let allowed = dbMode & 0o666
        for suffix in ["-wal", "-shm"] {
            let side = path + suffix
            var st = stat()
            guard lstat(side, &st) == 0, st.st_mode & S_IFMT_ == S_IFREG_, st.st_uid == geteuid() else { continue }
            let current = st.st_mode & 0o777
            if current & ~allowed != 0 { _ = chmod(side, current & allowed) }
        }
    }

    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static let S_IFMT_: mode_t = 0o170000
    static let S_IFREG_: mode_t = 0o100000
    static let S_IFDIR_: mode_t = 0o040000
}
