extension ContiguousSimulator {
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
    /// step), so `add` receives the exact sum of their usages, the number of steps it covers,
    /// the running requests summed over those steps (a batch-size integral) and whether the
    /// head of the queue waited for memory in them. The figures are the same as
    /// stepping one by one (a test checks it); `kvviz compare` runs this way.
    public mutating func runToEnd(accumulating add: (_ usageSum: ContiguousUsage, _ steps: Int,
                                                     _ requestSteps: Int, _ blockedForMemory: Bool) -> Void) {
        while !isFinished {
            if _running.isEmpty, requests[_nextToAdmit].arrivalStep > nextStep {
                nextStep = requests[_nextToAdmit].arrivalStep
            }
            let snapshot = step()
            let blocked = snapshot.blocked?.isBlockedForMemory == true
            if !snapshot.extents.isEmpty { add(snapshot.usage, 1, snapshot.runningRequests, blocked) }
            // After a release the next step may admit: only steps after a step that freed
            // nothing are quiet.
            guard !_running.isEmpty, snapshot.finished.isEmpty else { continue }
            // Quiet steps also need every running request decoding, one token per sample within
            // the budget, and no arrived request waiting for budget alone (it may start next step).
            let last = nextStep - 1
            let headArrived = _nextToAdmit < requests.count && requests[_nextToAdmit].arrivalStep <= last
            guard !headArrived || snapshot.blocked != nil else { continue }
            var decodeTokens = 0
            var decoding = true
            for running in _running {
                let request = requests[running.index]
                decodeTokens += request.samples
                if running.computed < request.promptLength { decoding = false }
            }
            guard decoding, decodeTokens <= config.maxNumBatchedTokens else { continue }
            // The first step in which a running request samples its last token (and is freed).
            var end = _running.map { last + requests[$0.index].outputLength - $0.generated }.min() ?? nextStep
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
                let used = count * _running[index].computed + ramp
                sum.tokenStates += samples * used
                sum.reserved += samples * (count * request.finalLength - used)
                _running[index].computed += count
                _running[index].generated += count
            }
            sum.internalFragmentation = count * snapshot.usage.internalFragmentation
            sum.externalFragmentation = count * snapshot.usage.externalFragmentation
            sum.free = count * snapshot.usage.free
            nextStep += count
            _busySteps += count
            _slotSteps = _slotSteps + sum
            add(sum, count, count * _running.count, blocked)
        }
    }
}
