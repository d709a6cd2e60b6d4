/// How a cell looks: text attributes plus a foreground and background colour.
///
/// Screens describe intent with a handful of attributes (selection is `reverse`, a greyed-out
/// item is `dim`) so that everything still reads on a monochrome terminal or with `NO_COLOR`;
/// colour is decoration on top.
public struct Style: Equatable, Hashable, Sendable, CustomStringConvertible {
    public struct Attributes: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        // The raw values double as the index into `Style.layerAlphabet`: keep them stable.
        public static let bold = Attributes(rawValue: 1 << 0)
        public static let reverse = Attributes(rawValue: 1 << 1)
        public static let dim = Attributes(rawValue: 1 << 2)
        public static let underline = Attributes(rawValue: 1 << 3)
    }

    public var attributes: Attributes
    public var foreground: Color
    public var background: Color

    public init(_ attributes: Attributes = [], foreground: Color = .default, background: Color = .default) {
        self.attributes = attributes
        self.foreground = foreground
        self.background = background
    }

    public static let normal = Style()
    public static let bold = Style(.bold)
    public static let reverse = Style(.reverse)
    public static let dim = Style(.dim)
    public static let underline = Style(.underline)

    /// A copy with extra attributes, e.g. `row.adding(.reverse)` for the selected row.
    public func adding(_ extra: Attributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }

    public func foreground(_ color: Color) -> Style {
        var copy = self
        copy.foreground = color
        return copy
    }

    public func background(_ color: Color) -> Style {
        var copy = self
        copy.background = color
        return copy
    }

    /// One character per attribute combination, indexed by `Attributes.rawValue`, for the style
    /// layer of golden files. Lowercase letters are the plain combinations, the uppercase letter
    /// is the same combination plus `reverse` (selection), so a selected greyed-out row reads
    /// `D`. Every combination has its own character, so the layer loses nothing:
    ///
    ///     ' ' normal      'b' bold       'd' dim        'e' dim+bold
    ///     'r' reverse     'B' bold+rev   'D' dim+rev    'E' dim+bold+rev
    ///     'u' underline   'v' ul+bold    'w' ul+dim     'x' ul+dim+bold
    ///     'U' ul+rev      'V' ul+bold+rev 'W' ul+dim+rev 'X' all four
    public static let layerAlphabet: [Character] = [
        " ", "b", "r", "B", "d", "e", "D", "E",
        "u", "v", "U", "V", "w", "x", "W", "X",
    ]

    /// The style-layer character for these attributes (colours are not part of it).
    public var layerCharacter: Character {
        Style.layerAlphabet[Int(attributes.rawValue & 0x0F)]
    }

    public var description: String {
        var parts: [String] = []
        if attributes.contains(.bold) { parts.append("bold") }
        if attributes.contains(.reverse) { parts.append("reverse") }
        if attributes.contains(.dim) { parts.append("dim") }
        if attributes.contains(.underline) { parts.append("underline") }
        if foreground != .default { parts.append("fg:\(foreground)") }
        if background != .default { parts.append("bg:\(background)") }
        return parts.isEmpty ? "normal" : parts.joined(separator: "+")
    }
}

/// The small palette the console uses. `default` is the terminal's own colour (ncurses
/// `use_default_colors`), which keeps the user's background and theme.
public enum Color: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white

    /// The console's accent colour (headings, focus). An alias so it can change in one place.
    public static let accent: Color = .blue

    /// One character per colour for the optional colour layers of golden files.
    public var layerCharacter: Character {
        switch self {
        case .default: return " "
        case .black: return "k"
        case .red: return "r"
        case .green: return "g"
        case .yellow: return "y"
        case .blue: return "b"
        case .magenta: return "m"
        case .cyan: return "c"
        case .white: return "w"
        }
    }

    public var description: String {
        switch self {
        case .default: return "default"
        case .black: return "black"
        case .red: return "red"
        case .green: return "green"
        case .yellow: return "yellow"
        case .blue: return "blue"
        case .magenta: return "magenta"
        case .cyan: return "cyan"
        case .white: return "white"
        }
    }
}
