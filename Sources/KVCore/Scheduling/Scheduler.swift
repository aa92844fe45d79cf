/// Continuous batching in the manner of vLLM v1: every step, running requests first (one decode
/// token each, or the next chunk of their prompt), then waiting requests in order, within a token
/// budget and a cap on running requests. When a running request needs a block and none is free,
/// the most recently admitted running request is preempted: its blocks are freed and it goes
/// back to the front of the waiting queue, to be recomputed later (its freed blocks keep their
/// hashes, so the prefix cache may give much of it back). A step that preempted admits nobody.
///
/// A step is two calls: `schedule()` plans it and allocates the slots it needs; after the model
/// has run, `finishStep(_:sample:)` records the computed tokens, samples the next ones, forks
/// parallel samples and frees finished requests.
public struct Scheduler: Sendable {
    public let config: SchedulerConfig
    public private(set) var kv: KVCacheManager
    public private(set) var requests: [RequestID: Request] = [:]
    /// Waiting requests, front first: preempted ones at the front, then arrivals in order.
    public private(set) var waiting: [RequestID] = []
    /// Running requests in the order they were admitted (the last one is preempted first).
    public private(set) var running: [RequestID] = []
    public private(set) var finished: [RequestID] = []
    /// Steps planned so far; the next `schedule()` plans step `stepIndex`.
    public private(set) var stepIndex = 0
    public private(set) var totalPreemptions = 0
    private var nextForkID: Int
    private var forkedParents: Set<RequestID> = []
    private var pendingEvents: [SchedulerEvent] = []

    public init(config: SchedulerConfig, kv: KVCacheManager, forkIDsFrom firstForkID: Int = 1_000_000) {
        self.config = config
        self.kv = kv
        self.nextForkID = firstForkID
    }

    /// Queues a request; it is admitted no earlier than its arrival step.
    public mutating func add(_ request: Request) {
        precondition(requests[request.id] == nil, "request \(request.id) added twice")
        requests[request.id] = request
        sequenceIDs[request.id] = newSequenceID()
        // Keep the arrivals part of the queue ordered by arrival step (stable).
        var index = waiting.count
        while index > 0, let previous = requests[waiting[index - 1]],
              previous.status == .waiting, previous.arrivalStep > request.arrivalStep {
            index -= 1
        }
        waiting.insert(request.id, at: index)
    }

    public var hasUnfinishedRequests: Bool { !waiting.isEmpty || !running.isEmpty }

    /// Events recorded since the last call (scheduler decisions and the block manager's own).
    public mutating func drainEvents() -> [SchedulerEvent] {
        // `schedule()` and `finishStep` already moved the block manager's events in.
        let events = pendingEvents
        pendingEvents.removeAll(keepingCapacity: true)
        return events
    }

    /// The block manager keeps per-sequence state in arrays indexed by sequence id, so requests
    /// get small dense sequence ids in the order they are added or forked.
    private var sequenceIDs: [RequestID: SequenceID] = [:]

    /// Sequence ids handed out so far, and those of retired requests, free to reuse.
    private var nextSequenceID = 0
    private var retiredSequenceIDs: [SequenceID] = []

    private mutating func newSequenceID() -> SequenceID {
        if let reused = retiredSequenceIDs.popLast() { return reused }
        defer { nextSequenceID += 1 }
        return SequenceID(nextSequenceID)
    }

    /// Removes the finished requests from the scheduler and returns them, oldest first, so a
    /// long headless run keeps memory bounded by the requests in flight: their sequence ids
    /// are reused. A finished request holds no blocks; after this it is no longer in
    /// `requests` or `finished`.
    public mutating func retireFinished() -> [Request] {
        var retired: [Request] = []
        retired.reserveCapacity(finished.count)
        for id in finished {
            if let request = requests.removeValue(forKey: id) { retired.append(request) }
            if let seq = sequenceIDs.removeValue(forKey: id) { retiredSequenceIDs.append(seq) }
            forkedParents.remove(id)
        }
        finished.removeAll(keepingCapacity: true)
        return retired
    }

    /// The block manager's id for a request's sequence.
    public func sequence(_ id: RequestID) -> SequenceID {
        sequenceIDs[id] ?? SequenceID(-1)
    }

    // MARK: Planning a step

    public mutating func schedule() -> StepPlan {
        var plan = StepPlan(step: stepIndex)
        var budget = config.maxNumBatchedTokens
        flushPagingEvents()

        var index = 0
        while index < running.count, budget > 0 {
            let id = running[index]
            guard reserveSlots(for: id, plan: &plan) else { continue }  // it preempted itself
            if let chunk = chunk(for: id, budget: budget) {
                plan.chunks.append(chunk)
                pendingEvents.append(.scheduled(chunk))
                budget -= chunk.numTokens
            }
            index += 1
        }

        if plan.preempted.isEmpty {
            admitWaiting(budget: &budget, plan: &plan)
        }
        flushPagingEvents()
        stepIndex += 1
        return plan
    }

    /// Puts the request's not-yet-cached tokens into the block manager, preempting the most
    /// recently admitted running request while blocks run out. Returns false when the request
    /// itself had to be preempted.
    private mutating func reserveSlots(for id: RequestID, plan: inout StepPlan) -> Bool {
        let seq = sequence(id)
        guard let request = requests[id] else { return false }
        while kv.numTokens(of: seq) < request.numTokens {
            let position = kv.numTokens(of: seq)
            let token = position < request.promptTokens.count
                ? request.promptTokens[position]
                : request.outputTokens[position - request.promptTokens.count]
            if kv.appendToken(seq, token) != nil { continue }
            guard let victim = running.last else { return false }
            preempt(victim, plan: &plan)
            if victim == id { return false }
        }
        return true
    }

    private func chunk(for id: RequestID, budget: Int) -> ScheduledChunk? {
        guard let request = requests[id] else { return nil }
        var count = min(request.numTokens - request.numComputedTokens, budget)
        // Everything but a single next token is prefill: the prompt, or a preempted request's
        // prompt and outputs being recomputed.
        let prefill = request.numTokens - request.numComputedTokens > 1
        if prefill, let cap = config.maxPrefillChunk { count = min(count, cap) }
        guard count > 0 else { return nil }
        return ScheduledChunk(request: id, startPosition: request.numComputedTokens,
                              numTokens: count, isPrefill: prefill)
    }

    private mutating func preempt(_ id: RequestID, plan: inout StepPlan) {
        let seq = sequence(id)
        // Blocks still shared with sibling samples stay in use: count what reached the free queue.
        let freeBefore = kv.numFreeBlocks
        kv.free(seq)
        let freed = kv.numFreeBlocks - freeBefore
        running.removeAll { $0 == id }
        requests[id]?.status = .preempted
        requests[id]?.numComputedTokens = 0
        requests[id]?.numPreemptions += 1
        waiting.insert(id, at: 0)
        plan.preempted.append(id)
        totalPreemptions += 1
        pendingEvents.append(.preempted(id, freedBlocks: freed))
    }

    private mutating func admitWaiting(budget: inout Int, plan: inout StepPlan) {
        while budget > 0, running.count < config.maxNumSeqs, let id = waiting.first,
              var request = requests[id], request.arrivalStep <= stepIndex {
            let tokens = request.allTokens
            // All or nothing: nil means too few free blocks, and nothing changed.
            guard let result = kv.allocate(sequence(id), tokens: tokens) else { break }
            waiting.removeFirst()
            let resumed = request.status == .preempted
            request.status = .running
            request.numComputedTokens = result.hitBlocks * kv.blockSize
            request.prefixHitBlocks = result.hitBlocks
            if request.firstScheduledStep == nil { request.firstScheduledStep = stepIndex }
            requests[id] = request
            running.append(id)
            plan.admitted.append(id)
            pendingEvents.append(.admitted(id, hitBlocks: result.hitBlocks, resumed: resumed))
            if let chunk = chunk(for: id, budget: budget) {
                plan.chunks.append(chunk)
                pendingEvents.append(.scheduled(chunk))
                budget -= chunk.numTokens
            }
        }
    }

    // MARK: After the model ran

    /// Records the plan's chunks as computed and publishes their full blocks; every request that
    /// has caught up with its tokens gets a new token from `sample(request, logitsOf)`, where
    /// `request` is the request as it stands (a freshly forked sample included) and `logitsOf`
    /// names the request whose last computed position holds the logits (a fork uses its
    /// parent's). Returns the requests that finished.
    @discardableResult
    public mutating func finishStep(
        _ plan: StepPlan, sample: (_ request: Request, _ logitsOf: RequestID) -> TokenID
    ) -> [RequestID] {
        var done: [RequestID] = []
        for chunk in plan.chunks {
            let id = chunk.request
            guard var request = requests[id], request.status == .running else { continue }
            request.numComputedTokens = chunk.startPosition + chunk.numTokens
            requests[id] = request
            kv.commit(sequence(id), computedTokens: request.numComputedTokens)
            guard request.numComputedTokens == request.numTokens else { continue }

            var family = [id]
            if request.samples > 1, request.parent == nil, !forkedParents.contains(id) {
                forkedParents.insert(id)
                for index in 1..<request.samples {
                    family.append(fork(id, sampleIndex: index))
                }
            }
            for member in family {
                guard let current = requests[member] else { continue }
                let token = sample(current, id)
                requests[member]?.outputTokens.append(token)
                pendingEvents.append(.sampled(member, token: token))
                if let r = requests[member], r.outputTokens.count >= r.maxOutputTokens {
                    finish(member)
                    done.append(member)
                }
            }
        }
        flushPagingEvents()
        return done
    }

    private mutating func fork(_ parent: RequestID, sampleIndex: Int) -> RequestID {
        let child = RequestID(nextForkID)
        nextForkID += 1
        guard let source = requests[parent] else { return child }
        sequenceIDs[child] = newSequenceID()
        kv.fork(sequence(parent), into: sequence(child))
        var copy = Request(id: child, arrivalStep: source.arrivalStep, promptTokens: source.promptTokens,
                           maxOutputTokens: source.maxOutputTokens, samples: 1)
        copy.outputTokens = source.outputTokens
        copy.parent = parent
        copy.sampleIndex = sampleIndex
        copy.status = .running
        copy.numComputedTokens = source.numComputedTokens
        copy.prefixHitBlocks = source.prefixHitBlocks
        copy.firstScheduledStep = source.firstScheduledStep
        requests[child] = copy
        if let at = running.firstIndex(of: parent) {
            running.insert(child, at: at + sampleIndex)
        } else {
            running.append(child)
        }
        pendingEvents.append(.forked(parent: parent, child: child))
        return child
    }

    private mutating func finish(_ id: RequestID) {
        kv.free(sequence(id))
        running.removeAll { $0 == id }
        requests[id]?.status = .finished
        requests[id]?.finishedStep = stepIndex - 1
        finished.append(id)
        pendingEvents.append(.finished(id))
    }

    private mutating func flushPagingEvents() {
        guard kv.recordsEvents else { return }
        pendingEvents.append(contentsOf: kv.drainEvents().map(SchedulerEvent.paging))
    }
}
