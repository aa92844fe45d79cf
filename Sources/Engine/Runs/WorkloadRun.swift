import KVCore

/// A validated run, ready to serve: its configuration and the generated requests.
///
/// Creating one checks every size and that the largest request fits in the pool (and in the
/// contiguous max reservation), so the runs that follow never stall on a request that could
/// never be admitted.
public struct WorkloadRun: Sendable {
    public let configuration: RunConfiguration
    /// The requests in arrival order (ids 0, 1, 2, ...); empty for a traced run, which reads
    /// its file as it goes.
    public let requests: [WorkloadRequest]
    /// The request trace a run replays instead of a generated workload.
    public let trace: RequestTrace?

    /// Requests the run serves.
    public var requestCount: Int { trace?.summary.requests ?? requests.count }

    public init(_ configuration: RunConfiguration) throws(RunError) {
        try configuration.validateSizes()
        let requests: [WorkloadRequest]
        do {
            requests = try WorkloadGenerator(spec: configuration.workload).generate()
        } catch {
            throw .workload(error)
        }
        try Self.checkFit(requests, configuration)
        self.configuration = configuration
        self.requests = requests
        trace = nil
    }

    /// A run replaying a scanned request trace: the largest request (from the scan) must fit
    /// in the pool and within max_model_len.
    public init(_ configuration: RunConfiguration, trace: RequestTrace) throws(RunError) {
        try configuration.validateSizes()
        let longest = trace.summary.maxFinalLength
        let maxLen = configuration.workload.maxModelLen
        if longest > maxLen {
            throw .traceLongerThanMaxModelLen(path: trace.path, longest: longest, maxModelLen: maxLen)
        }
        let blocks = RunConfiguration.blocks(forSlots: longest, blockSize: configuration.blockSize)
        if blocks > configuration.numBlocks {
            throw .traceNeverFits(longest: longest, blocks: blocks, pool: configuration.poolSize)
        }
        self.configuration = configuration
        self.requests = []
        self.trace = trace
    }

    /// Every request in memory, for the runs that index their workload (the contiguous
    /// baselines): a generated run's list, or a trace's requests read with lengths only (a
    /// few dozen bytes each; the prompts' block ids are left out, as those runs never read tokens).
    public func lengthsInMemory() throws(RunError) -> [WorkloadRequest] {
        guard let trace else { return requests }
        do {
            var feed = try trace.feed()
            var all: [WorkloadRequest] = []
            all.reserveCapacity(trace.summary.requests)
            while let request = try feed.next(keepingBlocks: false) { all.append(request) }
            return all
        } catch {
            throw .trace(error)
        }
    }

    /// Rejects a workload whose largest request cannot fit in the pool on its own.
    static func checkFit(_ requests: [WorkloadRequest], _ configuration: RunConfiguration) throws(RunError) {
        let blockSize = configuration.blockSize
        guard let largest = requests.max(by: { $0.finalLength * $0.samples < $1.finalLength * $1.samples }) else {
            return
        }
        let blocksPerSample = RunConfiguration.blocks(forSlots: largest.finalLength, blockSize: blockSize)
        let needed = blocksPerSample * largest.samples
        if needed > configuration.numBlocks {
            throw .requestNeverFits(request: largest.id, length: largest.finalLength, samples: largest.samples,
                                    blocks: needed, pool: configuration.poolSize)
        }
        let maxLen = configuration.workload.maxModelLen
        if maxLen * largest.samples > configuration.capacitySlots {
            throw .reservationNeverFits(maxModelLen: maxLen, samples: largest.samples,
                                        capacitySlots: configuration.capacitySlots)
        }
    }

    /// The same configuration serving hand-made requests (tests and scenarios), checked for fit.
    func replacingRequests(_ requests: [WorkloadRequest]) throws(RunError) -> WorkloadRun {
        try Self.checkFit(requests, configuration)
        return WorkloadRun(configuration: configuration, requests: requests)
    }

    private init(configuration: RunConfiguration, requests: [WorkloadRequest]) {
        self.configuration = configuration
        self.requests = requests
        trace = nil
    }

    /// The requests as the engine takes them (prompt tokens, output length, samples).
    var engineRequests: [EngineRequest] {
        requests.map {
            EngineRequest(id: $0.id, arrivalStep: $0.arrivalStep, prompt: .tokens($0.promptTokens),
                          maxTokens: Swift.max(1, $0.outputLength), samples: $0.samples)
        }
    }

    /// The engine in memory-only mode: no model, synthetic tokens, the real block manager and
    /// scheduler.
    public func makeEngine() throws(RunError) -> Engine {
        var config = EngineConfig(numBlocks: configuration.numBlocks, blockSize: configuration.blockSize,
                                  scheduler: configuration.scheduler, prefixCaching: configuration.prefixCaching,
                                  mode: .memoryOnly, maxModelLen: configuration.workload.maxModelLen)
        config.outputTokens = .workload(configuration.workload)
        do throws(EngineError) {
            return try Engine(config: config, requests: engineRequests)
        } catch {
            throw .engine(error)
        }
    }
}
