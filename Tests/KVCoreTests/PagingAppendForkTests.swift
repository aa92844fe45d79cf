import Testing
@testable import KVCore

@Suite("Paging: append, fork, copy-on-write")
struct PagingAppendForkTests {
    @Test func appendTakesABlockExactlyWhenTheLengthBecomesAMultipleOfTheBlockSizePlusOne() throws {
        var manager = KVCacheManager.small()
        _ = manager.allocate(0, tokens: run(0, 3))
        #expect(manager.appendToken(0, 3) == AppendResult(slot: 3, newBlock: nil, copiedFrom: nil))
        #expect(manager.numUsedBlocks == 1)
        #expect(manager.appendToken(0, 4) == AppendResult(slot: 1 * 4 + 0, newBlock: 1, copiedFrom: nil))
        #expect(manager.blockTable(of: 0) == [0, 1])
        #expect(manager.tokens(of: 0) == run(0, 5))
        #expect(manager.slot(of: 0, token: 4) == 4)
        try manager.checkInvariants()
    }

    @Test func anEmptySequenceTakesItsFirstBlockOnItsFirstToken() {
        var manager = KVCacheManager.small()
        #expect(manager.allocate(0, tokens: [])?.freshBlocks == 0)
        #expect(manager.appendToken(0, 9)?.newBlock == 0)
        #expect(manager.tokens(of: 0) == [9])
    }

    @Test func appendFailsWithoutChangesWhenNoBlockIsFree() throws {
        var manager = KVCacheManager.small(blocks: 2)
        _ = manager.allocate(0, tokens: run(0, 8))
        #expect(!manager.canAppend(0))
        let stats = manager.stats
        #expect(manager.appendToken(0, 8) == nil)
        #expect(manager.numTokens(of: 0) == 8)
        #expect(manager.stats == stats)
        try manager.checkInvariants()
    }

    @Test func forkSharesEveryBlockAndItsCounters() throws {
        var manager = KVCacheManager.small(events: true)
        manager.admitComputed(0, run(0, 6))
        _ = manager.drainEvents()
        manager.fork(0, into: 1)
        #expect(manager.drainEvents() == [.forked(parent: 0, child: 1)])
        #expect(manager.blockTable(of: 1) == manager.blockTable(of: 0))
        #expect(manager.block(0).refCount == 2)
        #expect(manager.block(1).refCount == 2)
        #expect(manager.numComputedTokens(of: 1) == 6)
        #expect(manager.tokens(of: 1) == run(0, 6))
        #expect(manager.numUsedBlocks == 2)
        manager.free(1)
        #expect(manager.block(0).refCount == 1)
        #expect(manager.numFreeBlocks == 6)
        manager.free(0)
        #expect(manager.numFreeBlocks == 8)
        try manager.checkInvariants()
    }

    @Test func writingIntoASharedPartialBlockCopiesItFirst() throws {
        var manager = KVCacheManager.small(events: true)
        _ = manager.allocate(0, tokens: run(0, 6))                     // [0, 1]; block 1 holds 2 tokens
        manager.fork(0, into: 1)
        _ = manager.drainEvents()
        #expect(manager.appendToken(1, 70) == AppendResult(slot: 2 * 4 + 2, newBlock: 2, copiedFrom: 1))
        #expect(manager.drainEvents() == [.copiedOnWrite(seq: 1, from: 1, to: 2, slotsCopied: 2)])
        #expect(manager.blockTable(of: 1) == [0, 2])
        #expect(manager.block(1).refCount == 1)
        #expect(manager.block(2).tokens == [4, 5, 70])
        #expect(manager.tokens(of: 0) == run(0, 6))
        #expect(manager.tokens(of: 1) == run(0, 6) + [70])
        #expect(manager.stats.copiesOnWrite == 1)
        // The parent is now the block's only owner and writes in place.
        #expect(manager.appendToken(0, 60) == AppendResult(slot: 1 * 4 + 2, newBlock: nil, copiedFrom: nil))
        #expect(manager.stats.copiesOnWrite == 1)
        #expect(manager.block(0).refCount == 2)                    // the full prefix stays shared
        try manager.checkInvariants()
    }

    @Test func aSharedFullLastBlockIsNotCopied() throws {
        var manager = KVCacheManager.small()
        _ = manager.allocate(0, tokens: run(0, 8))
        manager.fork(0, into: 1)
        #expect(manager.canAppend(1))
        #expect(manager.appendToken(1, 8) == AppendResult(slot: 2 * 4, newBlock: 2, copiedFrom: nil))
        #expect(manager.stats.copiesOnWrite == 0)
        #expect(manager.block(1).refCount == 2)
        #expect(manager.blockTable(of: 1) == [0, 1, 2])
        try manager.checkInvariants()
    }

    @Test func copyOnWriteNeedsAFreeBlock() throws {
        var manager = KVCacheManager.small(blocks: 2)
        _ = manager.allocate(0, tokens: run(0, 6))
        manager.fork(0, into: 1)
        _ = manager.allocate(2, tokens: [1])                           // takes the last free block
        #expect(!manager.canAppend(1))
        #expect(manager.appendToken(1, 9) == nil)
        #expect(manager.blockTable(of: 1) == [0, 1])
        #expect(manager.block(1).refCount == 2)
        try manager.checkInvariants()
    }

    @Test func samplesPublishTheirSharedPrefixOnce() throws {
        var manager = KVCacheManager.small()
        _ = manager.allocate(0, tokens: run(0, 6))
        manager.fork(0, into: 1)
        _ = manager.appendToken(0, 6)
        _ = manager.appendToken(0, 7)                                  // block 1 of s0 is now full
        manager.commit(0, computedTokens: 8)
        manager.commit(1, computedTokens: 6)                       // block 0, shared, already hashed
        #expect(manager.numHashedBlocks == 2)
        #expect(manager.block(0).refCount == 2)
        try manager.checkInvariants()
    }
}

@Suite("Paging: queries for the engine and the UI")
struct PagingQueryTests {
    @Test func slotsFollowTheBlockTable() {
        var manager = KVCacheManager.small()
        _ = manager.allocate(0, tokens: run(0, 2))                     // block 0
        _ = manager.allocate(1, tokens: run(9, 4))                     // block 1
        _ = manager.appendToken(0, 2)
        _ = manager.appendToken(0, 3)
        _ = manager.appendToken(0, 4)                                  // block 2
        #expect(manager.blockTable(of: 0) == [0, 2])
        #expect(manager.slots(of: 0, tokens: 0 ..< 5) == [0, 1, 2, 3, 8])
        #expect(manager.slots(of: 0, tokens: 0 ..< 5) == (0 ..< 5).map { manager.slot(of: 0, token: $0) })
    }

    @Test func ownersListEverySequenceHoldingABlock() {
        var manager = KVCacheManager.small(blocks: 4)
        _ = manager.allocate(0, tokens: run(0, 6))
        manager.fork(0, into: 2)
        let owners = manager.blockOwners()
        #expect(owners == [[0, 2], [0, 2], [], []])
    }

    @Test func blockInfoReportsStateHashAndContents() {
        var manager = KVCacheManager.small()
        manager.admitComputed(0, run(0, 5))
        #expect(manager.block(0).state == .used)
        #expect(manager.block(0).hash == BlockHasher.default.hash(parent: nil, tokens: run(0, 4)))
        #expect(manager.block(5).state == .free)
        manager.free(0)
        #expect(manager.block(0).state == .cachedFree)
        #expect(manager.block(0).tokens == run(0, 4))
        #expect(manager.block(1).state == .free)                   // partial: never hashed
        #expect(manager.block(0).hash?.description.count == 8)
    }
}
