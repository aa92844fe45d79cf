#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Precomputed RoPE rotations: for each position and each pair `(2i, 2i+1)` of a head, the cosine
/// and sine of `position * theta^(-2i / headDim)`. A token's K is rotated once, when it is
/// computed, and stored rotated: that is why cached K can be reused at any later step.
struct RotaryTable: Sendable {
    let pairsPerHead: Int
    /// (contextLength, headDim / 2)
    private let _cos: [Float]
    /// (contextLength, headDim / 2)
    private let _sin: [Float]

    init(config: ToyModelConfig) {
        pairsPerHead = config.headDim / 2
        var cosines = [Float](repeating: 0, count: config.contextLength * pairsPerHead)
        var sines = cosines
        for position in 0..<config.contextLength {
            for pair in 0..<pairsPerHead {
                let frequency = pow(Double(config.ropeTheta), -2 * Double(pair) / Double(config.headDim))
                let angle = Double(position) * frequency
                cosines[position * pairsPerHead + pair] = Float(cos(angle))
                sines[position * pairsPerHead + pair] = Float(sin(angle))
            }
        }
        _cos = cosines
        _sin = sines
    }

    /// Rotates every head of `vector` (`headCount` heads of `2 * pairsPerHead` floats) in place.
    @inline(__always)
    func rotate(_ vector: UnsafeMutablePointer<Float>, headCount: Int, position: Int) {
        _cos.withUnsafeBufferPointer { cosines in
            _sin.withUnsafeBufferPointer { sines in
                let row = position * pairsPerHead
                for head in 0..<headCount {
                    let base = vector + head * 2 * pairsPerHead
                    for pair in 0..<pairsPerHead {
                        let c = cosines[row + pair]
                        let s = sines[row + pair]
                        let x0 = base[2 * pair]
                        let x1 = base[2 * pair + 1]
                        base[2 * pair] = x0 * c - x1 * s
                        base[2 * pair + 1] = x0 * s + x1 * c
                    }
                }
            }
        }
    }
}
