import Testing
@testable import KVCore

/// The hybrid manager finds a cached block by (hash, group) but hits only on equal token ids
/// after equal token ids (`PrefixIdentities`): forced hash collisions give no false hit, in any
/// group, and a real match still hits. One full and one sliding group (window 8), 4-token blocks:
/// a sliding hit needs ceil(7 / 4) = 2 cached blocks in a row ending at the hit, or a run from
/// block 0.
@Suite("Hybrid paging: hash collisions never hand out another sequence's K/V")
struct HybridCollisionTests {
    private static let groups: [GroupAttention] = [.full, .slidingWindow(8)]

    private func manager(_ hasher: CollidingHasher, blocks: Int = 40) -> HybridKVCacheManager {
        HybridKVCacheManager(config: .init(numBlocks: blocks, blockSize: 4, groups: Self.groups), hasher: hasher.hasher)
    }

    /// Admits `seq` with `prompt`, computes it all and frees it: its full blocks stay cached.
    private func cache(_ prompt: [TokenID], as seq: SequenceID, in manager: inout HybridKVCacheManager) {
        _ = manager.allocate(seq, prompt: prompt)
        manager.markComputed(seq, upTo: prompt.count)
        manager.free(seq)
    }

    /// The constant hasher files every block under one key per group; three buckets file
    /// [0, 1, 2, 3] and [3, 4, 5, 6] under one. A one-block prompt hits only on its own tokens.
    @Test(arguments: [(CollidingHasher.constant, TokenID(100)), (.threeBuckets, 3)])
    func equalHashesWithDifferentTokensDoNotHit(hasher: CollidingHasher, otherStart: TokenID) throws {
        var manager = manager(hasher)
        cache(run(0, 5), as: 0, in: &manager)
        let other = run(otherStart, 5)
        #expect(hasher.hasher.hash(parent: nil, tokens: Array(other.prefix(4)))
            == hasher.hasher.hash(parent: nil, tokens: Array(run(0, 4))))
        #expect(manager.prefixHitBlocks(of: other) == 0)
        let allocation = manager.allocate(1, prompt: other)
        #expect(allocation?.hitTokens == 0)
        #expect(allocation?.hitBlocks == [0, 0])
        manager.free(1)
        #expect(manager.prefixHitBlocks(of: run(0, 5)) == 1)   // the real match still hits
        try manager.checkInvariants()
    }

    @Test func equalTokensAtAnotherPositionDoNotHit() throws {
        // The hasher sees only a block's own tokens. [W, X, Y, z] publishes X at logical block 1;
        // a prompt [X, Y, z] must not reuse it (or Y) from block 0 on.
        let (w, x, y) = (run(0, 4), run(10, 4), run(20, 4))
        var manager = manager(.ignoresPrefix)
        cache(w + x + y + [99], as: 0, in: &manager)
        #expect(manager.prefixHitBlocks(of: x + y + [99]) == 0)
        #expect(manager.allocate(1, prompt: x + y + [99])?.hitTokens == 0)
        try manager.checkInvariants()
    }

    @Test func equalTokensAfterADifferentPrefixDoNotHit() throws {
        // [V, X, z] then [W, X, z]: X's index entry is the second's block, computed after W. A
        // prompt [V, X, z] hits V (a run from block 0 in the sliding group) but not that X.
        let (v, w, x) = (run(0, 4), run(10, 4), run(20, 4))
        var manager = manager(.ignoresPrefix)
        cache(v + x + [99], as: 0, in: &manager)
        cache(w + x + [99], as: 1, in: &manager)
        #expect(manager.prefixHitBlocks(of: v + x + [99]) == 1)
        let hit = manager.allocate(2, prompt: v + x + [99])
        #expect(hit?.hitTokens == 4)
        // Free queue after both: 12...39, then the first's 2 1 0 5 4 3, then the second's 8 7 6
        // 11 10 9. The hit takes the first's V (0 full, 3 sliding), then fresh blocks 12 on.
        #expect(manager.blockTable(of: 2, group: 0) == [0, 12, 13])
        #expect(manager.blockTable(of: 2, group: 1) == [3, 14, 15])
        try manager.checkInvariants()
    }

    @Test func aCollidingLaterPrefixShortensTheHitUntilTheRealOneIsCachedAgain() throws {
        // P = [A, B, C, D, z], then Q = [E, B, C, D, z]: B, C and D hash alike in both, and the
        // index now finds Q's blocks, computed after E. P hits A only (the sliding group: a run
        // from block 0). Computing P again publishes its own B, C, D; then P hits 4 blocks: all
        // 4 in the full group, and in the sliding group the blocks in the window of token 16
        // (tokens 9...16): logical 2 and 3.
        let (a, b, c, d, e) = (run(0, 4), run(10, 4), run(20, 4), run(30, 4), run(40, 4))
        let p = a + b + c + d + [99]
        var manager = manager(.ignoresPrefix)
        cache(p, as: 0, in: &manager)
        cache(e + b + c + d + [99], as: 1, in: &manager)
        #expect(manager.prefixHitBlocks(of: p) == 1)
        let short = manager.allocate(2, prompt: p)
        #expect(short?.hitTokens == 4)
        #expect(short?.hitBlocks == [1, 1])
        manager.markComputed(2, upTo: p.count)
        manager.free(2)
        let again = manager.allocate(3, prompt: p)
        #expect(again?.hitTokens == 16)
        #expect(again?.hitBlocks == [4, 2])
        try manager.checkInvariants()
    }

    @Test func aSlidingHitStillReachesABlockWhoseEarlierBlocksWereEvicted() throws {
        // One sliding group, window 4: a hit needs ceil(3 / 4) = 1 cached block ending at it.
        // P = [A, B, C, z] in 6 blocks: the first sequence takes 0-3; computed 13, the next token
        // sees 10...13, so logical 0 and 1 go back (queue 4 5 1 0), then the free returns 3 and 2
        // (queue 4 5 1 0 3 2). Other tokens take 4 5 1 0: A's and B's blocks are evicted, C's (2)
        // stays, and P still hits 3 blocks through it, its chain named by C's entry.
        var manager = HybridKVCacheManager(config: .init(numBlocks: 6, blockSize: 4, groups: [.slidingWindow(4)]))
        let p = run(0, 4) + run(10, 4) + run(20, 4) + [99]
        cache(p, as: 0, in: &manager)
        _ = manager.allocate(1, prompt: run(100, 13))
        #expect(manager.blockTable(of: 1, group: 0) == [4, 5, 1, 0])
        #expect(manager.prefixHitBlocks(of: p) == 3)
        let hit = manager.allocate(2, prompt: p)
        #expect(hit?.hitTokens == 12)
        #expect(manager.blockTable(of: 2, group: 0) == [nil, nil, 2, 3])
        try manager.checkInvariants()
    }

    @Test func prefixNumbersGoWhenNothingRefersToThem() throws {
        // Four blocks: a 5-token prompt takes 2 in each group, all of them. The second prompt
        // evicts every block of the first, whose prefix number goes with them.
        var manager = manager(.builtIn, blocks: 4)
        cache(run(0, 5), as: 0, in: &manager)
        #expect(manager.pool.identities.count == 1)
        cache(run(100, 5), as: 1, in: &manager)
        #expect(manager.pool.identities.count == 1)
        #expect(manager.prefixHitBlocks(of: run(0, 5)) == 0)
        #expect(manager.prefixHitBlocks(of: run(100, 5)) == 1)
        try manager.checkInvariants()
    }
}
