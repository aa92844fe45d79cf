import Engine
import KVCore
import Narration

/// A walkthrough file, parsed and validated: what to run and what to say.
///
/// Typed values only (presets, dtype, policies: never strings parsed again later);
/// `ScenarioRun` turns it into an engine configuration.
public struct Scenario: Sendable, Equatable {
    public struct Text: Sendable, Equatable {
        public var en: String
        public var zh: String
    }

    public enum Mode: String, Sendable, Equatable, CaseIterable {
        case decoder, memory
    }

    public enum View: String, Sendable, Equatable, CaseIterable {
        case paged, contiguous, compare
    }

    /// A picture the walkthrough keeps on screen beside its panels (`pictures:`).
    public enum Picture: String, Sendable, Equatable, CaseIterable {
        /// The free blocks in queue order, head (next evicted) to tail.
        case freeQueue = "free_queue"
        /// One block drawn as its K and V tensors.
        case blockAnatomy = "block_anatomy"
        /// The K/V rows recomputed without a cache next to the cached diagonal.
        case recomputeTriangle = "recompute_triangle"
    }

    public struct Pool: Sendable, Equatable {
        public var blocks: Int
        public var blockSize: Int
    }

    public struct Scheduler: Sendable, Equatable {
        public var maxNumBatchedTokens = 2048
        public var maxNumSeqs = 128
        public var maxPrefillChunk: Int?
        /// `sampling: v1|paper` at the top level.
        public var sampling: ParallelSamplingDesign = .v1
        /// `preemption: recompute|swap` and `cpu_blocks: N` at the top level.
        public var preemption: PreemptionMode = .recompute
        public var cpuBlocks = 0
    }

    public struct Request: Sendable, Equatable {
        public var id: Int
        public var line: Int
        public var arrival = 0
        /// The prompt's text (decoder mode), or nil when `promptTokens` gives a synthetic length.
        public var prompt: String?
        public var promptTokens: Int?
        var sharedPrefix: String?
        public var continuations: [String] = []
        public var maxTokens: Int
        public var samples = 1
        /// `sampling: v1|paper` on a request (nil: the scenario's).
        public var sampling: ParallelSamplingDesign?
        /// `preemption: recompute|swap` on a request (nil: the scenario's).
        public var preemption: PreemptionMode?
        /// `beam_width: k`: beam search with k beams (paper design, decoder mode); nil samples.
        public var beamWidth: Int?
    }

    public struct Workload: Sendable, Equatable {
        /// The preset's name (`chat`, `uniform`) and its generator settings.
        public var preset: String
        public var spec: WorkloadSpec
        public var requests: Int
        public var seed: UInt64
        /// `file:` a request trace replayed instead of the preset (its first `requests`).
        public var trace: TraceSource?
    }

    /// `workload: {file: ..., format: ..., time_scale: ..., step_ms: ...}`: a request trace (an
    /// Azure CSV or a Mooncake JSONL), its path resolved against the scenario's folder.
    public struct TraceSource: Sendable, Equatable {
        public var path: String
        public var options: RequestTrace.Options
    }

    /// Where the model came from: a preset named by `model:`, or a Hugging Face `config.json`
    /// named by `config:` (its path as resolved against the scenario file's folder).
    public enum ModelSource: Sendable, Equatable {
        case preset
        case configFile(path: String)
    }

    public struct Narration: Sendable, Equatable {
        public var trigger: NarrationCue.Trigger
        /// Where the cue stops showing (`until:`; default: the next cue).
        public var until: NarrationCue.Scope = .nextCue
        public var en: NarrationTemplate
        public var zh: NarrationTemplate
        public var pause: Bool
        /// Claims checked at every step the cue is shown (`expect:`).
        public var expectations: [NarrationExpectation] = []
        public var line: Int
        /// The mode its claims are about (`describes:`); nil: every mode.
        public var describes: NarrationMode? = nil
        /// Pictures shown while the cue is up (`show:`, `focus:`).
        public var pictures: NarrationPictures = .none
    }

    public var name: String
    public var title: Text
    public var summary: Text
    public var view: View = .paged
    /// The pictures it shows (`pictures: [free_queue]`).
    public var pictures: [Picture] = []
    public var mode: Mode = .decoder
    /// The model whose memory the run pictures (`model:` or `config:`), nil for the toy decoder's own.
    public var model: ModelPreset?
    var modelSource: ModelSource = .preset
    /// The GPU the model's memory is sized on (`gpu:`); nil with a model means the default A100 80GB.
    public var gpu: GPUPreset?
    /// The KV cache's element type (`dtype:`); nil means fp16.
    public var dtype: DType?
    /// GPUs sharing the model (`tensor_parallel:`): the memory bar and pool are one GPU's.
    public var tensorParallel = 1
    public var pool: Pool?
    public var blockSize: Int = 16
    public var scheduler = Scheduler()
    public var prefixCaching = true
    /// `kv_groups: [full, sliding 32]`: a hybrid model's KV-cache groups (nil: one full group).
    public var kvGroups: [GroupAttention]?
    public var seed: UInt64 = 20_230_912
    public var temperature: Double = 0
    public var maxModelLen: Int = 2048
    /// The contiguous baseline to run alongside (the contiguous and compare views need one).
    public var contiguousPolicy: ContiguousPolicy?
    /// `run_until: paged|both`: stop when the paged server is done, or go on until the
    /// contiguous baseline is done too.
    public var runUntil: RunEnd = .paged
    public var requests: [Request] = []
    public var workload: Workload?
    public var narration: [Narration] = []
    /// Where each top-level field starts in the file (`"model"`, `"workload"`, `""` for the
    /// document itself), so problems found after parsing (sizing the pool from the presets,
    /// building the engine) can still name a line.
    public var lines: [String: Int] = [:]

    /// The line of `field`, or of the document when the field is absent.
    public func line(of field: String) -> Int? { lines[field] ?? lines[""] }
}

extension Scenario.Text {
    /// The text in `language` (`"zh"` or anything else for English); an empty Chinese text falls
    /// back to the English one so a summary written in one language still shows.
    public func text(for language: String) -> String {
        language == "zh" && !zh.isEmpty ? zh : en
    }
}

extension Scenario {
    /// The GPU a named model is sized on when the file names none.
    static let defaultGPU = GPUPreset.a100_80gb
    /// The KV cache's element type when the file names none.
    static let defaultDType = DType.fp16

    /// The KV dtype in force: the file's, or fp16.
    public var kvDType: DType { dtype ?? Self.defaultDType }

    /// How `model` is sized for the memory bar and the pool: the file's GPU, dtype, block size,
    /// tensor parallelism and batching, vLLM's other defaults. Narration's `{sizing}` starts
    /// from this too, so its figures without arguments are the ones on screen.
    func memoryConfiguration(of model: ModelPreset) -> MemoryPlan.Configuration {
        MemoryPlan.Configuration(model: model, gpu: gpu ?? Self.defaultGPU, kvDType: kvDType,
                                 blockSize: pool?.blockSize ?? blockSize, tensorParallel: tensorParallel,
                                 maxNumBatchedTokens: scheduler.maxNumBatchedTokens, maxNumSeqs: scheduler.maxNumSeqs)
    }
}
