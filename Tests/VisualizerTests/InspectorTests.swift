import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The inspector's facts come from the snapshot: free-queue places and lazily fetched tokens.
@Suite struct InspectorTests {
    /// Runs the sharing workload to the end, so finished requests leave cached free blocks.
    static func finished() throws -> AppState {
        var state = try Fixtures.state([Fixtures.chapter { try Fixtures.decoderEngine(requests: Fixtures.sharing()) }])
        _ = dispatch(&state, .end)
        return state
    }

    @Test func freeBlocksHoldEachFreeQueuePlaceOnceAndUsedBlocksNone() throws {
        var state = try Fixtures.state([Fixtures.chapter { try Fixtures.decoderEngine(requests: Fixtures.chat(count: 4)) }])
        Fixtures.step(&state) { $0.step >= 4 }
        let snapshot = state.snapshot
        let free = snapshot.blocks.filter(\.isFree)
        #expect(!free.isEmpty && free.count < snapshot.numBlocks)
        #expect(free.compactMap { snapshot.freeQueuePosition(of: $0.id) }.sorted() == Array(0..<free.count))
        #expect(snapshot.blocks.filter { !$0.isFree }.allSatisfy { snapshot.freeQueuePosition(of: $0.id) == nil })
    }

    @Test func tokensOfABlockAreItsFilledSlots() throws {
        let state = try Self.finished()
        for block in state.snapshot.blocks {
            #expect(state.snapshot.tokens(of: block.id).count == block.filledSlots)
        }
        #expect(state.snapshot.tokens(of: BlockID(-1)).isEmpty)
        #expect(state.snapshot.tokens(of: BlockID(state.snapshot.numBlocks)).isEmpty)
    }

    @Test func aCachedFreeBlockSaysWhenItWillBeEvicted() throws {
        var state = try Self.finished()
        let snapshot = state.snapshot
        let cached = try #require(snapshot.blocks.filter(\.isCachedFree).max {
            (snapshot.freeQueuePosition(of: $0.id) ?? 0) < (snapshot.freeQueuePosition(of: $1.id) ?? 0)
        })
        let position = try #require(snapshot.freeQueuePosition(of: cached.id))
        #expect(position > 0)
        state.inspected = cached.id
        let text = Fixtures.render(state).plainText()
        #expect(text.contains("taken after \(position) more allocations"))
        #expect(text.contains("evicted then, unless a hit revives it"))
    }
}
