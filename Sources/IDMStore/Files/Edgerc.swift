import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One EdgeGrid API credential, as written to an `.edgerc` section.
public struct EdgercCredential: Sendable, Equatable {
    public var host: String
    public var clientToken: String
    public var clientSecret: String
    public var accessToken: String

    public init(host: String, clientToken: String, clientSecret: String, accessToken: String) {
        self.host = host
        self.clientToken = clientToken
        self.clientSecret = clientSecret
        self.accessToken = accessToken
    }
}

/// Why a credential could not be saved. No case ever carries a credential value.
public enum EdgercError: Error, Equatable, CustomStringConvertible {
    case sectionExists(section: String, path: String)
    case invalidSectionName(String)
    /// A field (by name: "host", "client_token", ...) is empty or holds a line break or control
    /// character, which would corrupt the file or inject lines into it.
    case invalidValue(field: String)
    case notARegularFile(String)
    /// The file is readable by others and belongs to someone else, so idm may not narrow it:
    /// no secret is written into it.
    case readableByOthers(path: String, mode: String, owner: String)
    case io(String)

    public var description: String {
        switch self {
        case let .sectionExists(section, path):
            return "Section [\(section)] already exists in \(path); choose another name or allow replacing it."
        case let .invalidSectionName(name):
            return "Invalid section name \(name.debugDescription): use 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'."
        case let .invalidValue(field):
            return "The credential's \(field) is empty or contains a line break or control character; it cannot be written to an .edgerc file."
        case let .notARegularFile(path):
            return "\(path) is not a regular file (a directory, FIFO, device, or a link to one); give the path of an .edgerc file."
        case let .readableByOthers(path, mode, owner):
            return "\(path) is readable by others (mode \(mode)) and belongs to \(owner), not to you; idm will not write a secret into it. Have its owner run chmod 600 \(path), or save to another file."
        case let .io(message):
            return message
        }
    }
}

/// Reads section names from, and adds sections to, an EdgeGrid `.edgerc` (INI) file.
public enum Edgerc {
    public static let defaultPath = "~/.edgerc"

    /// Expands a leading "~" (HOME). Default path: "~/.edgerc".
    public static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        var home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        if home.isEmpty, let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir {
            home = String(cString: dir)
        }
        if home.isEmpty { return path }
        if home.count > 1, home.hasSuffix("/") { home.removeLast() }
        return home + path.dropFirst()
    }

    /// The section names already in the file (empty if it doesn't exist).
    public static func sections(in path: String) throws -> [String] {
        let path = expand(path)
        guard let bytes = try readRegularFile(path, displayPath: path) else { return [] }
        return parse(bytes).compactMap { $0.header }
    }

    /// Adds `[section]` with the credential. Creates the file with mode 0600 (and parent
    /// directory if missing, 0700) when absent. When the file exists: never overwrites an existing
    /// section unless `replace` is true (then the old section's lines are replaced in place,
    /// everything else kept byte for byte); otherwise appends, with one blank line before the new
    /// section. Writes atomically (temp file in the same directory with mode 0600, fsync, rename),
    /// keeps an existing file's permission bits but never makes them wider than the original. A
    /// secret is never written into a file others can read: an existing group- or world-readable
    /// file is narrowed to 0600 first (before anything is written) when this process owns it,
    /// with a warning ("PATH was readable by others (mode 0644); idm made it 0600 before
    /// writing"), and otherwise refused (`readableByOthers`) with the file left as it was.
    /// Returns warnings.
    @discardableResult
    public static func save(_ credential: EdgercCredential, section: String, to path: String, replace: Bool = false) throws -> [String] {
        try validate(section: section)
        try validate(credential)
        let display = expand(path)
        guard !display.isEmpty else { throw EdgercError.io("No .edgerc path given.") }

        var st = stat()
        if lstat(display, &st) != 0 {
            let err = errno
            guard err == ENOENT else { throw ioError("Cannot check", display, err) }
            try makeParentDirectories(of: display)
            try createNew(display, contents: block(section: section, credential: credential, newline: [0x0A]))
            return []
        }

        // A symlink is followed only to a regular file, and the new file is then written next to
        // the target and renamed over it. Writing the temp file next to the link instead would
        // replace the link with a plain file, silently detaching it from a dotfile manager
        // (stow, chezmoi, ...) that keeps the real file elsewhere; and the temp file must be on the
        // target's filesystem for the rename to be atomic. A dangling link is refused rather than
        // created through, so the file never appears somewhere the user didn't expect.
        var target = display
        if fileType(st.st_mode) == S_IFLNK_ {
            guard let resolved = realpath(display, nil) else { throw EdgercError.notARegularFile(display) }
            target = String(cString: resolved)
            free(resolved)
            guard lstat(target, &st) == 0 else { throw EdgercError.notARegularFile(display) }
        }
        guard fileType(st.st_mode) == S_IFREG_ else { throw EdgercError.notARegularFile(display) }
        // The rename would succeed even on a read-only file in a writable directory; respect the
        // user's chmod instead of going around it.
        guard access(target, W_OK) == 0 else { throw ioError("Cannot write", display, errno) }

        guard let existing = try readRegularFile(target, displayPath: display) else {
            throw EdgercError.io("\(display) disappeared while it was being read; try again.")
        }
        let lines = parse(existing)
        let newline: [UInt8] = lines.first.map { existing[$0.range].suffix(2) == [0x0D, 0x0A] } == true ? [0x0D, 0x0A] : [0x0A]
        let newBlock = block(section: section, credential: credential, newline: newline)

        var output: [UInt8]
        let matches = sectionRanges(named: section, in: lines)
        if !matches.isEmpty {
            guard replace else { throw EdgercError.sectionExists(section: section, path: display) }
            // Replace the first occurrence in place; later duplicates of the same section are
            // dropped, because parsers that merge duplicates would let their old keys win.
            output = []
            var cursor = 0
            for (i, range) in matches.enumerated() {
                output += existing[cursor..<range.lowerBound]
                if i == 0 { output += newBlock }
                cursor = range.upperBound
            }
            output += existing[cursor...]
        } else {
            output = existing
            if !output.isEmpty {
                if output.last != 0x0A { output += newline }
                let lastIsBlank = parse(output).last.map { $0.kind == .blank } ?? true
                if !lastIsBlank { output += newline }
            }
            output += newBlock
        }

        var warnings: [String] = []
        if st.st_mode & 0o044 != 0 {
            // Others can read it: narrow it before the secret goes anywhere near it, or refuse.
            let before = st.st_mode & 0o777
            try narrowToOwnerOnly(target, display: display, expected: st)
            st.st_mode = (st.st_mode & ~0o777) | 0o600
            warnings.append("\(display) was readable by others (mode \(octal(before))); idm made it 0600 before writing the secret")
        }
        var mode = st.st_mode & 0o777
        var owner: (uid_t, gid_t)? = nil
        if st.st_uid != geteuid() || st.st_gid != getegid() { owner = (st.st_uid, st.st_gid) }
        try replaceAtomically(target, display: display, contents: output, mode: &mode, owner: owner, warnings: &warnings)
        return warnings
    }

    // MARK: - Validation

    public static func validate(section: String) throws {
        let allowed = section.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
        }
        guard allowed, (1...64).contains(section.utf8.count) else { throw EdgercError.invalidSectionName(section) }
    }

    static func validate(_ credential: EdgercCredential) throws {
        let fields = [("client_secret", credential.clientSecret), ("host", credential.host),
                      ("access_token", credential.accessToken), ("client_token", credential.clientToken)]
        for (name, value) in fields {
            let bad = value.isEmpty || value.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
            if bad { throw EdgercError.invalidValue(field: name) }
        }
    }

    // MARK: - Parsing

    struct Line {
        enum Kind: Equatable { case blank, comment, header, other }
        var range: Range<Int> // including the line terminator
        var kind: Kind
        var header: String?
    }

    /// Splits into lines (terminators kept, so the ranges cover every byte) and classifies them.
    /// A header is a line that, stripped, starts with "[" and has a later "]"; the name is what is
    /// between the "[" and the last "]", stripped (so "[ default ]" is "default").
    static func parse(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = end < bytes.count ? end + 1 : end
            let text = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var line = Line(range: start..<next, kind: .other, header: nil)
            if text.isEmpty {
                line.kind = .blank
            } else if text.hasPrefix(";") || text.hasPrefix("#") {
                line.kind = .comment
            } else if text.hasPrefix("["), let close = text.lastIndex(of: "]") {
                let name = text[text.index(after: text.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty {
                    line.kind = .header
                    line.header = name
                }
            }
            lines.append(line)
            start = next
        }
        return lines
    }

    /// Byte ranges of every section with this name: from its header through its last key (or
    /// other content) line. Blank lines and comments right before the next header are left out,
    /// since they usually belong to (describe) the next section.
    static func sectionRanges(named name: String, in lines: [Line]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        while i < lines.count {
            guard lines[i].header == name else { i += 1; continue }
            var last = i
            var j = i + 1
            while j < lines.count && lines[j].kind != .header {
                if lines[j].kind == .other { last = j }
                j += 1
            }
            // Comments between keys belong to the section; only the trailing run is kept.
            ranges.append(lines[i].range.lowerBound..<lines[last].range.upperBound)
            i = j
        }
        return ranges
    }

    /// The section as `save` writes it, for the clipboard.
    public static func sectionText(section: String, credential: EdgercCredential) -> [UInt8] {
        block(section: section, credential: credential, newline: [0x0A])
    }

    /// This host's name: a saved file is on it (over SSH, the server, not the admin's machine).
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        return gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "this host"
    }

    static func block(section: String, credential: EdgercCredential, newline: [UInt8]) -> [UInt8] {
        let nl = String(decoding: newline, as: UTF8.self)
        let text = "[\(section)]\(nl)"
            + "client_secret = \(credential.clientSecret)\(nl)"
            + "host = \(credential.host)\(nl)"
            + "access_token = \(credential.accessToken)\(nl)"
            + "client_token = \(credential.clientToken)\(nl)"
        return Array(text.utf8)
    }

    // MARK: - Files

    private static let S_IFMT_: mode_t = 0o170000
    private static let S_IFREG_: mode_t = 0o100000
    private static let S_IFDIR_: mode_t = 0o040000
    private static let S_IFLNK_: mode_t = 0o120000

    private static func fileType(_ mode: mode_t) -> mode_t { mode & S_IFMT_ }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func ioError(_ what: String, _ path: String, _ err: Int32) -> EdgercError {
        .io("\(what) \(path): \(String(cString: strerror(err)))")
    }

    /// The file's bytes, or nil if it doesn't exist. Opened non-blocking so a FIFO can't hang us,
    /// and checked with fstat on the open descriptor so the check and the read see the same file.
    private static func readRegularFile(_ path: String, displayPath: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let err = errno
            if err == ENOENT { return nil }
            if err == EISDIR || err == ENXIO { throw EdgercError.notARegularFile(displayPath) }
            throw ioError("Cannot open", displayPath, err)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ioError("Cannot check", displayPath, errno) }
        guard fileType(st.st_mode) == S_IFREG_ else { throw EdgercError.notARegularFile(displayPath) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("Cannot read", displayPath, errno)
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func fsyncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// mkdir -p with 0700 for the directories it creates; existing ones are left as they are.
    private static func makeParentDirectories(of path: String) throws {
        let dir = directory(of: path)
        var st = stat()
        if stat(dir, &st) == 0 {
            guard fileType(st.st_mode) == S_IFDIR_ else { throw EdgercError.io("Cannot create \(path): \(dir) is not a directory") }
            return
        }
        guard errno == ENOENT, dir != path else { throw ioError("Cannot check", dir, errno) }
        try makeParentDirectories(of: dir)
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw ioError("Cannot create directory", dir, errno) }
    }

    /// chmod 600 on the file `lstat` described as `expected`, through a descriptor checked to be
    /// that same file (so a swap between the check and the chmod cannot redirect it), when this
    /// process owns it; otherwise refuses with who does.
    private static func narrowToOwnerOnly(_ target: String, display: String, expected: stat) throws {
        guard expected.st_uid == geteuid() else {
            let name = getpwuid(expected.st_uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(expected.st_uid)"
            throw EdgercError.readableByOthers(path: display, mode: octal(expected.st_mode & 0o777), owner: name)
        }
        let fd = open(target, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("Cannot open", display, errno) }
        defer { close(fd) }
        var now = stat()
        guard fstat(fd, &now) == 0, now.st_dev == expected.st_dev, now.st_ino == expected.st_ino else {
            throw EdgercError.io("\(display) changed while it was being saved; try again.")
        }
        guard fchmod(fd, 0o600) == 0 else { throw ioError("Cannot chmod 600", display, errno) }
    }

    /// A file that doesn't exist yet: created exclusively with 0600 (the umask can only narrow
    /// that), so there is nothing to replace and nothing to race with. Removed again on failure.
    private static func createNew(_ path: String, contents: [UInt8]) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            let err = errno
            if err == EEXIST { throw EdgercError.io("\(path) was created by something else while saving; try again.") }
            throw ioError("Cannot create", path, err)
        }
        var failure: Int32? = writeAll(fd, contents)
        if failure == nil && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == nil { failure = errno }
        if let err = failure {
            unlink(path)
            throw ioError("Cannot write", path, err)
        }
        fsyncDirectory(directory(of: path))
    }

    /// Writes a temp file next to `target` (created 0600 exclusively), gives it the original
    /// permission bits (and owner, when that differs and can be kept), fsyncs and renames it over
    /// the target. The temp file is removed on any failure.
    private static func replaceAtomically(_ target: String, display: String, contents: [UInt8], mode: inout mode_t,
                                          owner: (uid_t, gid_t)?, warnings: inout [String]) throws {
        let dir = directory(of: target)
        let base = target.lastIndex(of: "/").map { target[target.index(after: $0)...] } ?? target[...]
        var temp = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temp = "\(dir == "/" ? "" : dir)/.\(base).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
            fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw ioError("Cannot create a temporary file in", dir, errno) }

        var failure: Int32? = writeAll(fd, contents)
        if failure == nil, let (uid, gid) = owner, fchown(fd, uid, gid) != 0, mode & 0o077 != 0 {
            // The renamed file will belong to us and our group, not the original owner and
            // group; rather than grant group/other access to a different set of people, drop it.
            mode &= 0o700
            warnings.append("\(display) now belongs to the current user; its group and other permissions were removed")
        }
        if failure == nil && fchmod(fd, mode) != 0 { failure = errno }
        if failure == nil && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temp, target) != 0 { failure = errno }
        if let err = failure {
            unlink(temp)
            throw ioError("Cannot write", display, err)
        }
        fsyncDirectory(dir)
    }
}
