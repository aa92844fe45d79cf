import Testing
@testable import KVCore

@Suite struct ContiguousSimulatorTests {
    private func request(_ id: Int, at step: Int = 0, prompt: Int, output: Int, samples: Int = 1)
        -> WorkloadRequest
    {
        WorkloadRequest(id: id, arrivalStep: step, promptTokens: Array(repeating: 7, count: prompt),
                        outputLength: output, samples: samples)
    }

    private func chat() throws -> (requests: [WorkloadRequest], capacity: Int) {
        let requests = try WorkloadGenerator(spec: .chat).generate()
        return (requests, WorkloadSummary(requests).totalTokenDemand / 3)
    }

    /// "Used" is K/V stored, as on the paged side: the prefill step stores the prompt and samples
    /// the first token, each later step stores the newest token and samples the next, and the
    /// step that samples the last token frees the extent.
    @Test func requestGeneratesOneTokenPerStepAfterItsPrefillStep() throws {
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 64),
            workload: [request(0, prompt: 5, output: 3)])
        let steps = (0..<3).map { _ in simulator.step() }
        #expect(steps.map { $0.extents.first?.used } == [5, 6, nil])
        #expect(steps.map(\.finished) == [[], [], [0]])
        #expect(simulator.isFinished)
        #expect(simulator.report.completedRequests == 1)
        #expect(simulator.report.busySteps == 2)
    }

    /// The paged engine's token budget: a prompt longer than max_num_batched_tokens is prefilled
    /// in chunks, and running requests are served before new ones are admitted.
    @Test func promptsArePrefilledInChunksWithinTheTokenBudget() throws {
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 200, maxNumBatchedTokens: 40),
            workload: [request(0, prompt: 100, output: 2), request(1, prompt: 30, output: 2)])
        let steps = (0..<5).map { _ in simulator.step() }
        #expect(steps.map { $0.extents.map(\.used) } == [[40], [80], [100, 20], [30], []])
        #expect(steps.map(\.admitted) == [[0], [], [1], [], []])
        #expect(steps.map(\.finished) == [[], [], [], [0], [1]])
        // A prefill chunk cap splits further.
        var capped = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 200, maxNumBatchedTokens: 40, maxPrefillChunk: 25),
            workload: [request(0, prompt: 60, output: 2)])
        #expect((0..<3).map { _ in capped.step().extents.map(\.used) } == [[25], [50], [60]])
        #expect(throws: ContiguousError.self) {
            try ContiguousSimulator(config: ContiguousConfig(policy: .oracle, capacitySlots: 8, maxNumBatchedTokens: 0),
                                    workload: [])
        }
    }

    @Test func everyStepAccountsForTheWholeCapacity() throws {
        let (requests, capacity) = try chat()
        for policy in ContiguousPolicy.allCases {
            var simulator = try ContiguousSimulator(
                config: ContiguousConfig(policy: policy, capacitySlots: capacity), workload: requests)
            var steps = 0
            simulator.runToEnd { snapshot in
                steps += 1
                #expect(snapshot.usage.total == capacity)
                #expect(snapshot.usage.tokenStates + snapshot.usage.reserved
                    + snapshot.usage.internalFragmentation == snapshot.extents.reduce(0) { $0 + $1.reserved })
            }
            let report = simulator.report
            #expect(abs(report.averageShares.sum - 1) < 1e-9)
            #expect(report.completedRequests == requests.count)
            #expect(report.steps >= steps)
        }
    }

    @Test func tokenStateShareGrowsFromMaxToPow2ToOracleOnChat() throws {
        let (requests, capacity) = try chat()
        let shares = try ContiguousPolicy.allCases.map {
            try ContiguousSimulator.run(config: ContiguousConfig(policy: $0, capacitySlots: capacity),
                                        workload: requests).averageShares
        }
        #expect(shares[0].tokenStates < shares[1].tokenStates)
        #expect(shares[1].tokenStates <= shares[2].tokenStates)
        #expect(shares[0].tokenStates > 0.15 && shares[0].tokenStates < 0.4)
        #expect(shares[0].internalFragmentation > shares[1].internalFragmentation)
        #expect(shares[2].internalFragmentation == 0)
    }

    /// Two freed 8-slot holes around a running 4-slot request: 16 slots free, yet a 12-slot
    /// request waits, and all 16 free slots count as external fragmentation.
    @Test func freeSlotsSplitAcrossHolesTooSmallAreExternalFragmentation() throws {
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 20),
            workload: [request(0, prompt: 7, output: 1), request(1, prompt: 1, output: 3),
                       request(2, prompt: 7, output: 1), request(3, at: 1, prompt: 10, output: 2)])
        let first = simulator.step()
        // 0 and 2 sample their only token in their prefill step and free their extents in it.
        #expect(first.extents.map(\.start) == [8])
        #expect(first.finished == [0, 2])
        let blocked = simulator.step()
        #expect(blocked.holes == [.init(start: 0, length: 8), .init(start: 12, length: 8)])
        #expect(blocked.blocked == ContiguousAdmissionBlock(
            request: 3, reservationSlots: 12, samples: 1, reason: .noHoleLargeEnough))
        #expect(blocked.usage.externalFragmentation == 16)
        #expect(blocked.usage.free == 0)
        #expect(blocked.waitingRequests == 1)
        simulator.step()  // request 1 finishes after this step's admission
        let admitted = simulator.step()
        #expect(admitted.admitted == [3])
        #expect(admitted.extents.first?.start == 0)
        #expect(admitted.usage.externalFragmentation == 0)
    }

    @Test func headOfLineBlockingKeepsLaterSmallRequestsWaiting() throws {
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 20),
            workload: [request(0, prompt: 10, output: 5), request(1, prompt: 14, output: 1),
                       request(2, prompt: 2, output: 1)])
        let first = simulator.step()
        #expect(first.admitted == [0])
        #expect(first.blocked?.reason == .notEnoughFreeSlots)
        #expect(first.waitingRequests == 2)
        #expect(first.usage.externalFragmentation == 5)
    }

    @Test func maxNumSeqsCapsConcurrentSequences() throws {
        let requests = (0..<6).map { request($0, prompt: 1, output: 4) }
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 1000, maxNumSeqs: 2), workload: requests)
        let first = simulator.step()
        #expect(first.blocked?.reason == .maxNumSeqs)
        simulator.runToEnd()
        #expect(simulator.report.peakConcurrentRequests == 2)
        #expect(simulator.report.completedRequests == 6)
    }

    @Test func parallelSamplesEachGetAnExtentAllOrNothing() throws {
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 25),
            workload: [request(0, prompt: 4, output: 4, samples: 3), request(1, prompt: 4, output: 4, samples: 1),
                       request(2, prompt: 2, output: 1, samples: 2)])
        let first = simulator.step()
        #expect(first.extents.map(\.owner.description) == ["R0", "R0.1", "R0.2"])
        #expect(first.admitted == [0])
        #expect(first.blocked?.reason == .noHoleLargeEnough || first.blocked?.reason == .notEnoughFreeSlots)
        #expect(simulator.allocator.count == 3, "the failed request left no partial extent")
    }

    @Test func requestThatCanNeverFitIsAnErrorNotAHang() {
        let big = request(4, prompt: 300, output: 100)
        #expect(throws: ContiguousError.neverFits(request: 4, reservationSlots: 400, samples: 1, capacitySlots: 256)) {
            try ContiguousSimulator(config: ContiguousConfig(policy: .oracle, capacitySlots: 256), workload: [big])
        }
        #expect(throws: ContiguousError.neverFits(request: 4, reservationSlots: 2048, samples: 1, capacitySlots: 1000)) {
            try ContiguousSimulator.run(config: ContiguousConfig(policy: .max, capacitySlots: 1000), workload: [big])
        }
        let error = ContiguousError.neverFits(request: 4, reservationSlots: 400, samples: 1, capacitySlots: 256)
        #expect(error.description == "request 4 reserves 400 slots but capacity is 256 slots: "
            + "raise the capacity or use a smaller reservation policy")
    }

    @Test func overlongRequestsAndBadConfigsAreRejected() {
        #expect(throws: ContiguousError.exceedsMaxModelLen(request: 0, finalLength: 3000, maxModelLen: 2048)) {
            try ContiguousSimulator(config: ContiguousConfig(policy: .oracle, capacitySlots: 9000),
                                    workload: [request(0, prompt: 2000, output: 1000)])
        }
        #expect(throws: ContiguousError.tooManySamples(request: 0, samples: 4, maxNumSeqs: 2)) {
            try ContiguousSimulator(config: ContiguousConfig(policy: .oracle, capacitySlots: 900, maxNumSeqs: 2),
                                    workload: [request(0, prompt: 2, output: 1, samples: 4)])
        }
        #expect(throws: ContiguousError.self) {
            try ContiguousSimulator(config: ContiguousConfig(policy: .oracle, capacitySlots: 0), workload: [])
        }
    }

    @Test func sameWorkloadGivesTheSameReport() throws {
        let (requests, capacity) = try chat()
        let config = ContiguousConfig(policy: .pow2, capacitySlots: capacity)
        #expect(try ContiguousSimulator.run(config: config, workload: requests)
            == ContiguousSimulator.run(config: config, workload: requests))
    }

    @Test func idleGapsBetweenArrivalsAreSkippedAndLeftOutOfTheAverages() throws {
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .oracle, capacitySlots: 10),
            workload: [request(0, prompt: 5, output: 2), request(1, at: 100, prompt: 5, output: 2)])
        var seen: [Int] = []
        simulator.runToEnd { seen.append($0.step) }
        // Each request holds memory in its prefill step only: the next step frees it.
        #expect(seen == [0, 1, 100, 101])
        #expect(simulator.report.busySteps == 2)
        #expect(simulator.report.averageShares.tokenStates == 0.5)
    }

    @Test func steppingACopyLeavesTheOriginalWhereItWas() throws {
        let (requests, capacity) = try chat()
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .max, capacitySlots: capacity), workload: requests)
        for _ in 0..<50 { simulator.step() }
        let saved = simulator
        let next = simulator.step()
        var replay = saved
        #expect(replay.step() == next)
    }
}

@Suite("Contiguous simulator: quiet steps in bulk give the same figures")
struct ContiguousBulkStepTests {
    @Test(arguments: ContiguousPolicy.allCases, ContiguousAllocatorKind.allCases)
    func bulkRunMatchesStepByStep(policy: ContiguousPolicy, allocator: ContiguousAllocatorKind) throws {
        var spec = WorkloadSpec.sharegpt
        spec.numRequests = 120
        var requests = try WorkloadGenerator(spec: spec).generate()
        requests[3] = WorkloadRequest(id: 3, arrivalStep: requests[3].arrivalStep,
                                      promptTokens: requests[3].promptTokens, outputLength: 5, samples: 3)
        requests[7] = WorkloadRequest(id: 7, arrivalStep: requests[7].arrivalStep,
                                      promptTokens: requests[7].promptTokens, outputLength: 0)
        let config = ContiguousConfig(policy: policy, capacitySlots: 9000, maxNumSeqs: 12, allocator: allocator)
        var stepwise = try ContiguousSimulator(config: config, workload: requests)
        var stepSum = ContiguousUsage()
        var stepPressure = ContiguousUsage()
        var stepCount = 0
        var stepRequests = 0
        stepwise.runToEnd { snapshot in
            guard !snapshot.extents.isEmpty else { return }
            stepCount += 1
            stepRequests += snapshot.runningRequests
            stepSum = stepSum + snapshot.usage
            if snapshot.blocked?.isBlockedForMemory == true { stepPressure = stepPressure + snapshot.usage }
        }
        var bulk = try ContiguousSimulator(config: config, workload: requests)
        var bulkSum = ContiguousUsage()
        var bulkPressure = ContiguousUsage()
        var bulkCount = 0
        var bulkRequests = 0
        bulk.runToEnd { sum, steps, requestSteps, blocked in
            bulkCount += steps
            bulkRequests += requestSteps
            bulkSum = bulkSum + sum
            if blocked { bulkPressure = bulkPressure + sum }
        }
        #expect(bulkSum == stepSum)
        #expect(bulkPressure == stepPressure)
        #expect(bulkCount == stepCount)
        #expect(bulkRequests == stepRequests)
        #expect(bulk.report == stepwise.report)
    }
}
