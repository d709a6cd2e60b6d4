#if canImport(Glibc)
import Glibc
#endif

/// A new pseudo-terminal: the master side's descriptor and the slave side's path. For the
/// benchmark that runs the console on a terminal of its own, and for tests that play the
/// terminal emulator.
public enum PseudoTerminalPair {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    // Glibc's Swift module hides the XSI pseudo-terminal calls (they need _XOPEN_SOURCE):
    // look them up in the C library instead.
    private typealias OpenFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    private static func function<T>(_ name: String, as type: T.Type) -> T? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: type) }
    }

    /// Opens the master side (`flags` as for posix_openpt) and returns it with the slave's path.
    public static func open(flags: Int32 = O_RDWR | O_NOCTTY) throws -> (master: Int32, slave: String) {
        guard let openpt = function("posix_openpt", as: OpenFunction.self),
              let grantpt = function("grantpt", as: OpenFunction.self),
              let unlockpt = function("unlockpt", as: OpenFunction.self),
              let ptsname = function("ptsname", as: NameFunction.self) else {
            throw Unavailable(description: "No pseudo-terminal functions in the C library.")
        }
        let master = openpt(flags)
        guard master >= 0 else { throw Unavailable(description: "No pseudo-terminal available.") }
        guard grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            close(master)
            throw Unavailable(description: "No pseudo-terminal available.")
        }
        return (master, String(cString: name))
    }
}
