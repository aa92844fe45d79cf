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

    /// The largest pool a headless run simulates: 2^26 token slots (a 64M-token pool, far above
    /// any real GPU's), so that no flag makes the runs allocate without bound.
    public static let maxCapacitySlots = 1 << 26
    /// The most memory one run's paged pool may take when it is made (`PoolFootprint`): 512 MiB,
    /// computed from the sizes before anything is allocated. Small blocks cost per-block
    /// bookkeeping, so 2^26 slots in blocks of 1 are refused here although under `maxCapacitySlots`.
    public static let maxPoolBytes = 512 << 20
    /// The most sequences a step may run: 2^20 (vLLM's default is 256).
    public static let maxSequences = 1 << 20
    /// The largest block: 2^16 token slots.
    public static let maxBlockSize = 1 << 16

    /// The pool as the fit errors quote it.
    var poolSize: RunError.PoolSize {
        RunError.PoolSize(blockSize: blockSize, numBlocks: numBlocks, capacitySlots: capacitySlots)
    }

    /// The first size that cannot run, or nothing. Sizes are checked against the ceilings
    /// before anything is allocated.
    func validateSizes() throws(RunError) {
        if blockSize < 1 { throw .notPositive(field: "block size", value: blockSize, unit: "token slots per block") }
        if numBlocks < 1 { throw .notPositive(field: "pool size (blocks)", value: numBlocks, unit: "blocks") }
        if scheduler.maxNumSeqs < 1 {
            throw .notPositive(field: "max-num-seqs", value: scheduler.maxNumSeqs, unit: "sequences")
        }
        if scheduler.maxNumBatchedTokens < 1 {
            throw .notPositive(field: "max-num-batched-tokens", value: scheduler.maxNumBatchedTokens, unit: "tokens")
        }
        if scheduler.maxNumSeqs > Self.maxSequences {
            throw .tooManySequences(scheduler.maxNumSeqs, ceiling: Self.maxSequences)
        }
        if blockSize > Self.maxBlockSize {
            throw .blockTooLarge(blockSize, ceiling: Self.maxBlockSize)
        }
        let (slots, overflow) = numBlocks.multipliedReportingOverflow(by: blockSize)
        if overflow || slots > Self.maxCapacitySlots {
            throw .poolTooLarge(blocks: numBlocks, blockSize: blockSize, ceilingSlots: Self.maxCapacitySlots)
        }
        guard let bytes = PoolFootprint.bytes(numBlocks: numBlocks, blockSize: blockSize), bytes <= Self.maxPoolBytes else {
            throw .bookkeepingTooLarge(blocks: numBlocks, blockSize: blockSize,
                                       neededBytes: PoolFootprint.bytes(numBlocks: numBlocks, blockSize: blockSize),
                                       ceilingBytes: Self.maxPoolBytes)
        }
    }
}
