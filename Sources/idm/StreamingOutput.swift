import Foundation
import GRDB
import IDMDomain
import IDMStore
import IDMTerminal

/// Lists written as they are read. A table's column widths come from its first
/// `widthRows` rows (held until then), so a list that fits in them prints exactly as
/// `Output.table` would. A longer one (`StreamingList` asks the index first) takes its widths
/// from its first page and starts printing at once: a later, longer cell just pushes its line
/// further right. JSON is `Output.json`'s array,
/// a page of elements at a time: the same bytes as encoding the whole array (user and client
/// rows are written by `PrettyJSON`, to the same bytes).
///
/// Both gather what they print in `StreamingBuffer` and write it a page at a time (one
/// write for many lines, not one per line).
final class StreamingTable {
    static let widthRows = 5_000
    private let rowsForWidths: Int
    private let header: [String]
    private var held: [[String]] = []
    private var widths: [Int]?
    private let out = StreamingBuffer()

    /// `widthRows`: how many rows set the widths (`Self.widthRows` unless the list is known
    /// to be longer).
    init(_ header: [String], widthRows: Int = StreamingTable.widthRows) {
        self.header = header.map(Output.safe)
        rowsForWidths = widthRows
    }

    func add(_ row: [String]) {
        // Most cells are printable ASCII already: the row is copied only for one that is not.
        var clean = row
        for i in clean.indices where !Sanitize.isPrintableASCII(clean[i]) { clean[i] = Output.safe(clean[i]) }
        if let widths {
            out.tableLine(clean, widths)
            return
        }
        held.append(clean)
        if held.count >= rowsForWidths { flushHeld() }
    }

    /// Writes what is gathered (the end of a page), so a reader sees rows as they are read.
    func endPage() {
        if widths == nil, held.count >= rowsForWidths { flushHeld() }
        out.write()
    }

    /// Prints the header and the rows held (at the end, or once `widthRows` are in), and
    /// everything gathered.
    func flush() {
        flushHeld()
        out.write()
    }

    private func flushHeld() {
        guard widths == nil else { return }
        let w = Output.columnWidths(header, held)
        widths = w
        out.tableLine(header, w)
        for row in held { out.tableLine(row, w) }
        held = []
    }
}

final class StreamingJSONArray<Element: Encodable> {

    private var count = 0
    private var page: [Element] = []
    private let out = StreamingBuffer()

    func add(_ element: Element) { page.append(element) }

    /// Encodes the elements added since the last page. A page of a pretty-printed array is
    /// that array's elements alone, indented once: the array's text without its brackets.
    func endPage() throws {
        guard !page.isEmpty else { return }
        let inner: Substring
        if Element.self is PrettyJSONWritable.Type, !PrettyJSON.referenceEncoder {
            inner = Substring(PrettyJSON.arrayElements(page.map { $0 as! any PrettyJSONWritable }))
        } else {
            // "[\n" + elements + "\n]"
            inner = try Output.json(page).dropFirst(2).dropLast(2)
        }
        out.text((count == 0 ? "[\n" : ",\n") + inner)
        count += page.count
        page = []
        out.write()
    }

    func finish() throws {
        try endPage()
        if count == 0 { return Stdout.line(try Output.json([Element]())) }
        Stdout.line("\n]")
    }
}

/// A list command's rows through a `ListStream`, as a table or one JSON array: at most `limit`
/// of them, then `next: CURSOR` on standard error when more follow (the cursor of the last
/// row written, for `--after`). `rows` reads a page's rows, in its order.
struct StreamingList<Row: Encodable> {
    /// A table's header and each row's cells; nil for one JSON array of the rows.
    let table: (header: [String], cells: (Row) -> [String])?
    let limit: Int?
    let cursor: (Row) -> String

    func write(_ stream: ListStream, after: String?, rows: (Database, ListStream.Page) throws -> [Row]) throws {
        let pageSize = min(500, (limit ?? 500) + 1)
        let lines = try table.map { table in
            // A table that cannot hold all its rows takes its widths from the first page, so
            // its first row is out as soon as that page is read, not after 5,000 rows.
            let long = try (limit ?? .max) > StreamingTable.widthRows && stream.hasRows(beyond: StreamingTable.widthRows, after: after)
            return StreamingTable(table.header, widthRows: long ? pageSize : StreamingTable.widthRows)
        }
        let array = StreamingJSONArray<Row>()
        var written = 0
        var last: String?
        var more = false
        // The limit's rows and one more, which says whether `next:` is printed.
        try stream.pages(after: after, pageSize: pageSize, rowsNeeded: limit.map { $0 + 1 }, read: rows) { _, rows in
            for row in rows {
                if let limit, written == limit { more = true; break }
                if let lines, let table { lines.add(table.cells(row)) } else { array.add(row) }
                written += 1
                last = cursor(row)
            }
            if let lines { lines.endPage() } else { try array.endPage() }
            return !more
        }
        if let lines { lines.flush() } else { try array.finish() }
        if more, let last { Stderr.line("next: \(last)") }
    }
}

/// Text gathered for one write to standard output (through `Stdout`, which makes it safe).
final class StreamingBuffer {
    private var pending = ""

    func line(_ text: String) {
        pending += text
        pending += "\n"
    }

    func text(_ text: some StringProtocol) { pending += text }

    func tableLine(_ cells: [String], _ widths: [Int]) {
        Output.appendTableLine(cells, widths, to: &pending)
        pending += "\n"
    }

    func write() {
        guard !pending.isEmpty else { return }
        Stdout.write(pending)
        Stdout.flush()
        pending = ""
    }
}

/// Group paths ("Hyperion > EMEA > Paris") as lists print them, each worked out once.
final class GroupPaths {
    let tree: GroupTree
    private var known: [GroupID: String] = [:]

    init(_ tree: GroupTree) { self.tree = tree }

    func path(of id: GroupID) -> String {
        if let path = known[id] { return path }
        let path = tree.path(of: id)
        known[id] = path
        return path
    }
}

/// Values worked out once per key while the key is among the last `capacity` asked for (it
/// forgets all when full): a list's rows repeat a few values often and many others once, and
/// 190,000 rows must not keep them all.
final class BoundedMemo<Key: Hashable, Value> {
    private let capacity: Int
    private let make: (Key) -> Value
    private var known: [Key: Value] = [:]

    init(capacity: Int = 4_096, _ make: @escaping (Key) -> Value) {
        self.capacity = capacity
        self.make = make
    }

    func value(for key: Key) -> Value {
        if let value = known[key] { return value }
        let value = make(key)
        if known.count >= capacity { known.removeAll(keepingCapacity: true) }
        known[key] = value
        return value
    }
}
