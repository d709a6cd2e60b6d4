import Foundation

/// How times are written for people and for JSON: UTC, to the second.
public enum Formats {
    public static func timestamp(_ date: Date) -> String {
        iso.string(from: date)
    }

    /// "2027-02-25T23:21:08Z": `date.formatted(.iso8601)`, JSONEncoder's `.iso8601`, written
    /// without Foundation's calendar for the years 1970-9999 (a listing of 95,000 clients writes
    /// 380,000 of them; Foundation spent 8% of `clients list --json` on them). Seconds are
    /// truncated, as Foundation truncates them; other years go to Foundation.
    public static func internetTime(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        guard t >= 0, t < 253_402_300_800 else { return date.formatted(.iso8601) }
        let seconds = Int(t)
        let (days, time) = seconds.quotientAndRemainder(dividingBy: 86_400)
        // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`), from 0000-03-01.
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes: [UInt8] = Array("0000-00-00T00:00:00Z".utf8)
        func put(_ value: Int, at end: Int, digits: Int) {
            var v = value
            for i in stride(from: end, to: end - digits, by: -1) {
                bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
        }
        put(year, at: 3, digits: 4)
        put(month, at: 6, digits: 2)
        put(day, at: 9, digits: 2)
        put(time / 3_600, at: 12, digits: 2)
        put(time / 60 % 60, at: 15, digits: 2)
        put(time % 60, at: 18, digits: 2)
        return String(decoding: bytes, as: UTF8.self)
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
