extension Color {
    /// The colour as red, green, blue under xterm's default palette; nil for `.default`, which
    /// only the terminal knows.
    public var rgbComponents: (red: UInt8, green: UInt8, blue: UInt8)? {
        switch self {
        case .default:
            return nil
        case .rgb(let red, let green, let blue):
            return (red, green, blue)
        case .indexed(let index):
            return Color.paletteRGB(index)
        }
    }

    /// The closest colour a terminal with `paletteSize` colours (8, 16 or 256; anything
    /// above 256 means truecolor) can show. `.default` stays `.default`; an index the palette
    /// already has is kept; bright ANSI colours fold onto their normal twins on 8-colour terminals.
    public func approximated(paletteSize: Int) -> Color {
        switch self {
        case .default:
            return self
        case .indexed(let index):
            if Int(index) < paletteSize { return self }
            if index < 16 { return .indexed(index % 8) }
        case .rgb:
            if paletteSize > 256 { return self }
        }
        guard let (red, green, blue) = rgbComponents else { return .default }
        let candidates = paletteSize >= 256 ? 256 : (paletteSize >= 16 ? 16 : 8)
        var best = 0
        var bestDistance = Int.max
        // The cube and greys are tried first, so ties between a cube colour and an ANSI colour
        // go to the cube entry, whose value (unlike the ANSI 16) terminals do not customise.
        for candidate in Array(16..<max(16, candidates)) + Array(0..<min(16, candidates)) {
            let (r, g, b) = Color.paletteRGB(UInt8(candidate))
            let distance = Color.squaredDistance((red, green, blue), (r, g, b))
            if distance < bestDistance {
                bestDistance = distance
                best = candidate
            }
        }
        return .indexed(UInt8(best))
    }

    static func squaredDistance(
        _ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)
    ) -> Int {
        let dr = Int(a.0) - Int(b.0)
        let dg = Int(a.1) - Int(b.1)
        let db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }

    /// xterm's default values for palette entry `index`.
    static func paletteRGB(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
        switch index {
        case 0..<16:
            return ansiRGB[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return (cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return (level, level, level)
        }
    }

    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    private static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
