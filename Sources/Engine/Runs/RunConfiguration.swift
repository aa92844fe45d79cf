import KVCore

/// Everything that fixes a headless run: the workload to serve and the server that serves it
/// (pool size, block size, scheduler knobs, prefix caching). `kvviz simulate` and
/// `kvviz compare` build one from their flags; tests and benchmarks build one directly.
public struct RunConfiguration: Sendable, Equatable {
    /// The workload preset's name, for reports ("chat", "uniform", or "custom").
    public var workloadName: String
    public var workload: WorkloadSpec
    /// Blocks in the paged pool; the contiguous baselines get the same token slots.
    public var numBlocks: Int
    public var blockSize: Int
    public var scheduler: SchedulerConfig
    public var prefixCaching: Bool
    /// Where the pool size came from, for reports (e.g. "llama-2-7b on h100-80gb").
    public var capacitySource: String
    /// Bytes of KV one token slot stands for, when a model is named (0: unknown).
    public var kvBytesPerToken: Int

    public init(workloadName: String = "chat", workload: WorkloadSpec = .chat, numBlocks: Int,
                blockSize: Int = 16, scheduler: SchedulerConfig = SchedulerConfig(),
                prefixCaching: Bool = true, capacitySource: String = "given",
                kvBytesPerToken: Int = 0) {
        self.workloadName = workloadName
        self.workload = workload
        self.numBlocks = numBlocks
        self.blockSize = blockSize
        self.scheduler = scheduler
        self.prefixCaching = prefixCaching
        self.capacitySource = capacitySource
        self.kvBytesPerToken = kvBytesPerToken
    }

    /// Token slots of the pool: `numBlocks x blockSize`.
    public var capacitySlots: Int { numBlocks * blockSize }

    /// Blocks of `blockSize` that hold `slots` token slots, rounded up.
    public static func blocks(forSlots slots: Int, blockSize: Int) -> Int {
        blockSize > 0 ? (slots + blockSize - 1) / blockSize : 0
    }

    /// The first size that cannot run, or nothing.
    func validateSizes() throws(RunError) {
        if blockSize < 1 { throw RunError.notPositive("block size", blockSize, unit: "token slots per block") }
        if numBlocks < 1 { throw RunError.notPositive("pool size (blocks)", numBlocks, unit: "blocks") }
        if scheduler.maxNumSeqs < 1 {
            throw RunError.notPositive("max-num-seqs", scheduler.maxNumSeqs, unit: "sequences")
        }
        if scheduler.maxNumBatchedTokens < 1 {
            throw RunError.notPositive("max-num-batched-tokens", scheduler.maxNumBatchedTokens, unit: "tokens")
        }
        let (_, overflow) = numBlocks.multipliedReportingOverflow(by: blockSize)
        if overflow || numBlocks >= Int(Int32.max) {
            throw RunError("pool of \(numBlocks) blocks x \(blockSize) slots is too large: use fewer blocks")
        }
    }
}
