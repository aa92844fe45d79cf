/// Where a line of text sits in a wider space.
public enum Alignment: Hashable, Sendable {
    case leading
    case center
    case trailing
}

/// Fitting text into columns by display width, never by character count, so Chinese labels
/// and English labels line up alike.
public enum TextLayout {
    /// `text` shortened to at most `width` columns, ending in `ellipsis` when something was cut.
    /// A wide glyph that would straddle the limit is dropped whole (the result may then be one
    /// column narrower than `width`). When even the ellipsis does not fit, the text is cut bare.
    public static func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        guard ellipsisWidth <= width else { return prefix(text, width: width).text }
        return prefix(text, width: width - ellipsisWidth).text + ellipsis
    }

    /// The longest leading part of `text` that fits in `width` columns, and its width.
    /// Zero-width characters right after the cut stay with their base.
    public static func prefix(_ text: String, width: Int) -> (text: String, width: Int) {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let columns = DisplayWidth.of(text[index])
            if used + columns > width { break }
            used += columns
            end = text.index(after: index)
        }
        return (String(text[..<end]), used)
    }

    /// `text` padded with spaces to exactly `width` columns, placed by `alignment`; text that is
    /// too wide is truncated with `ellipsis` first (a wide glyph cut at the edge leaves a space).
    public static func pad(
        _ text: String, to width: Int, alignment: Alignment = .leading, ellipsis: String = "…"
    ) -> String {
        guard width > 0 else { return "" }
        let fitted = truncate(text, width: width, ellipsis: ellipsis)
        let slack = width - DisplayWidth.of(fitted)
        let before: Int
        switch alignment {
        case .leading: before = 0
        case .center: before = slack / 2
        case .trailing: before = slack
        }
        return String(repeating: " ", count: before) + fitted
            + String(repeating: " ", count: slack - before)
    }

    /// `pad(text, to: width, alignment: .trailing)`: numbers in a column.
    public static func rightAlign(_ text: String, width: Int) -> String {
        pad(text, to: width, alignment: .trailing)
    }

    /// `pad(text, to: width, alignment: .center)`.
    public static func center(_ text: String, width: Int) -> String {
        pad(text, to: width, alignment: .center)
    }
}
