import Testing
@testable import KVCore

@Suite("Paging: allocation, prefix hits, free order, eviction")
struct PagingAllocationTests {
    @Test func freshPoolQueuesEveryBlockInOrder() {
        let manager = KVCacheManager.small()
        #expect(manager.freeQueue() == (0 ..< 8).map { BlockID(Int32($0)) })
        #expect(manager.numFreeBlocks == 8)
        #expect(manager.numUsedBlocks == 0)
        #expect(manager.numCachedFreeBlocks == 0)
    }

    @Test func allocationTakesBlocksFromTheHeadAndFillsThem() throws {
        var manager = KVCacheManager.small()
        let result = manager.allocate(0, tokens: run(100, 6))
        #expect(result == AllocationResult(hitBlocks: 0, freshBlocks: 2, evictions: 0))
        #expect(manager.blockTable(of: 0) == [0, 1])
        #expect(manager.freeQueue() == [2, 3, 4, 5, 6, 7])
        #expect(manager.block(1).filledSlots == 2)
        #expect(manager.block(1).tokens == [104, 105])
        #expect(manager.tokens(of: 0) == run(100, 6))
        #expect(manager.slot(of: 0, token: 5) == 1 * 4 + 1)
        #expect(manager.numComputedTokens(of: 0) == 0)
        try manager.checkInvariants()
    }

    @Test func allocationIsAllOrNothing() throws {
        var manager = KVCacheManager.small()
        manager.admitComputed(0, run(0, 20))                        // 5 of 8 blocks
        let before = (manager.freeQueue(), manager.stats, manager.numHashedBlocks)
        #expect(!manager.canAllocate(tokens: run(50, 16)))
        #expect(manager.allocate(1, tokens: run(50, 16)) == nil)   // needs 4, 3 are free
        #expect(!manager.contains(1))
        #expect(manager.freeQueue() == before.0)
        #expect(manager.stats == before.1)
        #expect(manager.numHashedBlocks == before.2)
        #expect(manager.allocate(1, tokens: run(50, 12)) != nil)   // 3 fit
        try manager.checkInvariants()
    }

    @Test func aPromptHitsAtMostAllButItsLastToken() {
        var manager = KVCacheManager.small()
        manager.admitComputed(0, run(0, 8))                        // two full published blocks
        #expect(manager.cachedPrefixBlocks(for: run(0, 8)) == 1)   // (8 - 1) / 4
        #expect(manager.cachedPrefixBlocks(for: run(0, 9)) == 2)
        #expect(manager.cachedPrefixBlocks(for: run(0, 4)) == 0)
        let result = manager.allocate(1, tokens: run(0, 8))
        #expect(result?.hitBlocks == 1)
        #expect(manager.numComputedTokens(of: 1) == 4)             // hits count as computed
    }

    @Test func aHitOnAUsedBlockSharesIt() throws {
        var manager = KVCacheManager.small()
        manager.admitComputed(0, run(0, 6))
        let result = manager.allocate(1, tokens: run(0, 5))
        #expect(result == AllocationResult(hitBlocks: 1, freshBlocks: 1, evictions: 0))
        #expect(manager.blockTable(of: 1) == [0, 2])
        #expect(manager.block(0).refCount == 2)
        #expect(manager.freeQueueTicket(of: 0) == nil)   // used blocks never wait in the free queue
        #expect(manager.stats.hitBlocks == 1)
        try manager.checkInvariants()
    }

    @Test func aHitOnACachedFreeBlockTakesItOutOfTheQueue() throws {
        var manager = KVCacheManager.small()
        manager.admitComputed(0, run(0, 9))                        // blocks 0, 1 published; 2 partial
        manager.free(0)
        #expect(manager.numCachedFreeBlocks == 2)
        #expect(manager.block(1).state == .cachedFree)
        let result = manager.allocate(1, tokens: run(0, 9))
        #expect(result == AllocationResult(hitBlocks: 2, freshBlocks: 1, evictions: 0))
        #expect(manager.blockTable(of: 1) == [0, 1, 3])
        #expect(manager.block(0).refCount == 1)
        #expect(manager.numCachedFreeBlocks == 0)
        #expect(!manager.freeQueue().contains(0) && !manager.freeQueue().contains(1))
        try manager.checkInvariants()
    }

    @Test func freeingReleasesTheTailFirstOntoTheQueueTail() {
        var manager = KVCacheManager.small(events: true)
        _ = manager.allocate(0, tokens: run(0, 12))
        _ = manager.drainEvents()
        manager.free(0)
        #expect(manager.freeQueue() == [3, 4, 5, 6, 7, 2, 1, 0])
        #expect(manager.drainEvents() == [
            .freed(seq: 0, block: 2, refCountAfter: 0),
            .freed(seq: 0, block: 1, refCountAfter: 0),
            .freed(seq: 0, block: 0, refCountAfter: 0),
        ])
        #expect(!manager.contains(0))
    }

    @Test func evictionIsLazyAndHitsTheHeadOnly() {
        var manager = KVCacheManager.small(blocks: 4, events: true)
        manager.admitComputed(0, run(0, 9))                        // blocks 0, 1 cached after free
        manager.free(0)                                            // queue: 3, 2, 1, 0
        #expect(manager.numHashedBlocks == 2)
        _ = manager.allocate(1, tokens: run(50, 8))                    // takes the clean 3, 2
        #expect(manager.stats.evictions == 0)
        #expect(manager.cachedPrefixBlocks(for: run(0, 9)) == 2)
        _ = manager.drainEvents()
        _ = manager.allocate(2, tokens: run(80, 1))                    // takes 1: the tail block goes first
        #expect(manager.stats.evictions == 1)
        let first = BlockHasher.default.hash(parent: nil, tokens: run(0, 4))
        let second = BlockHasher.default.hash(parent: first, tokens: run(4, 4))
        #expect(manager.drainEvents() == [
            .evicted(block: 1, hash: second),
            .allocated(seq: 2, block: 1, logicalIndex: 0),
        ])
        #expect(manager.numHashedBlocks == 1)
        #expect(manager.cachedPrefixBlocks(for: run(0, 9)) == 1)   // block 0 still hits
    }

    @Test func theIndexKeepsTheBlockThatReceivedAHashLast() throws {
        var manager = KVCacheManager.small(blocks: 6)
        let prompt = run(0, 5)
        _ = manager.allocate(0, tokens: prompt)                        // [0, 1], nothing to hit yet
        _ = manager.allocate(1, tokens: prompt)                        // [2, 3]
        manager.commit(0, computedTokens: 5)                       // 0 gets the hash
        manager.commit(1, computedTokens: 5)                       // 2 gets it too, and the index
        #expect(manager.block(0).hash == manager.block(2).hash)
        #expect(manager.numHashedBlocks == 2)
        #expect(manager.cachedPrefixBlocks(for: prompt) == 1)
        _ = manager.allocate(2, tokens: prompt)
        #expect(manager.blockTable(of: 2) == [2, 4])
        manager.free(2)
        manager.free(0)
        #expect(manager.freeQueue() == [5, 4, 1, 0])
        _ = manager.allocate(3, tokens: run(50, 12))                   // takes 5, 4, 1: none hashed
        #expect(manager.stats.evictions == 0)
        _ = manager.allocate(4, tokens: [7])                           // evicts the older duplicate, 0
        #expect(manager.stats.evictions == 1)
        #expect(manager.numHashedBlocks == 1)
        #expect(manager.cachedPrefixBlocks(for: prompt) == 1)      // the index still finds 2
        manager.free(1)
        #expect(manager.freeQueue() == [3, 2])
        _ = manager.allocate(5, tokens: [8])                           // takes 3
        _ = manager.allocate(6, tokens: [9])                           // evicts 2, which the index held
        #expect(manager.stats.evictions == 2)
        #expect(manager.cachedPrefixBlocks(for: prompt) == 0)
        try manager.checkInvariants()
    }

    @Test func withPrefixCachingOffNothingIsPublishedOrHit() throws {
        var manager = KVCacheManager.small(prefixCaching: false)
        manager.admitComputed(0, run(0, 9))
        #expect(manager.numHashedBlocks == 0)
        #expect(manager.block(0).hash == nil)
        #expect(manager.allocate(1, tokens: run(0, 9))?.hitBlocks == 0)
        manager.free(0)
        manager.free(1)
        #expect(manager.numCachedFreeBlocks == 0)
        #expect(manager.allocate(2, tokens: run(0, 9))?.hitBlocks == 0)
        #expect(manager.stats.evictions == 0)
        try manager.checkInvariants()
    }

    @Test func commitPublishesOnlyFullComputedBlocksWithChainedHashes() {
        var manager = KVCacheManager.small(events: true)
        _ = manager.allocate(0, tokens: run(0, 10))
        manager.commit(0, computedTokens: 3)
        #expect(manager.numHashedBlocks == 0)
        manager.commit(0, computedTokens: 9)
        let first = BlockHasher.default.hash(parent: nil, tokens: run(0, 4))
        let second = BlockHasher.default.hash(parent: first, tokens: run(4, 4))
        #expect(manager.block(0).hash == first)
        #expect(manager.block(1).hash == second)
        #expect(manager.block(2).hash == nil)
        #expect(manager.drainEvents().suffix(2) == [
            .published(seq: 0, block: 0, hash: first),
            .published(seq: 0, block: 1, hash: second),
        ])
        #expect(manager.numComputedTokens(of: 0) == 9)
    }

    @Test func hitEventsComeBeforeFreshBlocksInLogicalOrder() {
        var manager = KVCacheManager.small(events: true)
        manager.admitComputed(0, run(0, 5))
        _ = manager.drainEvents()
        _ = manager.allocate(1, tokens: run(0, 6))
        #expect(manager.drainEvents() == [
            .prefixHit(seq: 1, block: 0, logicalIndex: 0),
            .allocated(seq: 1, block: 2, logicalIndex: 1),
        ])
    }
}
