import KVCore

/// The outcome of serving a workload to completion on the paged engine in memory-only mode:
/// what `kvviz simulate` prints.
public struct SimulationReport: Sendable, Equatable {
    public let configuration: RunConfiguration
    public let requests: Int
    /// Requests (not counting forked samples) that finished.
    public let completedRequests: Int
    public let steps: Int
    public let preemptions: Int
    /// Blocks that hit the prefix cache, re-admissions of preempted requests included.
    public let prefixHitBlocks: Int
    /// Share of prompt tokens whose K/V came from the prefix cache (at each request's last
    /// admission), 0...1.
    public let prefixHitRate: Double
    /// Most blocks in use at once.
    public let peakUsedBlocks: Int
    /// Tokens sampled, all samples included.
    public let generatedTokens: Int
    /// Time to run the steps (workload generation and engine setup not included).
    public let wallSeconds: Double
    /// Peak resident memory of the process after the run (VmHWM), when known.
    public let peakResidentBytes: Int?

    public var generatedTokensPerStep: Double { steps > 0 ? Double(generatedTokens) / Double(steps) : 0 }
    public var stepsPerSecond: Double { wallSeconds > 0 ? Double(steps) / wallSeconds : 0 }
    /// Peak blocks as a share of the pool.
    public var peakBlockShare: Double {
        configuration.numBlocks > 0 ? Double(peakUsedBlocks) / Double(configuration.numBlocks) : 0
    }
    public var allCompleted: Bool { completedRequests == requests }
}

/// Runs workloads to completion on the paged manager and scheduler.
public enum Simulation {
    /// Serves every request of `run` in memory-only mode and reports the totals. `maxSteps`
    /// guards against a run that would never end; `checksInvariants` keeps the block manager's
    /// per-mutation checks of debug builds (slow on large pools).
    public static func run(_ run: WorkloadRun, checksInvariants: Bool = false,
                           maxSteps: Int = 10_000_000) throws(RunError) -> SimulationReport {
        var runner = PagedRunner(run, checksInvariants: checksInvariants)
        let clock = ContinuousClock()
        let start = clock.now
        while !runner.isComplete, runner.step < maxSteps {
            runner.stepForward()
        }
        let elapsed = start.duration(to: clock.now)
        if let failure = runner.feedFailure { throw .trace(failure) }
        return report(of: runner, run: run, elapsed: elapsed)
    }

    static func report(of runner: PagedRunner, run: WorkloadRun, elapsed: Duration) -> SimulationReport {
        let scheduler = runner.scheduler
        let totals = runner.allTotals
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return SimulationReport(
            configuration: run.configuration, requests: run.requestCount, completedRequests: totals.completedRequests,
            steps: scheduler.stepIndex, preemptions: scheduler.totalPreemptions,
            prefixHitBlocks: scheduler.kv.stats.hitBlocks,
            prefixHitRate: totals.promptTokens > 0 ? Double(totals.hitTokens) / Double(totals.promptTokens) : 0,
            peakUsedBlocks: scheduler.kv.stats.peakUsedBlocks, generatedTokens: totals.generatedTokens,
            wallSeconds: seconds, peakResidentBytes: ProcessMemory.peakResidentBytes())
    }
}
