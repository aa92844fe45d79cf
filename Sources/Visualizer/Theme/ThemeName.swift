import Foundation

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

    /// The theme for a background colour given as 0...1 components: dark below a relative
    /// luminance of 0.18 (WCAG's weights on linearised sRGB; about mid grey, #767676), light
    /// above it.
    public static func forBackground(red: Double, green: Double, blue: Double) -> ThemeName {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
        return luminance < 0.18 ? .dark : .light
    }

    /// The theme a terminal's OSC 11 reply implies: `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` (1 to 4 hex
    /// digits a component) ended by BEL or ST, possibly among other replies. nil when the reply
    /// holds no readable colour.
    public static func fromOSC11Reply(_ bytes: [UInt8]) -> ThemeName? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "]11;rgb:") else { return nil }
        let rest = text[start.upperBound...]
        let body = rest.prefix { $0.isHexDigit || $0 == "/" }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var components: [Double] = []
        for part in parts {
            guard (1...4).contains(part.count), let value = Int(part, radix: 16) else { return nil }
            components.append(Double(value) / Double((1 << (4 * part.count)) - 1))
        }
        return forBackground(red: components[0], green: components[1], blue: components[2])
    }
}
