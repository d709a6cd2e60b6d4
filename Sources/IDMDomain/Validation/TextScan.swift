/// Character-level helpers shared by the validators: trimming, spotting characters that must not
/// reach a terminal, and quoting user input safely inside an error message.
enum TextScan {
    /// Drops whitespace (spaces, tabs, newlines, NBSP, ...) at both ends. Works on Characters,
    /// not scalars, so a combining mark is never split from its base.
    static func trimmingWhitespace(_ s: String) -> String {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }),
              let last = s.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(s[first...last])
    }

    enum Kind { case control, lineBreak, format }

    /// Why a scalar is unsafe to print, or nil when it is fine on its own.
    static func kind(of scalar: Unicode.Scalar) -> Kind? {
        switch scalar.value {
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return .control   // C0, DEL, C1
        case 0x2028, 0x2029: return .lineBreak                 // LINE/PARAGRAPH SEPARATOR
        default: break
        }
        return scalar.properties.generalCategory == .format ? .format : nil
    }

    static func isFormat(_ scalar: Unicode.Scalar) -> Bool { kind(of: scalar) == .format }

    /// The first scalar of `character` that must not appear in a name, or nil.
    ///
    /// Zero-width joiners and tag characters are Cf too, but inside an emoji sequence they are
    /// part of one visible character (👩‍💻, 🏴󠁧󠁢󠁳󠁣󠁴󠁿); refusing them would refuse ordinary emoji.
    /// They are allowed only there: after a non-ASCII emoji base and, for the joiner, before
    /// another emoji.
    static func forbiddenScalar(in character: Character) -> Unicode.Scalar? {
        let scalars = Array(character.unicodeScalars)
        let emojiBase = scalars.first.map(isPictographic) ?? false
        for (i, scalar) in scalars.enumerated() {
            guard let kind = kind(of: scalar) else { continue }
            if kind == .format, emojiBase, i > 0 {
                if scalar.value == 0x200D, i + 1 < scalars.count, isPictographic(scalars[i + 1]) { continue }
                if (0xE0020...0xE007F).contains(scalar.value) { continue }
            }
            return scalar
        }
        return nil
    }

    /// An emoji proper: `isEmoji` alone is also true for ASCII digits, '#' and '*' (keycap bases).
    private static func isPictographic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x7F && scalar.properties.isEmoji
    }

    /// "U+202E RIGHT-TO-LEFT OVERRIDE", or just "U+0007" when the scalar has no name.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + hex(scalar.value)
        if let name = scalar.properties.name { return "\(code) \(name)" }
        return code
    }

    /// The input in double quotes, fit to echo in a message: unsafe characters are shown as
    /// `\u{202E}` so the message itself cannot move the cursor or reorder the terminal line, and
    /// long input is cut so the message stays readable.
    static func quoted(_ s: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for character in s {
            if count == limit { out += "…"; break }
            count += 1
            if character.unicodeScalars.contains(where: { kind(of: $0) != nil }) {
                for scalar in character.unicodeScalars {
                    out += kind(of: scalar) != nil ? "\\u{\(hex(scalar.value))}" : String(scalar)
                }
            } else {
                out.append(character)
            }
        }
        return "\"\(out)\""
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Splits a pasted list on any of `separators` and on whitespace, dropping empty entries.
    static func splitList(_ s: String, separators: Set<Character>) -> [String] {
        s.split(whereSeparator: { separators.contains($0) || $0.isWhitespace }).map(String.init)
    }
}
