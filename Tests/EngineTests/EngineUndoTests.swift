import KVCore
import Testing
@testable import Engine

/// Stepping back undoes each step from a journal of what it changed (`StepUndo`,
/// `PoolJournal`) instead of replaying from a keyframe: every state on the way back must be
/// the one the run had going forward. Pressured runs: preemption (recompute and swap), prefix
/// hits on shared prompts, parallel samples that fork (both designs) and copy on write.
@Suite("Engine undo")
struct EngineUndoTests {
    private func pressured(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) -> [EngineRequest] {
        (0..<60).map { index in
            EngineRequest(id: index, arrivalStep: index / 2, prompt: .tokens((0..<(6 + index % 11)).map { Int32(index % 3 * 40 + $0) }),
                          maxTokens: 3 + index % 7, samples: index % 5 == 0 ? 3 : 1,
                          sampling: sampling, preemption: preemption)
        }
    }

    /// Forward to the end, then back to 0 one step at a time: every snapshot equals the one
    /// forward (and one built from scratch); then forward and back again over the same steps.
    private func checkBackToZero(_ engine: inout Engine, _ name: String) -> [Snapshot] {
        var forward: [Snapshot] = [engine.snapshot]
        while !engine.isComplete {
            engine.stepForward()
            forward.append(engine.snapshot)
        }
        for step in stride(from: forward.count - 2, through: 0, by: -1) {
            engine.stepBack()
            guard engine.step == step, engine.snapshot == forward[step], engine.snapshot == engine.snapshotFromScratch() else {
                Issue.record("\(name): step \(step) differs after stepping back")
                return forward
            }
        }
        // Forward again from states the undos made, and back over the same stretch.
        for step in 1 ..< min(40, forward.count) {
            engine.stepForward()
            #expect(engine.snapshot == forward[step], "\(name): step \(step) forward again")
        }
        for step in stride(from: min(40, forward.count) - 2, through: 0, by: -1) {
            engine.stepBack()
            #expect(engine.snapshot == forward[step], "\(name): step \(step) back again")
        }
        return forward
    }

    @Test(arguments: [PreemptionMode.recompute, .swap], [ParallelSamplingDesign.v1, .paper])
    func everyStateBackToZeroIsTheForwardOne(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) throws {
        let config = EngineConfig(numBlocks: 24, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 32, maxNumSeqs: 8,
                                                             sampling: sampling, preemption: preemption, cpuBlocks: 12),
                                  maxModelLen: 32)
        var engine = try Engine(config: config, requests: pressured(preemption, sampling))
        #expect(engine.undoesByJournal)
        let forward = checkBackToZero(&engine, "\(preemption) \(sampling)")
        // The run was pressured: it preempted, hit the prefix cache, evicted, and the paper's
        // design forked and copied on write.
        let last = try #require(forward.last)
        #expect(last.counters.preemptions > 0)
        #expect(last.counters.prefixHitBlocks > 0)
        func happened(_ event: (SchedulerEvent) -> Bool) -> Bool { forward.contains { $0.events.contains(where: event) } }
        #expect(happened { if case .paging(.evicted) = $0 { true } else { false } })
        if sampling == .paper {
            #expect(happened { if case .paging(.copiedOnWrite) = $0 { true } else { false } })
            #expect(happened { if case .forked = $0 { true } else { false } })
        }
    }

    /// Longer than one undo stretch and than the live keyframes' spacing, so that back walks
    /// cross stretches and coarse segments, with thousands of blocks.
    @Test func aLongChatRunStepsBackExactly() throws {
        var spec = WorkloadSpec.chat
        spec.numRequests = 220
        var engine = try WorkloadRun(RunConfiguration(workload: spec, numBlocks: 1_200, blockSize: 16)).makeEngine()
        #expect(engine.undoesByJournal)
        let forward = checkBackToZero(&engine, "chat")
        #expect(forward.count > EngineHistory.journalStretch + 64)
        #expect(try #require(forward.last).counters.preemptions > 0)
    }

    /// The reference manager keeps no journal: the history keeps whole states, same results.
    @Test func theReferenceManagerStepsBackFromWholeStates() throws {
        var config = EngineConfig(numBlocks: 24, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 32, maxNumSeqs: 8, cpuBlocks: 12),
                                  maxModelLen: 32)
        config.manager = .reference
        var engine = try Engine(config: config, requests: pressured(.recompute, .v1))
        #expect(engine.undoesByJournal == false)
        _ = checkBackToZero(&engine, "reference")
    }

    /// After a long run forward, the first step back replays at most the spacing of the
    /// keyframes kept going forward (64 steps), not a whole coarse segment.
    @Test func theFirstStepBackAfterGoingForwardIsBounded() throws {
        let requests = (0..<1_500).map { index in
            EngineRequest(id: index, arrivalStep: index * 2, prompt: .tokens((0..<(3 + index % 7)).map { Int32(index * 10 + $0) }),
                          maxTokens: 2 + index % 5)
        }
        let config = EngineConfig(numBlocks: 24, blockSize: 4, scheduler: SchedulerConfig(maxNumBatchedTokens: 16, maxNumSeqs: 4))
        var engine = try Engine(config: config, requests: requests)
        engine.runToEnd()
        #expect(engine.step > 2_500)
        for target in [2_400, 1_800, 1_100] {
            let mark = target / 128 * 128 + 120
            engine.seek(to: mark - 300)
            engine.seek(to: mark)
            let before = engine.replayedSteps
            engine.stepBack()
            #expect(engine.replayedSteps - before < 64, "the step back from \(mark) replayed \(engine.replayedSteps - before) steps")
        }
    }
}
