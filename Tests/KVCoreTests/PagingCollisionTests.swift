import Testing
@testable import KVCore

/// A hit must hand a sequence exactly the K/V it would have computed: the same tokens in the
/// block, at the same position, after the same earlier tokens. These tests force hash
/// collisions to show that an equal hash alone never decides.
@Suite("Paging: hash collisions never hand out another sequence's K/V")
struct PagingCollisionTests {
    @Test func equalHashesWithDifferentTokensDoNotHit() {
        var manager = KVCacheManager.small(hasher: CollidingHasher.constant.hasher)
        manager.admitComputed(0, run(0, 5))
        #expect(manager.cachedPrefixBlocks(for: run(100, 5)) == 0)
        #expect(manager.allocate(1, tokens: run(100, 5))?.hitBlocks == 0)
        #expect(manager.cachedPrefixBlocks(for: run(0, 5)) == 1)   // the real match still hits
    }

    @Test func equalTokensAtAnotherPositionDoNotHit() {
        // The hasher sees only a block's own tokens. s0 = [W, X, Y, z] publishes X at logical
        // block 1; a prompt [X, Y, z] must not reuse it as its block 0.
        let (w, x, y) = (run(0, 4), run(10, 4), run(20, 4))
        var manager = KVCacheManager.small(hasher: CollidingHasher.ignoresPrefix.hasher)
        manager.admitComputed(0, w + x + y + [99])
        #expect(manager.cachedPrefixBlocks(for: x + y + [99]) == 0)
    }

    @Test func equalTokensAfterADifferentPrefixDoNotHit() {
        // s0 = [V, X, z], s1 = [W, X, z]: X's index entry is s1's block, whose prefix is W. A
        // prompt [V, X, z] hits V but must not take s1's X.
        let (v, w, x) = (run(0, 4), run(10, 4), run(20, 4))
        var manager = KVCacheManager.small(hasher: CollidingHasher.ignoresPrefix.hasher)
        manager.admitComputed(0, v + x + [99])
        manager.admitComputed(1, w + x + [99])
        #expect(manager.cachedPrefixBlocks(for: v + x + [99]) == 1)
        let result = manager.allocate(2, tokens: v + x + [99])
        #expect(result?.hitBlocks == 1)
        #expect(manager.blockTable(of: 2).first == manager.blockTable(of: 0).first)
        #expect(manager.blockTable(of: 2)[1] != manager.blockTable(of: 1)[1])
    }

    @Test func duplicatesOfOnePrefixStillChainIntoAHit() throws {
        // Two sequences compute the same prompt before either commits, and commit in an
        // interleaved order: the index then holds s1's first block and s0's second. Their
        // contents and prefixes are equal, so the lineage check accepts the mixed chain.
        var manager = KVCacheManager.small()
        let prompt = run(0, 9)
        _ = manager.allocate(0, tokens: prompt)
        _ = manager.allocate(1, tokens: prompt)
        manager.commit(0, computedTokens: 4)
        manager.commit(1, computedTokens: 8)
        manager.commit(0, computedTokens: 8)
        let result = manager.allocate(2, tokens: prompt)
        #expect(result?.hitBlocks == 2)
        #expect(manager.blockTable(of: 2).prefix(2) == [manager.blockTable(of: 1)[0], manager.blockTable(of: 0)[1]])
        try manager.checkInvariants()
    }
}
