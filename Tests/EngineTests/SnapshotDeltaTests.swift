import KVCore
import Testing
@testable import Engine

/// The engine rebuilds only the request views a step touched (`RequestViewDelta`) and the block
/// views either step changed (`BlockViewDelta`, the pool's touched blocks); these runs compare
/// that snapshot with one built from scratch at every step, forward and back, over preemption
/// (recompute and swap), both sampling designs, decoder and memory-only runs, and a long chat
/// run with thousands of blocks. The free queue each step derives from the one before must be
/// the manager's own.
@Suite("Snapshot delta")
struct SnapshotDeltaTests {
    private func checkEveryStep(_ engine: inout Engine, _ name: String, maxSteps: Int = 2_000) {
        #expect(engine.snapshot == engine.snapshotFromScratch(), "\(name): step 0")
        var steps = 0
        while !engine.isComplete, steps < maxSteps {
            engine.stepForward()
            steps += 1
            if engine.snapshot != engine.snapshotFromScratch() {
                Issue.record("\(name): step \(engine.step) forward differs from a full build")
                return
            }
            // The queue a step derives from the one before (`freeQueue(updating:touched:)`) is the walked one's.
            if engine.snapshot.freeQueue != engine.scheduler.kv.freeQueue() {
                Issue.record("\(name): step \(engine.step) forward: the free queue differs from the manager's")
                return
            }
        }
        while engine.step > 0 {
            engine.stepBack()
            if engine.snapshot != engine.snapshotFromScratch() {
                Issue.record("\(name): step \(engine.step) back differs from a full build")
                return
            }
            if engine.snapshot.freeQueue != engine.scheduler.kv.freeQueue() {
                Issue.record("\(name): step \(engine.step) back: the free queue differs from the manager's")
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

    /// The engine benchmark's kind of run, smaller: 150 chat requests in 1,200 blocks of 16,
    /// with preemptions. Nearly every step, both ways, must patch the blocks (the fast path),
    /// and every patched snapshot must equal a full build.
    @Test func longChatRunPatchesEveryStepExactly() throws {
        var spec = WorkloadSpec.chat
        spec.numRequests = 150
        let run = try WorkloadRun(RunConfiguration(workload: spec, numBlocks: 1_200, blockSize: 16))
        var engine = try run.makeEngine()
        checkEveryStep(&engine, "chat", maxSteps: 100_000)
        #expect(engine.isComplete == false && engine.step == 0)
        let steps = engine.patchedSnapshots
        #expect(steps > 0)
        // Forward to the end and back to 0: all but a handful of steps patch.
        var probe = try run.makeEngine()
        probe.runToEnd()
        let total = probe.step
        #expect(steps >= 2 * total - 20, "patched \(steps) of \(2 * total) snapshots")
    }

    /// The queue place a snapshot derives from tickets is the block manager's free queue order.
    @Test func freeQueuePlacesFollowTheManagersQueue() throws {
        var spec = WorkloadSpec.chat
        spec.numRequests = 60
        var engine = try WorkloadRun(RunConfiguration(workload: spec, numBlocks: 400, blockSize: 16)).makeEngine()
        while !engine.isComplete {
            for _ in 0..<37 { engine.stepForward() }
            let queue = engine.scheduler.kv.freeQueue()
            for (place, block) in queue.enumerated() {
                #expect(engine.snapshot.freeQueuePosition(of: block) == place)
            }
            let used = engine.snapshot.blocks.filter { $0.refCount > 0 }
            #expect(used.allSatisfy { engine.snapshot.freeQueuePosition(of: $0.id) == nil })
            #expect(queue.count + used.count == engine.snapshot.numBlocks)
        }
    }
}
