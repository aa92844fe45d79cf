import KVCore

/// The contiguous pre-allocation baseline run in lockstep with the paged engine, on the same
/// requests and the same memory (numBlocks x blockSize token slots), for the compare view.
struct ContiguousTrack: Sendable {
    private(set) var simulator: ContiguousSimulator
    private(set) var last: ContiguousStepSnapshot?
    /// The engine step at which the paged server had finished every request (nil before).
    private(set) var pagedFinishStep: Int?
    /// The step at which this baseline runs its last request, found once when the paged server
    /// finishes (by running a copy to its end), so later steps need not look ahead again.
    private(set) var knownFinishStep: Int?

    /// `scheduler` gives the limits the paged engine runs under: the baseline runs the same
    /// schedule (budget, sequences, prefill chunks).
    init(policy: ContiguousPolicy, capacitySlots: Int, maxModelLen: Int, scheduler: SchedulerConfig,
         workload: [WorkloadRequest]) throws(EngineError) {
        let config = ContiguousConfig(policy: policy, capacitySlots: capacitySlots, maxModelLen: maxModelLen,
                                      maxNumSeqs: scheduler.maxNumSeqs,
                                      maxNumBatchedTokens: scheduler.maxNumBatchedTokens,
                                      maxPrefillChunk: scheduler.maxPrefillChunk)
        do throws(ContiguousError) {
            simulator = try ContiguousSimulator(config: config, workload: workload)
        } catch {
            throw EngineError.contiguousBaseline(policy, error)
        }
    }

    /// Runs the baseline until it has completed as many steps as the paged engine, which has
    /// `pagedFinished` every request after `step` steps.
    mutating func advance(toStep step: Int, pagedFinished: Bool = false) {
        while simulator.nextStep < step, !simulator.isFinished {
            last = simulator.step()
        }
        if pagedFinished, pagedFinishStep == nil {
            pagedFinishStep = step
            knownFinishStep = finishStep
        }
    }

    /// It has run its last request.
    var isFinished: Bool { simulator.isFinished }

    /// The paged step at which the baseline has run its last request (it has run `step` steps
    /// at paged step `step`), found by running a copy to its end.
    var finishStep: Int {
        var copy = simulator
        copy.runToEnd(accumulating: { _, _, _, _ in })
        return copy.nextStep
    }

    var view: ContiguousView {
        var view = plainView
        view.isFinished = simulator.isFinished
        view.finishedStep = simulator.isFinished ? simulator.nextStep : nil
        view.finishedRequests = simulator.completedRequests
        view.pagedFinishStep = pagedFinishStep
        return view
    }

    private var plainView: ContiguousView {
        let capacity = simulator.config.capacitySlots
        // Before its first step every request waits; once it has run the last one, every
        // reservation has been given back.
        guard let last, !simulator.isFinished else {
            return ContiguousView(policyName: simulator.config.policy.rawValue, capacitySlots: capacity,
                                  extents: [], tokenStateSlots: 0, reservedSlots: 0,
                                  internalFragmentationSlots: 0, externalFragmentationSlots: 0,
                                  waitingRequests: last == nil ? simulator.requests.count : 0, runningRequests: 0)
        }
        var view = ContiguousView(
            policyName: last.policy.rawValue,
            capacitySlots: capacity,
            extents: last.extents.map {
                ContiguousView.Extent(request: RequestID($0.request), start: $0.start, reserved: $0.reserved,
                                      used: $0.used, finalLength: $0.finalLength)
            },
            tokenStateSlots: last.usage.tokenStates,
            reservedSlots: last.usage.reserved,
            internalFragmentationSlots: last.usage.internalFragmentation,
            externalFragmentationSlots: last.usage.externalFragmentation,
            waitingRequests: last.waitingRequests,
            runningRequests: last.runningRequests)
        if let blocked = last.blocked, blocked.isBlockedForMemory {
            view.blocked = ContiguousView.Blocked(
                request: RequestID(blocked.request), slots: blocked.reservationSlots,
                freeSlots: last.holes.reduce(0) { $0 + $1.length },
                largestHole: last.holes.map(\.length).max() ?? 0)
        }
        return view
    }
}
