import Foundation
import IDMTerminal

/// Lists written as they are read. A table's column widths come from its first
/// `widthRows` rows (held until then), so a list that fits in them prints exactly as
/// `Output.table` would, and a longer one starts printing at once with the widths it has:
/// a later, longer cell just pushes its line further right. JSON is `Output.json`'s array,
/// one element at a time: the same bytes as encoding the whole array.
final class StreamingTable {
    static let widthRows = 5_000
    private let header: [String]
    private var held: [[String]] = []
    private var widths: [Int]?

    init(_ header: [String]) {
        self.header = header.map(Output.safe)
    }

    func add(_ row: [String]) {
        let clean = row.map(Output.safe)
        if let widths {
            Stdout.line(Self.line(clean, widths))
            return
        }
        held.append(clean)
        if held.count >= Self.widthRows { flush() }
    }

    /// Prints the header and the rows held (at the end, or once `widthRows` are in).
    func flush() {
        guard widths == nil else { return }
        var w = header.map(Width.of)
        for row in held { for (i, cell) in row.enumerated() where i < w.count { w[i] = max(w[i], Width.of(cell)) } }
        widths = w
        Stdout.line(([Self.line(header, w)] + held.map { Self.line($0, w) }).joined(separator: "\n"))
        held = []
    }

    private static func line(_ cells: [String], _ widths: [Int]) -> String {
        cells.enumerated().map { i, cell in
            i == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[i] - Width.of(cell)))
        }.joined(separator: "  ")
    }
}

final class StreamingJSONArray<Element: Encodable> {
    private var count = 0

    func add(_ element: Element) throws {
        // An element of a pretty-printed array is the element printed alone, indented once.
        let alone = try Output.json(element).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        Stdout.write((count == 0 ? "[\n" : ",\n") + alone)
        count += 1
    }

    func finish() throws {
        if count == 0 { return Stdout.line(try Output.json([Element]())) }
        Stdout.line("\n]")
    }
}
