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
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Fast path for the overwhelmingly common case, inlined where it is asked (the command
        // line asks it of every scalar of a 20 MB listing).
        if value >= 0x20 && value < 0x7F { return false }
        return isUnsafeBeyondASCII(scalar)
    }

    /// `isUnsafe` for a scalar outside printable ASCII: its Unicode category and wcwidth.
    @usableFromInline
    static func isUnsafeBeyondASCII(_ scalar: Unicode.Scalar) -> Bool {
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
        allBytes(of: text) { $0 &- 0x20 < 0x5F }
    }

    /// Whether every UTF-8 byte of `text` passes `test`, read from the string's own storage
    /// without branching per byte (a listing asks this of every cell of 190,000 rows;
    /// `utf8.allSatisfy` steps through the view an index at a time, five times slower).
    @inlinable
    public static func allBytes(of text: String, _ test: (UInt8) -> Bool) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var all = true
            for byte in bytes { all = all && test(byte) }
            return all
        }
        return fast ?? text.utf8.allSatisfy(test)
    }

    /// Whether `text` holds a scalar `isUnsafe` refuses (a line feed allowed when
    /// `allowingNewlines`). Reads the UTF-8 bytes of the string's storage and decodes only the
    /// scalars beyond ASCII: the command line asks this of every page it writes, 20 to 80 MB
    /// for a listing of 190,000 users, where `unicodeScalars` would decode every character.
    public static func containsUnsafe(_ text: String, allowingNewlines: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            var i = 0
            let count = bytes.count
            while i < count {
                let lead = bytes[i]
                if lead < 0x80 {
                    if lead &- 0x20 >= 0x5F, !(allowingNewlines && lead == 0x0A) { return true }
                    i += 1
                    continue
                }
                // Valid UTF-8 (a Swift string's storage always is): 2, 3 or 4 bytes.
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                guard i + length <= count else { return true }
                var value = UInt32(lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07))
                for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                guard let scalar = Unicode.Scalar(value), !isUnsafeBeyondASCII(scalar) else { return true }
                i += length
            }
            return false
        }
    }

    /// `text` with every unsafe scalar replaced by `placeholder`. Idempotent.
    public static func clean(_ text: String) -> String {
        if isPrintableASCII(text) || !containsUnsafe(text) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isUnsafe(scalar) ? placeholder : scalar)
        }
        return String(scalars)
    }
}
