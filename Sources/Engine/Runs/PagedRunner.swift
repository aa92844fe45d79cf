import KVCore

/// The engine's memory-only step without the parts a headless run does not need: no event
/// recording, no history for stepping back, no snapshots. It runs the same scheduler and block
/// manager as `Engine` in `.memoryOnly` mode and samples the same synthetic tokens, so a run
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
    private let requests: [WorkloadRequest]
    /// Index of the first request not yet handed to the scheduler (requests are in arrival order).
    private var nextArrival = 0
    /// Positions each request had computed at most, to count recomputation after preemption.
    private var computedHighWater: [RequestID: Int] = [:]
    /// Tokens computed again because their request was preempted and its K/V freed.
    private(set) var recomputedTokens = 0

    init(_ run: WorkloadRun, checksInvariants: Bool) {
        let configuration = run.configuration
        var kv = KVCacheManager(numBlocks: configuration.numBlocks, blockSize: configuration.blockSize,
                                enablePrefixCaching: configuration.prefixCaching, recordsEvents: false)
        kv.checksInvariantsInDebugBuilds = checksInvariants
        scheduler = Scheduler(config: configuration.scheduler, kv: kv)
        requests = run.requests.sorted { ($0.arrivalStep, $0.id) < ($1.arrivalStep, $1.id) }
    }

    var isComplete: Bool { nextArrival == requests.count && !scheduler.hasUnfinishedRequests }
    var step: Int { scheduler.stepIndex }

    /// Plans one step, "computes" it and samples synthetic tokens, as `Engine.advance` does in
    /// memory-only mode. `measure` sees the memory while the step computes (before finished
    /// requests free their blocks), with whether the step ran short of memory.
    mutating func stepForward(measure: (Scheduler, _ shortOfMemory: Bool) -> Void = { _, _ in }) {
        admitArrivals()
        let plan = scheduler.schedule()
        countRecomputation(plan)
        measure(scheduler, !plan.preempted.isEmpty || headWaitsForMemory)
        scheduler.finishStep(plan) { request, _ in
            SyntheticTokens.token(request: request.id, index: request.outputTokens.count)
        }
    }

    /// Hands the scheduler every request that has arrived by the step about to be planned.
    private mutating func admitArrivals() {
        let now = scheduler.stepIndex
        while nextArrival < requests.count, requests[nextArrival].arrivalStep <= now {
            let request = requests[nextArrival]
            scheduler.add(Request(id: RequestID(request.id), arrivalStep: request.arrivalStep,
                                  promptTokens: request.promptTokens,
                                  maxOutputTokens: Swift.max(1, request.outputLength), samples: request.samples))
            nextArrival += 1
        }
    }

    private mutating func countRecomputation(_ plan: StepPlan) {
        for chunk in plan.chunks {
            let end = chunk.startPosition + chunk.numTokens
            let before = computedHighWater[chunk.request] ?? 0
            if chunk.startPosition < before {
                recomputedTokens += Swift.min(end, before) - chunk.startPosition
            }
            if end > before { computedHighWater[chunk.request] = end }
        }
        for id in plan.preempted where computedHighWater[id] == nil {
            computedHighWater[id] = 0
        }
    }

    /// Drops the bookkeeping of finished requests.
    mutating func forgetFinished(_ ids: some Sequence<RequestID>) {
        for id in ids { computedHighWater[id] = nil }
    }

    /// The request at the head of the queue has arrived and needs more blocks than are free.
    var headWaitsForMemory: Bool {
        let now = scheduler.stepIndex - 1
        guard let id = scheduler.waiting.first, let request = scheduler.requests[id],
              request.arrivalStep <= now else { return false }
        let blockSize = scheduler.kv.blockSize
        let needed = (request.numTokens + blockSize - 1) / blockSize
        return scheduler.kv.numFreeBlocks < needed
    }

    /// Requests that arrived and are still waiting.
    var arrivedWaiting: Int {
        let now = scheduler.stepIndex
        return scheduler.waiting.count { scheduler.requests[$0].map { $0.arrivalStep < now } ?? false }
    }
}
