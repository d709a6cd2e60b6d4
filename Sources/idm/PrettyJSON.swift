import Foundation
import IDMStore
import IDMTerminal

/// A list's rows written as JSON text directly, byte for byte what `Output.json` gives for them
/// (JSONEncoder, pretty-printed, sorted keys, slashes unescaped, ISO 8601 dates, then
/// `Output.escapeJSON`). JSONEncoder builds a tree of boxed values for every row and sorts each
/// object's keys; a listing of 190,000 users spent more time there than in everything else.
/// `JSONListTests` compares the two on the demo, the 3,000-user seed and hostile strings.
protocol PrettyJSONWritable {
    /// Writes the value at the writer's current position. An object's keys go in sorted order
    /// (the caller lists them so: the writer does not sort).
    func write(to json: inout PrettyJSON)
}

struct PrettyJSON {
    /// `IDM_JSON_REFERENCE=1`: lists write every page through `Output.json` (JSONEncoder), the
    /// encoder this one must equal byte for byte; the tests compare the two on one database.
    static let referenceEncoder = ProcessInfo.processInfo.environment["IDM_JSON_REFERENCE"] == "1"

    private(set) var text = ""
    /// Whether the open containers have had an element yet, innermost last.
    private var firsts: [Bool] = []

    mutating func beginObject() { open("{") }
    mutating func endObject() { close("}") }
    mutating func beginArray() { open("[") }
    mutating func endArray() { close("]") }

    /// An object's key; its value follows.
    mutating func key(_ name: String) {
        nextElement()
        text += "\""
        text += name
        text += "\" : "
    }

    /// The position of an array's next element.
    mutating func element() { nextElement() }

    mutating func string(_ value: String) {
        text += "\""
        Self.appendEscaped(value, to: &text)
        text += "\""
    }

    mutating func bool(_ value: Bool) { text += value ? "true" : "false" }
    mutating func int(_ value: some BinaryInteger) { text += String(value) }
    mutating func date(_ value: Date) { string(Formats.internetTime(value)) }

    mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: String, _ value: Int64) { key(name); int(value) }
    mutating func field(_ name: String, _ value: Date) { key(name); date(value) }
    mutating func field(_ name: String, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { element(); string(value) }
        endArray()
    }
    mutating func field<T: PrettyJSONWritable>(_ name: String, _ values: [T]) {
        key(name)
        beginArray()
        for value in values { element(); value.write(to: &self) }
        endArray()
    }

    /// The elements of a top-level array, without its brackets, as `Output.json` of that array
    /// prints them between "[\n" and "\n]".
    static func arrayElements(_ values: [any PrettyJSONWritable]) -> String {
        var json = PrettyJSON()
        json.text.reserveCapacity(values.count * 512)
        json.firsts = [true]   // inside the outer array, one level in
        for value in values {
            json.element()
            value.write(to: &json)
        }
        // Each element starts ",\n" or "\n" and is indented once.
        return String(json.text.dropFirst())
    }

    private mutating func open(_ bracket: String) {
        text += bracket
        firsts.append(true)
    }

    private mutating func close(_ bracket: String) {
        // JSONEncoder writes an empty container as its brackets around an empty line.
        if firsts.removeLast() { text += "\n" }
        newLine()
        text += bracket
    }

    private mutating func nextElement() {
        if firsts.last == false { text += "," }
        if !firsts.isEmpty { firsts[firsts.count - 1] = false }
        newLine()
    }

    /// A line break and the indentation of the open containers (two spaces each).
    private mutating func newLine() {
        let depth = firsts.count
        text += depth < Self.lineStarts.count ? Self.lineStarts[depth] : "\n" + String(repeating: "  ", count: depth)
    }

    /// "\n" and the indentation of each depth a list row reaches.
    private static let lineStarts = (0..<8).map { "\n" + String(repeating: "  ", count: $0) }

    private static let hex: [Character] = Array("0123456789abcdef")

    /// A string's contents as JSONEncoder escapes them (`"`, `\`, the C0 controls), plus every
    /// scalar from DEL up that a terminal could act on, as `Output.escapeJSON` writes it.
    static func appendEscaped(_ value: String, to text: inout String) {
        if Sanitize.allBytes(of: value, { $0 &- 0x20 < 0x5F && $0 != 0x22 && $0 != 0x5C }) {
            text += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{8}": text += "\\b"
            case "\u{C}": text += "\\f"
            default:
                if scalar.value < 0x20 {
                    text += "\\u00"
                    text.append(hex[Int(scalar.value >> 4)])
                    text.append(hex[Int(scalar.value & 0xF)])
                } else if scalar.value >= 0x7F, Sanitize.isUnsafe(scalar) {
                    text += Output.unicodeEscape(scalar)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
