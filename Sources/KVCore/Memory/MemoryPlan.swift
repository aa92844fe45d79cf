/// How one GPU's memory divides between weights, activations and the paged KV cache.
///
/// This is the sizing vLLM does at start-up: of `gpuBytes x gpuMemoryUtilization`, take away the
/// weights and the peak activations of a forward pass (vLLM measures both in a profiling run; we
/// compute them), and cut the rest into `numBlocks` blocks of `blockSize` token slots. Every
/// figure is an exact integer number of bytes; formatting is left to ``ByteCount``.
/// Creating a plan validates its configuration and throws ``MemoryError`` with a one-line fix.
public struct MemoryPlan: Sendable, Hashable {
    /// What the user chose: model, GPU, dtypes and the engine settings that size memory.
    public struct Configuration: Sendable, Hashable {
        public var model: ModelPreset
        public var gpu: GPUPreset
        /// The dtype of cached keys and values (`--dtype`).
        public var kvDType: DType
        /// The dtype of weights and activations; the checkpoint's own dtype when nil.
        public var weightDType: DType?
        /// Replaces the model's KV heads, to compare multi-head with grouped-query attention.
        public var kvHeadsOverride: Int?
        /// Token slots per KV block (vLLM's default is 16).
        public var blockSize: Int
        /// Tensor-parallel degree: weights and KV heads are split across this many GPUs.
        public var tensorParallel: Int
        /// The share of GPU memory the engine may use (vLLM's `gpu_memory_utilization`).
        public var gpuMemoryUtilization: Double
        /// Tokens in the largest forward pass (vLLM's `max_num_batched_tokens`, default 2048);
        /// sizes the activation estimate.
        public var maxNumBatchedTokens: Int
        /// Sequences per step (vLLM's `max_num_seqs`); bounds the rows of logits.
        public var maxNumSeqs: Int

        public init(
            model: ModelPreset, gpu: GPUPreset = .a100_80gb, kvDType: DType = .fp16,
            weightDType: DType? = nil, kvHeadsOverride: Int? = nil, blockSize: Int = 16,
            tensorParallel: Int = 1, gpuMemoryUtilization: Double = 0.9,
            maxNumBatchedTokens: Int = 2048, maxNumSeqs: Int = 128
        ) {
            self.model = model
            self.gpu = gpu
            self.kvDType = kvDType
            self.weightDType = weightDType
            self.kvHeadsOverride = kvHeadsOverride
            self.blockSize = blockSize
            self.tensorParallel = tensorParallel
            self.gpuMemoryUtilization = gpuMemoryUtilization
            self.maxNumBatchedTokens = maxNumBatchedTokens
            self.maxNumSeqs = maxNumSeqs
        }

        /// The dtype weights and activations are held in.
        public var effectiveWeightDType: DType { weightDType ?? model.weightDType }
        /// KV heads of the whole model after the override.
        public var kvHeads: Int { kvHeadsOverride ?? model.numKVHeads }
    }

    public let configuration: Configuration
    /// KV heads stored on one GPU: `max(1, kvHeads / tp)` (below one, vLLM replicates a head).
    public let kvHeadsPerGPU: Int
    /// `2 x numLayers x kvHeadsPerGPU x headDim x bytes(kvDType)`: one K and one V vector per
    /// layer and KV head for every token.
    public let kvBytesPerToken: Int
    /// `blockSize x kvBytesPerToken`: the unit the pool is allocated in.
    public let blockBytes: Int
    /// Weights on one GPU: `ceil(parameterCount x bytes(weightDType) / tp)`.
    public let weightsBytes: Int
    /// The estimated peak of one forward pass; see ``activationEstimate(for:)``.
    public let activationBytes: Int
    /// `floor(gpuBytes x gpuMemoryUtilization)`: what the engine allows itself.
    public let usableBytes: Int
    /// `usableBytes - weightsBytes - activationBytes`: what is left for the KV cache.
    public let kvBudgetBytes: Int
    /// `floor(kvBudgetBytes / blockBytes)`: the size of the block pool.
    public let numBlocks: Int

    public init(_ configuration: Configuration) throws(MemoryError) {
        try Self.validate(configuration)
        let model = configuration.model
        let tp = configuration.tensorParallel
        self.configuration = configuration
        kvHeadsPerGPU = max(1, configuration.kvHeads / tp)
        kvBytesPerToken = Self.kvBytesPerToken(
            numLayers: model.numLayers, kvHeads: kvHeadsPerGPU, headDim: model.headDim,
            dtype: configuration.kvDType)
        blockBytes = try Self.product(configuration.blockSize, kvBytesPerToken,
                                      blaming: .blockSize, configuration.blockSize)
        let weightsTotal = model.parameterCount * configuration.effectiveWeightDType.bytes
        weightsBytes = (weightsTotal + tp - 1) / tp
        activationBytes = try Self.activationEstimate(for: configuration)
        usableBytes = Int((Double(configuration.gpu.memoryBytes) * configuration.gpuMemoryUtilization)
            .rounded(.down))
        kvBudgetBytes = usableBytes - weightsBytes - activationBytes
        numBlocks = kvBudgetBytes > 0 ? kvBudgetBytes / blockBytes : 0
        guard numBlocks >= 1 else {
            throw .doesNotFit(
                model: model.id, gpu: configuration.gpu.id, tp: tp, usableBytes: usableBytes,
                weightsBytes: weightsBytes, activationBytes: activationBytes, blockBytes: blockBytes)
        }
    }

    /// The chapter's formula: `2 x numLayers x kvHeads x headDim x bytes(dtype)` bytes a token.
    public static func kvBytesPerToken(numLayers: Int, kvHeads: Int, headDim: Int, dtype: DType) -> Int {
        2 * numLayers * kvHeads * headDim * dtype.bytes
    }

    /// Bytes of KV cache for `batch` sequences of `seqLen` tokens each, counted per token (no
    /// block rounding). Traps on overflow: validate large inputs with ``MemoryReport`` first.
    public func kvBytes(seqLen: Int, batch: Int = 1) -> Int {
        kvBytesPerToken * seqLen * batch
    }

    /// Blocks one sequence of `seqLen` tokens occupies: `ceil(seqLen / blockSize)`.
    public func blocksNeeded(seqLen: Int) -> Int {
        seqLen <= 0 ? 0 : (seqLen - 1) / configuration.blockSize + 1
    }

    /// How many sequences of `seqLen` tokens fit in the pool at once:
    /// `floor(numBlocks / ceil(seqLen / blockSize))`.
    public func maxConcurrentSeqs(seqLen: Int) -> Int {
        let perSequence = blocksNeeded(seqLen: seqLen)
        return perSequence == 0 ? 0 : numBlocks / perSequence
    }

    /// Token slots in the pool: `numBlocks x blockSize`.
    public var tokenCapacity: Int { numBlocks * configuration.blockSize }

    /// Bytes the block pool occupies: `numBlocks x blockBytes` (at most ``kvBudgetBytes``).
    public var kvPoolBytes: Int { numBlocks * blockBytes }

    /// The slice the engine leaves alone: `gpuBytes - usableBytes`.
    public var reservedBytes: Int { configuration.gpu.memoryBytes - usableBytes }

    /// `a x b`, or ``MemoryError/tooLarge(_:_:)`` naming the input (`field`, `value`) to shrink.
    static func product(_ a: Int, _ b: Int, blaming field: MemoryError.Field, _ value: Int) throws(MemoryError) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .tooLarge(field, value) }
        return result
    }
}
