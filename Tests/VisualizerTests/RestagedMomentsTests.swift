import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The walkthrough moments that were re-staged so the screen shows what the narration says.
@Suite("Re-staged walkthrough moments")
struct RestagedMomentsTests {
    static func state(_ file: String, size: Size = Size(width: 120, height: 40), language: Language = .en) throws -> AppState {
        try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language, colors: false, size: size)
    }

    static func screen(_ state: AppState) -> String {
        var canvas = Canvas(size: state.size)
        view(state, into: &canvas)
        return canvas.plainText()
    }

    /// Steps until the narration on screen starts with `prefix` (or the run ends).
    static func play(_ state: inout AppState, untilNarration prefix: String, maxSteps: Int = 400) {
        for _ in 0..<maxSteps {
            if state.narration?.text.en.hasPrefix(prefix) == true { return }
            if state.engine.isComplete { return }
            _ = dispatch(&state, .stepForward)
        }
    }

    @Test func fragmentationLeavesAHoleTooSmallForTheNextRequestWhileTheCueSaysSo() throws {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var state = try Self.state("05-fragmentation.yaml", size: size)
            Self.play(&state, untilNarration: "E needs")
            let view = try #require(state.snapshot.contiguous)
            let blocked = try #require(view.blocked)
            #expect(blocked.holeTooSmall)
            #expect(blocked.freeSlots >= blocked.slots && blocked.largestHole < blocked.slots)
            #expect(view.externalFragmentationSlots == blocked.freeSlots)
            let text = Self.screen(state)
            #expect(text.contains("E needs \(blocked.slots)"), "\(text)")
            #expect(text.contains("largest hole \(blocked.largestHole)"))
            #expect(text.contains("▚"))
            // The paged pool runs E at once.
            #expect(state.snapshot.request(RequestID(4))?.status == .running)
        }
    }

    /// Fig. 7 of the paper: two requests growing in the same steps interleave their blocks, so
    /// the one the cue names has no two blocks side by side; later a block A gave back serves D.
    @Test func pagedAttentionInterleavesCAndHandsDABlockThatAFreed() throws {
        var state = try Self.state("06-paged-attention.yaml")
        Self.play(&state, untilNarration: "A finished")
        let freedByA = try #require(state.track.firing(at: state.snapshot.step)?.facts?.blocks)
        #expect(!freedByA.isEmpty)
        Self.play(&state, untilNarration: "B and C grow")
        let table = try #require(state.snapshot.request(RequestID(2))?.blockTable)
        #expect(table.count >= 3)
        #expect(!zip(table, table.dropFirst()).contains { abs($1.index - $0.index) == 1 }, "C's blocks \(table)")
        #expect(state.narration?.text.en.contains("none of C's \(table.count) blocks") == true)
        Self.play(&state, untilNarration: "D arrives")
        let dTable = try #require(state.snapshot.request(RequestID(3))?.blockTable)
        #expect(dTable.contains { freedByA.contains($0) }, "D's blocks \(dTable), A freed \(freedByA)")
        #expect(state.track.history(at: state.snapshot.step).blocksReused > 0)
        for block in dTable { #expect(state.narration?.text.en.contains("#\(block.index)") == true) }
    }

    @Test func theCounterLineShowsKVReadNextToDotProductsInPrefillAndDecode() throws {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var state = try Self.state("07-prefill-vs-decode.yaml", size: size)
            _ = dispatch(&state, .stepForward)
            var counters = state.snapshot.counters
            #expect(counters.kvReadThisStep > counters.kvWithoutCacheThisStep)  // prefill: many products per vector
            var text = Self.screen(state)
            #expect(text.contains("read \(counters.kvWithoutCacheThisStep) K/V, \(counters.kvReadThisStep) dot products"), "\(text)")
            Self.play(&state, untilNarration: "Decode:")
            counters = state.snapshot.counters
            #expect(counters.kvReadThisStep == counters.kvWithoutCacheThisStep)  // decode: one per vector
            text = Self.screen(state)
            #expect(text.contains("read \(counters.kvWithoutCacheThisStep) K/V, \(counters.kvReadThisStep) dot products"))
            // The narration quotes the counter line's figures.
            #expect(state.narration?.text.en.contains("\(counters.kvWithoutCacheThisStep) K/V read for \(counters.kvReadThisStep) dot products") == true)
        }
    }

    @Test func replayingWithoutPrefixCachingShowsBothFiguresSideBySide() throws {
        var state = try Self.state("08-prefix-sharing.yaml")
        _ = dispatch(&state, .end)
        while !state.engine.isComplete { _ = dispatch(&state, .stepForward) }
        let with = state.snapshot.counters.kvComputedTotal
        _ = dispatch(&state, .togglePrefixCaching)
        #expect(!state.snapshot.prefixCaching)
        let without = state.snapshot.counters.kvComputedTotal
        #expect(without > with)
        let text = Self.screen(state)
        #expect(text.contains("K/V computed with prefix caching \(with), without \(without)"), "\(text)")
        // Back on: still both, the run with caching first.
        _ = dispatch(&state, .togglePrefixCaching)
        #expect(Self.screen(state).contains("K/V computed with prefix caching \(with), without \(without)"))
    }

    @Test func theMemoryBarFollowsTheContiguousView() throws {
        var state = try Self.state("04-preallocation-waste.yaml")
        for _ in 0..<3 { _ = dispatch(&state, .stepForward) }
        let contiguous = try #require(state.snapshot.contiguous)
        let memory = try #require(state.snapshot.memory)
        let reserved = contiguous.tokenStateSlots + contiguous.reservedSlots + contiguous.internalFragmentationSlots
        let bytes = ByteCount.binary(reserved * memory.blockBytes / state.snapshot.blockSize, fractionDigits: 1)
        while state.viewMode != .contiguous { _ = dispatch(&state, .cycleView) }
        let contiguousBar = Self.screen(state).split(separator: "\n").prefix(3).joined(separator: "\n")
        #expect(contiguousBar.contains("KV reserved \(bytes)"), "\(contiguousBar)")
        while state.viewMode != .paged { _ = dispatch(&state, .cycleView) }
        let pagedBar = Self.screen(state).split(separator: "\n").prefix(3).joined(separator: "\n")
        #expect(pagedBar.contains("KV used \(ByteCount.binary(memory.kvUsedBytes, fractionDigits: 1))"), "\(pagedBar)")
        #expect(!pagedBar.contains("KV reserved"))
    }
}
