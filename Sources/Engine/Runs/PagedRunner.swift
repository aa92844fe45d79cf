import KVCore

/// The engine's memory-only step without the parts a headless run does not need: no event
/// recording, no history for stepping back, no snapshots. It runs the same scheduler and block
/// manager as `Engine` in `.memoryOnly` mode and samples the same workload tokens, so a run
/// takes the same steps; it exists because `simulate` and `compare` serve up to 100,000
/// requests and read only totals.
///
/// Requests reach the scheduler when they arrive, not all at the start, so the waiting queue
/// holds only arrived requests and a step costs what is in flight, not the whole workload.
///
/// Debug builds of the block manager check every invariant after every mutation, which costs
/// O(blocks) each; `checksInvariants` turns that off for large runs (release builds never
/// check). Tests keep it on for small runs, and can call `scheduler.kv.validate()` any time.
struct PagedRunner {
    private(set) var scheduler: Scheduler
    /// The workload's own answers, as `WorkloadRun.makeEngine()` samples them.
    private let outputTokens: SyntheticTokens
    /// The requests not yet handed to the scheduler, in arrival order.
    private var feed: RequestFeed
    /// Positions each request had computed at most, to count recomputation after preemption,
    /// indexed by the request's sequence (dense, reused once the request retires, so this stays
    /// as long as the most requests in flight, and is read without hashing).
    private var computedHighWater: [Int] = []
    /// Tokens computed again because their request was preempted and its K/V freed.
    private(set) var recomputedTokens = 0
    /// Totals of the requests retired so far (finished ones leave the scheduler at once).
    private(set) var totals = RequestTotals()

    /// `recordsEvents` keeps the block manager's events for `stepForward(observe:)` (publishing
    /// them as vLLM's KV events); off, a step records nothing.
    init(_ run: WorkloadRun, checksInvariants: Bool, recordsEvents: Bool = false) {
        let configuration = run.configuration
        var kv = KVCacheManager(numBlocks: configuration.numBlocks, blockSize: configuration.blockSize,
                                enablePrefixCaching: configuration.prefixCaching, recordsEvents: recordsEvents)
        kv.checksInvariantsInDebugBuilds = checksInvariants
        scheduler = Scheduler(config: configuration.scheduler, kv: kv)
        outputTokens = SyntheticTokens(.workload(configuration.workload))
        feed = RequestFeed(run)
    }

    /// Every request served, or the trace failed on its second reading (see `feedFailure`).
    var isComplete: Bool {
        mutating get { feed.isDrained() && !scheduler.hasUnfinishedRequests }
    }
    /// Why a traced run stopped reading its file, if it did.
    var feedFailure: RequestTraceError? { feed.failure }
    var step: Int { scheduler.stepIndex }

    /// Plans one step, "computes" it and samples synthetic tokens, as `Engine.advance` does in
    /// memory-only mode. `measure` sees the memory while the step computes (before finished
    /// requests free their blocks), with whether the step ran short of memory.
    mutating func stepForward(measure: (Scheduler, _ shortOfMemory: Bool) -> Void = { _, _ in },
                              observe: ([SchedulerEvent], Scheduler) -> Void = { _, _ in }) {
        admitArrivals()
        let plan = scheduler.schedule()
        countRecomputation(plan)
        measure(scheduler, !plan.preempted.isEmpty || headWaitsForMemory)
        let outputTokens = self.outputTokens
        scheduler.finishStep(plan) { request, _ in outputTokens.next(for: request) }
        // Drained every step (left in the scheduler they would grow with the run); read only
        // by a publishing run, before finished requests leave.
        observe(scheduler.drainEvents(), scheduler)
        for id in scheduler.finished {
            let seq = scheduler.sequence(id).rawValue
            if seq >= 0, seq < computedHighWater.count { computedHighWater[seq] = 0 }
        }
        for request in scheduler.retireFinished() {
            totals.add(request, blockSize: scheduler.kv.blockSize)
        }
    }

    /// The totals of every request, finished or not (for a run cut short).
    var allTotals: RequestTotals {
        var all = totals
        for request in scheduler.requests.values { all.add(request, blockSize: scheduler.kv.blockSize) }
        return all
    }

    /// Hands the scheduler the requests that have arrived by the step about to be planned,
    /// keeping at most `maxNumSeqs + 1` of them in its waiting queue: a step admits at most
    /// `maxNumSeqs`, so the scheduler decides exactly as if it held them all, and its queue
    /// (whose operations cost its length) stays short however many requests are waiting.
    private mutating func admitArrivals() {
        let now = scheduler.stepIndex
        let queueBound = scheduler.config.maxNumSeqs + 1
        while scheduler.waiting.count < queueBound, let request = feed.peek(), request.arrivalStep <= now {
            scheduler.add(Request(id: RequestID(request.id), arrivalStep: request.arrivalStep,
                                  promptTokens: request.promptTokens,
                                  maxOutputTokens: Swift.max(1, request.outputLength), samples: request.samples))
            feed.pop()
        }
    }

    private mutating func countRecomputation(_ plan: StepPlan) {
        for chunk in plan.chunks {
            let end = chunk.startPosition + chunk.numTokens
            let seq = scheduler.sequence(chunk.request).rawValue
            guard seq >= 0 else { continue }
            if seq >= computedHighWater.count {
                computedHighWater.append(contentsOf: repeatElement(0, count: seq + 1 - computedHighWater.count))
            }
            let before = computedHighWater[seq]
            if chunk.startPosition < before {
                recomputedTokens += Swift.min(end, before) - chunk.startPosition
            }
            if end > before { computedHighWater[seq] = end }
        }
    }

    /// The request at the head of the queue has arrived and needs more blocks than are free.
    var headWaitsForMemory: Bool {
        let now = scheduler.stepIndex - 1
        guard let id = scheduler.waiting.first, let request = scheduler.requests.header(id),
              request.arrivalStep <= now else { return false }
        let blockSize = scheduler.kv.blockSize
        let needed = (request.numTokens + blockSize - 1) / blockSize
        return scheduler.kv.numFreeBlocks < needed
    }

}

/// Counts over requests that left the scheduler: what `simulate` reports.
struct RequestTotals: Sendable {
    /// Requests (not forked samples) that finished.
    var completedRequests = 0
    /// Tokens sampled, all samples included.
    var generatedTokens = 0
    var promptTokens = 0
    /// Prompt tokens whose K/V came from the prefix cache at the request's last admission.
    var hitTokens = 0

    mutating func add(_ request: Request, blockSize: Int) {
        generatedTokens += request.outputTokens.count
        guard request.parent == nil else { return }
        if request.isFinished { completedRequests += 1 }
        promptTokens += request.promptTokens.count
        hitTokens += Swift.min(request.prefixHitBlocks * blockSize, request.promptTokens.count)
    }
}
