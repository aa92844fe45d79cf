import Testing
@testable import KVEvents

/// The flat token store of a tier: cells reused, widened for a longer block, a block past the
/// widest cell kept on its own, and what a block shows equal to what its event carried.
@Suite struct TokenCellsTests {
    func put(_ cells: inout TokenCells, _ tokens: [Int32], sequence: Int64 = 0) -> Int32 {
        tokens.withUnsafeBufferPointer { cells.put($0, sequence: sequence) }
    }

    @Test func cellsKeepTheirTokensThroughReuseAndWidening() {
        var cells = TokenCells()
        let a = put(&cells, Array(0..<16), sequence: 3)
        let b = put(&cells, [7, 8], sequence: 4)
        #expect(cells.tokens(a) == Array(0..<16)[...] && cells.tokens(b) == [7, 8] && cells.stamp(a) == 3)
        cells.release(a)
        let c = put(&cells, [9], sequence: 5)
        #expect(c == a, "a released cell is reused")
        let wide = put(&cells, Array(100..<132))  // 32 tokens: every cell is laid out again
        #expect(cells.stride == 32)
        #expect(cells.tokens(b) == [7, 8] && cells.tokens(c) == [9] && cells.tokens(wide) == Array(100..<132)[...])
        let huge = put(&cells, Array(repeating: 5, count: TokenCells.widest + 1), sequence: 9)
        #expect(cells.stride == 32, "one block past the widest cell does not widen them all")
        #expect(cells.tokens(huge).count == TokenCells.widest + 1 && cells.stamp(huge) == 9)
        cells.release(huge)
        let reused = put(&cells, [1, 2, 3])
        #expect(reused == huge && cells.tokens(reused) == [1, 2, 3])
        #expect(cells.tokens(-1).isEmpty && cells.stamp(-1) == 0)
    }

    @Test func aStoredBlockShowsTheTokensOfItsEvent() {
        var state = PrefixCacheState()
        let tokens: [Int32] = Array(0..<40)
        let event = KVEvent.stored(BlockStored(blockHashes: [1, 2, 3], parentBlockHash: nil, tokenIDs: tokens, blockSize: 16))
        state.apply(EventBatch(timestamp: 0, events: [event]), sequence: 7)
        let blocks = state.tiers[CacheTier(medium: nil, group: nil)]?.blocks
        #expect(blocks?[1]?.tokens == tokens[0..<16] && blocks?[2]?.tokens == tokens[16..<32] && blocks?[3]?.tokens == tokens[32..<40])
        #expect(blocks?[3]?.storedAt == 7 && blocks?[2]?.parent == 1)
        state.apply(EventBatch(timestamp: 0, events: [.removed(BlockRemoved(blockHashes: [2]))]), sequence: 8)
        state.apply(EventBatch(timestamp: 0, events: [.stored(BlockStored(blockHashes: [4], parentBlockHash: 3, tokenIDs: [9, 9], blockSize: 16))]), sequence: 9)
        let after = state.tiers[CacheTier(medium: nil, group: nil)]?.blocks
        #expect(after?[4]?.tokens == [9, 9] && after?[3]?.tokens == tokens[32..<40] && after?[2] == nil)
    }
}
