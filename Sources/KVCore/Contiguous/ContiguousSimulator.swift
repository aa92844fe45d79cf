/// A continuous-batching server with contiguous pre-allocation, stepped one iteration at a
/// time on a fixed workload, on the paged engine's schedule (vLLM v1's, see `Scheduler`).
///
/// Each step: running requests first, in admission order, within the token budget
/// (`max_num_batched_tokens`): one decode token per sample, or the next chunk of the prompt;
/// then arrived requests first come, first served while budget is left, each sample getting one
/// extent of the policy's reservation from the configured allocator (first fit, or buddy
/// blocks) and its first prompt chunk, stopping at the first request that does not fit
/// (head-of-line blocking, which is where external fragmentation bites) or would exceed
/// max_num_seqs. The step in which a prompt's last chunk is computed samples the first token;
/// every later step computes the K/V of the newest token and samples the next; the step that
/// samples the last token frees the request's extents. Then the step is measured, with "used"
/// meaning what the paged side means: slots whose K/V is stored. A value type: copy it to keep a
/// step you may return to.
public struct ContiguousSimulator: Sendable {
    public let config: ContiguousConfig
    /// The workload in arrival order (first come, first served; ties by id).
    public let requests: [WorkloadRequest]
    /// The step `step()` runs next.
    public internal(set) var nextStep = 0
    public private(set) var allocator: ContiguousMemory
    public internal(set) var completedRequests = 0
    public internal(set) var peakConcurrentRequests = 0

    /// Index into `requests` of the first request not admitted yet: admission is FCFS with
    /// head-of-line blocking, so the admitted requests are always a prefix.
    var _nextToAdmit = 0
    /// Index into `requests` of the first request that has not arrived by `nextStep` (never
    /// behind `_nextToAdmit`): counting the arrived waiting requests costs O(1) amortized.
    var _nextArrival = 0
    var _running: [Running] = []
    var _busySteps = 0
    var _slotSteps = ContiguousUsage()

    struct Running: Sendable {
        /// Index into `requests`.
        let index: Int
        /// Tokens whose K/V is stored (per sample; samples advance in lockstep): prompt chunks,
        /// then each sampled token once the next step has computed it.
        var computed = 0
        /// Output tokens sampled so far.
        var generated = 0
    }

    /// Checks that every request can run on this configuration, then sets up empty memory.
    public init(config: ContiguousConfig, workload: [WorkloadRequest]) throws(ContiguousError) {
        if config.capacitySlots < 1 {
            throw .invalidConfig(field: "capacitySlots", value: config.capacitySlots, fix: "use at least 1 slot")
        }
        if config.maxModelLen < 1 {
            throw .invalidConfig(field: "maxModelLen", value: config.maxModelLen, fix: "use at least 1 token")
        }
        if config.maxNumSeqs < 1 {
            throw .invalidConfig(field: "maxNumSeqs", value: config.maxNumSeqs, fix: "use at least 1")
        }
        if config.maxNumBatchedTokens < 1 {
            throw .invalidConfig(field: "maxNumBatchedTokens", value: config.maxNumBatchedTokens,
                                 fix: "use at least 1 token")
        }
        if let chunk = config.maxPrefillChunk, chunk < 1 {
            throw .invalidConfig(field: "maxPrefillChunk", value: chunk, fix: "use at least 1 token")
        }
        for request in workload {
            if request.finalLength > config.maxModelLen {
                throw .exceedsMaxModelLen(request: request.id, finalLength: request.finalLength,
                                          maxModelLen: config.maxModelLen)
            }
            if request.samples > config.maxNumSeqs {
                throw .tooManySamples(request: request.id, samples: request.samples,
                                      maxNumSeqs: config.maxNumSeqs)
            }
            if !Self.fitsInEmptyMemory(request, config) {
                throw .neverFits(request: request.id, reservationSlots: config.placement(for: request),
                                 samples: request.samples, capacitySlots: config.capacitySlots)
            }
        }
        self.config = config
        self.requests = workload.sorted { ($0.arrivalStep, $0.id) < ($1.arrivalStep, $1.id) }
        self.allocator = ContiguousMemory(config.allocator, capacitySlots: config.capacitySlots)
    }

    /// Whether every sample of `request` gets its extent in empty memory.
    static func fitsInEmptyMemory(_ request: WorkloadRequest, _ config: ContiguousConfig) -> Bool {
        let placement = config.placement(for: request)
        guard placement <= config.capacitySlots, placement * request.samples <= config.capacitySlots else { return false }
        guard config.allocator == .buddy, request.samples > 1 else { return true }
        var memory = ContiguousMemory(.buddy, capacitySlots: config.capacitySlots)
        for sample in 0..<request.samples {
            let owner = ContiguousSequenceID(request: request.id, sample: sample)
            if memory.allocate(config.reservation(for: request), for: owner) == nil { return false }
        }
        return true
    }

    /// Runs one step: compute the running requests, admit, free the finished, measure. Returns
    /// the memory as it is after the step.
    @discardableResult
    public mutating func step() -> ContiguousStepSnapshot {
        let current = nextStep
        var budget = config.maxNumBatchedTokens
        var finished: [Int] = []
        for index in _running.indices where budget > 0 {
            budget -= compute(&_running[index], budget: budget)
        }
        let (admitted, blocked) = admit(at: current, budget: &budget)
        peakConcurrentRequests = Swift.max(peakConcurrentRequests, _running.count)
        for running in _running {
            let request = requests[running.index]
            // The step that samples the last token (a prompt-only request: the prompt's last chunk).
            if running.computed >= request.promptLength, running.generated >= request.outputLength {
                finished.append(request.id)
            }
        }
        release(finished)
        let snapshot = measure(step: current, admitted: admitted, finished: finished, blocked: blocked)
        if !snapshot.extents.isEmpty {
            _busySteps += 1
            _slotSteps = _slotSteps + snapshot.usage
        }
        nextStep += 1
        return snapshot
    }

    /// Computes this step's tokens of one running request (the budget is known to be positive):
    /// the next prompt chunk (sampling the first token with the last one), or the K/V of the
    /// newest token of each sample (sampling the next). Returns the tokens computed.
    private func compute(_ running: inout Running, budget: Int) -> Int {
        let request = requests[running.index]
        let left = request.promptLength - running.computed
        guard left > 0 else {
            running.computed += 1
            running.generated += 1
            return request.samples
        }
        var chunk = Swift.min(left, budget)
        if left > 1, let cap = config.maxPrefillChunk { chunk = Swift.min(chunk, cap) }
        running.computed += chunk
        if running.computed == request.promptLength { running.generated = 1 }
        return chunk
    }

    private mutating func admit(at step: Int, budget: inout Int)
        -> (admitted: [Int], blocked: ContiguousAdmissionBlock?)
    {
        var admitted: [Int] = []
        while budget > 0, _nextToAdmit < requests.count, requests[_nextToAdmit].arrivalStep <= step {
            let request = requests[_nextToAdmit]
            let reservation = config.reservation(for: request)
            let runningSequences = _running.reduce(0) { $0 + requests[$1.index].samples }
            var reason: ContiguousAdmissionBlock.Reason?
            if runningSequences + request.samples > config.maxNumSeqs {
                reason = .maxNumSeqs
            } else if !allocateSamples(of: request, reservation: reservation) {
                reason = allocator.freeSlots >= config.placement(for: request) * request.samples
                    ? .noHoleLargeEnough : .notEnoughFreeSlots
            }
            if let reason {
                precondition(!_running.isEmpty, "request \(request.id) cannot run in empty memory")
                return (admitted, ContiguousAdmissionBlock(
                    request: request.id, reservationSlots: reservation, samples: request.samples,
                    reason: reason))
            }
            var running = Running(index: _nextToAdmit)
            budget -= compute(&running, budget: budget)
            _running.append(running)
            admitted.append(request.id)
            _nextToAdmit += 1
        }
        return (admitted, nil)
    }

    /// Gives every sample its extent, or none of them.
    private mutating func allocateSamples(of request: WorkloadRequest, reservation: Int) -> Bool {
        for sample in 0..<request.samples {
            let owner = ContiguousSequenceID(request: request.id, sample: sample)
            if allocator.allocate(reservation, for: owner) == nil {
                for earlier in 0..<sample {
                    allocator.free(ContiguousSequenceID(request: request.id, sample: earlier))
                }
                return false
            }
        }
        return true
    }

    private mutating func measure(step: Int, admitted: [Int], finished: [Int],
                                  blocked: ContiguousAdmissionBlock?) -> ContiguousStepSnapshot {
        var progress: [Int: (used: Int, finalLength: Int)] = [:]
        for running in _running {
            let request = requests[running.index]
            progress[request.id] = (running.computed, request.finalLength)
        }
        var usage = ContiguousUsage()
        let extents = allocator.placements.map { extent in
            let fill = progress[extent.owner.request] ?? (0, 0)
            usage.tokenStates += fill.used
            usage.reserved += fill.finalLength - fill.used
            usage.internalFragmentation += extent.length - fill.finalLength
            usage.externalFragmentation += extent.allocated - extent.length
            return ContiguousStepSnapshot.Extent(owner: extent.owner, start: extent.start,
                                                 reserved: extent.length, used: fill.used,
                                                 finalLength: fill.finalLength, allocated: extent.allocated)
        }
        let holes = allocator.holes
        let freeSlots = holes.reduce(0) { $0 + $1.length }
        // Free memory the next request cannot use: all of it while that request waits for memory
        // (under first fit, every hole is then smaller than its reservation).
        if blocked?.isBlockedForMemory == true {
            usage.externalFragmentation += freeSlots
            usage.free = 0
        } else {
            usage.free = freeSlots
        }
        _nextArrival = Swift.max(_nextArrival, _nextToAdmit)
        while _nextArrival < requests.count, requests[_nextArrival].arrivalStep <= step { _nextArrival += 1 }
        let arrived = _nextArrival - _nextToAdmit
        return ContiguousStepSnapshot(
            step: step, policy: config.policy, capacitySlots: config.capacitySlots, extents: extents,
            holes: holes, usage: usage, waitingRequests: arrived, runningRequests: _running.count,
            admitted: admitted, finished: finished, blocked: blocked)
    }

    private mutating func release(_ finished: [Int]) {
        guard !finished.isEmpty else { return }
        let done = Set(finished)
        for running in _running where done.contains(requests[running.index].id) {
            for sample in 0..<requests[running.index].samples {
                allocator.free(ContiguousSequenceID(request: requests[running.index].id, sample: sample))
            }
        }
        _running.removeAll { done.contains(requests[$0.index].id) }
        completedRequests += finished.count
    }
}
