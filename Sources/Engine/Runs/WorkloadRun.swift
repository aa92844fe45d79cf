import KVCore

/// A validated run, ready to serve: its configuration and the generated requests.
///
/// Creating one checks every size and that the largest request fits in the pool (and in the
/// contiguous max reservation), so the runs that follow never stall on a request that could
/// never be admitted.
public struct WorkloadRun: Sendable {
    public let configuration: RunConfiguration
    /// The requests in arrival order (ids 0, 1, 2, ...).
    public let requests: [WorkloadRequest]

    public init(_ configuration: RunConfiguration) throws(RunError) {
        try configuration.validateSizes()
        let requests: [WorkloadRequest]
        do {
            requests = try WorkloadGenerator(spec: configuration.workload).generate()
        } catch {
            throw RunError(error.description)
        }
        try Self.checkFit(requests, configuration)
        self.configuration = configuration
        self.requests = requests
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
            throw RunError(
                "the workload cannot fit even one request: request \(largest.id) holds \(largest.finalLength) tokens "
                    + "x \(largest.samples) sample(s) = \(needed) blocks of \(blockSize) slots, but the pool has "
                    + "\(configuration.numBlocks) blocks (\(configuration.capacitySlots) slots); "
                    + "use a larger capacity or GPU, or a smaller max model length")
        }
        let maxLen = configuration.workload.maxModelLen
        if maxLen * largest.samples > configuration.capacitySlots {
            throw RunError(
                "the workload cannot fit even one request under contiguous-max: it reserves max_model_len "
                    + "\(maxLen) slots x \(largest.samples) sample(s) but the pool has \(configuration.capacitySlots) "
                    + "slots; use a capacity of at least \(maxLen * largest.samples) tokens")
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
        do {
            return try Engine(config: config, requests: engineRequests)
        } catch let error as EngineError {
            throw RunError(error.description)
        } catch {
            throw RunError("\(error)")
        }
    }
}
