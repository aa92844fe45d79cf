/// Continuous batching in the manner of vLLM v1: every step, running requests first (one decode
/// token each, or the next chunk of their prompt), then waiting requests in order, within a token
/// budget and a cap on running sequences. Blocks are taken step by step for the tokens scheduled
/// (as vLLM v1's `allocate_slots`), never for a whole prompt up front; with the default
/// publishing, the full blocks of those tokens enter the prefix cache when scheduled. When a
/// running request needs a block and none is free, the most recently admitted running request is
/// preempted: its blocks are freed and it goes back to the front of the waiting queue, to be
/// recomputed later (its freed blocks keep their hashes, so the prefix cache may give much of it
/// back). A step that preempted admits nobody.
///
/// A step is two calls: `schedule()` plans it and allocates the slots it needs; after the model
/// has run, `finishStep(_:sample:)` records the computed tokens, samples the next ones, forks
/// parallel samples (paper design) and frees finished requests.
public struct Scheduler: Sendable {
    public let config: SchedulerConfig
    /// The block manager: `KVCacheManager` or `ReferenceBlockManager` (see `BlockManager`).
    public internal(set) var kv: any BlockManager
    public internal(set) var requests = RequestTable()
    /// Waiting requests, front first: preempted ones at the front, then arrivals in order.
    public private(set) var waiting: [RequestID] = []
    /// Running requests in the order they were admitted (the last one is preempted first).
    public internal(set) var running: [RequestID] = []
    public internal(set) var finished: [RequestID] = []
    /// Steps planned so far; the next `schedule()` plans step `stepIndex`.
    public private(set) var stepIndex = 0
    public private(set) var totalPreemptions = 0
    /// Where swapping preemption keeps the victims' blocks.
    public private(set) var cpu: CPUBlockPool
    var nextForkID: Int
    private var forkedParents: Set<RequestID> = []
    var pendingEvents: [SchedulerEvent] = []
    /// Beam-search requests by their id (see `Scheduler+Beams.swift`).
    public internal(set) var beamGroups: [RequestID: BeamGroup] = [:]

    /// `kv`'s publishing is set to `config.publishing`.
    public init(config: SchedulerConfig, kv: any BlockManager, forkIDsFrom firstForkID: Int = 1_000_000) {
        self.config = config
        self.kv = kv
        self.kv.publishing = config.publishing
        self.cpu = CPUBlockPool(numBlocks: config.cpuBlocks)
        self.nextForkID = firstForkID
    }

    /// Queues a request; it is admitted no earlier than its arrival step. With the v1 sampling
    /// design, a request for n > 1 samples is queued as itself (sample 0) followed by n - 1
    /// child requests with the same prompt (ids from the fork range, `parent` set).
    public mutating func add(_ request: Request) {
        precondition(requests[request.id] == nil, "request \(request.id) added twice")
        precondition(design(of: request) == .v1 || request.samples <= config.maxNumSeqs,
                     "request \(request.id) forks into \(request.samples) sequences, above max_num_seqs \(config.maxNumSeqs)")
        precondition((request.beamWidth ?? 1) <= config.maxNumSeqs,
                     "request \(request.id) searches with \(request.beamWidth ?? 1) beams, above max_num_seqs \(config.maxNumSeqs)")
        enqueue(request)
        guard request.samples > 1, design(of: request) == .v1 else { return }
        for index in 1..<request.samples {
            var child = Request(id: RequestID(nextForkID), arrivalStep: request.arrivalStep,
                                promptTokens: request.promptTokens, maxOutputTokens: request.maxOutputTokens,
                                sampling: request.sampling, preemption: request.preemption)
            nextForkID += 1
            child.parent = request.id
            child.sampleIndex = index
            enqueue(child)
        }
    }

    private mutating func enqueue(_ request: Request) {
        requests[request.id] = request
        requests.setSequence(newSequenceID(), of: request.id)
        // Keep the arrivals part of the queue ordered by arrival step (stable).
        var index = waiting.count
        while index > 0, let previous = requests.header(waiting[index - 1]),
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

    /// The blocks the block manager changed since the last call (see
    /// `BlockManager.drainTouchedBlocks()`).
    public mutating func drainTouchedBlocks() -> [BlockID] { kv.drainTouchedBlocks() }

    // The block manager keeps per-sequence state in arrays indexed by sequence id, so requests
    // get small dense sequence ids in the order they are added or forked; `requests` keeps each
    // request's next to it (`setSequence`, `sequence(of:)`).

    /// Sequence ids handed out so far, and those of retired requests, free to reuse.
    private var nextSequenceID = 0
    private var retiredSequenceIDs: [SequenceID] = []

    mutating func newSequenceID() -> SequenceID {
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
            if let seq = requests.sequence(of: id) { retiredSequenceIDs.append(seq) }
            if let request = requests.removeValue(forKey: id) { retired.append(request) }
            forkedParents.remove(id)
            if beamGroups[id]?.best != nil { beamGroups[id] = nil }
        }
        finished.removeAll(keepingCapacity: true)
        return retired
    }

    /// The block manager's id for a request's sequence.
    public func sequence(_ id: RequestID) -> SequenceID {
        requests.sequence(of: id) ?? SequenceID(-1)
    }

    /// Sequences running now plus those that running requests will still fork into: what
    /// `max_num_seqs` caps.
    public var reservedSequences: Int {
        // Headers read in place: copying each running request every step cost two reference counts each.
        var total = running.count
        for id in running {
            if let request = requests.header(id) { total += sequencesToFork(request) }
        }
        return total
    }

    /// The parallel-sampling design that serves `request`.
    public func design(of request: borrowing Request) -> ParallelSamplingDesign {
        request.sampling ?? config.sampling
    }

    /// Sequences `request` will still add by forking (paper design, before its prompt is done).
    private func sequencesToFork(_ request: RequestHeader) -> Int {
        if request.isBeam { return beamsToFork(request) }
        guard (request.sampling ?? config.sampling) == .paper, request.samples > 1, request.parent == nil,
              !forkedParents.contains(request.id) else { return 0 }
        return request.samples - 1
    }

    // MARK: Planning a step

    public mutating func schedule() -> StepPlan {
        var plan = StepPlan(step: stepIndex)
        var budget = config.maxNumBatchedTokens
        flushPagingEvents()

        // The requests of `running` already considered this step are always its first `index`
        // (and `running[index]` while it is considered): a preemption only removes requests.
        var index = 0
        while index < running.count, budget > 0 {
            let id = running[index]
            guard let request = requests.header(id) else { index += 1; continue }
            let (total, computed) = (request.numTokens, request.numComputedTokens)
            let count = newTokens(total: total, computed: computed, budget: budget)
            guard count > 0 else { index += 1; continue }
            let preemptedBefore = plan.preempted.count
            // Shared, not copied, unless a preemption changes `running`.
            let runningBefore = running
            let placed = placeSlots(for: id, upTo: computed + count, plan: &plan)
            if plan.preempted.count > preemptedBefore {
                // A sequence group may have lost members scheduled earlier this step.
                unschedule(plan.preempted[preemptedBefore...], plan: &plan, budget: &budget)
                // The considered requests still running are the first ones of `running` now.
                let gone = Set(plan.preempted[preemptedBefore...])
                index = runningBefore[...index].reduce(0) { $0 + (gone.contains($1) ? 0 : 1) }
                if placed { index = (running.firstIndex(of: id) ?? index - 1) }
            }
            // False: it preempted itself, and `running[index]` is now the next request.
            guard placed else { continue }
            let chunk = ScheduledChunk(request: id, startPosition: computed, numTokens: count,
                                       isPrefill: total - computed > 1)
            plan.chunks.append(chunk)
            pendingEvents.append(.scheduled(chunk))
            budget -= count
            index += 1
        }

        if plan.preempted.isEmpty {
            admitWaiting(budget: &budget, plan: &plan)
        }
        flushPagingEvents()
        stepIndex += 1
        return plan
    }

    /// Tokens to schedule for a request with `computed` of its `total` tokens in the cache:
    /// all the rest within the budget, and a prefill (more than one token left) within the
    /// chunk cap.
    private func newTokens(total: Int, computed: Int, budget: Int) -> Int {
        Scheduler.newTokens(total: total, computed: computed, budget: budget, chunkCap: config.maxPrefillChunk)
    }

    private static func newTokens(total: Int, computed: Int, budget: Int, chunkCap: Int?) -> Int {
        let remaining = total - computed
        var count = min(remaining, budget)
        if remaining > 1, let cap = chunkCap { count = min(count, cap) }
        return max(0, count)
    }

    /// Places the request's tokens up to `end` in the block manager (blocks for this step's
    /// tokens only), preempting the most recently admitted running request while blocks run
    /// out. Returns false when the request itself had to be preempted.
    private mutating func placeSlots(for id: RequestID, upTo end: Int, plan: inout StepPlan) -> Bool {
        let seq = sequence(id)
        let start = kv.numTokens(of: seq)
        guard start < end else { return true }
        // A slice keeps the request's array alive, not a copy of the request.
        let tokens = requests.tokens(of: id, start, end)
        while !kv.allocateSlots(seq, appending: tokens) {
            guard let victim = running.last else { return false }
            let group = preemptionGroup(of: victim)
            for member in group { preempt(member, plan: &plan) }
            if group.contains(id) { return false }
        }
        return true
    }

    /// The running members of `victim`'s sequence group under the paper's parallel sampling
    /// (the parent and its forked samples), latest admitted first: the paper preempts a
    /// sequence group together (section 4.5), since its samples share blocks and finish as one
    /// request. Just the victim otherwise (vLLM v1's independent child requests, beams).
    private func preemptionGroup(of victim: RequestID) -> [RequestID] {
        guard let header = requests.header(victim), !header.isBeam,
              (header.sampling ?? config.sampling) == .paper else { return [victim] }
        let root = header.parent ?? victim
        let members = running.filter { $0 == root || requests.header($0)?.parent == root }
        return members.count > 1 ? Array(members.reversed()) : [victim]
    }

    /// Takes the chunks of `preempted` requests out of this step's plan (they were scheduled
    /// before a member of their group ran out of blocks) and gives their tokens back.
    private mutating func unschedule(_ preempted: ArraySlice<RequestID>, plan: inout StepPlan, budget: inout Int) {
        let gone = Set(preempted)
        for chunk in plan.chunks where gone.contains(chunk.request) {
            budget += chunk.numTokens
            if let event = pendingEvents.lastIndex(of: .scheduled(chunk)) { pendingEvents.remove(at: event) }
        }
        plan.chunks.removeAll { gone.contains($0.request) }
    }

    private mutating func preempt(_ id: RequestID, plan: inout StepPlan) {
        let seq = sequence(id)
        // Swapping copies every block the victim holds (computed tokens only: it has not been
        // scheduled this step) to the CPU pool; a full CPU pool falls back to recomputation.
        var swapped = false
        if let request = requests.header(id), (request.preemption ?? config.preemption) == .swap {
            let table = kv.blockTable(of: seq)
            if let cpuBlocks = cpu.take(table.count, for: id) {
                plan.swappedOut.append(SwapTransfer(request: id, gpu: table, cpu: cpuBlocks))
                swapped = true
            }
        }
        // Blocks still shared with sibling samples stay in use: count what reached the free queue.
        let freeBefore = kv.numFreeBlocks
        kv.free(seq)
        let freed = kv.numFreeBlocks - freeBefore
        running.removeAll { $0 == id }
        requests[id]?.status = .preempted
        requests[id]?.isSwappedOut = swapped
        if !swapped { requests[id]?.numComputedTokens = 0 }
        requests[id]?.numPreemptions += 1
        waiting.insert(id, at: 0)
        plan.preempted.append(id)
        totalPreemptions += 1
        pendingEvents.append(.preempted(id, freedBlocks: freed))
    }

    /// Admits waiting requests in order while the budget, `max_num_seqs` and the free blocks
    /// allow: each gets its cached prefix and the blocks of its first chunk. Stops at the first
    /// request that does not fit (no overtaking).
    private mutating func admitWaiting(budget: inout Int, plan: inout StepPlan) {
        var reserved = reservedSequences
        while budget > 0, let id = waiting.first, var request = requests[id], request.arrivalStep <= stepIndex {
            let sequences = 1 + sequencesToFork(RequestHeader(request))
            guard reserved + sequences <= config.maxNumSeqs else { break }
            let tokens = request.allTokens
            // A swapped-out request's computed tokens come back from the CPU pool, not the model.
            let swappedTokens = request.isSwappedOut ? request.numComputedTokens : 0
            var cachedTokens = 0
            var count = 0
            let available = budget
            let chunkCap = config.maxPrefillChunk
            // All or nothing: nil means too few free blocks, and nothing changed.
            guard let result = kv.allocate(sequence(id), tokens: tokens, newTokens: { cached in
                cachedTokens = max(cached, swappedTokens)
                count = Scheduler.newTokens(total: tokens.count, computed: cachedTokens, budget: available, chunkCap: chunkCap)
                return cachedTokens - cached + count
            }) else { break }
            if request.isSwappedOut {
                // Copy back the computed blocks the prefix cache did not give back.
                let table = kv.blockTable(of: sequence(id))
                let cpuBlocks = cpu.release(id)
                let computedBlocks = (swappedTokens + kv.blockSize - 1) / kv.blockSize
                let range = min(result.hitBlocks, computedBlocks)..<computedBlocks
                plan.swappedIn.append(SwapTransfer(request: id, gpu: Array(table[range]), cpu: Array(cpuBlocks[range])))
                request.isSwappedOut = false
            }
            waiting.removeFirst()
            reserved += sequences
            let resumed = request.status == .preempted
            request.status = .running
            request.numComputedTokens = cachedTokens
            request.prefixHitBlocks = result.hitBlocks
            if request.firstScheduledStep == nil { request.firstScheduledStep = stepIndex }
            requests[id] = request
            running.append(id)
            plan.admitted.append(id)
            pendingEvents.append(.admitted(id, hitBlocks: result.hitBlocks, resumed: resumed))
            let chunk = ScheduledChunk(request: id, startPosition: cachedTokens, numTokens: count,
                                       isPrefill: tokens.count - cachedTokens > 1)
            plan.chunks.append(chunk)
            pendingEvents.append(.scheduled(chunk))
            budget -= count
        }
    }

    // MARK: After the model ran

    /// Records the plan's chunks as computed and publishes their full blocks; every request that
    /// has caught up with its tokens gets a new token from `sample(request, logitsOf)`, where
    /// `request` is the request as it stands (a freshly forked sample included) and `logitsOf`
    /// names the request whose last computed position holds the logits (a fork uses its
    /// parent's). Returns the requests that finished. A beam that caught up keeps its logits
    /// (`beamLogits`) until `advanceBeams` takes a beam-search step.
    @discardableResult
    public mutating func finishStep(
        _ plan: StepPlan, sample: (_ request: borrowing Request, _ logitsOf: RequestID) -> TokenID,
        beamLogits: (RequestID) -> [Float]? = { _ in nil }
    ) -> [RequestID] {
        var done: [RequestID] = []
        for chunk in plan.chunks {
            let id = chunk.request
            // In place, and no copy of a request outlives its scope below: appending a token
            // while a copy is alive copies the request's whole output (quadratic in its length).
            let computed = chunk.startPosition + chunk.numTokens
            let runSampling = config.sampling
            let progress = requests.update(id) { request -> (caughtUp: Bool, forks: Bool, beam: Bool)? in
                guard request.status == .running else { return nil }
                request.numComputedTokens = computed
                return (computed == request.numTokens,
                        request.samples > 1 && request.parent == nil && (request.sampling ?? runSampling) == .paper,
                        request.isBeam)
            }
            guard let progress = progress ?? nil else { continue }
            kv.commit(sequence(id), computedTokens: computed)
            guard progress.caughtUp else { continue }
            // A beam waits for its siblings: `advanceBeams` extends them all at once.
            if progress.beam { noteBeamCaughtUp(id, logits: beamLogits(id)); continue }
            let forks = progress.forks && !forkedParents.contains(id)

            var family = [id]
            if forks, let samples = requests[id]?.samples {
                forkedParents.insert(id)
                for index in 1..<samples {
                    family.append(fork(id, sampleIndex: index))
                }
            }
            for member in family {
                // Sampled from the request where it is stored, without a copy.
                guard let token = requests.read(member, { sample($0, id) }) else { continue }
                let complete = requests.update(member) { request in
                    request.outputTokens.append(token)
                    return request.outputTokens.count >= request.maxOutputTokens
                }
                pendingEvents.append(.sampled(member, token: token))
                if complete == true {
                    finish(member)
                    done.append(member)
                }
            }
        }
        flushPagingEvents()
        return done
    }

    /// A new request under the next fork id whose sequence shares every block of `source`'s
    /// (ref counts + 1); `make` builds it from the source. The id is handed out even when the
    /// source is gone, as before.
    mutating func addFork(of source: RequestID, _ make: (Request, RequestID) -> Request) -> RequestID {
        let child = RequestID(nextForkID)
        nextForkID += 1
        guard let original = requests[source] else { return child }
        let childSequence = newSequenceID()
        kv.fork(sequence(source), into: childSequence)
        requests[child] = make(original, child)
        requests.setSequence(childSequence, of: child)
        return child
    }

    private mutating func fork(_ parent: RequestID, sampleIndex: Int) -> RequestID {
        let child = addFork(of: parent) { source, id in
            source.runningCopy(as: id, parent: parent, sampleIndex: sampleIndex, sampling: source.sampling)
        }
        guard requests[child] != nil else { return child }
        if let at = running.firstIndex(of: parent) {
            running.insert(child, at: at + sampleIndex)
        } else {
            running.append(child)
        }
        pendingEvents.append(.forked(parent: parent, child: child))
        return child
    }

    mutating func finish(_ id: RequestID) {
        noteReleasedBeamTable(id)
        kv.free(sequence(id))
        running.removeAll { $0 == id }
        requests[id]?.status = .finished
        requests[id]?.finishedStep = stepIndex - 1
        finished.append(id)
        pendingEvents.append(.finished(id))
    }

    mutating func flushPagingEvents() {
        guard kv.recordsEvents else { return }
        pendingEvents.append(contentsOf: kv.drainEvents().map(SchedulerEvent.paging))
    }
}
