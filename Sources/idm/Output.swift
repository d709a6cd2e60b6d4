import Foundation
import IDMTerminal

/// Plain tables and JSON for the command line. Every cell is made harmless first: a name in
/// the data must not be able to move the cursor or recolour the terminal.
///
/// The one rule of the command line's output: everything reaches stdout and stderr through
/// `Stdout` and `Stderr` below, which run every line through `Output.safe` (IDMTerminal's
/// `Sanitize`, the console's rule for grid cells). `--json` is escaped before that, so it stays
/// faithful: see `Output.json`.
enum Output {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let header = header.map(safe)
        let clean = rows.map { $0.map(safe) }
        let widths = columnWidths(header, clean)
        return ([tableLine(header, widths)] + clean.map { tableLine($0, widths) }).joined(separator: "\n")
    }

    /// Each column's width: its widest cell, in display columns, not characters (a CJK name
    /// takes two columns per character). Cells already made safe.
    static func columnWidths(_ header: [String], _ rows: [[String]]) -> [Int] {
        var widths = header.map(Width.of)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Width.of(cell)) } }
        return widths
    }

    /// One line of a table: every cell but the last padded to its column's width.
    static func tableLine(_ cells: [String], _ widths: [Int]) -> String {
        var line = ""
        appendTableLine(cells, widths, to: &line)
        return line
    }

    /// `pads[n]` is n spaces, for n up to 64.
    private static let pads = (0...64).map { String(repeating: " ", count: $0) }

    /// `tableLine` appended to `text`: a streamed table writes 190,000 of them into one buffer.
    static func appendTableLine(_ cells: [String], _ widths: [Int], to text: inout String) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { text += "  " }
            text += cell
            if i < cells.count - 1 {
                var pad = widths[i] - Width.of(cell)
                while pad > 0 {
                    let run = min(pad, pads.count - 1)
                    text += pads[run]
                    pad -= run
                }
            }
        }
    }

    /// Pretty, key-sorted JSON in which every character a terminal could act on is a `\uXXXX`
    /// escape: JSONEncoder escapes only C0 controls, and leaves DEL, C1 controls (U+009B is a
    /// CSI on many terminals), bidi controls (U+202E, U+2066-2069, U+061C, U+200E/F), U+2028/2029
    /// and the other format characters raw. The result is valid JSON that decodes to the very
    /// same strings, and that `Stdout` then passes through unchanged.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return escapeJSON(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// `json` (JSONEncoder's output) with every unsafe scalar from DEL up written as `\uXXXX`
    /// (a surrogate pair above U+FFFF). Only string contents can hold such a scalar: JSON's own
    /// syntax is ASCII, and the C0 controls left raw (the pretty-printer's newlines) are syntax.
    static func escapeJSON(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 >= 0x7F }), json.unicodeScalars.contains(where: { $0.value >= 0x7F && Sanitize.isUnsafe($0) }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard scalar.value >= 0x7F, Sanitize.isUnsafe(scalar) else { out.append(scalar); continue }
            out.append(contentsOf: unicodeEscape(scalar).unicodeScalars)
        }
        return String(out)
    }

    /// `scalar` as JSON's `\uXXXX` (upper-case hex; a surrogate pair above U+FFFF).
    static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        String(scalar).utf16.map { unit in
            let hex = String(unit, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }.joined()
    }

    /// Control, bidi and other format characters become U+FFFD, as on the console's screens.
    static func safe(_ text: String) -> String { Sanitize.clean(text) }

    /// `safe` for text of several lines: each line is made safe, the line breaks between them
    /// (`\n`) are kept. Everything else `Sanitize` refuses, `\r` and `\t` included, becomes U+FFFD.
    static func safeLines(_ text: String) -> String {
        if Sanitize.allBytes(of: text, { $0 &- 0x20 < 0x5F || $0 == 0x0A }) { return text }
        guard Sanitize.containsUnsafe(text, allowingNewlines: true) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(scalar != "\n" && Sanitize.isUnsafe(scalar) ? Sanitize.placeholder : scalar)
        }
        return String(out)
    }
}

/// Standard output: every line a command prints. Through the C library's `stdout`, as
/// `Swift.print` writes, so the order of lines never depends on which of the two wrote them.
enum Stdout {
    /// `text` (one or several lines) and a newline, each line made safe.
    static func line(_ text: String) { write(text + "\n") }

    /// `text` as it is but made safe line by line (no newline added).
    static func write(_ text: String) {
        Swift.print(Output.safeLines(text), terminator: "")
    }

    static func flush() { fflush(stdout) }
}

/// Standard error: errors, warnings and notices, each line made safe.
enum Stderr {
    static func line(_ text: String) { write(text + "\n") }

    static func write(_ text: String) {
        Stdout.flush()
        FileHandle.standardError.write(Data(Output.safeLines(text).utf8))
    }
}

/// Shadows `Swift.print` in this module, so that a `print(...)` anywhere in the command line
/// goes through `Stdout` too (a name printed without `Output.safe` cannot reach the terminal raw).
/// New code should say `Stdout.line`.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Stdout.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
