import KVCore
import Testing
@testable import Engine

/// The engine rebuilds only the request views a step touched (`RequestViewDelta`); these runs
/// compare that snapshot with one built from scratch at every step, forward and back, over
/// preemption (recompute and swap), both sampling designs, decoder and memory-only runs.
@Suite("Snapshot delta")
struct SnapshotDeltaTests {
    private func checkEveryStep(_ engine: inout Engine, _ name: String) {
        #expect(engine.snapshot == engine.snapshotFromScratch(), "\(name): step 0")
        var steps = 0
        while !engine.isComplete, steps < 2_000 {
            engine.stepForward()
            steps += 1
            if engine.snapshot != engine.snapshotFromScratch() {
                Issue.record("\(name): step \(engine.step) forward differs from a full build")
                return
            }
        }
        while engine.step > 0 {
            engine.stepBack()
            if engine.snapshot != engine.snapshotFromScratch() {
                Issue.record("\(name): step \(engine.step) back differs from a full build")
                return
            }
        }
    }

    private func pressured(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) -> [EngineRequest] {
        (0..<40).map { index in
            EngineRequest(id: index, arrivalStep: index, prompt: .tokens((0..<(4 + index % 9)).map { Int32(index % 3 * 50 + $0) }),
                          maxTokens: 3 + index % 6, samples: index % 7 == 0 ? 3 : 1,
                          sampling: sampling, preemption: preemption)
        }
    }

    @Test(arguments: [PreemptionMode.recompute, .swap], [ParallelSamplingDesign.v1, .paper])
    func memoryOnlyRunsUnderPressure(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) throws {
        let config = EngineConfig(numBlocks: 20, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 24, maxNumSeqs: 6,
                                                             sampling: sampling, preemption: preemption, cpuBlocks: 12),
                                  maxModelLen: 24, contiguousPolicy: .max)
        var engine = try Engine(config: config, requests: pressured(preemption, sampling))
        checkEveryStep(&engine, "\(preemption) \(sampling)")
    }

    @Test func decoderRun() throws {
        var engine = try Runs.decoder(blocks: 14, sampling: .paper, preemption: .swap, cpuBlocks: 8,
                                      requests: Runs.chat(count: 6) + [
                                          EngineRequest(id: 6, arrivalStep: 3, prompt: .text("abcdef"), maxTokens: 4, samples: 3),
                                      ])
        checkEveryStep(&engine, "decoder")
    }
}
