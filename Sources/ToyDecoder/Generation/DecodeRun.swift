/// Autoregressive decoding of one prompt, with a paged KV cache or with none.
///
/// With the cache, step 1 prefills the prompt and every later step computes only the token the
/// step before produced, writing its K/V into the store and reading the rest back. Without it,
/// every step recomputes the whole sequence from scratch (`logitsByRecomputing`), as a model
/// with no cache must. Both give the same logits, so the same tokens; only the work differs,
/// which is what `kvviz decode` and the decoder benchmark show.
public struct DecodeRun: Sendable {
    public enum CacheMode: String, Sendable, Hashable, CaseIterable {
        /// K/V kept in the paged store; each step computes only its new tokens.
        case paged
        /// No cache: each step recomputes the whole sequence.
        case none
    }

    public let mode: CacheMode
    public let prompt: [TokenID]
    public let maxTokens: Int
    /// Tokens generated so far.
    public private(set) var generated: [TokenID] = []
    /// The model, whose store holds the sequence's K/V in `.paged` mode.
    public private(set) var model: ToyModel
    /// The physical blocks of the sequence: a contiguous table, as the run owns the whole store.
    public let blockTable: [Int]
    private var _sampler: Sampler
    private var _totals = (computed: 0, withCache: 0, withoutCache: 0)

    /// Prepares a run; nothing is computed until `step()`.
    public init(
        weights: ToyWeights, prompt: [TokenID], maxTokens: Int, mode: CacheMode, sampler: Sampler,
        blockSize: Int = 16
    ) throws(DecodeSetupError) {
        if prompt.isEmpty { throw .emptyPrompt }
        if maxTokens < 1 { throw .nonPositiveMaxTokens(maxTokens) }
        let context = weights.config.contextLength
        if prompt.count + maxTokens > context {
            throw .exceedsContext(promptTokens: prompt.count, maxTokens: maxTokens, contextLength: context)
        }
        let numBlocks = mode == .paged ? (prompt.count + maxTokens + blockSize - 1) / blockSize : 1
        self.mode = mode
        self.prompt = prompt
        self.maxTokens = maxTokens
        model = ToyModel(weights: weights, numBlocks: numBlocks, blockSize: blockSize)
        blockTable = Array(0..<numBlocks)
        _sampler = sampler
    }

    public var isFinished: Bool { generated.count >= maxTokens }

    /// Prompt plus generated tokens.
    public var sequence: [TokenID] { prompt + generated }

    /// Computes the next token; nil once `maxTokens` tokens are out.
    @discardableResult
    public mutating func step() -> DecodeStep? {
        guard !isFinished else { return nil }
        let sequenceLength = prompt.count + generated.count
        let newTokens = generated.isEmpty ? prompt : [generated[generated.count - 1]]
        let logits: [Float]
        let computed: Int
        switch mode {
        case .paged:
            let input = ForwardInput(
                tokens: newTokens, startPosition: sequenceLength - newTokens.count, blockTable: blockTable)
            logits = model.forward(input).logits
            computed = newTokens.count
        case .none:
            logits = model.logitsByRecomputing(tokens: sequence)
            computed = sequenceLength
        }
        let token = _sampler.next(logits: logits)
        generated.append(token)
        _totals.computed += computed
        _totals.withCache += newTokens.count
        _totals.withoutCache += sequenceLength
        return DecodeStep(
            number: generated.count, token: token, kvComputed: computed, kvComputedTotal: _totals.computed,
            kvWithCacheTotal: _totals.withCache, kvWithoutCacheTotal: _totals.withoutCache)
    }

    /// Runs every remaining step.
    public mutating func run() -> [DecodeStep] {
        var steps: [DecodeStep] = []
        while let step = step() { steps.append(step) }
        return steps
    }
}
