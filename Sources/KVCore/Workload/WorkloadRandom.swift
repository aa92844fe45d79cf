import KVBase

/// The workload's own pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// kvviz promises that one seed gives one workload on every machine and every Swift release, so
/// it never touches `SystemRandomNumberGenerator` and never leans on the standard library's
/// `random(in:using:)` (whose algorithm may change between releases): every draw below is
/// integer arithmetic or a single IEEE division.
public struct WorkloadRandom: RandomNumberGenerator, Sendable {
    private var _state: (UInt64, UInt64, UInt64, UInt64)

    /// Expands `seed` into the 256-bit state with SplitMix64, as xoshiro's authors recommend
    /// (an all-zero state would be stuck forever; SplitMix64 never yields four zeros).
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        _state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// A generator in a given raw state (for checking against the reference vectors).
    init(rawState: (UInt64, UInt64, UInt64, UInt64)) {
        _state = rawState
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = (_state.1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = _state.1 << 17
        _state.2 ^= _state.0
        _state.3 ^= _state.1
        _state.1 ^= _state.2
        _state.0 ^= _state.3
        _state.2 ^= shifted
        _state.3 = _state.3.rotatedLeft(by: 45)
        return result
    }

    /// A uniform double in [0, 1) built from the top 53 bits (exact, no rounding).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so unbiased).
    mutating func nextInt(below bound: Int) -> Int {
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
    mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// True with the given probability (0 never, 1 always).
    mutating func nextBool(probability: Double) -> Bool {
        nextUnit() < probability
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
