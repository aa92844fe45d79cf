import KVBase
@testable import ToyDecoder

/// The shared test fixture: the default toy shape over the base vocabulary.
enum Fixture {
    static let tokenizer = Tokenizer()
    static let config = ToyModelConfig(vocabSize: tokenizer.vocabSize)
    static let weights = ToyWeights(config: config, seed: 7)

    /// A fresh model with a small store of 4-slot blocks.
    static func model(numBlocks: Int = 12, blockSize: Int = 4) -> ToyModel {
        ToyModel(weights: weights, numBlocks: numBlocks, blockSize: blockSize)
    }

    /// `count` reproducible non-special token ids.
    static func tokens(_ count: Int, seed: UInt64) -> [TokenID] {
        var random = SplitMix64(seed: seed)
        let firstScalar = UInt64(tokenizer.specialTokenIDs.count)
        let span = UInt64(config.vocabSize) - firstScalar
        return (0..<count).map { _ in TokenID(firstScalar + random.next() % span) }
    }
}

/// The largest absolute difference between two equally long vectors (infinity if lengths differ).
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max()!
}

/// Tolerance allowed between the paged and recompute paths (they are in fact bit-identical).
let tolerance: Float = 1e-4
