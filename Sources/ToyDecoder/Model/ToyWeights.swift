import KVBase

/// Every parameter of the toy model, generated from a seed.
///
/// All tensors sit back to back in one flat array (llama2.c's checkpoint layout), located by the
/// offsets of `ToyWeightLayout`; the forward pass takes one pointer and adds named offsets.
/// Matrices are row-major `(out, in)`: output `i` is row `i` dotted with the input. Tensors of all
/// layers share one region; `layer * rows * columns` is a layer's offset within it.
public struct ToyWeights: Sendable {
    public let config: ToyModelConfig
    public let seed: UInt64
    /// Every tensor, in `layout` order.
    let storage: [Float]
    let layout: ToyWeightLayout

    /// Draws every tensor from its own stream of `seed`. The embedding and LM-head rows each have
    /// their own stream too, so a vocabulary grown by a scenario's extra characters keeps the
    /// numbers of every existing token.
    public init(config: ToyModelConfig, seed: UInt64 = ToyModelConfig.defaultSeed) {
        self.config = config
        self.seed = seed
        let c = config
        let draw = WeightStreams(seed: seed)
        func bound(gain: Float, fanIn: Int) -> Float { gain * (3 / Float(fanIn)).squareRoot() }
        // Gains are tuned so greedy decoding wanders instead of repeating one token at once.
        let tensors: [(ToyWeightLayout.Tensor, [Float])] = [
            // (vocabSize, dim)
            (.tokenEmbedding, draw.perRow(.tokenEmbedding, rows: c.vocabSize, columns: c.dim, bound: 1.7)),
            // (layers, dim)
            (.attentionNorm, draw.norm(.attentionNorm, count: c.layers * c.dim)),
            // (layers, dim, dim)
            (.wq, draw.matrix(.wq, count: c.layers * c.dim * c.dim, bound: bound(gain: 1.5, fanIn: c.dim))),
            // (layers, kvDim, dim)
            (.wk, draw.matrix(.wk, count: c.layers * c.kvDim * c.dim, bound: bound(gain: 1.5, fanIn: c.dim))),
            // (layers, kvDim, dim)
            (.wv, draw.matrix(.wv, count: c.layers * c.kvDim * c.dim, bound: bound(gain: 1, fanIn: c.dim))),
            // (layers, dim, dim)
            (.wo, draw.matrix(.wo, count: c.layers * c.dim * c.dim, bound: bound(gain: 1, fanIn: c.dim))),
            // (layers, dim)
            (.ffnNorm, draw.norm(.ffnNorm, count: c.layers * c.dim)),
            // (layers, hiddenDim, dim): gate
            (.w1, draw.matrix(.w1, count: c.layers * c.hiddenDim * c.dim, bound: bound(gain: 1, fanIn: c.dim))),
            // (layers, dim, hiddenDim): down
            (.w2, draw.matrix(.w2, count: c.layers * c.dim * c.hiddenDim, bound: bound(gain: 1, fanIn: c.hiddenDim))),
            // (layers, hiddenDim, dim): up
            (.w3, draw.matrix(.w3, count: c.layers * c.hiddenDim * c.dim, bound: bound(gain: 1, fanIn: c.dim))),
            // (dim)
            (.finalNorm, draw.norm(.finalNorm, count: c.dim)),
            // (vocabSize, dim): not tied to the embedding
            (.lmHead, draw.perRow(.lmHead, rows: c.vocabSize, columns: c.dim, bound: bound(gain: 4, fanIn: c.dim))),
        ]
        var storage: [Float] = []
        var offsets: [ToyWeightLayout.Tensor: Int] = [:]
        for (tensor, values) in tensors {
            offsets[tensor] = storage.count
            storage += values
        }
        self.storage = storage
        layout = ToyWeightLayout(offsets: offsets)
    }

    /// Number of parameters.
    public var parameterCount: Int { storage.count }

    /// Runs `body` with pointers to each tensor.
    @inline(__always)
    func withPointers<Result>(_ body: (ToyWeightPointers) -> Result) -> Result {
        storage.withUnsafeBufferPointer { buffer in
            body(ToyWeightPointers(base: buffer.baseAddress!, layout: layout))
        }
    }
}

/// Where each tensor starts in `ToyWeights.storage`.
struct ToyWeightLayout: Sendable {
    enum Tensor: UInt64, Sendable {
        case tokenEmbedding = 1, attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, lmHead
    }

    let tokenEmbedding, attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, lmHead: Int

    init(offsets: [Tensor: Int]) {
        tokenEmbedding = offsets[.tokenEmbedding]!
        attentionNorm = offsets[.attentionNorm]!
        wq = offsets[.wq]!
        wk = offsets[.wk]!
        wv = offsets[.wv]!
        wo = offsets[.wo]!
        ffnNorm = offsets[.ffnNorm]!
        w1 = offsets[.w1]!
        w2 = offsets[.w2]!
        w3 = offsets[.w3]!
        finalNorm = offsets[.finalNorm]!
        lmHead = offsets[.lmHead]!
    }
}

/// Pointers to the start of each tensor, valid inside `ToyWeights.withPointers`.
struct ToyWeightPointers {
    let tokenEmbedding, attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, lmHead: UnsafePointer<Float>

    init(base: UnsafePointer<Float>, layout: ToyWeightLayout) {
        tokenEmbedding = base + layout.tokenEmbedding
        attentionNorm = base + layout.attentionNorm
        wq = base + layout.wq
        wk = base + layout.wk
        wv = base + layout.wv
        wo = base + layout.wo
        ffnNorm = base + layout.ffnNorm
        w1 = base + layout.w1
        w2 = base + layout.w2
        w3 = base + layout.w3
        finalNorm = base + layout.finalNorm
        lmHead = base + layout.lmHead
    }
}

/// The seeded streams the weights are drawn from: one per tensor, one per vocabulary row.
private struct WeightStreams {
    let seed: UInt64

    func matrix(_ tensor: ToyWeightLayout.Tensor, count: Int, bound: Float) -> [Float] {
        var random = SplitMix64(seed: seed, stream: tensor.rawValue << 32)
        return (0..<count).map { _ in random.nextFloat(bound: bound) }
    }

    func perRow(_ tensor: ToyWeightLayout.Tensor, rows: Int, columns: Int, bound: Float) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(rows * columns)
        for row in 0..<rows {
            var random = SplitMix64(seed: seed, stream: tensor.rawValue << 32 | UInt64(row + 1))
            for _ in 0..<columns { values.append(random.nextFloat(bound: bound)) }
        }
        return values
    }

    /// Norm scales near one, jittered so layers differ a little.
    func norm(_ tensor: ToyWeightLayout.Tensor, count: Int) -> [Float] {
        var random = SplitMix64(seed: seed, stream: tensor.rawValue << 32)
        return (0..<count).map { _ in 1 + random.nextFloat(bound: 0.2) }
    }
}
