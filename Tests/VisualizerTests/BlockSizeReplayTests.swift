import Engine
import KVScenario
import Foundation
import TerminalCanvas
import Testing
@testable import Visualizer

/// `k` and `K`: the run replayed with another block size as a job (never inside `update`), the
/// pool keeping its token slots, and the counter line's hit rate at both sizes. On the
/// prefix-hit-rate walkthrough the 12-token system prompt never fills a 16-token block (0%), but
/// fills one 8-token block, so B and C each hit 8 of their prompt tokens.
@Suite struct BlockSizeReplayTests {
    static func state() throws -> AppState {
        let chapter = try DemoWalkthroughTests.chapter("practice/01-prefix-hit-rate.yaml")
        return try AppState(chapters: [chapter], language: .en, colors: false, size: Size(width: 120, height: 40))
    }

    @Test func kReturnsAReplayJobAndStepsNothing() throws {
        var state = try Self.state()
        for _ in 0..<8 { dispatch(&state, .stepForward) }
        #expect(action(forKey: .char("k")) == .cycleBlockSize(larger: true))
        #expect(action(forKey: .char("K")) == .cycleBlockSize(larger: false))
        let (after, effects) = update(state, .cycleBlockSize(larger: false))
        #expect(after.engine.step == 8)
        #expect(after.engine.config == state.engine.config)
        let job = try UpdateEffectsTests.job(effects)
        guard case let .reblock(configs, step, previous) = job.work else {
            Issue.record("expected a block-size replay, got \(job.work)")
            return
        }
        #expect(step == 8 && previous == state.engine.config)
        // K: the smaller sizes, nearest first (no wrapping round to the largest).
        #expect(configs.map(\.blockSize) == [8])
        // k: the larger ones that make at least one block of the pool's 384 token slots.
        let (_, up) = update(state, .cycleBlockSize(larger: true))
        guard case let .reblock(larger, _, _) = try UpdateEffectsTests.job(up).work else { return }
        #expect(larger.map(\.blockSize) == [32, 64, 128, 256])
        // At the smallest size K asks for nothing.
        var smallest = state
        dispatch(&smallest, .cycleBlockSize(larger: false))
        #expect(smallest.snapshot.blockSize == 8)
        #expect(update(smallest, .cycleBlockSize(larger: false)).1.isEmpty)
        // Every size keeps the pool's token slots.
        let slots = state.engine.config.numBlocks * state.engine.config.blockSize
        #expect(configs.allSatisfy { $0.numBlocks * $0.blockSize <= slots && ($0.numBlocks + 1) * $0.blockSize > slots })
    }

    @Test func theReplayShowsTheHitRateAtBothSizes() throws {
        var state = try Self.state()
        for _ in 0..<8 { dispatch(&state, .stepForward) }
        let before = PrefixHitRate(state.snapshot)
        #expect(before.hitTokens == 0 && before.promptTokens > 0)

        dispatch(&state, .cycleBlockSize(larger: false))
        #expect(state.engine.step == 8)
        #expect(state.snapshot.blockSize == 8)
        let comparison = try #require(state.blockSizeComparison)
        #expect(comparison.otherBlockSize == 16)
        #expect(comparison.otherRate(at: 8) == before)
        // B and C each hit one full 8-token block of the shared 12-token prompt.
        let now = PrefixHitRate(state.snapshot)
        #expect(now.hitTokens == 16)
        #expect(now.promptTokens == before.promptTokens)
        let expected = now.text
        #expect(expected != "0.0%")
        // The counter line says both.
        let screen = Fixtures.render(state).plainText()
        #expect(screen.contains("hit rate \(expected) at 8/block, 0.0% at 16"), "\(screen)")
        // The file's notes speak of 16-token blocks: a note says so instead of the cue.
        #expect(state.narration?.text.en.hasPrefix("Blocks of 8 tokens now") == true)

        // k goes back up to 16: the walkthrough's own narration again.
        dispatch(&state, .cycleBlockSize(larger: true))
        #expect(state.snapshot.blockSize == 16)
        #expect(state.blockSizeComparison?.otherBlockSize == 8)
        #expect(state.narration?.text.en.hasPrefix("Blocks of") == false)
    }

    @Test func escapeDropsTheJobAndKeepsTheRun() throws {
        var state = try Self.state()
        for _ in 0..<5 { dispatch(&state, .stepForward) }
        let (after, effects) = update(state, .cycleBlockSize(larger: true))
        var run = JobRun(try UpdateEffectsTests.job(effects), on: after)
        run.advance(steps: 1)
        #expect(!run.isDone)
        // Dropping the job (what Esc does) leaves the state on screen untouched.
        #expect(after.snapshot == state.snapshot && after.blockSizeComparison == nil)
    }
}
