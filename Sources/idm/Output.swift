import Foundation
import IDMTerminal

/// Plain tables and JSON for the command line. Every cell is made harmless first: a name in
/// the data must not be able to move the cursor or recolour the terminal.
enum Output {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let clean = rows.map { $0.map(safe) }
        // Display columns, not characters: a CJK name takes two columns per character.
        var widths = header.map(Width.of)
        for row in clean { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Width.of(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[i] - Width.of(cell)))
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

    /// Control, bidi and other format characters become U+FFFD, as on the console's screens.
    static func safe(_ text: String) -> String { Sanitize.clean(text) }
}
