/// A terminal colour: the terminal's own default, an index into the 256-colour palette (whose
/// first 16 entries are the ANSI colours every terminal has), or a 24-bit colour.
///
/// Panels name colours; backends decide how to show them (`Color.approximated(paletteSize:)`
/// maps anything to what a terminal with fewer colours can display).
public enum Color: Hashable, Sendable {
    /// Whatever the terminal uses when nothing is set (keeps transparent backgrounds intact).
    case `default`
    /// Palette index: 0-7 ANSI, 8-15 bright ANSI, 16-231 the 6x6x6 cube, 232-255 greys.
    case indexed(UInt8)
    /// A 24-bit colour, for terminals with truecolor; approximated elsewhere.
    case rgb(UInt8, UInt8, UInt8)

    public static let black = Color.indexed(0)
    public static let red = Color.indexed(1)
    public static let green = Color.indexed(2)
    public static let yellow = Color.indexed(3)
    public static let blue = Color.indexed(4)
    public static let magenta = Color.indexed(5)
    public static let cyan = Color.indexed(6)
    public static let white = Color.indexed(7)
    public static let brightBlack = Color.indexed(8)
    public static let brightRed = Color.indexed(9)
    public static let brightYellow = Color.indexed(11)
    public static let brightBlue = Color.indexed(12)
    public static let brightMagenta = Color.indexed(13)
    public static let brightCyan = Color.indexed(14)
    public static let brightWhite = Color.indexed(15)

    /// A colour of the 6x6x6 cube, each component 0...5 (clamped): `cube(5, 0, 0)` is pure red.
    static func cube(_ red: Int, _ green: Int, _ blue: Int) -> Color {
        func level(_ value: Int) -> Int { min(max(value, 0), 5) }
        return .indexed(UInt8(16 + 36 * level(red) + 6 * level(green) + level(blue)))
    }

    /// A grey of the 24-step ramp, 0 (near black) ... 23 (near white), clamped.
    public static func grey(_ step: Int) -> Color {
        .indexed(UInt8(232 + min(max(step, 0), 23)))
    }
}
