import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// What the pictures draw is what the engine did: the free-queue strip lists the manager's own
/// queue in order, a hit's gap names the block at that place of the queue before the step, and
/// the recompute triangle's rows add up to the engine's K/V counters.
@Suite struct PictureTruthTests {
    static let queueDemos = ["06-paged-attention.yaml", "08-prefix-sharing.yaml", "11-preemption.yaml"]

    /// The block numbers a drawn strip lists, in order: `#N` for a queued block, `^N` for a gap.
    static func drawnOrder(_ line: String) -> [String] {
        var result: [String] = []
        var scanner = Substring(line)
        while let hash = scanner.firstIndex(of: "#") {
            let taken = hash > scanner.startIndex && scanner[scanner.index(before: hash)] == "↑"
            let digits = scanner[scanner.index(after: hash)...].prefix { $0.isNumber }
            result.append((taken ? "^" : "") + digits)
            scanner = scanner[scanner.index(after: hash)...]
        }
        return result
    }

    @Test(arguments: queueDemos)
    func theStripIsTheManagersQueueWithEveryHitsGap(file: String) throws {
        for prefixCaching in [true, false] {
            var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: .en, colors: false,
                                     size: Size(width: 120, height: 40))
            if state.snapshot.prefixCaching != prefixCaching { _ = dispatch(&state, .togglePrefixCaching) }
            var previous = state.snapshot
            var takes = 0
            while !state.engine.isComplete {
                _ = dispatch(&state, .stepForward)
                let snapshot = state.snapshot
                #expect(snapshot.freeQueue == state.engine.scheduler.kv.freeQueue())
                for (position, block) in snapshot.freeQueue.enumerated() {
                    #expect(snapshot.freeQueuePosition(of: block) == position)
                }
                // Every hit on a block that was queued, and only those, leaves a gap.
                var hitFromQueue = Set<BlockID>()
                for case let .paging(.prefixHit(_, block, _)) in snapshot.events where previous.freeQueue.contains(block) {
                    hitFromQueue.insert(block)
                }
                #expect(Set(snapshot.queueTakes.map(\.block)) == hitFromQueue, "\(file) step \(snapshot.step)")
                for take in snapshot.queueTakes {
                    #expect(previous.freeQueue[take.position] == take.block)
                    #expect(take.queueLength == previous.freeQueue.count)
                    if let next = take.nextStillQueued { #expect(snapshot.freeQueue.contains(next)) }
                }
                takes += snapshot.queueTakes.count
                // Drawn wide enough for every block: the strip reads back as the queue plus gaps.
                let frame = Frame(state: state)
                let drawn = Self.drawnOrder(FreeQueueStrip.spans(frame, width: 2_000).map(\.text).joined())
                #expect(drawn.filter { !$0.hasPrefix("^") } == snapshot.freeQueue.map { String($0.index) })
                #expect(drawn.filter { $0.hasPrefix("^") }.count == snapshot.queueTakes.count)
                previous = snapshot
            }
            if file == "08-prefix-sharing.yaml" && prefixCaching { #expect(takes > 0) }
        }
    }

    @Test func aNarrowStripKeepsTheHeadTheTailAndTheGaps() throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("08-prefix-sharing.yaml")], language: .en,
                                 colors: false, size: Size(width: 80, height: 24))
        Fixtures.step(&state) { !$0.queueTakes.isEmpty }
        let snapshot = state.snapshot
        let drawn = Self.drawnOrder(FreeQueueStrip.spans(Frame(state: state), width: 80).map(\.text).joined())
        #expect(drawn.first == String(snapshot.freeQueue[0].index))
        #expect(drawn.filter { $0.hasPrefix("^") }.count == snapshot.queueTakes.count)
        let line = FreeQueueStrip.spans(Frame(state: state), width: 80).map(\.text).joined()
        #expect(DisplayWidth.of(line) <= 80)
    }

    /// A fold mark before the tail (`…5 tail`) is spaced like every other entry: one space.
    @Test(arguments: queueDemos)
    func theStripHasNoDoubleSpaceAtAnyWidth(file: String) throws {
        for language in [Language.en, .zh] {
            var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language, colors: false,
                                     size: Size(width: 80, height: 24))
            while !state.engine.isComplete {
                _ = dispatch(&state, .stepForward)
                let frame = Frame(state: state)
                for width in [80, 100, 120] {
                    let line = FreeQueueStrip.spans(frame, width: width).map(\.text).joined()
                    #expect(!line.dropFirst().contains("  "), "\(file) \(language) step \(state.snapshot.step) at \(width): \(line)")
                    #expect(DisplayWidth.of(line) <= width)
                }
            }
        }
    }

    @Test func theTriangleCountsAreTheEnginesTotals() throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("01-why-kv-cache.yaml")], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        while !state.engine.isComplete {
            _ = dispatch(&state, .stepForward)
            let snapshot = state.snapshot
            let counters = snapshot.counters
            #expect(snapshot.workPerStep.count == snapshot.step)
            #expect(snapshot.workPerStep.reduce(0) { $0 + $1.withoutCache } == counters.kvWithoutCacheTotal)
            #expect(snapshot.workPerStep.reduce(0) { $0 + $1.computed } == counters.kvComputedTotal)
            let text = Fixtures.render(state).plainText()
            #expect(text.contains("without cache \(counters.kvWithoutCacheTotal)"))
            #expect(text.contains("with cache \(counters.kvComputedTotal)"))
        }
        // One request from a one-token prompt: step k recomputes k rows, the cache computes one.
        let n = state.snapshot.workPerStep.count
        #expect(state.snapshot.counters.kvWithoutCacheTotal == n * (n + 1) / 2)
        #expect(state.snapshot.counters.kvComputedTotal == n)
        #expect(Fixtures.render(state).plainText().contains("= N(N+1)/2"))
    }

    @Test func theTriangleScalesToItsBox() {
        let work = (1...18).map { StepWork(computed: 1, withoutCache: $0) }
        #expect(RecomputeTriangle.scale(work, rows: 18, columns: 40) == .init(perRow: 1, perCell: 1))
        #expect(RecomputeTriangle.scale(work, rows: 3, columns: 9) == .init(perRow: 6, perCell: 2))
        #expect(RecomputeTriangle.drawnSteps(count: 9, perRow: 3) == [2, 5, 8])
        #expect(RecomputeTriangle.drawnSteps(count: 10, perRow: 3) == [0, 3, 6, 9])
    }

    @Test func theBlocksFactorsMultiplyToItsBytes() throws {
        let state = try AppState(chapters: [DemoWalkthroughTests.chapter("02-cache-size.yaml")], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        let memory = try #require(state.snapshot.memory)
        let anatomy = try #require(memory.anatomy)
        #expect(anatomy == BlockAnatomy(layers: 32, kvHeads: 32, queryHeads: 32, headDim: 128, elementBytes: 2, slots: 16))
        #expect(anatomy.bytes == memory.blockBytes)
        #expect(Fixtures.render(state).plainText().contains("= block bytes ✓"))
        // A block whose factors disagree with the pool's is not drawn as if they agreed.
        #expect(anatomy.checked(against: memory.blockBytes + 1) == nil)
    }
}
