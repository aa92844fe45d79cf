/// A tiny, fast, seedable random number generator (SplitMix64).
///
/// The toy model's weights and its seeded sampling must be identical on every machine and in every
/// run, so the decoder never touches the system generator: everything random comes from here.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var _state: UInt64

    public init(seed: UInt64) {
        _state = seed
    }

    /// A generator for one named stream derived from `seed` (one per tensor, per row, ...), so that
    /// adding a tensor or a vocabulary row never shifts the numbers drawn for the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        _state = mixer.next() ^ stream
    }

    public mutating func next() -> UInt64 {
        _state &+= 0x9E37_79B9_7F4A_7C15
        var z = _state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) built from the top 24 bits, exact and platform independent.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// A uniform Float in [-bound, bound).
    public mutating func nextFloat(bound: Float) -> Float {
        (nextUnitFloat() * 2 - 1) * bound
    }
}
