import Testing
@testable import KVCore

@Suite("Block hash")
struct PagingBlockHashTests {
    private let hasher = BlockHasher.default

    @Test func theParentHashChangesTheBlockHash() {
        let tokens: [TokenID] = Array(0 ..< 16)
        let root = hasher.hash(parent: nil, tokens: tokens)
        #expect(hasher.hash(parent: root, tokens: tokens) != root)
        #expect(hasher.hash(parent: BlockHash(1), tokens: tokens) != hasher.hash(parent: BlockHash(2), tokens: tokens))
    }

    @Test func swappingTwoGroupsOfFourTokensChangesTheHash() {
        let first: [TokenID] = [1, 2, 3, 4, 5, 6, 7, 8]
        let swapped: [TokenID] = [5, 6, 7, 8, 1, 2, 3, 4]
        #expect(hasher.hash(parent: nil, tokens: first) != hasher.hash(parent: nil, tokens: swapped))
    }

    @Test func swappingTheHalvesOfOneGroupChangesTheHash() {
        #expect(hasher.hash(parent: nil, tokens: [1, 2, 3, 4]) != hasher.hash(parent: nil, tokens: [3, 4, 1, 2]))
    }

    @Test func trailingZeroTokensAreNotPadding() {
        let hashes = (0 ... 4).map { zeros in
            hasher.hash(parent: nil, tokens: [7, 9, 11] + Array(repeating: 0, count: zeros))
        }
        #expect(Set(hashes).count == hashes.count)
    }

    @Test func blocksOfDistinctTokensDoNotCollide() {
        // 20,000 blocks of 16 tokens differing in one token each, chained under two parents.
        var seen = Set<UInt64>()
        for parent in [nil, BlockHash(0x1234)] {
            for position in 0 ..< 16 {
                for value in 0 ..< 625 {
                    var tokens = [TokenID](repeating: 3, count: 16)
                    tokens[position] = TokenID(value + 100)
                    seen.insert(hasher.hash(parent: parent, tokens: tokens).value)
                }
            }
        }
        #expect(seen.count == 2 * 16 * 625)
    }

    @Test func theDefaultHasherMatchesTheTraceChainingThroughTheManager() {
        var manager = KVCacheManager(numBlocks: 4, blockSize: 4)
        let tokens: [TokenID] = [10, 11, 12, 13, 14, 15, 16, 17, 18]
        _ = manager.allocate(SequenceID(0), tokens: tokens)
        manager.commit(SequenceID(0), computedTokens: 8)
        let first = hasher.hash(parent: nil, tokens: Array(tokens[0 ..< 4]))
        let second = hasher.hash(parent: first, tokens: Array(tokens[4 ..< 8]))
        #expect(manager.block(BlockID(0)).hash == first)
        #expect(manager.block(BlockID(1)).hash == second)
    }
}
