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
}
