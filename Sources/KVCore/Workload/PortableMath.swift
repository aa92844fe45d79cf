import KVBase

/// Transcendental functions built from IEEE basic operations only.
///
/// `Foundation.exp` comes from the platform's libm, which may differ in the last bit between
/// glibc and Darwin; a length rounded from such a value could then differ too. These versions
/// use only `+ - * /` and exact scaling by powers of two, which IEEE 754 makes identical
/// everywhere, so a seed yields the same workload on every machine.
enum PortableMath {
    private static let ln2 = 0.693_147_180_559_945_3

    /// e^x, accurate to a few ulps for |x| < 700 (plenty for drawing lengths).
    static func exp(_ x: Double) -> Double {
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        // x = k ln2 + r with |r| <= ln2 / 2, then e^x = 2^k e^r.
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...16 {
            term = term * r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: 1) * sum
    }

    /// An approximately standard normal deviate: the sum of twelve uniforms minus six
    /// (Irwin-Hall). Mean 0, variance 1, bounded to +-6, which suits lengths that are clamped
    /// anyway, and it needs no logarithm or cosine.
    static func standardNormal(_ random: inout SplitMix64) -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += random.nextUnit() }
        return sum - 6
    }
}
