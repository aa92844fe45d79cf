/// A continuous-batching server with contiguous pre-allocation, stepped one iteration at a
/// time on a fixed workload.
///
/// Each step: admit arrived requests first come, first served, each sample getting one extent
/// of the policy's reservation from the configured allocator (first fit, or buddy blocks),
/// stopping at the first request that does not fit (head-of-line blocking, which is where
/// external fragmentation bites) or would exceed max_num_seqs; then
/// every running request computes: an admitted request its whole prompt (and samples its first
/// token), the others one token each; then the step is measured and finished requests free
/// their extents. A value type: copy it to keep a step you may return to.
public struct ContiguousSimulator: Sendable {
    public let config: ContiguousConfig
    /// The workload in arrival order (first come, first served; ties by id).
    public let requests: [WorkloadRequest]
    /// The step `step()` runs next.
    public private(set) var nextStep = 0
    public private(set) var allocator: ContiguousMemory
    public private(set) var completedRequests = 0
    public private(set) var peakConcurrentRequests = 0

    /// Index into `requests` of the first request not admitted yet: admission is FCFS with
    /// head-of-line blocking, so the admitted requests are always a prefix.
    private var _nextToAdmit = 0
    /// Index into `requests` of the first request that has not arrived by `nextStep` (never
    /// behind `_nextToAdmit`): counting the arrived waiting requests costs O(1) amortized.
    private var _nextArrival = 0
    private var _running: [Running] = []
    private var _busySteps = 0
    private var _slotSteps = ContiguousUsage()

    private struct Running: Sendable {
        /// Index into `requests`.
        let index: Int
        /// Output tokens sampled so far (per sample; samples advance in lockstep).
        var generated: Int
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

    /// Every request has finished.
    public var isFinished: Bool { _nextToAdmit == requests.count && _running.isEmpty }

    /// The figures so far (complete once `isFinished`).
    public var report: ContiguousReport {
        ContiguousReport(policy: config.policy, capacitySlots: config.capacitySlots, steps: nextStep,
                         busySteps: _busySteps, completedRequests: completedRequests,
                         peakConcurrentRequests: peakConcurrentRequests, slotSteps: _slotSteps)
    }

    /// Runs a whole workload and returns its report.
    public static func run(config: ContiguousConfig, workload: [WorkloadRequest])
        throws(ContiguousError) -> ContiguousReport
    {
        var simulator = try ContiguousSimulator(config: config, workload: workload)
        simulator.runToEnd()
        return simulator.report
    }

    /// Steps until every request has finished, jumping over idle gaps between arrivals;
    /// `observe` sees every step that ran.
    public mutating func runToEnd(observe: (ContiguousStepSnapshot) -> Void = { _ in }) {
        while !isFinished {
            if _running.isEmpty, requests[_nextToAdmit].arrivalStep > nextStep {
                nextStep = requests[_nextToAdmit].arrivalStep
            }
            observe(step())
        }
    }

    /// Runs to the end like ``runToEnd(observe:)`` at a cost that grows with the admissions and
    /// releases, not the steps: after each step, the steps in which nothing can change (no
    /// request finishes, no new request arrives at an empty queue, so no admission can succeed)
    /// are taken in one go. Their memory changes linearly (each running sample gains a token a
    /// step), so `add` receives the exact sum of their usages, the number of steps it covers and
    /// whether the head of the queue waited for memory in them. The figures are the same as
    /// stepping one by one (a test checks it); `kvviz compare` runs this way.
    public mutating func runToEnd(accumulating add: (_ usageSum: ContiguousUsage, _ steps: Int,
                                                     _ blockedForMemory: Bool) -> Void) {
        while !isFinished {
            if _running.isEmpty, requests[_nextToAdmit].arrivalStep > nextStep {
                nextStep = requests[_nextToAdmit].arrivalStep
            }
            let snapshot = step()
            let blocked = snapshot.blocked?.isBlockedForMemory == true
            if !snapshot.extents.isEmpty { add(snapshot.usage, 1, blocked) }
            // After a release the next step may admit: only steps after a step that freed
            // nothing are quiet.
            guard !_running.isEmpty, snapshot.finished.isEmpty else { continue }
            // The first step in which a running request samples its last token (and is freed).
            let last = nextStep - 1
            var end = _running.map { last + requests[$0.index].outputLength - $0.generated }.min() ?? nextStep
            let headArrived = _nextToAdmit < requests.count && requests[_nextToAdmit].arrivalStep <= last
            if !headArrived, _nextToAdmit < requests.count {
                end = Swift.min(end, requests[_nextToAdmit].arrivalStep)
            }
            let count = end - nextStep
            guard count > 0 else { continue }
            var sum = ContiguousUsage()
            let ramp = count * (count + 1) / 2
            for index in _running.indices {
                let request = requests[_running[index].index]
                let samples = request.samples
                let used = count * (request.promptLength + _running[index].generated) + ramp
                sum.tokenStates += samples * used
                sum.reserved += samples * (count * request.finalLength - used)
                _running[index].generated += count
            }
            sum.internalFragmentation = count * snapshot.usage.internalFragmentation
            sum.externalFragmentation = count * snapshot.usage.externalFragmentation
            sum.free = count * snapshot.usage.free
            nextStep += count
            _busySteps += count
            _slotSteps = _slotSteps + sum
            add(sum, count, blocked)
        }
    }

    /// Runs one step: admit, compute, measure, free. Returns the memory as the step saw it.
    @discardableResult
    public mutating func step() -> ContiguousStepSnapshot {
        let current = nextStep
        let (admitted, blocked) = admit(at: current)
        for index in _running.indices {
            let output = requests[_running[index].index].outputLength
            _running[index].generated = Swift.min(_running[index].generated + 1, output)
        }
        peakConcurrentRequests = Swift.max(peakConcurrentRequests, _running.count)

        let snapshot = measure(step: current, admitted: admitted, blocked: blocked)
        if !snapshot.extents.isEmpty {
            _busySteps += 1
            _slotSteps = _slotSteps + snapshot.usage
        }
        release(snapshot.finished)
        nextStep += 1
        return snapshot
    }

    private mutating func admit(at step: Int) -> (admitted: [Int], blocked: ContiguousAdmissionBlock?) {
        var admitted: [Int] = []
        while _nextToAdmit < requests.count, requests[_nextToAdmit].arrivalStep <= step {
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
            // The compute pass of this step prefills the prompt and samples the first token.
            _running.append(Running(index: _nextToAdmit, generated: 0))
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

    private mutating func measure(step: Int, admitted: [Int], blocked: ContiguousAdmissionBlock?)
        -> ContiguousStepSnapshot
    {
        var progress: [Int: (used: Int, finalLength: Int)] = [:]
        var finished: [Int] = []
        for running in _running {
            let request = requests[running.index]
            progress[request.id] = (request.promptLength + running.generated, request.finalLength)
            if running.generated == request.outputLength { finished.append(request.id) }
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
