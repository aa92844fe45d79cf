/// Text from a file or a flag made safe to print on a terminal: control characters (C0, DEL,
/// C1: escape sequences, bells, carriage returns, newlines) are shown as visible escapes
/// (`\e`, `\n`, `\u{9b}`), so an error that quotes a hostile input cannot retitle, clear or
/// recolour the terminal, and always stays one line.
public enum SafeText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{1B}": out += "\\e"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text from a file drawn on screen (a title, a narration cue): as `escaped`, except that a
    /// newline or tab, which a YAML block scalar brings in as layout, becomes a space.
    public static func onScreen(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var spaced = ""
        spaced.unicodeScalars.append(contentsOf: text.unicodeScalars.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
        while spaced.hasSuffix(" ") && text.unicodeScalars.last.map({ $0 == "\n" }) == true { spaced.removeLast() }
        return escaped(spaced)
    }

    /// C0, DEL and C1 controls, and the bidirectional embeddings, overrides and isolates that
    /// reorder how a line is shown (U+202A-202E, U+2066-2069).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
