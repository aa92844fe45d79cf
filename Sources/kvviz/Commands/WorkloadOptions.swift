import ArgumentParser
import Engine
import KVCore

/// The workload and server flags `kvviz simulate` and `kvviz compare` share. Turning them into a
/// `RunConfiguration` checks every size first, so a bad flag gives one line naming the flag.
struct WorkloadOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Workload preset: chat (shared system prompts, follow-ups), sharegpt (the paper's dataset lengths) or uniform (default: chat for simulate, sharegpt for compare).",
                               valueName: "name"))
    var workload: WorkloadName?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Requests in the workload (default: 1000; with --workload-file, the first n of the trace, default all).",
                               valueName: "n"))
    var requests: Int?

    @OptionGroup var trace: TraceFileOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the workload generator.", valueName: "n"))
    var seed = 42

    @Option(name: .long, help: ArgumentHelp("Model preset id (default: llama-2-7b for simulate, opt-13b for compare).",
                                            valueName: "id"))
    var model: ModelID?

    @Option(name: .long, help: ArgumentHelp("A Hugging Face config.json to size the pool from instead of --model.",
                                            valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("GPU preset id; the pool is what the model leaves of it (default: h100-80gb for simulate, a100-40gb for compare).",
                                            valueName: "id"))
    var gpu: GPUID?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Pool size in token slots, instead of what the GPU leaves (rounded up to whole blocks).",
                               valueName: "tokens"))
    var capacityTokens: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Share of GPU memory the engine may use when the pool is sized from the GPU (default 0.9; compare's default is the paper's 12 GiB pool).",
                               valueName: "fraction"))
    var gpuUtil: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Token slots per KV block.", valueName: "tokens"))
    var blockSize = 16

    @Flag(help: "Switch the prefix cache off.")
    var noPrefixCaching = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Sequences running at once (vLLM's max_num_seqs).", valueName: "n"))
    var maxNumSeqs = 128

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Tokens computed per step (vLLM's max_num_batched_tokens).", valueName: "n"))
    var maxNumBatchedTokens = 2048

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Longest request (prompt + output) and the contiguous-max reservation (default 2048; with --workload-file, the trace's longest request).",
                               valueName: "tokens"))
    var maxModelLen: Int?

    /// The workload, model and GPU a command uses when the flags do not name them.
    struct Defaults {
        var requests: Int
        var model: String
        var gpu: String
        var workload: String = "chat"
        /// A KV budget to cut the pool from instead of what the GPU leaves (compare: the
        /// paper's 12 GiB), used when no --gpu-util, --gpu, --model or --config is given.
        var kvBudgetBytes: Int?
        /// Where that budget comes from, for the report.
        var kvBudgetSource: String = ""
    }

    /// Checks the flags and builds the run's configuration (for a trace, after scanning the
    /// whole file once, which checks every line).
    func configuration(_ defaults: Defaults) throws -> RunConfiguration {
        try plan(defaults).configuration
    }

    /// The configuration and, with --workload-file, the scanned trace.
    func plan(_ defaults: Defaults) throws -> (configuration: RunConfiguration, trace: RequestTrace?) {
        if let path = trace.workloadFile {
            if workload != nil {
                throw CLIError(flag: "--workload", .rule(.workloadAndTrace))
            }
            if let requests {
                try positive(requests, "--requests", "requests")
            }
            guard let options = try trace.options(maxRequests: requests) else { preconditionFailure("a file is named") }
            guard seed >= 0 else { throw CLIError(flag: "--seed", .negativeSeed(seed)) }
            let scanned = try ProgressLine.during("reading \(path)") {
                try RequestTrace.scan(path: path, options: options, seed: UInt64(seed))
            }
            var configuration = try configuration(defaults, count: 1, workload: "uniform",
                                                  maxModelLen: maxModelLen ?? Swift.max(2, scanned.summary.maxFinalLength),
                                                  validateSpec: false)
            configuration.workloadName = TraceFileOptions.name(of: scanned)
            return (configuration, scanned)
        }
        _ = try trace.options(maxRequests: nil)  // refuses trace flags without a file
        return (try configuration(defaults, count: requests ?? defaults.requests, workload: workload?.name ?? defaults.workload,
                                  maxModelLen: maxModelLen ?? 2048, validateSpec: true), nil)
    }

    private func configuration(_ defaults: Defaults, count: Int, workload: String, maxModelLen: Int,
                               validateSpec: Bool) throws -> RunConfiguration {
        let gpuPreset = try gpu?.preset ?? Self.preset(defaults.gpu)
        try positive(count, "--requests", "requests")
        guard count <= WorkloadSpec.maxRequests else {
            throw CLIError(flag: "--requests", .aboveMaximum(count, maximum: WorkloadSpec.maxRequests))
        }
        try positive(blockSize, "--block-size", "token slots per block")
        try positive(maxNumSeqs, "--max-num-seqs", "sequences")
        try positive(maxNumBatchedTokens, "--max-num-batched-tokens", "tokens")
        try positive(maxModelLen, "--max-model-len", "tokens")
        if let capacityTokens {
            try positive(capacityTokens, "--capacity-tokens", "token slots")
            try atMost(capacityTokens, RunConfiguration.maxCapacitySlots, "--capacity-tokens",
                       "token slots a run may simulate; pass a smaller capacity")
        }
        try atMost(blockSize, RunConfiguration.maxBlockSize, "--block-size",
                   "token slots a block may hold; pass a smaller block size")
        try atMost(maxNumSeqs, RunConfiguration.maxSequences, "--max-num-seqs",
                   "sequences a run may schedule at once; use a smaller value")
        try atMost(maxModelLen, RunConfiguration.maxCapacitySlots, "--max-model-len",
                   "token slots a run may simulate; pass a smaller context length")
        guard seed >= 0 else { throw CLIError(flag: "--seed", .negativeSeed(seed)) }
        guard var spec = WorkloadSpec.preset(named: workload) else {
            throw CLIError(flag: "--workload", .unknownName(workload, choices: WorkloadSpec.presets.map(\.name)))
        }
        spec.numRequests = count
        spec.seed = UInt64(seed)
        spec.maxModelLen = maxModelLen
        if validateSpec { try spec.validate() }  // a WorkloadSpecError travels up to ErrorReport

        let chosen = try ModelChoice.resolve(model: model, config: config, fallback: defaults.model)
        let plan = try memoryPlan(model: chosen, gpu: gpuPreset)
        var numBlocks = plan.numBlocks
        var source = "\(chosen.id) on \(gpuPreset.id) at gpu-util \(plan.configuration.gpuMemoryUtilization)"
        if let budget = defaults.kvBudgetBytes, gpuUtil == nil, gpu == nil, model == nil, config == nil {
            numBlocks = budget / plan.blockBytes
            source = defaults.kvBudgetSource
        }
        if let capacityTokens {
            numBlocks = RunConfiguration.blocks(forSlots: capacityTokens, blockSize: blockSize)
            source = "--capacity-tokens \(capacityTokens)"
        }
        return RunConfiguration(
            workloadName: workload.lowercased(), workload: spec, numBlocks: numBlocks, blockSize: blockSize,
            scheduler: SchedulerConfig(maxNumBatchedTokens: maxNumBatchedTokens, maxNumSeqs: maxNumSeqs),
            prefixCaching: !noPrefixCaching, capacitySource: source, kvBytesPerToken: plan.kvBytesPerToken)
    }

    /// The configuration, generated (or the trace scanned) and checked for fit.
    func run(_ defaults: Defaults) throws -> WorkloadRun {
        let (configuration, trace) = try plan(defaults)
        return try Self.run(configuration, trace: trace)
    }

    /// A generated run, or one replaying `trace`.
    static func run(_ configuration: RunConfiguration, trace: RequestTrace?) throws -> WorkloadRun {
        if let trace { return try WorkloadRun(configuration, trace: trace) }
        return try WorkloadRun(configuration)
    }

    /// A command's default GPU preset (a name fixed in the source).
    private static func preset(_ id: String) throws -> GPUPreset {
        try GPUPreset.named(id)
    }

    private func memoryPlan(model: ModelPreset, gpu: GPUPreset) throws -> MemoryPlan {
        try MemoryPlan(MemoryPlan.Configuration(
            model: model, gpu: gpu, blockSize: blockSize, gpuMemoryUtilization: gpuUtil ?? 0.9,
            maxNumBatchedTokens: maxNumBatchedTokens, maxNumSeqs: maxNumSeqs))
    }

    /// A ceiling: "--flag: is V, above the LIMIT <what>" as a usage error.
    private func atMost(_ value: Int, _ limit: Int, _ flag: String, _ what: String) throws {
        guard value <= limit else { throw CLIError(flag: flag, .aboveLimit(value, limit: limit, of: what)) }
    }

    private func positive(_ value: Int, _ flag: String, _ unit: String) throws {
        guard value > 0 else { throw CLIError(flag: flag, .notPositive(value, unit: unit)) }
    }
}
