import KVCore

/// The contiguous pre-allocation baseline run in lockstep with the paged engine, on the same
/// requests and the same memory (numBlocks x blockSize token slots), for the compare view.
struct ContiguousTrack: Sendable {
    private(set) var simulator: ContiguousSimulator
    private(set) var last: ContiguousStepSnapshot?

    init(policy: ContiguousPolicy, capacitySlots: Int, maxModelLen: Int, maxNumSeqs: Int,
         workload: [WorkloadRequest]) throws {
        let config = ContiguousConfig(policy: policy, capacitySlots: capacitySlots,
                                      maxModelLen: maxModelLen, maxNumSeqs: maxNumSeqs)
        do {
            simulator = try ContiguousSimulator(config: config, workload: workload)
        } catch {
            throw EngineError.invalidConfig(field: "contiguous baseline", value: "\(policy.rawValue)",
                                            expected: "requests that fit: \(error)")
        }
    }

    /// Runs the baseline until it has completed as many steps as the paged engine.
    mutating func advance(toStep step: Int) {
        while simulator.nextStep < step, !simulator.isFinished {
            last = simulator.step()
        }
    }

    /// The paged step at which the baseline has run its last request (it has run `step` steps
    /// at paged step `step`), found by running a copy to its end.
    var finishStep: Int {
        var copy = simulator
        copy.runToEnd(accumulating: { _, _, _ in })
        return copy.nextStep
    }

    var view: ContiguousView {
        let capacity = simulator.config.capacitySlots
        guard let last else {
            return ContiguousView(policyName: simulator.config.policy.rawValue, capacitySlots: capacity,
                                  extents: [], tokenStateSlots: 0, reservedSlots: 0,
                                  internalFragmentationSlots: 0, externalFragmentationSlots: 0,
                                  waitingRequests: simulator.requests.count, runningRequests: 0)
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
