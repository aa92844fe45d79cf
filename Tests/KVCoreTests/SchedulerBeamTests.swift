import Testing
@testable import KVCore

/// Beam search (the PagedAttention paper's design) in the scheduler constructed directly, with
/// hand-made logits, so each test knows which beam forks and which dies.
@Suite("Scheduler beams")
struct SchedulerBeamTests {
    static let prompt: [TokenID] = [10, 11, 12, 13, 14, 15]  // one full block and a half (size 4)

    /// Logits treated as log-probabilities, over a 4-token vocabulary. Step 1 ranks 0 > 1 > 2;
    /// step 2 makes beam "0" strong (chosen twice: a fork), beam "1" weak but kept, beam "2" dead.
    static func designedLogits(_ tokens: [TokenID]) -> [Float] {
        let output = Array(tokens.dropFirst(prompt.count))
        switch output.count {
        case 0: return [3, 2, 1, 0]
        case 1: return output[0] == 0 ? [5, 4, 0, 0] : (output[0] == 1 ? [2, 0, 0, 0] : [0, 0, 0, 0])
        default:
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for token in output { state = (state ^ UInt64(token + 1)) &* 0xBF58_476D_1CE4_E5B9 }
            return (0..<4).map { Float((state >> (8 * UInt64($0))) % 64) / 16 }
        }
    }

    /// The `width` best (beam, token) pairs, ties to the lower beam then the lower token.
    static func choose(_ round: BeamRound) -> [BeamChoice] {
        var candidates: [BeamChoice] = []
        for (index, row) in round.logits.enumerated() {
            for (token, value) in row.enumerated() {
                candidates.append(BeamChoice(parent: index, token: TokenID(token), score: round.scores[index] + Double(value)))
            }
        }
        candidates.sort { ($0.score, -$0.parent, -Int($0.token)) > ($1.score, -$1.parent, -Int($1.token)) }
        return Array(candidates.prefix(round.width))
    }

    /// The same search on token lists alone, as the reference for the scheduler's bookkeeping.
    static func referenceBest(length: Int, width: Int) -> [TokenID] {
        var beams: [(tokens: [TokenID], score: Double)] = [([], 0)]
        for _ in 0..<length {
            let round = BeamRound(root: RequestID(0), width: width, beams: beams.indices.map { RequestID($0) },
                                  tokens: beams.map(\.tokens), scores: beams.map(\.score),
                                  logits: beams.map { designedLogits(prompt + $0.tokens) })
            beams = choose(round).map { (beams[$0.parent].tokens + [$0.token], $0.score) }
        }
        return beams[0].tokens
    }

    /// One engine-like step: schedule, "run the model" (logits of each chunk's sequence), finish,
    /// then a beam-search step for every request whose beams all caught up.
    @discardableResult
    static func step(_ scheduler: inout Scheduler) -> [SchedulerEvent] {
        let plan = scheduler.schedule()
        var rows: [RequestID: [Float]] = [:]
        for chunk in plan.chunks {
            if let request = scheduler.requests[chunk.request] { rows[chunk.request] = designedLogits(request.allTokens) }
        }
        scheduler.finishStep(plan, sample: { request, _ in TokenID(100 + request.outputTokens.count) },
                             beamLogits: { rows[$0] })
        scheduler.advanceBeams(choose: choose)
        return scheduler.drainEvents()
    }

    /// Every block's ref count equals the number of live beams (and other running requests)
    /// whose block table holds it, and the manager's own invariants hold.
    static func expectRefCountsFollowTables(_ scheduler: Scheduler, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try scheduler.kv.checkInvariants()
        var holders = [Int](repeating: 0, count: scheduler.kv.numBlocks)
        let live = scheduler.requests.values.filter { $0.status == .running }
        for request in live {
            for block in Set(scheduler.kv.blockTable(of: scheduler.sequence(request.id))) { holders[block.index] += 1 }
        }
        for index in 0..<scheduler.kv.numBlocks {
            #expect(scheduler.kv.refCount(of: BlockID(index)) == holders[index],
                    "block \(index): ref count \(scheduler.kv.refCount(of: BlockID(index))), held by \(holders[index]) tables",
                    sourceLocation: sourceLocation)
        }
        for (root, group) in scheduler.beamGroups where group.best == nil {
            #expect(group.beams.count <= group.width, "\(root) has \(group.beams.count) beams", sourceLocation: sourceLocation)
        }
    }

    static func make(blocks: Int = 24, maxSeqs: Int = 8, preemption: PreemptionMode = .recompute) -> Scheduler {
        let kv = KVCacheManager(numBlocks: blocks, blockSize: 4, enablePrefixCaching: true, recordsEvents: true)
        return Scheduler(config: SchedulerConfig(maxNumBatchedTokens: 64, maxNumSeqs: maxSeqs, preemption: preemption,
                                                 cpuBlocks: preemption == .swap ? 16 : 0), kv: kv)
    }

    @Test func beamsForkShareAndDieWithRefCountsMatchingTheTablesAfterEveryStep() throws {
        var scheduler = Self.make()
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.prompt, maxOutputTokens: 5, beamWidth: 3))

        // Step 1 computes the prompt; the first beam-search step forks it into three beams that
        // share both prompt blocks (ref count 3), the partial one included.
        var events = Self.step(&scheduler)
        try Self.expectRefCountsFollowTables(scheduler)
        #expect(events.filter { if case .forked = $0 { true } else { false } }.count == 2)
        let beams = try #require(scheduler.beamGroups[RequestID(0)]).beams
        #expect(beams.count == 3)
        let promptBlocks = scheduler.kv.blockTable(of: scheduler.sequence(RequestID(0)))
        #expect(promptBlocks.map { scheduler.kv.refCount(of: $0) } == [3, 3])

        // Step 2: each beam writes its token into the shared partial block: the first two copy
        // it (copy-on-write), the last one left writes in place. Then beam "2" dies and beam
        // "0" forks: the dead beam's private block is freed.
        events = Self.step(&scheduler)
        try Self.expectRefCountsFollowTables(scheduler)
        let copies = events.filter { if case .paging(.copiedOnWrite) = $0 { true } else { false } }
        #expect(copies.count == 2)
        let dropped = events.compactMap { if case let .beamDropped(id, freed) = $0 { (id, freed) } else { nil } }
        #expect(dropped.count == 1)
        #expect(dropped.first?.1 == 1, "the dead beam's own copy of the partial block is freed")
        #expect(dropped.first.map { scheduler.requests[$0.0]?.outputTokens } == [2])
        let forks = events.compactMap { if case let .forked(parent, _) = $0 { parent } else { nil } }
        #expect(forks == [RequestID(0)], "beam 0 is chosen twice, so it forks once")

        while scheduler.hasUnfinishedRequests {
            Self.step(&scheduler)
            try Self.expectRefCountsFollowTables(scheduler)
        }
        // No block leaked: every beam's sequence is gone and the whole pool is free again.
        #expect(scheduler.kv.numFreeBlocks == scheduler.kv.numBlocks)
        #expect(scheduler.kv.numSequences == 0)
        let group = try #require(scheduler.beamGroups[RequestID(0)])
        let best = try #require(group.best.flatMap { scheduler.requests[$0] })
        #expect(best.isBestBeam)
        #expect(best.outputTokens == Self.referenceBest(length: 5, width: 3))
    }

    @Test func maxNumSeqsCountsEveryBeam() {
        // max_num_seqs 4: the 3-beam request reserves 3 sequences at admission, so of the two
        // plain requests arriving with it only one runs alongside; the other waits for a beam
        // or the first plain request to finish.
        var scheduler = Self.make(maxSeqs: 4)
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.prompt, maxOutputTokens: 4, beamWidth: 3))
        scheduler.add(Request(id: RequestID(1), promptTokens: [20, 21], maxOutputTokens: 6))
        scheduler.add(Request(id: RequestID(2), promptTokens: [30, 31], maxOutputTokens: 2))
        _ = scheduler.schedule()
        #expect(scheduler.running == [RequestID(0), RequestID(1)])
        #expect(scheduler.reservedSequences == 4)
        scheduler = Self.make(maxSeqs: 4)
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.prompt, maxOutputTokens: 4, beamWidth: 3))
        scheduler.add(Request(id: RequestID(1), promptTokens: [20, 21], maxOutputTokens: 6))
        scheduler.add(Request(id: RequestID(2), promptTokens: [30, 31], maxOutputTokens: 2))
        var admittedR2 = false
        while scheduler.hasUnfinishedRequests {
            Self.step(&scheduler)
            #expect(scheduler.running.count <= 4, "running \(scheduler.running.count) sequences above max_num_seqs 4")
            if scheduler.running.contains(RequestID(2)) || scheduler.requests[RequestID(2)]?.isFinished == true {
                if !admittedR2 {
                    admittedR2 = true
                    #expect(scheduler.requests[RequestID(1)]?.isFinished == true
                            || scheduler.beamGroups[RequestID(0)]?.best != nil)
                }
            }
        }
        #expect(admittedR2)
    }

    @Test(arguments: [PreemptionMode.recompute, .swap])
    func aPreemptedBeamComesBackAndTheSearchStillMatchesTheReference(_ mode: PreemptionMode) throws {
        // A pool too small for three beams and a plain request: preemption hits beams too
        // (recomputed, prefix cache hits on their shared blocks), and the result is unchanged.
        // The plain request is admitted first, so the newest running sequence is always a beam.
        var scheduler = Self.make(blocks: 7, preemption: mode)
        scheduler.add(Request(id: RequestID(1), promptTokens: [40, 41, 42, 43, 44], maxOutputTokens: 6))
        scheduler.add(Request(id: RequestID(0), promptTokens: Self.prompt, maxOutputTokens: 5, beamWidth: 3))
        var steps = 0
        while scheduler.hasUnfinishedRequests, steps < 200 {
            Self.step(&scheduler)
            try Self.expectRefCountsFollowTables(scheduler)
            steps += 1
        }
        #expect(!scheduler.hasUnfinishedRequests)
        #expect(scheduler.totalPreemptions > 0, "the pool is small enough to preempt")
        #expect(scheduler.requests.values.contains { $0.isBeam && $0.numPreemptions > 0 }, "a beam was preempted")
        #expect(scheduler.kv.numFreeBlocks == scheduler.kv.numBlocks)
        #expect(scheduler.cpu.numUsedBlocks == 0, "every swapped block came back")
        let best = try #require(scheduler.beamGroups[RequestID(0)]?.best.flatMap { scheduler.requests[$0] })
        #expect(best.outputTokens == Self.referenceBest(length: 5, width: 3))
    }
}
