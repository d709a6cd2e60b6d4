import CNCursesW
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide terminal set-up that must happen before any width is measured.
public enum Terminal {
    /// Makes the C library's character functions (`wcwidth`, which ncurses also uses) work in
    /// UTF-8. Without it every non-ASCII scalar measures -1 and CJK text is laid out one column
    /// per character. Takes the user's locale first; when that is not UTF-8 (e.g. `LANG=C` on
    /// a bare SSH session) it switches only character classification to `C.UTF-8`, leaving
    /// messages and collation alone.
    ///
    /// - Returns: whether the character codeset is UTF-8 afterwards.
    @discardableResult
    public static func ensureUTF8Locale() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8Codeset { return true }
        setlocale(LC_CTYPE, "C.UTF-8")
        return isUTF8Codeset
    }

    /// Runs `ensureUTF8Locale()` once per process, the first time a grid is made, so that no
    /// test or screen can measure widths in the C locale by forgetting to call it.
    static let localeOnce: Bool = ensureUTF8Locale()

    /// Whether the active `LC_CTYPE` codeset is UTF-8.
    public static var isUTF8Codeset: Bool {
        guard let codeset = idm_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
