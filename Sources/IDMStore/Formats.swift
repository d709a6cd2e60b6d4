import Foundation

/// How times are written for people and for JSON: UTC, to the second.
public enum Formats {
    public static func timestamp(_ date: Date) -> String {
        iso.string(from: date)
    }

    public static func day(_ date: Date) -> String {
        String(timestamp(date).prefix(10))
    }

    /// "14:02 UTC": when something happened today, to the minute.
    public static func clock(_ date: Date) -> String {
        String(timestamp(date).dropFirst(11).prefix(5)) + " UTC"
    }

    public static func parseDay(_ text: String) -> Date? {
        iso.date(from: text) ?? iso.date(from: text + "T00:00:00Z")
    }

    private static let iso: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }()
}
