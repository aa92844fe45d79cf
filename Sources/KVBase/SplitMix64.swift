/// SplitMix64 (Steele, Lea and Flood, 2014): the one seeded generator of the project. The toy
/// model's weights, seeded sampling, the workload generator's seeding and every randomised
/// test draw from it, so one seed gives the same numbers on every machine and Swift release
/// (it never touches the system generator, and its arithmetic is plain 64-bit integer math).
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named stream derived from `seed` (one per tensor, per row, ...), so
    /// that adding a stream never shifts the numbers drawn by the others.
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
}
