import Testing
@testable import KVCore

/// The hybrid manager on Gemma-style configurations (block size 16), every figure worked out by
/// hand in the comments. Blocks are taken from the head of the free queue, which starts as
/// 0, 1, 2, ...; groups are served in order (full first).
@Suite("Hybrid paging: Gemma-style groups, blocks freed behind the window, hits in every group")
struct HybridManagerTests {
    /// `count` distinct tokens from `start`.
    private func tokens(_ start: Int, _ count: Int) -> [TokenID] { (0 ..< count).map { TokenID(start + $0) } }

    /// The design doc's allocation example: 1 full + 2 sliding groups (window 32), block size 16,
    /// a 112-token request. Prefill takes 7 blocks in each group: full 0-6, sliding 7-13 and
    /// 14-20. Once 112 tokens are computed the next token (112) sees 81...112, so blocks 0-4
    /// (tokens 0-79) of each sliding group are returned, newest first: 11, 10, 9, 8, 7 then
    /// 18, ..., 14. Left: 7 + 2 + 2 = 11 blocks, the doc's figure.
    @Test func theDocsAllocationExampleHoldsElevenBlocks() throws {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 32, blockSize: 16,
                                                          groups: [.full, .slidingWindow(32), .slidingWindow(32)]))
        let allocation = manager.allocate(0, prompt: tokens(0, 112))
        #expect(allocation == HybridAllocation(hitTokens: 0, hitBlocks: [0, 0, 0], freshBlocks: 21))
        let freed = manager.markComputed(0, upTo: 112)
        #expect(freed == [11, 10, 9, 8, 7, 18, 17, 16, 15, 14])
        #expect(manager.numHeldBlocks(of: 0) == 11)
        #expect(manager.blockTable(of: 0, group: 0) == (0 ... 6).map { BlockID(Int32($0)) })
        #expect(manager.blockTable(of: 0, group: 1) == [nil, nil, nil, nil, nil, 12, 13])
        #expect(manager.blockTable(of: 0, group: 2) == [nil, nil, nil, nil, nil, 19, 20])
        #expect(manager.freeQueue() == (21 ... 31).map { BlockID(Int32($0)) } + [11, 10, 9, 8, 7, 18, 17, 16, 15, 14])
        #expect(manager.hybridStats.freedBehindWindow == 10)
        // Tickets: blocks start with their own number; the first joins after that take 32, 33...
        #expect(manager.freeQueueTicket(of: 21) == 21)
        #expect(manager.freeQueueTicket(of: 11) == 32)
        #expect(manager.freeQueueTicket(of: 14) == 41)
        #expect(manager.freeQueueTicket(of: 12) == nil)
        // A returned block keeps its tokens (block 8, logical 1 of sliding group 1, held tokens 16-31).
        #expect(manager.tokens(in: 8) == tokens(16, 16))
        try manager.checkInvariants()
    }

    /// Gemma-style 1 full + 1 sliding group (window 32), 20 blocks, three requests.
    @Test func gemmaStyleFreesBehindTheWindowAndAgreesOnHits() throws {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 20, blockSize: 16, groups: [.full, .slidingWindow(32)]))
        let a = tokens(1000, 100)

        // A, 100 tokens: 7 blocks a group, full 0-6, sliding 7-13. Computed 100: blocks 0-5
        // (96 tokens) published in both groups; token 100 sees 69...100, so sliding blocks 0-3
        // (tokens 0-63) go back, newest first: 10, 9, 8, 7. Queue: the clean 14-19, then those.
        let first = manager.allocate(0, prompt: a)
        #expect(first?.freshBlocks == 14)
        let freedA = manager.markComputed(0, upTo: 100)
        #expect(freedA == [10, 9, 8, 7])
        #expect(manager.blockTable(of: 0, group: 1) == [nil, nil, nil, nil, 11, 12, 13])
        #expect(manager.freeQueue() == [14, 15, 16, 17, 18, 19, 10, 9, 8, 7])

        // A decodes to 140 tokens, one computed token at a time. Sliding block k (tokens
        // 16k...16k+15) is behind the window once computed - 31 >= 16(k+1), i.e. at 16k + 47:
        // block 4 (11) at 111, block 5 (12) at 127; block 6 would go at 143. A new block per
        // group at 113 tokens (14 full, 15 sliding) and at 129 (16, 17).
        var freedAt: [Int: [BlockID]] = [:]
        for count in 101 ... 140 {
            let appended = manager.appendToken(0, TokenID(1000 + count - 1))
            #expect(appended != nil)
            let freed = manager.markComputed(0, upTo: count)
            if !freed.isEmpty { freedAt[count] = freed }
        }
        #expect(freedAt == [111: [11], 127: [12]])
        #expect(manager.blockTable(of: 0, group: 0) == [0, 1, 2, 3, 4, 5, 6, 14, 16])
        #expect(manager.blockTable(of: 0, group: 1) == [nil, nil, nil, nil, nil, nil, 13, 15, 17])
        #expect(manager.freeQueue() == [18, 19, 10, 9, 8, 7, 11, 12])
        #expect(manager.hybridStats.freedBehindWindow == 6)

        // B shares A's first 96 tokens, then 20 of its own: 116 tokens, a hit of at most
        // (116 - 1) / 16 = 7 blocks. Full: blocks 0-5 cached, block 6 holds other tokens -> 6.
        // Sliding within 6: needs ceil(31 / 16) = 2 cached blocks ending at 6: logical 5 (12)
        // and 4 (11), both free but still cached -> 6. Hit 96 tokens. B's sliding table starts
        // at the block of token 96 - 31 = 65, logical 4: [-, -, -, -, 11, 12]. Needed: 2 new
        // blocks a group plus 11 and 12 out of the queue = 6 of 8 free. New blocks: full 18,
        // 19; sliding 10, 9 (evicting A's cached sliding blocks 3 and 2).
        let b = Array(a.prefix(96)) + tokens(5000, 20)
        #expect(manager.blocksToAllocate(prompt: b) == 6)
        let hitB = manager.allocate(1, prompt: b)
        #expect(hitB == HybridAllocation(hitTokens: 96, hitBlocks: [6, 2], freshBlocks: 4))
        #expect(manager.blockTable(of: 1, group: 0) == [0, 1, 2, 3, 4, 5, 18, 19])
        #expect(manager.blockTable(of: 1, group: 1) == [nil, nil, nil, nil, 11, 12, 10, 9])
        #expect(manager.hybridStats.evictions == 2)
        #expect(manager.freeQueue() == [8, 7])

        // C shares A's first 64 tokens, then 10 of its own: 74 tokens, at most 4 blocks. Full:
        // 0-3 cached -> 4. Sliding within 4: logical 3 (was 10) and 2 (was 9) were evicted,
        // 1 (8) and 0 (7) are cached -> a run of 2 ending at 2. Full again at 2: a hit -> 2
        // blocks, 32 tokens, though the full group alone has 64. Needed: 3 new a group plus 7
        // and 8 out of the queue = 8, and only 2 are free: refused, nothing changes.
        let c = Array(a.prefix(64)) + tokens(7000, 10)
        #expect(manager.blocksToAllocate(prompt: c) == 8)
        let refused = manager.allocate(2, prompt: c)
        #expect(refused == nil)
        #expect(!manager.contains(2))
        #expect(manager.freeQueue() == [8, 7])

        // A finishes: each table from its end. Full 16, 14, 6 join the queue (0-5 stay, B holds
        // them); sliding 17, 15, 13. Queue: 8, 7, 16, 14, 6, 17, 15, 13.
        manager.free(0)
        #expect(manager.freeQueue() == [8, 7, 16, 14, 6, 17, 15, 13])

        // C again: the same 32-token hit, 8 blocks needed, 8 free. 7 and 8 leave the queue
        // first; then full takes 16 (A's unfinished last block, not cached), 14 and 6 (cached:
        // 2 evictions); sliding 17 (not cached), 15, 13 (2 evictions).
        let hitC = manager.allocate(2, prompt: c)
        #expect(hitC == HybridAllocation(hitTokens: 32, hitBlocks: [2, 2], freshBlocks: 6))
        #expect(manager.blockTable(of: 2, group: 0) == [0, 1, 16, 14, 6])
        #expect(manager.blockTable(of: 2, group: 1) == [7, 8, 17, 15, 13])
        #expect(manager.hybridStats.evictions == 6)
        #expect(manager.numFreeBlocks == 0)

        // C computes its 74 tokens: token 74 sees 43...74, so sliding blocks 0-1 (tokens 0-31)
        // go back, newest first: 8, 7.
        let freedC = manager.markComputed(2, upTo: 74)
        #expect(freedC == [8, 7])
        #expect(manager.blockTable(of: 2, group: 1) == [nil, nil, 17, 15, 13])
        #expect(manager.hybridStats.hitTokens == 96 + 32)
        try manager.checkInvariants()
    }

    /// Window 64: a hit needs ceil(63 / 16) = 4 cached sliding blocks. A's 200 tokens take 13
    /// blocks a group (full 0-12, sliding 13-25); computed 200, token 200 sees 137...200, so
    /// sliding blocks 0-7 go back (21 down to 13), 5 stay. B shares 160 tokens (10 blocks) and
    /// adds 40: at most (200 - 1) / 16 = 12 blocks; full hits 10; sliding within 10 needs
    /// logical 6-9: 19 and 20 (freed, cached), 21 and 22 (held by A) -> 10 blocks, 160 tokens.
    /// B's sliding table starts at the block of token 160 - 63 = 97, logical 6.
    @Test func windowOf64NeedsFourCachedBlocks() throws {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 40, blockSize: 16, groups: [.full, .slidingWindow(64)]))
        let a = tokens(0, 200)
        manager.allocate(0, prompt: a)
        let freed = manager.markComputed(0, upTo: 200)
        #expect(freed == [20, 19, 18, 17, 16, 15, 14, 13])
        #expect(manager.numHeldBlocks(of: 0) == 13 + 5)
        let b = Array(a.prefix(160)) + tokens(900, 40)
        let hit = manager.allocate(1, prompt: b)
        #expect(hit?.hitTokens == 160)
        #expect(manager.blockTable(of: 1, group: 1).prefix(10) == [nil, nil, nil, nil, nil, nil, 19, 20, 21, 22])
        try manager.checkInvariants()
    }

    /// Chunked prefill: a 100-token prompt placed 32 tokens at a time. First chunk: 2 blocks a
    /// group (full 0, 1; sliding 2, 3); computed 32, token 32 sees 1...32, nothing leaves.
    /// Second chunk: full 4, 5; sliding 6, 7; computed 64, token 64 sees 33...64, so sliding
    /// blocks 0-1 (3, 2) go back.
    @Test func chunkedPrefillPlacesOnlyTheScheduledTokens() throws {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 20, blockSize: 16, groups: [.full, .slidingWindow(32)]))
        let prompt = tokens(0, 100)
        let first = manager.admit(0, tokens: prompt) { _ in 32 }
        #expect(first?.freshBlocks == 4)
        #expect(manager.numTokens(of: 0) == 32)
        let none = manager.markComputed(0, upTo: 32)
        #expect(none.isEmpty)
        #expect(manager.blocksToAppend(32, to: 0) == 4)
        let placed = manager.placeSlots(0, appending: prompt[32 ..< 64])
        #expect(placed)
        let freed = manager.markComputed(0, upTo: 64)
        #expect(freed == [3, 2])
        #expect(manager.blockTable(of: 0, group: 0) == [0, 1, 4, 5])
        #expect(manager.blockTable(of: 0, group: 1) == [nil, nil, 6, 7])
        try manager.checkInvariants()
    }

    /// A fork shares every block; the first append into the shared partially filled last
    /// block copies it in each group. A 40-token prompt: full 0, 1, 2; sliding 3, 4, 5;
    /// computed 40, token 40 sees 9...40, still in block 0, so nothing goes back. The fork
    /// holds all six too. The child's token 40 lands in logical block 2 (8 of 16 filled,
    /// shared) in each group: copies to 6 (full) and 7 (sliding), the head of the queue.
    @Test func forkCopiesTheSharedLastBlockOnWrite() throws {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 20, blockSize: 16, groups: [.full, .slidingWindow(32)]))
        manager.allocate(0, prompt: tokens(0, 40))
        manager.markComputed(0, upTo: 40)
        manager.fork(0, into: 1)
        #expect(manager.refCount(of: 2) == 2)
        #expect(manager.blocksToAppend(1, to: 1) == 2)
        let append = manager.appendToken(1, 77)
        #expect(append == AppendResult(slot: 6 * 16 + 8, newBlock: 6, copiedFrom: 2))
        #expect(manager.blockTable(of: 1, group: 0) == [0, 1, 6])
        #expect(manager.blockTable(of: 1, group: 1) == [3, 4, 7])
        #expect(manager.tokens(in: 6) == tokens(32, 8) + [77])
        #expect(manager.refCount(of: 2) == 1)
        #expect(manager.hybridStats.copiesOnWrite == 2)
        try manager.checkInvariants()
    }

    /// With prefix caching off nothing is published and no hit is found, but sliding blocks
    /// still go back behind the window.
    @Test func withoutPrefixCachingBlocksStillLeaveTheWindow() throws {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 20, blockSize: 16, groups: [.full, .slidingWindow(32)]),
                                           enablePrefixCaching: false)
        manager.allocate(0, prompt: tokens(0, 64))
        let freed = manager.markComputed(0, upTo: 64)
        #expect(freed == [5, 4])
        manager.allocate(1, prompt: tokens(0, 64))
        #expect(manager.hybridStats.hitTokens == 0)
        #expect(!(0 ..< 20).contains { manager.isCached(BlockID(Int32($0))) })
        try manager.checkInvariants()
    }
}
