/// Which characters frames are drawn with.
public enum GlyphSet: String, Sendable, CaseIterable {
    /// Box drawing, blocks and arrows: the default on UTF-8 terminals.
    case unicode
    /// Printable ASCII only: for terminals whose locale is not UTF-8, the Linux console, or
    /// `--ascii`.
    case ascii
    /// Unicode, except that every East-Asian-ambiguous glyph (boxes, blocks, "·", arrows) is
    /// replaced, so terminals that draw those two columns wide (set up for Chinese) keep every
    /// box aligned: `--cjk-wide`.
    case narrow

    /// The glyph set for a terminal: ASCII when the character encoding is not UTF-8 or the
    /// terminal is the Linux console (whose font lacks most of the glyphs), else Unicode, or the
    /// narrow set when the user says the terminal draws ambiguous characters wide.
    ///
    /// `localeCodeset` is the locale's character encoding as `nl_langinfo(CODESET)` reports it
    /// ("UTF-8", "ANSI_X3.4-1968", "GB18030"); `term` is TERM.
    public static func automatic(localeCodeset: String?, term: String?, ambiguousWide: Bool) -> GlyphSet {
        let codeset = String((localeCodeset ?? "").uppercased().filter { $0 != "-" })
        if codeset != "UTF8" || term == "linux" { return .ascii }
        return ambiguousWide ? .narrow : .unicode
    }
}
