/// The validators of every free-text field. Each one returns the value to store (trimmed,
/// canonical) or a `ValidationError` whose message names the input and what is wrong with it.
///
/// The same functions back the UI (error beside the field) and the service layer (checked again
/// before a write), so no rule lives only in the UI.
public enum Validate {}

extension Validate {
    /// Trims surrounding whitespace; checks the length in characters (grapheme clusters, so an
    /// emoji counts as one) against `limits`; refuses control characters (C0, C1, DEL), line and
    /// paragraph separators and format characters (category Cf, e.g. U+202E RIGHT-TO-LEFT
    /// OVERRIDE) anywhere, because names are printed in terminals where such characters move
    /// the cursor, reorder text or hide it. Returns the trimmed value.
    ///
    /// The one exception to the Cf rule is a zero-width joiner or tag character inside an emoji
    /// sequence (e.g. 👨‍👩‍👧, 🏴󠁧󠁢󠁳󠁣󠁴󠁿): there it is part of one visible character, not a hidden one.
    public static func text(
        _ value: String, field: String, label: String, limits: ClosedRange<Int>
    ) -> Result<String, ValidationError> {
        let trimmed = TextScan.trimmingWhitespace(value)

        // Content first: if a pasted name carries a hidden character, that is the thing to fix.
        for (offset, character) in trimmed.enumerated() {
            if let bad = TextScan.forbiddenScalar(in: character) {
                let kind = TextScan.isFormat(bad) ? "an invisible formatting character" : "a control character"
                return .failure(ValidationError(
                    field: field,
                    message: "\(label) contains \(kind) (\(TextScan.describe(bad))) at position \(offset + 1); remove it."
                ))
            }
        }

        let count = trimmed.count
        if !limits.contains(count) {
            return .failure(ValidationError(field: field, message: lengthMessage(label: label, count: count, limits: limits)))
        }
        return .success(trimmed)
    }

    /// "Group name must be 1-50 characters (it has 53)." and its variants for empty input, an
    /// optional field (0...n) and a fixed length.
    static func lengthMessage(label: String, count: Int, limits: ClosedRange<Int>) -> String {
        let lower = limits.lowerBound, upper = limits.upperBound
        if count == 0 {
            return lower == upper
                ? "\(label) is required; enter exactly \(upper) characters."
                : "\(label) is required; enter \(lower)-\(upper) characters."
        }
        if lower == upper {
            return "\(label) must be exactly \(upper) characters (it has \(count))."
        }
        if lower == 0 {
            return "\(label) must be at most \(upper) characters (it has \(count))."
        }
        return "\(label) must be \(lower)-\(upper) characters (it has \(count))."
    }
}
