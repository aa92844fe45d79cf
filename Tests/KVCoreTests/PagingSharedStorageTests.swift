import Testing
@testable import KVCore

/// The sequence records share the pool's copy-on-write storage, and a trace replay checks that
/// storage once instead of per op: neither may leak writes into another manager value.
@Suite("Paging: shared storage")
struct PagingSharedStorageTests {
    @Test func growingTheRecordsLeavesACopyUntouched() {
        var manager = KVCacheManager(numBlocks: 64, blockSize: 4)
        _ = manager.allocate(SequenceID(0), tokens: run(0, 5))
        let keyframe = manager
        _ = manager.allocate(SequenceID(40), tokens: run(100, 6))  // beyond the first 16 records
        manager.commit(SequenceID(0), computedTokens: 5)
        #expect(keyframe.sequenceIDs == [SequenceID(0)])
        #expect(keyframe.numComputedTokens(of: SequenceID(0)) == 0)
        #expect(manager.sequenceIDs == [SequenceID(0), SequenceID(40)])
        #expect(manager.numComputedTokens(of: SequenceID(0)) == 5)
        #expect(keyframe.validate().isEmpty)
        #expect(manager.validate().isEmpty)
    }

    @Test func aCommitOnACopyLeavesTheOriginalsComputedCount() {
        var original = KVCacheManager(numBlocks: 8, blockSize: 4)
        _ = original.allocate(SequenceID(1), tokens: run(0, 6))
        var copy = original
        copy.commit(SequenceID(1), computedTokens: 6)
        #expect(original.numComputedTokens(of: SequenceID(1)) == 0)
        #expect(original.numHashedBlocks == 0)
        #expect(copy.numComputedTokens(of: SequenceID(1)) == 6)
        #expect(copy.numHashedBlocks == 1)
    }

    @Test func replayingATraceOnASharedManagerLeavesTheOtherValueFresh() throws {
        let trace = try KVTrace(contentsOf: TraceFixtures.path("small.kvtrace"))
        let fresh = trace.makeManager()
        var manager = fresh
        _ = try trace.replay(on: &manager)
        #expect(fresh.numFreeBlocks == trace.numBlocks)
        #expect(fresh.numHashedBlocks == 0)
        #expect(fresh.stats == PagingStats())
        #expect(manager.stats != PagingStats())
    }
}
