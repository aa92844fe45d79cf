import Testing
@testable import KVCore

/// The scheduler running the hybrid manager through `BlockManager`, as the engine does.
@Suite("Hybrid paging: the scheduler on a full + sliding-window model")
struct HybridSchedulerTests {
    static func make(blocks: Int, window: Int = 8) -> Scheduler {
        let kv = HybridKVCacheManager(config: .init(numBlocks: blocks, blockSize: 4, groups: [.full, .slidingWindow(window)]))
        let config = SchedulerConfig(maxNumBatchedTokens: 64, maxNumSeqs: 8, maxPrefillChunk: nil,
                                     publishing: .whenScheduled, sampling: .v1)
        return Scheduler(config: config, kv: kv)
    }

    static func hybrid(_ scheduler: Scheduler) throws -> HybridKVCacheManager {
        try #require(scheduler.kv as? HybridKVCacheManager)
    }

    /// Block size 4, window 8 (a hit needs ceil(7 / 4) = 2 sliding blocks in a row).
    /// Step 1: R0's 20-token prompt takes 5 blocks a group (full 0-4, sliding 5-9), published
    /// when placed; once computed, token 20 sees 13...20, so sliding blocks 0-2 (7, 6, 5) go
    /// back. Step 2: R1 (R0's first 16 tokens + 4 of its own) hits at most (20 - 1) / 4 = 4
    /// blocks: full 0-3 cached; sliding logical 3 (8, held by R0) and 2 (7, free but cached)
    /// -> 4 blocks, 16 tokens.
    @Test func slidingBlocksLeaveAndHitsHoldInBothGroups() throws {
        var scheduler = Self.make(blocks: 40)
        let r0 = SchedulerTests.tokens(0, 20)
        scheduler.add(Request(id: RequestID(0), promptTokens: r0, maxOutputTokens: 12))
        scheduler.add(Request(id: RequestID(1), arrivalStep: 1, promptTokens: Array(r0.prefix(16)) + SchedulerTests.tokens(500, 4),
                              maxOutputTokens: 6))
        SchedulerTests.step(&scheduler)
        var kv = try Self.hybrid(scheduler)
        let seq0 = scheduler.sequence(RequestID(0))
        #expect(kv.blockTable(of: seq0, group: 0) == [0, 1, 2, 3, 4])
        #expect(kv.blockTable(of: seq0, group: 1) == [nil, nil, nil, 8, 9])
        #expect(kv.freeQueue().suffix(3) == [7, 6, 5])

        SchedulerTests.step(&scheduler)
        #expect(scheduler.requests[RequestID(1)]?.prefixHitBlocks == 4)
        kv = try Self.hybrid(scheduler)
        let seq1 = scheduler.sequence(RequestID(1))
        #expect(Array(kv.blockTable(of: seq1, group: 0).prefix(4)) == [0, 1, 2, 3])
        try kv.checkInvariants()

        var steps = 2
        while scheduler.hasUnfinishedRequests && steps < 100 {
            SchedulerTests.step(&scheduler)
            try scheduler.kv.checkInvariants()
            steps += 1
        }
        #expect(!scheduler.hasUnfinishedRequests)
        kv = try Self.hybrid(scheduler)
        #expect(kv.numUsedBlocks == 0)
        // R0 ends at 32 tokens: its sliding group returned every block but the last two.
        #expect(kv.hybridStats.freedBehindWindow >= 6)
    }

    /// A pool too small for everyone at once: the scheduler preempts and later readmits, and
    /// the manager stays consistent after every step, ending with every block free.
    @Test func preemptionUnderPressureKeepsTheInvariants() throws {
        var scheduler = Self.make(blocks: 14, window: 8)
        for index in 0 ..< 4 {
            scheduler.add(Request(id: RequestID(index), promptTokens: SchedulerTests.tokens(Int32(index * 100), 10), maxOutputTokens: 14))
        }
        var preempted = 0
        var steps = 0
        while scheduler.hasUnfinishedRequests && steps < 300 {
            preempted += SchedulerTests.step(&scheduler).preempted.count
            try scheduler.kv.checkInvariants()
            steps += 1
        }
        #expect(!scheduler.hasUnfinishedRequests)
        #expect(preempted > 0, "14 blocks cannot hold four 24-token requests in two groups")
        #expect(scheduler.kv.numUsedBlocks == 0)
    }
}
