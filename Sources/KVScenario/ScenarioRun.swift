import Engine
import KVCore
import ToyDecoder
import Narration

/// A scenario turned into what the engine runs: its configuration, its requests and its
/// narration cues (rendered from live snapshots).
public struct ScenarioRun: Sendable {
    public let scenario: Scenario
    public let config: EngineConfig
    public let requests: [EngineRequest]

    /// `manager` picks the block manager (the fast one unless a learner asks for the reference).
    public init(_ scenario: Scenario, file: String, manager: BlockManagerKind = .fast) throws(ScenarioError) {
        func fail(_ field: String, _ problem: ScenarioError.Problem) -> ScenarioError {
            ScenarioError(file: file, line: scenario.line(of: field), field: field, problem)
        }
        self.scenario = scenario
        let requests = try ScenarioRun.requests(of: scenario, file: file)
        let plan: MemoryPlan?
        if let model = scenario.model {
            do throws(MemoryError) {
                plan = try MemoryPlan(scenario.memoryConfiguration(of: model))
            } catch {
                throw fail(scenario.modelSource == .preset ? "model" : "config", .memory(error))
            }
        } else {
            plan = nil
        }

        let numBlocks: Int
        let blockSize: Int
        if let pool = scenario.pool {
            numBlocks = pool.blocks
            blockSize = pool.blockSize
        } else if let plan {
            numBlocks = plan.numBlocks
            blockSize = plan.configuration.blockSize
            if let problem = ScenarioLoader.poolProblem(blocks: numBlocks, blockSize: blockSize, mode: scenario.mode) {
                throw fail(scenario.modelSource == .preset ? "model" : "config", .rule(.pool(problem, sized: true)))
            }
        } else {
            throw fail("pool", .rule(.missingPool))
        }

        var memory: MemoryBase?
        if let plan {
            memory = MemoryBase(modelName: plan.configuration.model.displayName, gpuName: plan.configuration.gpu.displayName,
                                gpuBytes: plan.configuration.gpu.memoryBytes, weightsBytes: plan.loadedBytes,
                                activationBytes: plan.activationBytes, reserveBytes: plan.reservedBytes,
                                blockBytes: plan.layout.poolBlockBytes, nonTorchBytes: plan.runtimeBytes)
            memory?.anatomy = Self.anatomy(of: plan)
        } else if scenario.mode == .decoder {
            memory = ToyMemory.base(requests: requests, numBlocks: numBlocks, blockSize: blockSize,
                                    maxNumBatchedTokens: scenario.scheduler.maxNumBatchedTokens)
        } else {
            memory = nil
        }

        let mode: EngineMode = scenario.mode == .decoder
            ? .decoder(seed: scenario.seed, temperature: scenario.temperature) : .memoryOnly
        var config = EngineConfig(
            numBlocks: numBlocks, blockSize: blockSize,
            scheduler: SchedulerConfig(maxNumBatchedTokens: scenario.scheduler.maxNumBatchedTokens,
                                       maxNumSeqs: scenario.scheduler.maxNumSeqs,
                                       maxPrefillChunk: scenario.scheduler.maxPrefillChunk,
                                       sampling: scenario.scheduler.sampling,
                                       preemption: scenario.scheduler.preemption, cpuBlocks: scenario.scheduler.cpuBlocks),
            prefixCaching: scenario.prefixCaching, mode: mode, memory: memory,
            maxModelLen: scenario.maxModelLen,
            contiguousPolicy: scenario.contiguousPolicy)
        config.runUntil = scenario.runUntil
        config.manager = manager
        // A hybrid model (Gemma-2/3, gpt-oss) runs with its own groups unless the file names them.
        config.kvGroups = scenario.kvGroups ?? plan?.kvCacheGroups
        if let problem = Self.hybridSwapProblem(scenario, plan: plan, groups: config.kvGroups, file: file) { throw problem }
        self.requests = requests
        // Every walkthrough keeps a contiguous baseline for `v`: the file's policy, or else the
        // first of max, pow2, oracle whose reservations fit the same memory.
        let candidates: [ContiguousPolicy?] = config.contiguousPolicy.map { [$0] } ?? ContiguousPolicy.allCases + [nil]
        for policy in candidates {
            config.contiguousPolicy = policy
            do throws(EngineError) {
                _ = try Engine(config: config, requests: requests)
                break
            } catch {
                if case .contiguousBaseline = error, policy != candidates.last { continue }
                throw ScenarioRun.locate(error, in: scenario, file: file)
            }
        }
        self.config = config
    }

    public func makeEngine() throws(EngineError) -> Engine {
        try Engine(config: config, requests: requests)
    }

    /// The scenario's narration: its cues, whose figures come from the snapshots of the run.
    public func script() -> NarrationScript {
        let cues = scenario.narration.map { entry in
            NarrationCue(trigger: entry.trigger, until: entry.until, pause: entry.pause, en: entry.en, zh: entry.zh,
                         expectations: entry.expectations, line: entry.line, describes: entry.describes,
                         pictures: entry.pictures)
        }
        return NarrationScript(cues: cues, values: NarrationValues(config: config, scenario: scenario))
    }

    static func requests(of scenario: Scenario, file: String) throws(ScenarioError) -> [EngineRequest] {
        var result: [EngineRequest] = []
        for request in scenario.requests {
            let prompt: EngineRequest.Prompt
            if let text = request.prompt {
                prompt = .text((request.sharedPrefix ?? "") + text)
            } else {
                let prefix = (request.sharedPrefix ?? "").unicodeScalars.map { TokenID(truncatingIfNeeded: $0.value) }
                let count = request.promptTokens ?? 0
                let body = (0..<count).map { SyntheticTokens.token(request: RequestID(request.id), index: -1 - $0) }
                prompt = .tokens(prefix + body)
            }
            result.append(EngineRequest(id: request.id, arrivalStep: request.arrival, prompt: prompt,
                                        maxTokens: request.maxTokens, samples: request.samples,
                                        forcedContinuations: request.continuations, sampling: request.sampling,
                                        preemption: request.preemption, beamWidth: request.beamWidth))
        }
        if let workload = scenario.workload {
            var spec = workload.spec
            spec.numRequests = workload.requests
            spec.seed = workload.seed
            spec.maxModelLen = scenario.maxModelLen
            let generated: [WorkloadRequest]
            if let trace = workload.trace {
                generated = try tracedRequests(trace, seed: workload.seed, file: file, scenario: scenario)
            } else {
                do throws(WorkloadSpecError) {
                    generated = try WorkloadGenerator(spec: spec).generate()
                } catch {
                    throw ScenarioError(file: file, line: scenario.line(of: "workload"), field: "workload", .workload(error))
                }
            }
            let offset = (result.map(\.id).max() ?? -1) + 1
            for request in generated {
                result.append(EngineRequest(id: offset + request.id, arrivalStep: request.arrivalStep,
                                            prompt: .tokens(request.promptTokens), maxTokens: request.outputLength,
                                            samples: request.samples))
            }
        }
        return result
    }
}

extension ScenarioRun {
    /// The first requests of a trace, each arriving by the walkthrough's step limit.
    static func tracedRequests(_ source: Scenario.TraceSource, seed: UInt64, file: String,
                               scenario: Scenario) throws(ScenarioError) -> [WorkloadRequest] {
        func fail(_ problem: ScenarioError.Problem) -> ScenarioError {
            ScenarioError(file: file, line: scenario.line(of: "workload"), field: "workload", problem)
        }
        let requests: [WorkloadRequest]
        do {
            var feed = try RequestTrace.scan(path: source.path, options: source.options, seed: seed).feed()
            requests = try feed.all()
        } catch {
            throw fail(.trace(error))
        }
        if let late = requests.first(where: { $0.arrivalStep > ScenarioLoader.maxArrival }) {
            throw fail(.rule(.lateTraceArrival(request: late.id, step: late.arrivalStep, maxArrival: ScenarioLoader.maxArrival)))
        }
        return requests
    }
}

extension Scenario {
    /// A scenario loaded from `path` and made ready to run, or one line saying what is wrong.
    public static func run(path: String) throws(ScenarioError) -> ScenarioRun {
        try ScenarioRun(ScenarioLoader.load(path: path), file: path)
    }
}

extension ScenarioRun {
    /// The engine's objection, pointed at the line it concerns: a listed request's own line, the
    /// workload for generated requests, or the top-level field a configuration value comes from.
    static func locate(_ error: EngineError, in scenario: Scenario, file: String) -> ScenarioError {
        let request: Int?
        switch error {
        case let .requestNeverFits(id, _, _, _, _), let .invalidRequest(id, _): request = id
        case .invalidConfig, .contiguousBaseline: request = nil
        }
        if let request, let index = scenario.requests.firstIndex(where: { $0.id == request }) {
            return ScenarioError(file: file, line: scenario.requests[index].line, field: "requests[\(index)]",
                                 .engine(error))
        }
        let field: String
        switch error {
        case .requestNeverFits, .invalidRequest: field = "workload"
        case .contiguousBaseline: field = "contiguous"
        case let .invalidConfig(name, _, _):
            switch name {
            case "num_blocks", "block_size": field = scenario.pool == nil ? "model" : "pool"
            case "max_num_batched_tokens", "max_num_seqs", "max_prefill_chunk": field = "scheduler"
            default: field = name
            }
        }
        return ScenarioError(file: file, line: scenario.line(of: field), field: field, .engine(error))
    }
}
