import KVCore

/// The engine's memory-only step without the parts a headless run does not need: no event
/// recording, no history for stepping back, no snapshots. It runs the same scheduler and block
/// manager as `Engine` in `.memoryOnly` mode and samples the same workload tokens, so a run
/// takes the same steps; it exists because `simulate` and `compare` serve thousands of
/// requests and read only totals.
///
/// Debug builds of the block manager check every invariant after every mutation, which costs
/// O(blocks) each; `checksInvariants` turns that off for large runs (release builds never
/// check). Tests keep it on for small runs, and can call `scheduler.kv.validate()` any time.
struct PagedRunner {
    private(set) var scheduler: Scheduler
    /// The workload's own answers, as `WorkloadRun.makeEngine()` samples them.
    private let outputTokens: SyntheticTokens

    init(_ run: WorkloadRun, checksInvariants: Bool) {
        let configuration = run.configuration
        var kv = KVCacheManager(numBlocks: configuration.numBlocks, blockSize: configuration.blockSize,
                                enablePrefixCaching: configuration.prefixCaching, recordsEvents: false)
        kv.checksInvariantsInDebugBuilds = checksInvariants
        scheduler = Scheduler(config: configuration.scheduler, kv: kv)
        outputTokens = SyntheticTokens(.workload(configuration.workload))
        for request in run.requests {
            scheduler.add(Request(id: RequestID(request.id), arrivalStep: request.arrivalStep,
                                  promptTokens: request.promptTokens,
                                  maxOutputTokens: Swift.max(1, request.outputLength), samples: request.samples))
        }
    }

    var isComplete: Bool { !scheduler.hasUnfinishedRequests }
    var step: Int { scheduler.stepIndex }

    /// Plans one step, "computes" it and samples synthetic tokens, as `Engine.advance` does in
    /// memory-only mode.
    mutating func stepForward() {
        let plan = scheduler.schedule()
        let outputTokens = self.outputTokens
        scheduler.finishStep(plan) { request, _ in outputTokens.next(for: request) }
    }

    /// Requests that arrived and are still waiting: the server is short of memory (or of
    /// sequence slots) while there are any.
    var arrivedWaiting: Int {
        let now = scheduler.stepIndex
        return scheduler.waiting.count { scheduler.requests[$0].map { $0.arrivalStep < now } ?? false }
    }
}
