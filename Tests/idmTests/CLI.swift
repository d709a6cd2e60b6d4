import Foundation
import XCTest

/// Runs the real `idm` binary, built next to the test bundle.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["IDM_BINARY"] { return path }
        let products = Bundle.main.bundleURL
        for candidate in [products.appendingPathComponent("idm"), products.deletingLastPathComponent().appendingPathComponent("idm")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        for bundle in Bundle.allBundles {
            let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("idm")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        return products.appendingPathComponent("idm").path
    }

    /// A started `idm` process; `wait()` collects its output.
    struct Running {
        let process: Process
        let out: Pipe
        let err: Pipe

        func wait() -> Result {
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// The log the tests' `idm` processes write to, unless a test names its own with IDM_LOG:
    /// never the user's own log.
    static let testLog = FileManager.default.temporaryDirectory.appendingPathComponent("idm-cli-tests.log").path

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["IDM_LOG"] = testLog
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try start(arguments, environment: environment).wait()
    }

    /// A temporary folder with a freshly seeded demo database.
    static func demoDatabase() throws -> (folder: URL, db: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("demo.sqlite").path
        let seeded = try run(["seed", "demo", "--db", db])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        return (folder, db)
    }
}
