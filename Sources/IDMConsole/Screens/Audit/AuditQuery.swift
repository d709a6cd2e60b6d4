import Foundation
import IDMStore

/// The audit screen's filter, typed as `key:value` words:
///
///     actor:mike action:credential since:2026-11-01 until:2026-11-30 target:purge-pipeline
///
/// - `actor:LOGIN` exactly; `target:NAME` or `target:ID` exactly (quote names with spaces:
///   `target:"Acme Web"`);
/// - `action:NAME` exactly, or a family: `action:credential` is every `credential.…`; a
///   trailing `.` or `*` is a prefix;
/// - `since:DAY` and `until:DAY` (YYYY-MM-DD, UTC), both days included.
///
/// A word that is not one of these is refused with a message saying what would work.
enum AuditQuery {
    static let keys = ["actor", "target", "action", "since", "until"]
    static let syntax = "actor:LOGIN target:NAME action:NAME since:YYYY-MM-DD until:YYYY-MM-DD"

    struct ParseError: Error, Equatable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The filter for `text`; an empty text is no filter (every event of the account).
    static func parse(_ text: String) -> Result<AuditFilter, ParseError> {
        func fail(_ message: String) -> Result<AuditFilter, ParseError> { .failure(ParseError(message: message)) }
        let words: [String]
        switch tokenize(text) {
        case .success(let w): words = w
        case .failure(let e): return .failure(e)
        }
        var filter = AuditFilter(includeGlobal: false)
        var seen: Set<String> = []
        var sinceDay: String?, untilDay: String?
        for word in words {
            guard let colon = word.firstIndex(of: ":") else {
                return fail("\"\(word)\" is not a filter: write key:value, e.g. actor:\(word). Keys: \(keys.joined(separator: ", ")).")
            }
            let key = word[..<colon].lowercased()
            let value = String(word[word.index(after: colon)...])
            guard keys.contains(key) else {
                return fail("Unknown filter \"\(word[..<colon]):\": use actor:, target:, action:, since: or until:.")
            }
            guard !value.isEmpty else { return fail("\(key): needs a value, e.g. \(example(key)).") }
            guard seen.insert(key).inserted else { return fail("\(key): is given twice; give it once.") }
            switch key {
            case "actor": filter.actor = value
            case "target": filter.target = value
            case "action": filter.action = value
            default:
                guard let day = Self.day(value) else {
                    return fail("\(key): wants a day as YYYY-MM-DD (UTC), not \"\(value)\".")
                }
                if key == "since" {
                    filter.since = day
                    sinceDay = value
                } else {
                    filter.until = day.addingTimeInterval(86_400)   // the whole day
                    untilDay = value
                }
            }
        }
        if let since = filter.since, let until = filter.until, since >= until {
            return fail("since:\(sinceDay ?? "") is after until:\(untilDay ?? ""): no event can match.")
        }
        return .success(filter)
    }

    /// Words split at spaces; double quotes keep spaces inside a value (and are removed).
    static func tokenize(_ text: String) -> Result<[String], ParseError> {
        var words: [String] = []
        var word = ""
        var quoted = false
        var any = false
        for ch in text {
            if ch == "\"" {
                quoted.toggle()
                any = true
            } else if ch.isWhitespace && !quoted {
                if any { words.append(word) }
                word = ""
                any = false
            } else {
                word.append(ch)
                any = true
            }
        }
        if quoted { return .failure(ParseError(message: "A quote is not closed: \(word.isEmpty ? "\"" : word)… needs its closing \".")) }
        if any { words.append(word) }
        return .success(words)
    }

    /// A day exactly as YYYY-MM-DD (no rolling 2026-02-30 over into March).
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let date = Formats.parseDay(text), Formats.day(date) == text else { return nil }
        return date
    }

    private static func example(_ key: String) -> String {
        switch key {
        case "actor": return "actor:mike"
        case "target": return "target:purge-pipeline"
        case "action": return "action:credential"
        default: return "\(key):2026-11-01"
        }
    }
}
