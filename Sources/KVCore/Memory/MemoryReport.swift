/// The answer to "how much KV cache do `batch` sequences of `seqLen` tokens need, does the
/// model fit, and how many sequences fit?" for one ``MemoryPlan``: the figures `kvviz memory`
/// prints, computed once and checked for overflow. The command line formats them.
///
/// The KV figures never depend on whether the model fits: ``kvBytes`` is the whole model's
/// (every layer and KV head, as the seed chapter's tables count it), ``kvBytesPerGPU`` one
/// GPU's share under tensor parallelism. Fitting is a verdict (``fits``, with the smallest
/// tensor-parallel degree that would fit), never an error.
public struct MemoryReport: Sendable, Hashable {
    public let plan: MemoryPlan
    public let seqLen: Int
    public let batch: Int
    /// Tokens of one sequence whose K/V stay cached (`seqLen`, or the sliding window).
    public let cachedTokens: Int
    /// `batch x cachedTokens x modelKVBytesPerToken`: the whole model's KV cache.
    public let kvBytes: Int
    /// `batch x cachedTokens x kvBytesPerToken`: one GPU's share.
    public let kvBytesPerGPU: Int
    /// Blocks one sequence occupies: `ceil(cachedTokens / blockSize)`.
    public let blocksPerSequence: Int
    /// Blocks the whole batch occupies.
    public let blocksForBatch: Int
    /// `floor(numBlocks / blocksPerSequence)`.
    public let maxConcurrentSeqs: Int
    /// The smallest tensor-parallel degree (a valid one, up to ``largestTensorParallel``) at
    /// which one sequence of `seqLen` tokens fits; nil when none does.
    public let smallestFittingTP: Int?

    /// Tensor-parallel degrees tried for ``smallestFittingTP``: one node of up to 64 GPUs.
    public static let largestTensorParallel = 64

    /// Validates the sequence shape first, then builds the plan: the order a user reading the
    /// errors expects (a negative `--seq-len` is reported before anything else).
    public init(configuration: MemoryPlan.Configuration, seqLen: Int, batch: Int = 1) throws(MemoryError) {
        try Self.validate(seqLen: seqLen, batch: batch)
        try self.init(plan: MemoryPlan(sizing: configuration), seqLen: seqLen, batch: batch)
    }

    public init(plan: MemoryPlan, seqLen: Int, batch: Int = 1) throws(MemoryError) {
        try Self.validate(seqLen: seqLen, batch: batch)
        self.plan = plan
        self.seqLen = seqLen
        self.batch = batch
        cachedTokens = plan.configuration.model.cachedTokens(seqLen: seqLen)
        let wholeSequence = try MemoryPlan.product(plan.modelKVBytesPerToken, cachedTokens, blaming: .seqLen, seqLen)
        kvBytes = try MemoryPlan.product(wholeSequence, batch, blaming: .batch, batch)
        let gpuSequence = try MemoryPlan.product(plan.kvBytesPerToken, cachedTokens, blaming: .seqLen, seqLen)
        kvBytesPerGPU = try MemoryPlan.product(gpuSequence, batch, blaming: .batch, batch)
        blocksPerSequence = plan.blocksNeeded(seqLen: seqLen)
        blocksForBatch = try MemoryPlan.product(blocksPerSequence, batch, blaming: .batch, batch)
        maxConcurrentSeqs = plan.maxConcurrentSeqs(seqLen: seqLen)
        smallestFittingTP = Self.smallestFittingTP(plan.configuration, blocksPerSequence: blocksPerSequence)
    }

    private static func validate(seqLen: Int, batch: Int) throws(MemoryError) {
        guard seqLen >= 1 else { throw .notPositive(.seqLen, seqLen) }
        guard batch >= 1 else { throw .notPositive(.batch, batch) }
    }

    /// Tries every tensor-parallel degree the model's heads allow, smallest first.
    private static func smallestFittingTP(_ configuration: MemoryPlan.Configuration, blocksPerSequence: Int) -> Int? {
        for tp in 1...largestTensorParallel {
            var candidate = configuration
            candidate.tensorParallel = tp
            guard let plan = try? MemoryPlan(sizing: candidate) else { continue }
            if plan.numBlocks >= blocksPerSequence { return tp }
        }
        return nil
    }

    /// Whether the model fits on the GPU at this `--tp` with room for one sequence of `seqLen`.
    public var fits: Bool { plan.numBlocks >= Swift.max(1, blocksPerSequence) }

    /// Whether the batch fits in the block pool at once.
    public var batchFits: Bool { blocksForBatch <= plan.numBlocks }

    /// Whether `seqLen` is longer than the model was trained for (reported, not refused: the
    /// chapter's own table goes to 8,192 tokens on LLaMA-2-7B's 4,096 context).
    public var exceedsContext: Bool { seqLen > plan.configuration.model.maxModelLen }
}
