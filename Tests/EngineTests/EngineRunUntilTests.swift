import KVCore
import Testing
@testable import Engine

/// `run_until: both`: the run goes on after the paged server is done, until the contiguous
/// baseline is done too, and stepping back over those extra steps restores them exactly.
@Suite("Run until both servers finish")
struct EngineRunUntilTests {
    static let outputTokens = 16

    /// A pool where contiguous max (64-slot reservations in 192 slots: three at a time) needs
    /// more steps than paged for the same eight requests.
    static func engine(until end: RunEnd, mode: EngineMode = .memoryOnly) throws -> Engine {
        var config = EngineConfig(numBlocks: 48, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 64, maxNumSeqs: 8),
                                  mode: mode, maxModelLen: 64, contiguousPolicy: .max)
        config.runUntil = end
        let requests = (0..<8).map { i in
            EngineRequest(id: i, arrivalStep: 0, prompt: .text(Runs.prompts[i % Runs.prompts.count]), maxTokens: Self.outputTokens)
        }
        return try Engine(config: config, requests: requests)
    }

    /// Steps until the paged server has finished every request.
    static func pagedFinishStep(_ engine: Engine) -> Int {
        var engine = engine
        while !engine.isPagedComplete { engine.stepForward() }
        return engine.step
    }

    @Test func byDefaultTheRunEndsWithThePagedServer() throws {
        var engine = try Self.engine(until: .paged)
        engine.runToEnd()
        #expect(engine.isComplete && engine.isPagedComplete)
        let view = try #require(engine.snapshot.contiguous)
        #expect(!view.isFinished)
        #expect((view.stepsToFinish ?? 0) > 0)
        #expect(view.pagedFinishStep == engine.step)
        // Nothing moves once the run is over.
        let step = engine.step
        engine.stepForward()
        #expect(engine.step == step)
    }

    @Test func withBothTheContiguousBaselineRunsToItsEnd() throws {
        let start = try Self.engine(until: .both)
        let pagedDone = Self.pagedFinishStep(start)
        var engine = start
        engine.seek(to: pagedDone)
        #expect(engine.isPagedComplete && !engine.isComplete)
        let atPagedDone = engine.snapshot
        let left = try #require(atPagedDone.contiguous?.stepsToFinish)
        #expect(left > 0)
        #expect(atPagedDone.contiguous?.pagedFinishStep == pagedDone)

        // The tail: the paged server idles (no events, no work), the baseline steps, the
        // countdown goes down by one a step.
        var steps = 0
        while !engine.isComplete {
            engine.stepForward()
            steps += 1
            let snapshot = engine.snapshot
            #expect(snapshot.events.isEmpty && snapshot.chunks.isEmpty)
            #expect(snapshot.counters.kvComputedTotal == atPagedDone.counters.kvComputedTotal)
            #expect(snapshot.usedBlocks == atPagedDone.usedBlocks)
            #expect(snapshot.isComplete)
            #expect(snapshot.contiguous?.stepsToFinish == left - steps)
            #expect(snapshot.contiguous?.isFinished == engine.isComplete)
        }
        #expect(steps == left)
        let end = try #require(engine.snapshot.contiguous)
        #expect(end.finishedStep == pagedDone + left && engine.step == pagedDone + left)
        #expect(end.extents.isEmpty && end.runningRequests == 0 && end.waitingRequests == 0)
        // A finished run stays where it is.
        engine.stepForward()
        #expect(engine.step == pagedDone + left)
    }

    @Test func steppingBackOverTheExtraStepsRestoresThemExactly() throws {
        var engine = try Self.engine(until: .both)
        var forward: [Snapshot] = [engine.snapshot]
        while !engine.isComplete {
            engine.stepForward()
            forward.append(engine.snapshot)
        }
        // Long enough that the tail crosses a keyframe of the history (every 16 steps).
        #expect(forward.count - 1 > Self.pagedFinishStep(try Self.engine(until: .both)))
        #expect(forward.count > 32, "\(forward.count) steps")
        while engine.step > 0 {
            engine.stepBack()
            #expect(engine.snapshot == forward[engine.step], "step \(engine.step)")
        }
        // And forward again through the tail, from a jump into its middle.
        engine.seek(to: forward.count - 3)
        #expect(engine.snapshot == forward[forward.count - 3])
        engine.runToEnd()
        #expect(engine.snapshot == forward.last)
    }

    @Test func theDecoderIdlesThroughTheTailToo() throws {
        var engine = try Self.engine(until: .both, mode: .decoder(seed: 7, temperature: 0))
        let pagedDone = Self.pagedFinishStep(engine)
        engine.runToEnd()
        #expect(engine.step > pagedDone)
        #expect(engine.snapshot.contiguous?.isFinished == true)
        #expect(engine.snapshot.requests.allSatisfy { $0.outputLength == Self.outputTokens })
    }
}
