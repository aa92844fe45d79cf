import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The attention sweep: K block by block in table order, then V, counts running, the engine
/// never moved; started by `a` on a decode step and by the paged-attention cue that teaches it.
@Suite("Attention sweep")
struct AttentionSweepTests {
    static func pagedAttention(size: Size = Size(width: 120, height: 40)) throws -> AppState {
        try AppState(chapters: [DemoWalkthroughTests.chapter("06-paged-attention.yaml")], language: .en,
                     colors: false, size: size)
    }

    @Test func theWalkthroughSweepsCsQueryInTableOrder() throws {
        var state = try Self.pagedAttention()
        state.seek(to: 10)
        let table = try #require(state.snapshot.request(RequestID(2))).blockTable
        let sweep = try #require(state.sweep, "the step 10 cue starts the sweep")
        #expect(sweep.request == RequestID(2))
        #expect(state.isAnimating && state.wantsStepsPerSecond > 0)
        let before = state.snapshot
        var keys: [BlockID] = []
        var values: [BlockID] = []
        var counts: [(Int, Int)] = []
        while let running = state.sweep {
            switch running.phase {
            case .keys: keys.append(try #require(running.block))
            case .values: values.append(try #require(running.block))
            case .done: break
            }
            counts.append((running.keysRead, running.valuesRead))
            _ = dispatch(&state, .tick(elapsedSeconds: 1 / AttentionSweep.framesPerSecond))
        }
        #expect(keys == Array(table.prefix(sweep.blocks.count)) && values == keys)
        #expect(counts.map(\.0) == counts.map(\.0).sorted() && counts.map(\.1) == counts.map(\.1).sorted())
        #expect(counts.last.map { $0 == (sweep.vectors, sweep.vectors) } == true)
        #expect(sweep.vectors == 12 && keys.count == 3, "C's query at step 10 reads 12 K/V in 3 blocks")
        #expect(state.snapshot == before && state.snapshot.step == 10, "the sweep moved the engine")
    }

    @Test func steppingEndsTheSweepAndStaysExact() throws {
        var state = try Self.pagedAttention()
        state.seek(to: 10)
        let at10 = state.snapshot
        _ = dispatch(&state, .tick(elapsedSeconds: 1))
        _ = dispatch(&state, .stepForward)
        #expect(state.sweep == nil)
        _ = dispatch(&state, .stepBack)
        #expect(state.snapshot == at10)
        var fresh = try Self.pagedAttention()
        fresh.seek(to: 11)
        _ = dispatch(&state, .stepForward)
        #expect(state.snapshot == fresh.snapshot)
    }

    @Test func aKeyOnADecodeStepOnly() throws {
        var state = try Self.pagedAttention()
        _ = dispatch(&state, .stepForward)
        _ = dispatch(&state, .sweepAttention)
        #expect(state.sweep == nil, "step 1 only prefills: nothing to sweep")
        state.seek(to: 4)
        _ = dispatch(&state, .sweepAttention)
        let sweep = try #require(state.sweep)
        #expect(sweep.phase == .keys && sweep.logical == 0)
        _ = dispatch(&state, .sweepAttention)
        #expect(state.sweep == nil, "a second a stops it")
    }

    @Test func playbackWaitsForTheSweep() throws {
        var state = try Self.pagedAttention()
        state.seek(to: 10)
        state.isPlaying = true
        let frames = try #require(state.sweep).frameCount
        for _ in 0..<(frames - 1) { _ = dispatch(&state, .tick(elapsedSeconds: 1 / AttentionSweep.framesPerSecond)) }
        #expect(state.snapshot.step == 10 && state.sweep != nil)
        _ = dispatch(&state, .tick(elapsedSeconds: 1 / AttentionSweep.framesPerSecond))
        #expect(state.sweep == nil)
        _ = dispatch(&state, .tick(elapsedSeconds: 1 / state.speed))
        #expect(state.snapshot.step == 11)
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func theCountIsOnScreen(size: Size) throws {
        var state = try Self.pagedAttention(size: size)
        state.seek(to: 10)
        _ = dispatch(&state, .tick(elapsedSeconds: 1 / AttentionSweep.framesPerSecond))
        #expect(Fixtures.render(state).plainText().contains("reads K 8/12"))
        state.language = .zh
        #expect(Fixtures.render(state).plainText().contains("读 K 8/12"))
    }
}
