/// The toy decoder, ready to run: weights, the paged K/V store it reads and writes, and the
/// counters of K/V work.
///
/// A value type: copying a model copies its store (lazily, when one copy writes), which is how the
/// engine keeps keyframes. The weights are shared between copies and never change.
public struct ToyModel: Sendable {
    public let config: ToyModelConfig
    public let weights: ToyWeights
    /// Where every computed token's K and V live, by physical block.
    public var store: PagedKVStore
    /// K/V projections done by `forward`, and what recomputation would have done.
    public var counter = KVComputeCounter()

    let rotary: RotaryTable
    /// Per-token activations of `forward`, reused by every call (see `ForwardScratch`).
    var _scratch: [Float]
    /// (contextLength): the slot of each position of the sequence being computed.
    var _slotMapping: [Int]

    /// A model with `weights` and an empty store of `numBlocks` blocks of `blockSize` slots.
    public init(weights: ToyWeights, numBlocks: Int, blockSize: Int) {
        config = weights.config
        self.weights = weights
        store = PagedKVStore(config: weights.config, numBlocks: numBlocks, blockSize: blockSize)
        rotary = RotaryTable(config: weights.config)
        _scratch = [Float](repeating: 0, count: ForwardScratch(config: weights.config).count)
        _slotMapping = [Int](repeating: 0, count: weights.config.contextLength)
    }

    /// A model whose weights are drawn from `seed`.
    public init(config: ToyModelConfig, seed: UInt64 = ToyModelConfig.defaultSeed, numBlocks: Int, blockSize: Int) {
        self.init(weights: ToyWeights(config: config, seed: seed), numBlocks: numBlocks, blockSize: blockSize)
    }

    /// Why `input` cannot run on this model and store, or nil when it can. `forward` traps on a
    /// problem; callers holding untrusted input ask first.
    public func problem(with input: ForwardInput) -> ForwardInputProblem? {
        if input.tokens.isEmpty { return .noTokens }
        if input.startPosition < 0 { return .negativeStart(input.startPosition) }
        if input.endPosition > config.contextLength {
            return .beyondContext(end: input.endPosition, contextLength: config.contextLength)
        }
        if let bad = input.tokens.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            return .tokenOutOfVocabulary(bad, vocabSize: config.vocabSize)
        }
        let neededBlocks = (input.endPosition + store.blockSize - 1) / store.blockSize
        if input.blockTable.count < neededBlocks {
            return .blockTableTooShort(blocks: input.blockTable.count, needed: neededBlocks)
        }
        if let bad = input.blockTable.prefix(neededBlocks).first(where: { !(0..<store.numBlocks).contains($0) }) {
            return .blockOutOfStore(bad, numBlocks: store.numBlocks)
        }
        return nil
    }
}

/// Offsets of the per-token activations inside `ToyModel._scratch` (llama2.c's `RunState`).
struct ForwardScratch {
    /// (dim): the residual stream.
    let x: Int
    /// (dim): normalised input of a sublayer, then the attention output.
    let xb: Int
    /// (dim): a sublayer's output before it is added to the residual.
    let xb2: Int
    /// (dim): the query of all heads.
    let q: Int
    /// (hiddenDim): the MLP gate.
    let hb: Int
    /// (hiddenDim): the MLP up projection.
    let hb2: Int
    /// (contextLength): attention scores of one head over positions 0...p.
    let att: Int
    /// (vocabSize)
    let logits: Int
    let count: Int

    init(config c: ToyModelConfig) {
        x = 0
        xb = x + c.dim
        xb2 = xb + c.dim
        q = xb2 + c.dim
        hb = q + c.dim
        hb2 = hb + c.hiddenDim
        att = hb2 + c.hiddenDim
        logits = att + c.contextLength
        count = logits + c.vocabSize
    }
}
