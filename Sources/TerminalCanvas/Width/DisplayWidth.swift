/// How many terminal columns text occupies, the only correct measure for layout: Chinese,
/// Japanese and Korean characters, fullwidth forms and emoji take two columns, combining marks
/// and joiners none, everything else one.
///
/// Character counts are wrong for CJK (`"内存".count` is 2, its width 4), and `String.count`-based
/// padding misaligns every column after it. The answers follow Unicode's East Asian Width
/// (Wide and Fullwidth are 2) and general categories (Mn, Me, Cf are 0), looked up by binary
/// search in range tables, with an ASCII fast path.
public enum DisplayWidth {
    /// Columns taken by one grapheme cluster, 0, 1 or 2.
    ///
    /// A cluster is as wide as its first scalar, except that an emoji followed by the emoji
    /// presentation selector (U+FE0F, e.g. "❤️") and a regional-indicator pair (a flag) are 2.
    /// Control characters are 0: they do not draw.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? 1 : 0
        }
        return clusterWidth(character.unicodeScalars)
    }

    /// Columns taken by `text`: the sum over its grapheme clusters.
    public static func of(_ text: String) -> Int {
        // Fast path for ASCII, most of what panels print: one column per printable byte.
        var ascii = 0
        var allASCII = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                allASCII = false
                break
            }
            if byte >= 0x20 && byte != 0x7F { ascii += 1 }
        }
        if allASCII { return ascii }
        var total = 0
        for character in text {
            total += of(character)
        }
        return total
    }

    /// Columns taken by one scalar on its own (what a terminal advances for it).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return 1 }
        if contains(value, in: zeroWidthRanges) { return 0 }
        if value < 0x1100 { return 1 }
        return contains(value, in: wideRanges) ? 2 : 1
    }

    static func clusterWidth(_ scalars: Character.UnicodeScalarView) -> Int {
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        let base = of(first)
        guard let second = iterator.next() else { return base }
        if isRegionalIndicator(first) && isRegionalIndicator(second) { return 2 }
        // Text-default emoji ("❤", "1") turn wide when asked for emoji presentation, which may
        // come right after the base or later in the cluster (after a keycap or skin tone).
        if base == 1 && first.properties.isEmoji && scalars.contains(where: { $0.value == 0xFE0F }) {
            return 2
        }
        return base
    }

    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    /// Binary search in a flat table of inclusive `[low, high]` pairs sorted by `low`.
    static func contains(_ value: UInt32, in ranges: [UInt32]) -> Bool {
        var low = 0
        var high = ranges.count / 2 - 1
        if high < 0 || value < ranges[0] || value > ranges[ranges.count - 1] { return false }
        while low <= high {
            let middle = (low + high) / 2
            if value < ranges[2 * middle] {
                high = middle - 1
            } else if value > ranges[2 * middle + 1] {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
