import KVCore

/// One memory-management strategy's result on the shared workload: the time-averaged shares of
/// KV memory (the bars of the PagedAttention paper's Fig. 2) and the run's counts.
public struct StrategyResult: Sendable, Equatable {
    /// How a strategy holds KV memory: contiguous reservations under a policy, or paged blocks.
    /// (Its names in tables and JSON are the `Reports` module's.)
    public enum Strategy: Hashable, Sendable {
        case contiguous(ContiguousPolicy)
        case paged
    }

    public let strategy: Strategy
    /// Shares of KV memory averaged over the steps under memory pressure, each 0...1, summing
    /// to 1 (free is 0 there): the headline figures, see `UsageAccumulator`.
    public let shares: ContiguousShares
    /// The same averaged over every busy step (some request held memory), free included.
    public let busyShares: ContiguousShares
    public let steps: Int
    public let busySteps: Int
    public let pressureSteps: Int
    /// Requests running in a step, averaged over the steps under memory pressure: the batch
    /// size the strategy sustains (the paper's Fig. 13).
    public let meanRequests: Double
    public let completedRequests: Int
    public let peakConcurrentRequests: Int
    /// Paged only: requests preempted when blocks ran out (0 for the contiguous baselines, which
    /// never preempt: they wait instead).
    public let preemptions: Int
    /// Paged only: tokens computed a second time because their request was preempted.
    public let recomputedTokens: Int

    public init(_ strategy: Strategy, usage: UsageAccumulator, steps: Int,
                completedRequests: Int, peakConcurrentRequests: Int, preemptions: Int,
                recomputedTokens: Int = 0) {
        self.strategy = strategy
        self.shares = usage.pressureShares
        self.busyShares = usage.busyShares
        self.steps = steps
        self.busySteps = usage.busySteps
        self.pressureSteps = usage.pressureSteps
        self.meanRequests = usage.pressureMeanRequests
        self.completedRequests = completedRequests
        self.peakConcurrentRequests = peakConcurrentRequests
        self.preemptions = preemptions
        self.recomputedTokens = recomputedTokens
    }
}

/// The same workload served by contiguous pre-allocation (max, pow2, oracle) and by the paged
/// manager, on the same capacity in token slots: what `kvviz compare` prints.
public struct ComparisonReport: Sendable, Equatable {
    public let configuration: RunConfiguration
    public let requests: Int
    /// Token slots every sample of every request holds at its final length, summed.
    public let totalTokenDemand: Int
    /// The allocator that placed the contiguous baselines' reservations.
    public let allocator: ContiguousAllocatorKind
    /// In the order contiguous-max, contiguous-pow2, contiguous-oracle, paged.
    public let strategies: [StrategyResult]

    public func result(of strategy: StrategyResult.Strategy) -> StrategyResult? {
        strategies.first { $0.strategy == strategy }
    }
}

/// Runs one workload through every strategy.
public enum Comparison {
    public static func run(_ run: WorkloadRun, allocator: ContiguousAllocatorKind = .buddy) throws(RunError)
        -> ComparisonReport
    {
        var results: [StrategyResult] = []
        let lengths = try run.lengthsInMemory()
        for policy in ContiguousPolicy.allCases {
            results.append(try contiguous(policy, run, lengths, allocator: allocator))
        }
        results.append(try paged(run))
        return ComparisonReport(configuration: run.configuration, requests: run.requestCount,
                                totalTokenDemand: WorkloadSummary(lengths).totalTokenDemand,
                                allocator: allocator, strategies: results)
    }

    static func contiguous(_ policy: ContiguousPolicy, _ run: WorkloadRun, _ requests: [WorkloadRequest]? = nil,
                           allocator: ContiguousAllocatorKind = .buddy) throws(RunError) -> StrategyResult {
        let configuration = run.configuration
        let config = ContiguousConfig(policy: policy, capacitySlots: configuration.capacitySlots,
                                      maxModelLen: configuration.workload.maxModelLen,
                                      maxNumSeqs: configuration.scheduler.maxNumSeqs,
                                      maxNumBatchedTokens: configuration.scheduler.maxNumBatchedTokens,
                                      maxPrefillChunk: configuration.scheduler.maxPrefillChunk, allocator: allocator)
        var simulator: ContiguousSimulator
        do {
            simulator = try ContiguousSimulator(config: config, workload: requests ?? run.requests)
        } catch {
            throw .contiguous(policy, error)
        }
        var usage = UsageAccumulator()
        simulator.runToEnd { sum, steps, requestSteps, blockedForMemory in
            usage.add(sum: sum, steps: steps, requestSteps: requestSteps, underPressure: blockedForMemory)
        }
        let report = simulator.report
        return StrategyResult(.contiguous(policy), usage: usage,
                              steps: report.steps, completedRequests: report.completedRequests,
                              peakConcurrentRequests: report.peakConcurrentRequests, preemptions: 0)
    }

    /// The paged manager and scheduler, measured in every step with `PagedUsage`.
    static func paged(_ run: WorkloadRun, checksInvariants: Bool = false,
                      maxSteps: Int = 10_000_000) throws(RunError) -> StrategyResult {
        var runner = PagedRunner(run, checksInvariants: checksInvariants)
        var usage = UsageAccumulator()
        var peakRunning = 0
        while !runner.isComplete {
            guard runner.step < maxSteps else {
                throw .didNotFinish(maxSteps: maxSteps)
            }
            runner.stepForward { scheduler, shortOfMemory in
                peakRunning = Swift.max(peakRunning, scheduler.running.count)
                usage.add(PagedUsage.measure(scheduler, shortOfMemory: shortOfMemory), running: scheduler.running.count,
                          underPressure: shortOfMemory)
            }
        }
        if let failure = runner.feedFailure { throw .trace(failure) }
        let scheduler = runner.scheduler
        let completed = runner.allTotals.completedRequests
        return StrategyResult(.paged, usage: usage, steps: runner.step,
                              completedRequests: completed, peakConcurrentRequests: peakRunning,
                              preemptions: scheduler.totalPreemptions, recomputedTokens: runner.recomputedTokens)
    }
}
