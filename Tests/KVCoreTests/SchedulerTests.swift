import Testing
@testable import KVCore

/// The scheduler constructed directly, with a small pool and hand-made requests, so each test
/// can name the exact step at which something must happen.
@Suite("Scheduler")
struct SchedulerTests {
    static func make(blocks: Int, blockSize: Int = 4, budget: Int = 64, maxSeqs: Int = 8, chunk: Int? = nil,
                     publishing: PrefixPublishing = .whenScheduled, sampling: ParallelSamplingDesign = .v1,
                     caching: Bool = true) -> Scheduler {
        let kv = KVCacheManager(numBlocks: blocks, blockSize: blockSize, enablePrefixCaching: caching)
        let config = SchedulerConfig(maxNumBatchedTokens: budget, maxNumSeqs: maxSeqs, maxPrefillChunk: chunk,
                                     publishing: publishing, sampling: sampling)
        return Scheduler(config: config, kv: kv)
    }

    static func tokens(_ base: Int32, _ count: Int) -> [TokenID] { (0..<count).map { base + TokenID($0) } }

    /// One step with a deterministic sampled token per (request, position).
    @discardableResult
    static func step(_ scheduler: inout Scheduler) -> StepPlan {
        let plan = scheduler.schedule()
        scheduler.finishStep(plan) { request, _ in TokenID(900 + request.id.rawValue % 1000 * 10 + request.outputTokens.count) }
        return plan
    }

    /// After a step, every running request holds exactly the blocks of its computed tokens.
    static func expectBlocksFollowComputedTokens(_ scheduler: Scheduler, sourceLocation: SourceLocation = #_sourceLocation) {
        for id in scheduler.running {
            guard let request = scheduler.requests[id] else { continue }
            let held = scheduler.kv.blockTable(of: scheduler.sequence(id)).count
            let expected = (request.numComputedTokens + scheduler.kv.blockSize - 1) / scheduler.kv.blockSize
            #expect(held == expected, "\(id) holds \(held) blocks for \(request.numComputedTokens) computed tokens",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func theNewestRunningRequestIsPreemptedAndRequeuedAtTheFront() throws {
        // Three 3-token prompts, one block each, fill a 3-block pool. Step 2: R0's fifth token
        // needs a block; R2 (admitted last) is the victim, then R1 needs one and is the newest
        // left, so it preempts itself. Both go to the front, the older one first.
        var scheduler = Self.make(blocks: 3)
        for index in 0..<3 {
            scheduler.add(Request(id: RequestID(index), promptTokens: Self.tokens(Int32(index * 100), 3), maxOutputTokens: 10))
        }
        scheduler.add(Request(id: RequestID(3), arrivalStep: 2, promptTokens: [7], maxOutputTokens: 1))
        let first = Self.step(&scheduler)
        #expect(first.admitted == [RequestID(0), RequestID(1), RequestID(2)])
        Self.step(&scheduler)
        #expect(scheduler.kv.numFreeBlocks == 0)
        let third = Self.step(&scheduler)
        #expect(third.preempted == [RequestID(2), RequestID(1)])
        #expect(third.admitted.isEmpty, "a step that preempted admits nobody, R3 included")
        #expect(third.chunks.map(\.request) == [RequestID(0)])
        #expect(scheduler.running == [RequestID(0)])
        #expect(Array(scheduler.waiting.prefix(3)) == [RequestID(1), RequestID(2), RequestID(3)])
        #expect(scheduler.requests[RequestID(1)]?.numComputedTokens == 0)
        try scheduler.kv.checkInvariants()
    }

    @Test func aStepThatPreemptsNeverAdmitsUnderRandomPressure() throws {
        var random = SeededGenerator(seed: 11)
        for round in 0..<4 {
            var scheduler = Self.make(blocks: 12, budget: 24, maxSeqs: 6, chunk: 8)
            let system = Self.tokens(5_000, 8)
            for index in 0..<30 {
                let shared = Bool.random(using: &random)
                let own = Self.tokens(Int32(10_000 + index * 100), Int.random(in: 1...9, using: &random))
                scheduler.add(Request(id: RequestID(index), arrivalStep: index / 3,
                                      promptTokens: shared ? system + own : own,
                                      maxOutputTokens: Int.random(in: 1...12, using: &random)))
            }
            var preempting = 0
            var steps = 0
            while scheduler.hasUnfinishedRequests, steps < 2_000 {
                let plan = Self.step(&scheduler)
                if !plan.preempted.isEmpty {
                    preempting += 1
                    #expect(plan.admitted.isEmpty, "round \(round) step \(plan.step)")
                }
                #expect(plan.scheduledTokens <= 24)
                #expect(scheduler.running.count <= 6)
                Self.expectBlocksFollowComputedTokens(scheduler)
                try scheduler.kv.checkInvariants()
                steps += 1
            }
            #expect(!scheduler.hasUnfinishedRequests)
            #expect(preempting > 0, "round \(round) must preempt for the test to mean anything")
        }
    }

    @Test func prefillChunksTakeOnlyTheBlocksOfTheTokensScheduled() throws {
        // A 10-token prompt with a chunk cap of 4: chunks 4, 4, 2, and after each step the request
        // holds ceil(computed / 4) blocks, not the 3 of its whole prompt.
        var scheduler = Self.make(blocks: 8, chunk: 4)
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.tokens(1, 10), maxOutputTokens: 3))
        var held: [Int] = []
        var chunks: [Int] = []
        while scheduler.hasUnfinishedRequests {
            let plan = Self.step(&scheduler)
            chunks += plan.chunks.map(\.numTokens)
            if scheduler.running.contains(RequestID(0)) {
                held.append(scheduler.kv.blockTable(of: scheduler.sequence(RequestID(0))).count)
            }
            Self.expectBlocksFollowComputedTokens(scheduler)
        }
        #expect(chunks == [4, 4, 2, 1, 1])
        #expect(held == [1, 2, 3, 3])  // finished after the last decode step
        #expect(scheduler.kv.stats.peakUsedBlocks == 3)
    }

    @Test func theBudgetCutsAChunkAndTheNextStepContinuesIt() throws {
        var scheduler = Self.make(blocks: 8, budget: 6)
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.tokens(1, 9), maxOutputTokens: 2))
        scheduler.add(Request(id: RequestID(1), promptTokens: Self.tokens(50, 3), maxOutputTokens: 2))
        let first = Self.step(&scheduler)
        #expect(first.chunks.map(\.numTokens) == [6])
        #expect(first.admitted == [RequestID(0)], "the budget is spent, R1 waits")
        let second = Self.step(&scheduler)
        #expect(second.chunks.map(\.numTokens) == [3, 3])
        Self.expectBlocksFollowComputedTokens(scheduler)
    }

    @Test func blocksPublishedWhenScheduledAreSharedByARequestOfTheSameStep() throws {
        // Two requests with the same 8-token prefix, admitted in one step. v1 publishes the first
        // one's two full blocks when it is scheduled, so the second hits them; publishing on
        // commit (nano-vllm, the traces) finds nothing until the step is over.
        let prefix = Self.tokens(300, 8)
        for publishing in PrefixPublishing.allCases {
            var scheduler = Self.make(blocks: 16, publishing: publishing)
            scheduler.add(Request(id: RequestID(0), promptTokens: prefix + [1, 2], maxOutputTokens: 2))
            scheduler.add(Request(id: RequestID(1), promptTokens: prefix + [3], maxOutputTokens: 2))
            let plan = Self.step(&scheduler)
            #expect(plan.admitted.count == 2)
            let hits = scheduler.requests[RequestID(1)]?.prefixHitBlocks
            #expect(hits == (publishing == .whenScheduled ? 2 : 0), "\(publishing)")
            #expect(plan.chunks.map(\.numTokens) == (publishing == .whenScheduled ? [10, 1] : [10, 9]))
            try scheduler.kv.checkInvariants()
        }
    }

    @Test func maxNumSeqsCountsForksBeforeTheyHappen() throws {
        // Paper design: a request for 3 samples runs as 3 sequences once its prompt is done, so
        // with max_num_seqs 4 a second request for 2 samples waits until the first finishes.
        var scheduler = Self.make(blocks: 32, maxSeqs: 4, sampling: .paper)
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.tokens(1, 5), maxOutputTokens: 3, samples: 3))
        scheduler.add(Request(id: RequestID(1), promptTokens: Self.tokens(40, 5), maxOutputTokens: 3, samples: 2))
        var admittedR1At: Int?
        while scheduler.hasUnfinishedRequests {
            let plan = Self.step(&scheduler)
            if plan.admitted.contains(RequestID(1)) { admittedR1At = plan.step }
            #expect(scheduler.running.count <= 4)
            #expect(scheduler.reservedSequences <= 4)
            try scheduler.kv.checkInvariants()
        }
        #expect(scheduler.requests[RequestID(0)]?.finishedStep == 2)
        #expect(admittedR1At == 3)
        #expect(scheduler.finished.count == 5)
        #expect(scheduler.kv.stats.copiesOnWrite > 0)
    }

    @Test func maxNumSeqsCountsV1ChildRequests() throws {
        // v1 design: n = 3 becomes three requests; with max_num_seqs 2 the third waits.
        var scheduler = Self.make(blocks: 32, maxSeqs: 2)
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.tokens(1, 6), maxOutputTokens: 2, samples: 3))
        let first = Self.step(&scheduler)
        #expect(first.admitted.count == 2)
        #expect(scheduler.waiting.count == 1)
        #expect(scheduler.requests.values.filter { $0.parent == RequestID(0) }.count == 2)
        while scheduler.hasUnfinishedRequests {
            Self.step(&scheduler)
            #expect(scheduler.running.count <= 2)
        }
        #expect(scheduler.finished.count == 3)
        #expect(scheduler.kv.stats.copiesOnWrite == 0)
        // The children hit the prompt's full block (the first one at the same step).
        #expect(scheduler.requests.values.filter { $0.parent != nil }.allSatisfy { $0.prefixHitBlocks == 1 })
    }
}
