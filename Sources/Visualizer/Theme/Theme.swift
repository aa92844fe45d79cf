import Engine
import KVCore
import TerminalCanvas

/// Colours and glyphs. With colours off every distinction is made by letters and glyphs alone,
/// so the no-colour screen carries the same information.
struct Theme {
    let colors: Bool
    /// Slot and mark glyphs: the standard set, or the high-contrast one in focus mode.
    var glyphs: Glyphs = .standard

    /// Okabe-Ito, the colour-blind-safe palette, as 256-colour indexes: orange, sky blue, bluish
    /// green, yellow, blue, vermillion, reddish purple.
    static let palette: [UInt8] = [214, 117, 36, 227, 32, 202, 175]

    /// Eighths, for fill levels.
    static let fillGlyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    func owner(_ colorIndex: Int) -> Style {
        guard colors else { return .plain }
        let palette = Self.palette
        return Style(fg: .indexed(palette[((colorIndex % palette.count) + palette.count) % palette.count]))
    }

    func ownerBackground(_ colorIndex: Int) -> Style {
        guard colors else { return .plain.reversed() }
        let palette = Self.palette
        return Style(fg: .black, bg: .indexed(palette[((colorIndex % palette.count) + palette.count) % palette.count]))
    }

    var plain: Style { .plain }
    var dim: Style { colors ? Style(fg: .grey(10)) : .plain }
    var faint: Style { colors ? Style(fg: .grey(7)) : .plain }
    var heading: Style { Style.plain.bolded() }
    var accent: Style { colors ? Style(fg: .indexed(117)).bolded() : Style.plain.bolded() }
    var warning: Style { colors ? Style(fg: .indexed(202)).bolded() : Style.plain.bolded() }
    var titleBar: Style { colors ? Style(fg: .black, bg: .indexed(117)) : Style.plain.reversed() }
    var changed: Style { Style.plain.bolded().underlined() }
    var cursor: Style { Style.plain.reversed() }

    func box(focused: Bool) -> Style {
        if focused { return colors ? Style(fg: .indexed(117)).bolded() : Style.plain.bolded() }
        return colors ? Style(fg: .grey(9)) : .plain
    }

    /// The border of a box: double lines when focused, so focus shows without colour too.
    func boxTitle(_ title: String, focused: Bool) -> String {
        focused ? "[ \(title) ]" : " \(title) "
    }

    /// A glyph for `filled` of `capacity` slots: eighths, never empty when something is there.
    static func fillGlyph(filled: Int, capacity: Int) -> Character {
        guard capacity > 0, filled > 0 else { return " " }
        let eighths = min(8, max(1, (filled * 8 + capacity - 1) / capacity))
        return fillGlyphs[eighths - 1]
    }

    /// The letter shown for a request: the first character of its label.
    static func letter(_ label: String) -> Character { label.first ?? "?" }
}
