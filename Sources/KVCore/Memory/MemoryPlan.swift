/// How one GPU's memory divides between weights, activations, the runtime and the paged KV
/// cache: the sizing vLLM does at start-up.
///
/// vLLM takes `total_gpu_memory x gpu_memory_utilization` (the total as
/// `torch.cuda.mem_get_info` reports it, see ``GPUPreset/all``), subtracts the weights, the peak
/// of a profiling forward pass over `max_num_batched_tokens` tokens and the memory allocated
/// outside PyTorch (CUDA context, cuBLAS workspaces, NCCL buffers), and cuts the rest into
/// blocks. vLLM measures the last two; kvviz computes them (``activationEstimate(for:)``,
/// ``runtimeAllowance(for:)``), and the tests pin the result against published vLLM logs.
/// Every figure is an exact integer number of bytes; formatting is the command line's job.
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
        /// Tokens in the largest forward pass (vLLM's `max_num_batched_tokens`); the profiling
        /// run that sizes the activations uses this many.
        public var maxNumBatchedTokens: Int
        /// Sequences per step (vLLM's `max_num_seqs`, default 256); bounds the rows of logits
        /// the profiling run samples from.
        public var maxNumSeqs: Int
        /// The vLLM release whose sizing to follow (``VLLMVersion``).
        public var vllm: VLLMVersion
        /// Pipeline-parallel stages: each GPU holds `numLayers / pp` layers; the last stage
        /// also holds the LM head and runs the sampler, so it has the fewest blocks, which is
        /// the pool every stage uses.
        public var pipelineParallel: Int
        /// The longest request (vLLM's `max_model_len`); the model's context when nil.
        public var maxModelLen: Int?
        /// How the weights are stored when not as the checkpoint says (`--quantization`).
        public var weightFormat: WeightFormat?

        public init(
            model: ModelPreset, gpu: GPUPreset = .a100_80gb, kvDType: DType = .fp16,
            weightDType: DType? = nil, kvHeadsOverride: Int? = nil, blockSize: Int = 16,
            tensorParallel: Int = 1, gpuMemoryUtilization: Double = 0.9,
            maxNumBatchedTokens: Int = 2048, maxNumSeqs: Int = 256,
            vllm: VLLMVersion = .current, pipelineParallel: Int = 1, maxModelLen: Int? = nil,
            weightFormat: WeightFormat? = nil
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
            self.vllm = vllm
            self.pipelineParallel = pipelineParallel
            self.maxModelLen = maxModelLen
            self.weightFormat = weightFormat
        }

        /// The format the weights are held in: the override, the checkpoint's quantization,
        /// or its dtype.
        public var effectiveWeightFormat: WeightFormat {
            weightFormat ?? model.quantization ?? WeightFormat(effectiveWeightDType)
        }
        /// `max_model_len`: the setting, or the model's context.
        public var effectiveMaxModelLen: Int { maxModelLen ?? model.maxModelLen }
        /// Layers on one GPU: the last pipeline stage's share.
        public var layersPerGPU: Int { (model.numLayers + pipelineParallel - 1) / pipelineParallel }

        /// The dtype weights and activations are held in (fp8 checkpoints compute in bf16).
        /// vLLM's `--dtype auto` serves a float32 checkpoint (Gemma-2's) in bfloat16.
        public var effectiveWeightDType: DType { weightDType ?? (model.weightDType == .fp32 ? .bf16 : model.weightDType) }
        /// The dtype activations are held in.
        public var activationDType: DType { effectiveWeightDType == .fp8 ? .bf16 : effectiveWeightDType }
        /// KV heads of the whole model after the override.
        public var kvHeads: Int { kvHeadsOverride ?? model.numKVHeads }
    }

    public let configuration: Configuration
    /// KV heads stored on one GPU: `max(1, kvHeads / tp)` (below one, vLLM replicates a head).
    /// Under MLA the latent is not split: every GPU keeps all of it.
    public let kvHeadsPerGPU: Int
    /// KV bytes per token for the whole model (all KV heads), before tensor parallelism.
    public let modelKVBytesPerToken: Int
    /// KV bytes per token on one GPU: `2 x numLayers x kvHeadsPerGPU x headDim x
    /// bytes(kvDType)`, one K and one V vector per layer and KV head (MLA: the latent).
    public let kvBytesPerToken: Int
    /// `blockSize x kvBytesPerToken`: the unit the pool is allocated in.
    public let blockBytes: Int
    /// Weights on one GPU: `ceil(parameterCount x bytes(weightDType) / tp)`.
    public let weightsBytes: Int
    /// The rotary position tables built when the model loads (``rotaryTableEstimate(for:)``),
    /// whole on every GPU; vLLM counts them in "Model loading took" (``loadedBytes``).
    public let rotaryTableBytes: Int
    /// The estimated peak of the profiling forward pass; see ``activationEstimate(for:)``.
    public let activationBytes: Int
    /// Memory outside PyTorch's allocator; see ``runtimeAllowance(for:)``.
    public let runtimeBytes: Int
    /// The CUDA-graph pool vLLM estimates (``cudaGraphEstimate(for:)``); taken off the budget
    /// only from vLLM 0.20 (``cudaGraphsSubtracted``).
    public let cudaGraphBytes: Int
    /// How the budget is cut into blocks: KV-cache groups, padding layers, page size.
    public let layout: KVCacheLayout
    /// `floor(gpuBytes x gpuMemoryUtilization)`: what the engine allows itself.
    public let usableBytes: Int
    /// `usableBytes - weightsBytes - rotaryTableBytes - activationBytes - runtimeBytes` (and the CUDA graphs
    /// from 0.20): what is left for the KV cache (negative when the model does not fit).
    public let kvBudgetBytes: Int
    /// `floor(kvBudgetBytes / layout.poolBlockBytes)`: the size of the block pool (0 when
    /// nothing is left). A hybrid model's groups all draw on these blocks.
    public let numBlocks: Int

    /// A plan whose pool holds at least one block; throws ``MemoryError/doesNotFit`` otherwise,
    /// for callers that go on to run a pool of this size.
    public init(_ configuration: Configuration) throws(MemoryError) {
        try self.init(sizing: configuration)
        guard fits else {
            throw .doesNotFit(
                model: configuration.model.id, gpu: configuration.gpu.id, tp: configuration.tensorParallel,
                usableBytes: usableBytes, weightsBytes: weightsBytes,
                activationBytes: activationBytes, runtimeBytes: runtimeBytes, blockBytes: blockBytes)
        }
    }

    /// The sizing whether or not the model fits (``fits`` says which): what `kvviz memory`
    /// reports. Throws only for invalid settings and inputs too large for 64-bit byte counts.
    public init(sizing configuration: Configuration) throws(MemoryError) {
        try Self.validate(configuration)
        let model = configuration.model
        let tp = configuration.tensorParallel
        self.configuration = configuration
        kvHeadsPerGPU = model.usesLatentAttention ? 1 : Swift.max(1, configuration.kvHeads / tp)
        modelKVBytesPerToken = try Self.kvBytesPerToken(model, kvHeads: configuration.kvHeads,
                                                        dtype: configuration.kvDType)
        let layers = configuration.layersPerGPU
        let layerBytes = try Self.kvBytesPerToken(model, kvHeads: kvHeadsPerGPU, dtype: configuration.kvDType)
            / model.numLayers
        kvBytesPerToken = layerBytes * layers
        blockBytes = try Self.product(configuration.blockSize, kvBytesPerToken,
                                      blaming: .blockSize, configuration.blockSize)
        let page = configuration.blockSize * layerBytes
        if model.isHybrid, configuration.vllm.groupsHybridLayers, configuration.pipelineParallel == 1 {
            layout = KVCacheLayout(full: model.numLayers - model.slidingLayers, sliding: model.slidingLayers,
                                   layerPageBytes: page)
        } else {
            layout = KVCacheLayout(uniformLayers: layers, layerPageBytes: page,
                                   sliding: model.slidingWindow != nil && !model.isHybrid)
        }
        weightsBytes = try Self.weightsPerGPU(configuration)
        rotaryTableBytes = try Self.rotaryTableEstimate(for: configuration)
        activationBytes = try Self.activationEstimate(for: configuration)
        runtimeBytes = Self.runtimeAllowance(for: configuration)
        cudaGraphBytes = Self.cudaGraphEstimate(for: configuration)
        usableBytes = Int((Double(configuration.gpu.memoryBytes) * configuration.gpuMemoryUtilization)
            .rounded(.down))
        kvBudgetBytes = usableBytes - weightsBytes - rotaryTableBytes - activationBytes - runtimeBytes
            - (configuration.vllm.subtractsCUDAGraphs ? cudaGraphBytes : 0)
        numBlocks = kvBudgetBytes > 0 ? kvBudgetBytes / layout.poolBlockBytes : 0
    }

    /// What vLLM logs as "Model loading took": the weights and the rotary tables.
    public var loadedBytes: Int { weightsBytes + rotaryTableBytes }

    /// Whether ``cudaGraphBytes`` was taken off the budget (vLLM 0.20 and later).
    public var cudaGraphsSubtracted: Bool { configuration.vllm.subtractsCUDAGraphs }

    /// Whether the weights, activations and runtime leave room for at least one block.
    public var fits: Bool { numBlocks >= 1 }

    /// The chapter's formula: `2 x numLayers x kvHeads x headDim x bytes(dtype)` bytes a token.
    /// Traps on overflow; ``checkedKVBytesPerToken(numLayers:kvHeads:headDim:dtype:)`` does not.
    public static func kvBytesPerToken(numLayers: Int, kvHeads: Int, headDim: Int, dtype: DType) -> Int {
        2 * numLayers * kvHeads * headDim * dtype.bytes
    }

    /// The same formula, or nil when the product does not fit in 64 bits.
    public static func checkedKVBytesPerToken(numLayers: Int, kvHeads: Int, headDim: Int, dtype: DType) -> Int? {
        var result = 2
        for factor in [numLayers, kvHeads, headDim, dtype.bytes] {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Per-token KV bytes of `model` with `kvHeads` KV heads, checked for overflow.
    static func kvBytesPerToken(_ model: ModelPreset, kvHeads: Int, dtype: DType) throws(MemoryError) -> Int {
        switch model.attention {
        case .standard:
            guard let bytes = checkedKVBytesPerToken(numLayers: model.numLayers, kvHeads: kvHeads,
                                                     headDim: model.headDim, dtype: dtype) else {
                throw .tooLarge(.kvHeads, kvHeads)
            }
            return bytes
        case let .latent(rank, rope):
            return try product(model.numLayers, (rank + rope) * dtype.bytes, blaming: .model, model.numLayers)
        }
    }

    /// Bytes of KV cache for `batch` sequences of `seqLen` tokens each on one GPU, counted per
    /// cached token (no block rounding; a sliding window caps the tokens). Traps on overflow:
    /// validate large inputs with ``MemoryReport`` first.
    public func kvBytes(seqLen: Int, batch: Int = 1) -> Int {
        kvBytesPerToken * configuration.model.cachedTokens(seqLen: seqLen) * batch
    }

    /// Blocks one sequence of `seqLen` tokens occupies: `ceil(cached tokens / blockSize)`;
    /// for a hybrid model in KV-cache groups, the sum over its groups.
    public func blocksNeeded(seqLen: Int) -> Int {
        if layout.groups > 1 {
            return layout.blocksPerRequest(maxModelLen: seqLen, blockSize: configuration.blockSize,
                                           window: configuration.model.slidingWindow,
                                           maxNumBatchedTokens: configuration.maxNumBatchedTokens)
        }
        let tokens = configuration.model.cachedTokens(seqLen: seqLen)
        return tokens <= 0 ? 0 : (tokens - 1) / configuration.blockSize + 1
    }

    /// How many sequences of `seqLen` tokens fit in the pool at once:
    /// `floor(numBlocks / blocksNeeded(seqLen))`.
    public func maxConcurrentSeqs(seqLen: Int) -> Int {
        let perSequence = blocksNeeded(seqLen: seqLen)
        return perSequence == 0 ? 0 : numBlocks / perSequence
    }

    /// Token slots in the pool: `numBlocks x blockSize` (a hybrid model: one group's share,
    /// `numBlocks / groups x blockSize`).
    public var tokenCapacity: Int { numBlocks / layout.groups * configuration.blockSize }

    /// Blocks one request of `max_model_len` tokens may hold at once, over every group.
    public var blocksPerMaxLengthRequest: Int {
        layout.blocksPerRequest(maxModelLen: configuration.effectiveMaxModelLen, blockSize: configuration.blockSize,
                                window: configuration.model.slidingWindow,
                                maxNumBatchedTokens: configuration.maxNumBatchedTokens)
    }

    /// vLLM's "Maximum concurrency for N tokens per request": `numBlocks / blocks per
    /// request` (before 0.15, tokens / max_model_len).
    public var maxConcurrency: Double {
        let perRequest = blocksPerMaxLengthRequest
        guard perRequest > 0 else { return 0 }
        if configuration.vllm < .v0_15 {
            return Double(numBlocks * configuration.blockSize) / Double(configuration.effectiveMaxModelLen)
        }
        return Double(numBlocks) / Double(perRequest)
    }

    /// The figure vLLM logs as "GPU KV cache size: N tokens" under this version's definition
    /// (nil before the v1 engine, which logged blocks only).
    public var reportedKVCacheTokens: Int? {
        switch configuration.vllm.tokenDefinition {
        case .blocksOnly: nil
        case .blocksTimesBlockSize: tokenCapacity
        case .concurrencyTimesMaxModelLen: Int(maxConcurrency * Double(configuration.effectiveMaxModelLen))
        }
    }

    /// Bytes the block pool occupies: `numBlocks x pool block` (at most ``kvBudgetBytes``).
    public var kvPoolBytes: Int { numBlocks * layout.poolBlockBytes }

    /// The slice the engine leaves alone: `gpuBytes - usableBytes`.
    public var reservedBytes: Int { configuration.gpu.memoryBytes - usableBytes }

    /// `a x b`, or ``MemoryError/tooLarge(_:_:)`` naming the input (`field`, `value`) to shrink.
    static func product(_ a: Int, _ b: Int, blaming field: MemoryError.Field, _ value: Int) throws(MemoryError) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .tooLarge(field, value) }
        return result
    }
}
