import Foundation

/// Where idm keeps its files, per the XDG base directory convention.
enum Paths {
    static var dataHome: String {
        if let xdg = ProcessInfo.processInfo.environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
    }

    static var defaultDatabase: String { "\(dataHome)/idm/idm.sqlite" }
    static var demoDatabase: String { "\(dataHome)/idm/demo.sqlite" }

    /// The operating-system login, which `idm init` binds to the first admin.
    static var osLogin: String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// This running binary's absolute path, whatever PATH or the working directory held
    /// it: benches start it again, and sshd's forced command needs it absolute.
    static var thisExecutable: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(cString: buffer) }
        let argument = CommandLine.arguments[0]
        return argument.hasPrefix("/") ? argument : FileManager.default.currentDirectoryPath + "/" + argument
    }
}

extension Paths {
    /// `path` made absolute against the working directory, with `.` and `..` resolved (sshd's
    /// forced command runs elsewhere).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }
}
