extension Color {
    /// The colour number a direct-colour terminal (`xterm-direct`: `setaf` takes 0xRRGGBB)
    /// expects, or nil for `.default`.
    ///
    /// Such terminfo entries read numbers below 8 as the ANSI colours and everything else as
    /// packed red, green and blue, so a palette index must never be passed through as it is
    /// (index 117 would be a dark blue 0x000075). ANSI 0-7 stay ANSI, so they keep the user's
    /// own terminal colours; other indexes become their xterm RGB values; an RGB value that
    /// would fall below 8 is nudged to 8 (a blue of 8/255, indistinguishable from black).
    public var directColorValue: Int32? {
        switch self {
        case .default:
            return nil
        case .indexed(let index) where index < 8:
            return Int32(index)
        default:
            guard let (red, green, blue) = rgbComponents else { return nil }
            let packed = Int32(red) << 16 | Int32(green) << 8 | Int32(blue)
            return max(packed, 8)
        }
    }
}
