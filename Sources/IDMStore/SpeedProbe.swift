import Foundation
import GRDB

/// How fast this machine is right now, for reading benchmark figures: a fixed piece of
/// SQLite work (a 1,000,000-step recursive sum, in memory, no file), the median of three, in
/// milliseconds. A shared VM's speed drifts by half between runs; figures taken with the
/// probe beside them can be compared across runs (`idm bench cli`, `idm bench console`).
public enum SpeedProbe {
    public static func milliseconds() throws -> Double {
        let queue = try DatabaseQueue()
        let times = try (0..<3).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try queue.read { db in
                try Int.fetchOne(db, sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT sum(x) FROM c")
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        return times.sorted()[1]
    }

    /// "speed probe: 190 ms" (lower is faster), or why it could not run.
    public static func line() -> String {
        guard let ms = try? milliseconds() else { return "speed probe: could not run" }
        return String(format: "speed probe: %.0f ms (SQLite, 1,000,000-step recursive sum in memory; lower is faster)", ms)
    }
}
