/// Makes hostile text harmless before it enters the grid.
///
/// Names and descriptions come from a database and from users. A terminal would act on
/// `\r`, `\b` and `\t` (moving the cursor so data overwrites other text on the line), on escape
/// sequences, and on bidi controls such as U+202E that visually reverse a line. Every such
/// scalar is replaced by one visible placeholder, U+FFFD `�` (as htop does): it shows that
/// something was there, takes exactly one column, and cannot be confused with real text.
///
/// Replaced:
/// - C0 controls U+0000-U+001F (including `\t`, `\n`, `\r`, `\b`, ESC, BEL), DEL U+007F and
///   C1 controls U+0080-U+009F (general category Cc);
/// - format characters (general category Cf): bidi embeddings/overrides U+202A-U+202E and
///   isolates U+2066-U+2069, ALM U+061C, U+200B-U+200F (zero-width space, ZWNJ, ZWJ, LRM, RLM),
///   BOM U+FEFF, soft hyphen U+00AD, and the rest of Cf. Note this also splits emoji ZWJ
///   sequences into their parts: a visible placeholder is preferred over invisible text.
/// - line and paragraph separators U+2028, U+2029 (categories Zl, Zp);
/// - anything the C library cannot display (`wcwidth` < 0: unassigned code points, surrogate
///   remnants), so our layout and ncurses' agree on every column.
///
/// Combining marks, CJK and emoji pass through unchanged.
public enum Sanitize {
    /// The placeholder every unsafe scalar becomes: U+FFFD REPLACEMENT CHARACTER, one column.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"

    /// Whether `scalar` would be replaced by the placeholder.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Fast path for the overwhelmingly common case.
        if value >= 0x20 && value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate:
            return true
        default:
            return idm_wcwidthChecked(scalar) < 0
        }
    }

    /// Every byte printable ASCII (U+0020-U+007E): safe, one column per byte. Most names are,
    /// and this reads the UTF-8 bytes without decoding a scalar.
    @inlinable
    public static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `text` with every unsafe scalar replaced by `placeholder`. Idempotent.
    public static func clean(_ text: String) -> String {
        if isPrintableASCII(text) || text.unicodeScalars.allSatisfy({ !isUnsafe($0) }) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isUnsafe(scalar) ? placeholder : scalar)
        }
        return String(scalars)
    }
}
