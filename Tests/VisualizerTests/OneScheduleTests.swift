import Engine
import KVCore
import Testing
@testable import Visualizer

/// The paged engine and its contiguous baseline run one schedule (the same token budget, the
/// same max_num_seqs, prompts prefilled in the same chunks) and count "used" the same way: slots
/// whose K/V is stored. The compare view's share bars and the contiguous panel read it.
@Suite struct OneScheduleTests {
    private func engine(_ requests: [EngineRequest], budget: Int, policy: ContiguousPolicy = .oracle) throws -> Engine {
        let config = EngineConfig(numBlocks: 64, blockSize: 16,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: budget, maxNumSeqs: 8),
                                  prefixCaching: false, mode: .memoryOnly, maxModelLen: 1024, contiguousPolicy: policy)
        return try Engine(config: config, requests: requests)
    }

    private func tokens(_ count: Int, _ seed: Int) -> EngineRequest.Prompt {
        .tokens((0..<count).map { TokenID(($0 * 7 + seed) % 500 + 1) })
    }

    /// One request, a prompt three budgets long: at every step both sides store the same K/V,
    /// so the two share bars read the same used share, through the chunked prefill, the decode
    /// and the step that frees it.
    @Test(arguments: ContiguousPolicy.allCases)
    func aSingleRequestReadsTheSameUsedShareOnBothSides(policy: ContiguousPolicy) throws {
        var engine = try engine([EngineRequest(id: 0, prompt: tokens(150, 3), maxTokens: 6)], budget: 64, policy: policy)
        var steps = 0
        while !engine.isComplete {
            engine.stepForward()
            steps += 1
            let snapshot = engine.snapshot
            let view = try #require(snapshot.contiguous)
            let paged = SharesPanel.paged(snapshot)
            let contiguous = SharesPanel.contiguous(view)
            #expect(paged.tokens == contiguous.tokens, "step \(snapshot.step): paged \(paged.tokens) vs contiguous \(contiguous.tokens)")
            #expect(percent(paged.tokens, of: paged.total) == percent(contiguous.tokens, of: contiguous.total))
            #expect(view.tokenStateSlots == view.extents.reduce(0) { $0 + $1.used })
        }
        // Three prefill chunks (64, 64, 22), then five decode steps.
        #expect(steps == 8)
    }

    /// Fragmentation's opening: four prompts (3,300 tokens) under a 2,048-token budget. Neither
    /// side places them all in the first step; both store the same 2,048 tokens.
    @Test func theBaselineAdmitsUnderTheSameTokenBudget() throws {
        let requests = [(1000, 60), (200, 12), (1400, 100), (700, 90)].enumerated().map {
            EngineRequest(id: $0.offset, prompt: tokens($0.element.0, $0.offset), maxTokens: $0.element.1)
        }
        let config = EngineConfig(numBlocks: 256, blockSize: 16,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 2048, maxNumSeqs: 8),
                                  prefixCaching: false, mode: .memoryOnly, maxModelLen: 2048, contiguousPolicy: .pow2)
        var engine = try Engine(config: config, requests: requests)
        engine.stepForward()
        let view = try #require(engine.snapshot.contiguous)
        #expect(SharesPanel.paged(engine.snapshot).tokens == 2048)
        #expect(view.tokenStateSlots == 2048)
        // A and B whole, C's first 848 tokens; D waits for the budget on both sides.
        #expect(view.extents.map(\.used) == [1000, 200, 848])
        engine.stepForward()
        let next = try #require(engine.snapshot.contiguous)
        #expect(next.extents.map(\.used) == [1001, 201, 1400, 700])
        #expect(SharesPanel.paged(engine.snapshot).tokens == next.tokenStateSlots)
    }
}
