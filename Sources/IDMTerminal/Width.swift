import CNCursesW

/// wcwidth of a scalar as the C library reports it (-1 = not printable). Needs a UTF-8
/// `LC_CTYPE` (`Terminal.ensureUTF8Locale()`), or every non-ASCII scalar is -1.
@inline(__always)
func idm_wcwidthChecked(_ scalar: Unicode.Scalar) -> Int {
    Int(idm_wcwidth(scalar.value))
}

/// Display width in terminal columns, the way ncurses counts it (glibc `wcwidth`).
///
/// Layout never uses `String.count`: "日本" is 2 characters but 4 columns, "é" written as e +
/// U+0301 is 2 scalars but 1 column. Widths are measured on the sanitized form of a string,
/// which is exactly what the grid draws.
public enum Width {
    /// Columns one scalar takes once drawn: 0 for combining marks, 2 for wide (CJK, most
    /// emoji), 1 otherwise. An unsafe scalar counts as its placeholder (1).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        if Sanitize.isUnsafe(scalar) { return 1 }
        return min(max(idm_wcwidthChecked(scalar), 0), 2)
    }

    /// Columns `text` takes once sanitized and drawn.
    public static func of(_ text: String) -> Int {
        if Sanitize.isPrintableASCII(text) { return text.utf8.count }
        var total = 0
        for scalar in text.unicodeScalars { total += of(scalar) }
        return total
    }

    /// A drawable unit: one scalar that takes columns plus the zero-width scalars (combining
    /// marks, variation selectors) that follow it. It fills `width` grid cells.
    struct Cluster: Equatable {
        var symbol: String
        var width: Int
    }

    /// Splits already-sanitized text into clusters. Zero-width scalars at the very start have
    /// nothing to combine with and are dropped (they would otherwise attach to whatever
    /// happened to be on screen to the left).
    static func clusters(ofSanitized text: String) -> [Cluster] {
        var result: [Cluster] = []
        for scalar in text.unicodeScalars {
            let width = of(scalar)
            if width == 0 {
                if !result.isEmpty { result[result.count - 1].symbol.unicodeScalars.append(scalar) }
            } else {
                result.append(Cluster(symbol: String(scalar), width: width))
            }
        }
        return result
    }

    /// The ellipsis used when text is cut short: U+2026, one column.
    public static let ellipsis = "…"

    /// `text` (sanitized) cut to at most `columns` display columns. With `ellipsis`, text that
    /// does not fit ends in "…" (still within `columns`). A wide character never straddles the
    /// limit: it is dropped, so the result may be one column narrower than `columns`.
    public static func truncate(_ text: String, toColumns columns: Int, ellipsis: Bool = false) -> String {
        guard columns > 0 else { return "" }
        let clusters = Width.clusters(ofSanitized: Sanitize.clean(text))
        let total = clusters.reduce(0) { $0 + $1.width }
        if total <= columns { return clusters.map(\.symbol).joined() }
        let budget = ellipsis ? columns - 1 : columns
        var used = 0
        var out = ""
        for cluster in clusters {
            if used + cluster.width > budget { break }
            out += cluster.symbol
            used += cluster.width
        }
        return ellipsis ? out + Width.ellipsis : out
    }
}
