import Foundation

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
            Stdout.line(Output.tableLine(clean, widths))
            return
        }
        held.append(clean)
        if held.count >= Self.widthRows { flush() }
    }

    /// Prints the header and the rows held (at the end, or once `widthRows` are in).
    func flush() {
        guard widths == nil else { return }
        let w = Output.columnWidths(header, held)
        widths = w
        Stdout.line(([Output.tableLine(header, w)] + held.map { Output.tableLine($0, w) }).joined(separator: "\n"))
        held = []
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
