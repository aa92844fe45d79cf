/// SplitMix64 (Steele, Lea and Flood, 2014): the one seeded generator of the project. The toy
/// model's weights, seeded sampling, the workload generator (arrivals, lengths, which
/// conversation a follow-up continues) and every randomised test draw from it, so one seed
/// gives the same numbers on every machine and Swift release: it never touches the system
/// generator nor the standard library's `random(in:using:)` (whose algorithm may change
/// between releases), and every draw below is plain 64-bit integer math or one exact scaling.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named stream derived from `seed` (one per tensor, per row, the
    /// workload, ...), so that adding a stream never shifts the numbers drawn by the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        state = mixer.next() ^ stream
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The finaliser on its own: a bijective scramble of 64 bits, for hashing a few integers
    /// (a seed and an index) into one well-spread number.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) from the top 24 bits: exact and platform independent.
    mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// A uniform Float in [-bound, bound).
    public mutating func nextFloat(bound: Float) -> Float {
        (nextUnitFloat() * 2 - 1) * bound
    }

    /// A uniform Double in [0, 1) from the top 53 bits (exact, no rounding).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so unbiased).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range` (both ends included).
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// True with the given probability (0 never, 1 always).
    public mutating func nextBool(probability: Double) -> Bool {
        nextUnit() < probability
    }
}
