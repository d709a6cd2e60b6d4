import Foundation

/// Plain tables and JSON for the command line. Every cell is made harmless first: a name in
/// the data must not be able to move the cursor or recolour the terminal.
enum Output {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let clean = rows.map { $0.map(safe) }
        var widths = header.map(\.count)
        for row in clean { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + clean.map(line)).joined(separator: "\n")
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Control, bidi and other format characters become U+FFFD.
    static func safe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            let format = scalar.properties.generalCategory == .format || v == 0x2028 || v == 0x2029
            return control || format ? "\u{FFFD}" : scalar
        }))
    }
}
