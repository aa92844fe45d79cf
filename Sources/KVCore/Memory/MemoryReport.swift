/// The answer to "how much KV cache do `batch` sequences of `seqLen` tokens need, and how many
/// fit?" for one ``MemoryPlan``: the figures `kvviz memory` prints, computed once and checked
/// for overflow, then rendered as text (``text``) or JSON (``json``).
public struct MemoryReport: Sendable, Hashable {
    public let plan: MemoryPlan
    public let seqLen: Int
    public let batch: Int
    /// `batch x seqLen x kvBytesPerToken`.
    public let kvBytes: Int
    /// Blocks one sequence occupies: `ceil(seqLen / blockSize)`.
    public let blocksPerSequence: Int
    /// Blocks the whole batch occupies.
    public let blocksForBatch: Int
    /// `floor(numBlocks / blocksPerSequence)`.
    public let maxConcurrentSeqs: Int

    /// Validates the sequence shape first, then builds the plan: the order a user reading the
    /// errors expects (a negative `--seq-len` is reported even when the model would not fit).
    public init(configuration: MemoryPlan.Configuration, seqLen: Int, batch: Int = 1) throws(MemoryError) {
        try Self.validate(seqLen: seqLen, batch: batch)
        try self.init(plan: MemoryPlan(configuration), seqLen: seqLen, batch: batch)
    }

    public init(plan: MemoryPlan, seqLen: Int, batch: Int = 1) throws(MemoryError) {
        try Self.validate(seqLen: seqLen, batch: batch)
        let perSequence = try MemoryPlan.product(plan.kvBytesPerToken, seqLen, blaming: .seqLen, seqLen)
        self.plan = plan
        self.seqLen = seqLen
        self.batch = batch
        kvBytes = try MemoryPlan.product(perSequence, batch, blaming: .batch, batch)
        blocksPerSequence = plan.blocksNeeded(seqLen: seqLen)
        blocksForBatch = blocksPerSequence * batch
        maxConcurrentSeqs = plan.maxConcurrentSeqs(seqLen: seqLen)
    }

    private static func validate(seqLen: Int, batch: Int) throws(MemoryError) {
        guard seqLen >= 1 else { throw .notPositive(.seqLen, seqLen) }
        guard batch >= 1 else { throw .notPositive(.batch, batch) }
    }

    /// Whether the batch fits in the block pool at once.
    public var batchFits: Bool { blocksForBatch <= plan.numBlocks }

    /// Whether `seqLen` is longer than the model was trained for (reported, not refused: the
    /// chapter's own table goes to 8,192 tokens on LLaMA-2-7B's 4,096 context).
    public var exceedsContext: Bool { seqLen > plan.configuration.model.maxModelLen }

    /// The KV formula with this plan's numbers in it:
    /// `2 x 32 layers x 32 kv heads x 128 dim x 2 bytes = 524,288 B/token`.
    public var formulaLine: String {
        let model = plan.configuration.model
        let dtype = plan.configuration.kvDType
        return "2 x \(model.numLayers) layers x \(plan.kvHeadsPerGPU) kv heads x \(model.headDim) dim"
            + " x \(dtype.bytes) bytes = \(ByteCount.grouped(plan.kvBytesPerToken)) B/token"
    }
}
