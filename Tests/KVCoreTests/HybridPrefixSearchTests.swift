import Testing
@testable import KVCore

/// The searches of `HybridPrefixSearch` on the pictures of vLLM's hybrid KV cache manager
/// design doc (block size 1 there, so a block is a token).
@Suite("Hybrid paging: prefix-hit searches on the design doc's examples")
struct HybridPrefixSearchTests {
    /// Full attention, the doc's picture: tokens 0-6 cached, 7 not, 8-9 cached again. The scan
    /// from the left stops at 7, so the hit is 7 tokens; the cached 8-9 cannot be used.
    @Test func fullAttentionTakesTheRunFromTheStart() {
        let cached: Set<Int> = [0, 1, 2, 3, 4, 5, 6, 8, 9]
        #expect(HybridPrefixSearch.fullAttentionHit(maxBlocks: 14) { cached.contains($0) } == 7)
        #expect(HybridPrefixSearch.fullAttentionHit(maxBlocks: 4) { cached.contains($0) } == 4)
        #expect(HybridPrefixSearch.fullAttentionHit(maxBlocks: 14) { _ in false } == 0)
    }

    /// Sliding window 4, block size 1: a hit of length L needs tokens L-3, L-2, L-1 cached
    /// (the window of token L is L-3...L), so 3 blocks in a row. The doc's 15-token prompt has
    /// three possible hits, 5 (tokens 2-4), 6 (3-5) and 14 (11-13); cached here: 2-5, 8, 11-13.
    /// - max 14 (the prompt less its last token): from the right 13, 12, 11 are cached -> 14.
    /// - max 13: 12, 11 cached, 10 not (run resets), 9 not, 8 cached, 7 not, 6 not, then 5, 4,
    ///   3 -> run of 3 ending at 5 -> 6.
    /// - max 5: 4, 3, 2 -> 5.
    @Test func slidingWindowSearchesFromTheRight() {
        let cached: Set<Int> = [2, 3, 4, 5, 8, 11, 12, 13]
        let contiguous = HybridKVCacheConfig(numBlocks: 1, blockSize: 1, groups: [.slidingWindow(4)]).contiguousBlocksForHit(window: 4)
        #expect(contiguous == 3)
        #expect(HybridPrefixSearch.slidingWindowHit(maxBlocks: 14, contiguous: contiguous) { cached.contains($0) } == 14)
        #expect(HybridPrefixSearch.slidingWindowHit(maxBlocks: 13, contiguous: contiguous) { cached.contains($0) } == 6)
        #expect(HybridPrefixSearch.slidingWindowHit(maxBlocks: 5, contiguous: contiguous) { cached.contains($0) } == 5)
        // max 4: only 2, 3 in a row before the end and 0, 1 not cached: no hit.
        #expect(HybridPrefixSearch.slidingWindowHit(maxBlocks: 4, contiguous: contiguous) { cached.contains($0) } == 0)
    }

    /// A run shorter than the window still hits when it starts at token 0: the window of token 2
    /// reaches back to the start, and tokens 0 and 1 are all it sees before itself.
    @Test func aShortRunFromTheStartIsAHit() {
        let cached: Set<Int> = [0, 1]
        #expect(HybridPrefixSearch.slidingWindowHit(maxBlocks: 10, contiguous: 3) { cached.contains($0) } == 2)
    }

    /// Full + sliding window 4, block size 1 (the doc's "case 2"): the full group has tokens 0-9
    /// cached, the sliding group 2-5 and 11-13. Full from the left: 10. Sliding within 10, from
    /// the right: 9, 8, 7, 6 missing, then 5, 4, 3 -> 6. Full checks 6 again: still a hit -> 6.
    /// The sliding group's 11-13 would give 14, but the full group lacks 10-13.
    @Test func hybridHitHoldsInEveryGroup() {
        let full: Set<Int> = Set(0 ... 9)
        let sliding: Set<Int> = [2, 3, 4, 5, 11, 12, 13]
        let hit = HybridPrefixSearch.hybridHit(maxBlocks: 14, groups: [.full, .slidingWindow(4)], blockSize: 1) { group, logical in
            (group == 0 ? full : sliding).contains(logical)
        }
        #expect(hit == 6)
        // The groups in the other order give the same hit: full groups are searched first anyway.
        let swapped = HybridPrefixSearch.hybridHit(maxBlocks: 14, groups: [.slidingWindow(4), .full], blockSize: 1) { group, logical in
            (group == 1 ? full : sliding).contains(logical)
        }
        #expect(swapped == 6)
    }

    /// Two sliding groups that disagree: group 1 has 4-6 cached, group 2 has 1-3 and 5-6.
    /// Start 7 (full: all cached). Group 1 from 7: 6, 5, 4 -> 7. Group 2 from 7: 6, 5, then 4
    /// missing, 3, 2, 1 -> 4. Again from 4: full 4; group 1 within 4: 3 missing... nothing, its
    /// run from the start is 0 -> 0. The only prefix every group agrees on is empty.
    @Test func aShorterCandidateIsCheckedAgainByEveryGroup() {
        let one: Set<Int> = [4, 5, 6]
        let two: Set<Int> = [1, 2, 3, 5, 6]
        let hit = HybridPrefixSearch.hybridHit(maxBlocks: 7, groups: [.full, .slidingWindow(4), .slidingWindow(4)], blockSize: 1) { group, logical in
            switch group {
            case 0: true
            case 1: one.contains(logical)
            default: two.contains(logical)
            }
        }
        #expect(hit == 0)
    }
}
