import KVCore

/// `kvviz explain`: a vLLM start-up log's memory figures, each with a sentence saying what it
/// is, the memory bar they make, and, when the model is known, kvviz's prediction beside each.
public struct LogExplanation: Sendable {
    /// One term of the sizing: the logged figure (GiB), kvviz's (GiB) and the line.
    public struct Term: Sendable {
        public let key: String
        public let label: String
        public let logged: Double?
        public let predicted: Double?
        public let line: Int?
        public let sentence: String
    }

    public let log: VLLMStartupLog
    public let file: String
    public let plan: MemoryPlan?
    public let chinese: Bool

    public init(log: VLLMStartupLog, file: String, plan: MemoryPlan?, chinese: Bool) {
        self.log = log
        self.file = file
        self.plan = plan
        self.chinese = chinese
    }

    /// The configuration that reproduces the logged run with `model`: the logged GPU total,
    /// utilization, tensor parallelism, `max_model_len`, dtypes and batching, sized as the
    /// logged version does (defaults where the log is silent: 0.9, tp 1, the model's context).
    public static func configuration(for log: VLLMStartupLog, model: ModelPreset, gpu: GPUPreset?) -> MemoryPlan.Configuration {
        let version = log.sizingVersion
        let total = log.totalGiB.map { Int(($0.value * Double(1 << 30)).rounded()) }
        let device = gpu ?? GPUPreset(id: "logged-gpu", displayName: "the logged GPU",
                                      memoryBytes: total ?? GPUPreset.a100_80gb.memoryBytes)
        let maxLen = log.maxModelLen?.value ?? log.concurrencyLength ?? model.maxModelLen
        let defaults = version.batchingDefaults(gpu: device, maxModelLen: maxLen)
        var configuration = MemoryPlan.Configuration(
            model: model, gpu: device, weightDType: log.dtype, tensorParallel: log.tensorParallel?.value ?? 1,
            gpuMemoryUtilization: log.utilization?.value ?? 0.9,
            maxNumBatchedTokens: log.maxNumBatchedTokens?.value ?? defaults.tokens,
            maxNumSeqs: log.maxNumSeqs?.value ?? defaults.seqs, vllm: version, maxModelLen: maxLen)
        configuration.kvDType = log.kvCacheDType ?? configuration.activationDType
        return configuration
    }

    static let gib = Double(1 << 30)

    /// The terms in the order the memory bar lays them out.
    public var terms: [Term] {
        let p = plan
        let g = { (bytes: Int?) in bytes.map { Double($0) / Self.gib } }
        let s = Sentences(log: log, chinese: chinese)
        var rows: [Term] = [
            Term(key: "total", label: chinese ? "GPU 显存" : "GPU memory", logged: log.totalGiB?.value,
                 predicted: g(p?.configuration.gpu.memoryBytes), line: log.totalGiB?.line, sentence: s.total),
            Term(key: "usable", label: chinese ? "可用（× 利用率）" : "usable (x utilization)", logged: log.usableGiB,
                 predicted: g(p?.usableBytes), line: log.requestedGiB?.line ?? log.utilization?.line, sentence: s.usable),
            Term(key: "weights", label: chinese ? "权重" : "weights", logged: log.weightsGiB?.value,
                 predicted: g(p?.loadedBytes), line: log.weightsGiB?.line, sentence: s.weights),
            Term(key: "activation", label: chinese ? "激活峰值" : "activation peak", logged: log.activationAboveWeightsGiB,
                 predicted: g(p?.activationBytes), line: log.activationGiB?.line, sentence: s.activation),
            Term(key: "nontorch", label: chinese ? "PyTorch 之外" : "non-torch", logged: log.nonTorchGiB?.value,
                 predicted: g(p?.runtimeBytes), line: log.nonTorchGiB?.line, sentence: s.nonTorch),
        ]
        let graphs = log.cudaGraphEstimateGiB ?? log.cudaGraphActualGiB
        if graphs != nil || (p?.cudaGraphBytes ?? 0) > 0 {
            rows.append(Term(key: "graphs", label: chinese ? "CUDA graph" : "CUDA graphs", logged: graphs?.value,
                             predicted: g(p.map(\.cudaGraphBytes)), line: graphs?.line, sentence: s.graphs))
        }
        rows.append(Term(key: "kv", label: chinese ? "KV 缓存" : "KV cache", logged: log.kvGiB?.value ?? s.kvFromBlocks,
                         predicted: g(p.map { $0.kvBudgetBytes }), line: log.kvGiB?.line,
                         sentence: s.kv))
        return rows
    }
}
