extension Color {
    /// WCAG 2 relative luminance (0 black ... 1 white) of the colour's sRGB value under xterm's
    /// default palette; nil for `.default`.
    var relativeLuminance: Double? {
        guard let (red, green, blue) = rgbComponents else { return nil }
        func linear(_ component: UInt8) -> Double {
            let value = Double(component) / 255
            return value <= 0.04045 ? value / 12.92 : pow2_4((value + 0.055) / 1.055)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2 contrast ratio between two colours, 1 (same) ... 21 (black on white); nil when
    /// either is `.default`.
    public static func contrastRatio(_ first: Color, _ second: Color) -> Double? {
        guard let a = first.relativeLuminance, let b = second.relativeLuminance else { return nil }
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
}

/// x^2.4 without Foundation: exp(2.4 ln x) through the identity x^2.4 = x^2 * x^0.4, with
/// x^0.4 = (x^2)^(1/5) found by Newton's method (x in 0...1).
private func pow2_4(_ x: Double) -> Double {
    guard x > 0 else { return 0 }
    let square = x * x
    var root = 1.0  // fifth root of `square`, from above
    for _ in 0..<60 {
        let next = root - (root * root * root * root * root - square) / (5 * root * root * root * root)
        if abs(next - root) < 1e-15 { break }
        root = next
    }
    return square * root
}
