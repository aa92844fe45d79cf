/// The colours an encoder paints with: the theme's default foreground and background (which
/// only the terminal knows in a live session) and every other colour at its palette value.
public struct PaintColors: Sendable, Equatable {
    public var foreground: (UInt8, UInt8, UInt8)
    public var background: (UInt8, UInt8, UInt8)

    public init(foreground: (UInt8, UInt8, UInt8), background: (UInt8, UInt8, UInt8)) {
        self.foreground = foreground
        self.background = background
    }

    /// Light text on a near-black background.
    public static let dark = PaintColors(foreground: (229, 229, 229), background: (24, 24, 27))
    /// Dark text on white.
    public static let light = PaintColors(foreground: (32, 32, 32), background: (255, 255, 255))

    public static func == (lhs: PaintColors, rhs: PaintColors) -> Bool {
        lhs.foreground == rhs.foreground && lhs.background == rhs.background
    }

    /// The text and fill colours of `style` as `#rrggbb`: reverse swaps them, dim blends the
    /// text halfway to the background. The fill is nil when it is the default background.
    public func paint(_ style: Style) -> (text: String, fill: String?) {
        var fore = style.foreground.rgbComponents ?? foreground
        var back = style.background.rgbComponents
        if style.reverse {
            let oldFore = fore
            fore = back ?? background
            back = oldFore
        }
        if style.dim {
            let base = back ?? background
            fore = (Self.mix(fore.0, base.0), Self.mix(fore.1, base.1), Self.mix(fore.2, base.2))
        }
        return (Self.hex(fore), back.map(Self.hex))
    }

    public static func hex(_ rgb: (UInt8, UInt8, UInt8)) -> String {
        "#" + [rgb.0, rgb.1, rgb.2].map { value in
            let text = String(value, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    private static func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Int(a) + Int(b)) / 2) }
}
