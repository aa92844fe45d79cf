import KVBase
import KVCore

/// How the engine produces tokens.
public enum EngineMode: Sendable, Equatable {
    /// The toy decoder computes every token for real; K/V live in a paged store laid out by block.
    case decoder(seed: UInt64, temperature: Double)
    /// No model: tokens are synthetic and only the memory manager runs (large workloads).
    case memoryOnly
}

/// Where a memory-only run's output tokens come from.
public enum MemoryOnlyTokens: Sendable, Equatable {
    /// A fixed function of (request, position), unrelated to any workload.
    case synthetic
    /// The workload's own answers (`WorkloadGenerator.syntheticOutputToken`), so a follow-up
    /// turn that resends an earlier answer finds its blocks in the prefix cache. Request ids
    /// must be the workload's.
    case workload(WorkloadSpec)
}

/// The fixed memory picture of a model on a GPU, without the KV pool's occupancy.
public struct MemoryBase: Sendable, Equatable {
    public var modelName: String
    public var gpuName: String
    public var gpuBytes: Int
    public var weightsBytes: Int
    public var activationBytes: Int
    public var reserveBytes: Int
    /// Bytes one block of the pool stands for (block size x KV bytes per token).
    public var blockBytes: Int
    /// Memory outside PyTorch's allocator (CUDA context, graphs, NCCL) vLLM leaves out of the pool.
    public var nonTorchBytes: Int
    /// What one block holds as tensors (nil: the model stores something else, MLA's latent).
    public var anatomy: BlockAnatomy? = nil

    public init(modelName: String, gpuName: String, gpuBytes: Int, weightsBytes: Int,
                activationBytes: Int, reserveBytes: Int, blockBytes: Int, nonTorchBytes: Int = 0) {
        self.nonTorchBytes = nonTorchBytes
        self.modelName = modelName
        self.gpuName = gpuName
        self.gpuBytes = gpuBytes
        self.weightsBytes = weightsBytes
        self.activationBytes = activationBytes
        self.reserveBytes = reserveBytes
        self.blockBytes = blockBytes
    }
}

/// One request of a run, before tokenisation.
public struct EngineRequest: Sendable, Equatable {
    public enum Prompt: Sendable, Equatable {
        case text(String)
        case tokens([KVCore.TokenID])
    }
    public var id: Int
    public var arrivalStep: Int
    public var prompt: Prompt
    /// Tokens to generate.
    public var maxTokens: Int
    /// Parallel samples (n).
    public var samples: Int
    /// Words the decoder must emit, one continuation per sample (the model still runs).
    public var forcedContinuations: [String]
    /// How n > 1 samples are served; nil follows the scheduler config.
    public var sampling: ParallelSamplingDesign?
    /// What preempting it does; nil follows the scheduler config.
    public var preemption: PreemptionMode?
    /// Beam search with this many beams (paper design, decoder runs only); nil samples instead.
    public var beamWidth: Int?

    public init(id: Int, arrivalStep: Int = 0, prompt: Prompt, maxTokens: Int, samples: Int = 1,
                forcedContinuations: [String] = [], sampling: ParallelSamplingDesign? = nil,
                preemption: PreemptionMode? = nil, beamWidth: Int? = nil) {
        self.beamWidth = beamWidth
        self.id = id
        self.arrivalStep = arrivalStep
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.samples = samples
        self.forcedContinuations = forcedContinuations
        self.sampling = sampling
        self.preemption = preemption
    }
}

/// Everything that fixes a run: pool, scheduler, mode and the memory picture.
public struct EngineConfig: Sendable, Equatable {
    public var numBlocks: Int
    public var blockSize: Int
    public var scheduler: SchedulerConfig
    public var prefixCaching: Bool
    public var mode: EngineMode
    public var memory: MemoryBase?
    /// Longest sequence a request may reach (the contiguous baseline reserves this much).
    public var maxModelLen: Int
    /// When set, a contiguous pre-allocation baseline runs alongside on the same memory.
    public var contiguousPolicy: ContiguousPolicy?
    /// Output tokens of a memory-only run.
    public var outputTokens: MemoryOnlyTokens = .synthetic
    /// Where the run ends: when the paged server is done, or when the contiguous baseline is too.
    public var runUntil: RunEnd = .paged
    /// The block manager the run uses: the fast one, or the plain one to read (same results).
    public var manager: BlockManagerKind = .fast
    /// The KV-cache groups of a hybrid model (vLLM v1's hybrid manager: one shared pool, a block
    /// table per group, sliding-window blocks freed behind the window). nil: one group of
    /// full-attention layers, the managers `manager` picks.
    public var kvGroups: [GroupAttention]?

    public init(numBlocks: Int, blockSize: Int, scheduler: SchedulerConfig = SchedulerConfig(),
                prefixCaching: Bool = true, mode: EngineMode = .memoryOnly, memory: MemoryBase? = nil,
                maxModelLen: Int = 2048, contiguousPolicy: ContiguousPolicy? = nil) {
        self.numBlocks = numBlocks
        self.blockSize = blockSize
        self.scheduler = scheduler
        self.prefixCaching = prefixCaching
        self.mode = mode
        self.memory = memory
        self.maxModelLen = maxModelLen
        self.contiguousPolicy = contiguousPolicy
    }
}
