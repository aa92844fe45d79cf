/// The look the user picks with `--theme`: colours for a dark background, for a light one, or
/// none at all (attributes, letters and glyphs only, as with `NO_COLOR`).
public enum ThemeName: String, Sendable, CaseIterable {
    case dark, light, mono

    /// The theme a `COLORFGBG` value implies ("15;0": white on black, "0;15": black on white;
    /// rxvt, Konsole and others set it). The background is its last field: ANSI 0-6 and 8 are
    /// dark, 7 and 9-15 light. nil when the value says nothing usable.
    public static func fromColorFGBG(_ value: String?) -> ThemeName? {
        guard let value, let last = value.split(separator: ";").last, let background = Int(last) else { return nil }
        switch background {
        case 0...6, 8: return .dark
        case 7, 9...15: return .light
        default: return nil
        }
    }
}
