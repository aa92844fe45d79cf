import KVCore
import Testing
@testable import Engine

@Suite("Engine scheduling")
struct EngineSchedulingTests {
    @Test func preemptionLosesAndDuplicatesNoToken() throws {
        var roomy = try Runs.decoder(blocks: 64, requests: Runs.chat(count: 5))
        var tight = try Runs.decoder(blocks: 14, requests: Runs.chat(count: 5))
        let expected = Runs.outputs(&roomy)
        let got = Runs.outputs(&tight)
        #expect(tight.snapshot.counters.preemptions > 0, "the tight pool must preempt for this test to mean anything")
        #expect(roomy.snapshot.counters.preemptions == 0)
        #expect(got == expected)
        for request in tight.snapshot.requests {
            #expect(request.outputLength == request.maxOutputTokens)
            #expect(request.status == .finished)
        }
    }

    @Test func aSwappedOutRequestProducesTheSameTokensAsAnUnpressuredRun() throws {
        var roomy = try Runs.decoder(blocks: 64, requests: Runs.chat(count: 5))
        var swapping = try Runs.decoder(blocks: 14, preemption: .swap, cpuBlocks: 32, requests: Runs.chat(count: 5))
        var recomputing = try Runs.decoder(blocks: 14, requests: Runs.chat(count: 5))
        let expected = Runs.outputs(&roomy)
        #expect(Runs.outputs(&swapping) == expected)
        _ = Runs.outputs(&recomputing)
        let counters = swapping.snapshot.counters
        #expect(counters.preemptions > 0, "the tight pool must preempt for this test to mean anything")
        #expect(counters.blocksSwappedTotal > 0)
        // Swapped K/V come back instead of being recomputed: the model computes exactly what the
        // unpressured run computed, less than the recomputing run.
        #expect(counters.kvComputedTotal == roomy.snapshot.counters.kvComputedTotal)
        #expect(counters.kvComputedTotal < recomputing.snapshot.counters.kvComputedTotal)
        #expect(swapping.scheduler.cpu.numUsedBlocks == 0)
    }

    @Test func aFullCPUPoolFallsBackToRecomputation() throws {
        var roomy = try Runs.decoder(blocks: 64, requests: Runs.chat(count: 5))
        var tiny = try Runs.decoder(blocks: 14, preemption: .swap, cpuBlocks: 1, requests: Runs.chat(count: 5))
        #expect(Runs.outputs(&tiny) == Runs.outputs(&roomy))
        #expect(tiny.snapshot.counters.preemptions > 0)
    }

    @Test func everyStepRespectsTheTokenBudgetAndMaxSequences() throws {
        let spec = WorkloadSpec.chat
        var workloadSpec = spec
        workloadSpec.numRequests = 60
        let workload = try WorkloadGenerator(spec: workloadSpec).generate()
        let requests = workload.map {
            EngineRequest(id: $0.id, arrivalStep: $0.arrivalStep / 8, prompt: .tokens($0.promptTokens), maxTokens: $0.outputLength)
        }
        let config = EngineConfig(numBlocks: 600, blockSize: 16,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 512, maxNumSeqs: 12))
        var engine = try Engine(config: config, requests: requests)
        var steps = 0
        while !engine.isComplete, steps < 20_000 {
            engine.stepForward()
            steps += 1
            let snapshot = engine.snapshot
            let scheduled = snapshot.chunks.reduce(0) { $0 + $1.numTokens }
            #expect(scheduled <= 512)
            #expect(snapshot.running.count <= 12)
            #expect(Set(snapshot.chunks.map(\.request)).count == snapshot.chunks.count)
            try engine.scheduler.kv.checkInvariants()
        }
        #expect(engine.isComplete)
        #expect(engine.scheduler.kv.numUsedBlocks == 0)
        #expect(engine.scheduler.finished.count == 60)
    }

    @Test func stepBackThenForwardReproducesIdenticalSnapshots() throws {
        var engine = try Runs.decoder(blocks: 14, requests: Runs.chat(count: 5))
        var forward: [Snapshot] = [engine.snapshot]
        while !engine.isComplete {
            engine.stepForward()
            forward.append(engine.snapshot)
        }
        #expect(forward.count > 20)
        // Walk all the way back one step at a time, then forward again.
        for step in stride(from: forward.count - 2, through: 0, by: -1) {
            engine.stepBack()
            #expect(engine.step == step)
            #expect(engine.snapshot == forward[step])
        }
        for step in 1..<forward.count {
            engine.stepForward()
            #expect(engine.snapshot == forward[step])
        }
        engine.seek(to: 7)
        #expect(engine.snapshot == forward[7])
    }

    @Test func copyOnWriteHappensExactlyWhenASampleWritesIntoASharedBlock() throws {
        // Paper design. Prompt of 6 tokens with block size 4: the second block is shared and half
        // full when the three samples fork, so the first two writers copy it and the last writes
        // in place.
        let request = EngineRequest(id: 0, prompt: .text("abcdef"), maxTokens: 3, samples: 3,
                                    forcedContinuations: ["xyz", "uvw", "rst"])
        var engine = try Runs.decoder(blocks: 16, sampling: .paper, requests: [request])
        engine.stepForward()  // prefill + fork
        let afterFork = engine.snapshot
        #expect(afterFork.requests.count == 3)
        #expect(afterFork.blocks.filter { $0.refCount == 3 }.count == 2)
        engine.stepForward()  // each sample writes its first token
        let copies = engine.snapshot.events.compactMap { event -> BlockID? in
            if case let .paging(.copiedOnWrite(_, from, _, _)) = event { return from }
            return nil
        }
        #expect(copies.count == 2)
        #expect(Set(copies).count == 1)
        // Writing into blocks nobody shares copies nothing.
        engine.stepForward()
        let later = engine.snapshot.events.filter {
            if case .paging(.copiedOnWrite) = $0 { return true }
            return false
        }
        #expect(later.isEmpty)
        engine.runToEnd()
        let texts = engine.snapshot.requests.map { $0.tokenTexts.suffix(3).joined() }
        #expect(texts == ["xyz", "uvw", "rst"])
    }

    @Test func v1SamplesAreChildRequestsSharingThePromptThroughThePrefixCache() throws {
        // v1 design, same request: three requests admitted in one step. The first one's full
        // prompt block is cached when scheduled, the other two hit it and each computes its own
        // partial block (tokens 5-6); nothing is copied on write.
        let request = EngineRequest(id: 0, prompt: .text("abcdef"), maxTokens: 3, samples: 3,
                                    forcedContinuations: ["xyz", "uvw", "rst"])
        var engine = try Runs.decoder(blocks: 16, requests: [request])
        engine.stepForward()
        let first = engine.snapshot
        #expect(first.requests.count == 3)
        #expect(first.blocks.filter { $0.refCount == 3 }.count == 1)
        #expect(first.counters.prefixHitBlocks == 2)
        #expect(first.chunks.map(\.numTokens) == [6, 2, 2])
        engine.runToEnd()
        let copies = engine.snapshot.counters
        #expect(engine.scheduler.kv.stats.copiesOnWrite == 0)
        #expect(copies.tokensGenerated == 9)
        let texts = engine.snapshot.requests.map { $0.tokenTexts.suffix(3).joined() }
        #expect(texts == ["xyz", "uvw", "rst"])
    }

    @Test func prefixCachingReusesASharedSystemPrompt() throws {
        let system = "You are a helpful assistant. "
        let requests = [
            EngineRequest(id: 0, prompt: .text(system + "Hi"), maxTokens: 2),
            EngineRequest(id: 1, arrivalStep: 3, prompt: .text(system + "Yo"), maxTokens: 2),
        ]
        var cached = try Runs.decoder(blocks: 32, requests: requests)
        cached.runToEnd()
        var uncached = try Runs.decoder(blocks: 32, prefixCaching: false, requests: requests)
        uncached.runToEnd()
        let hits = cached.snapshot.counters.prefixHitBlocks
        #expect(hits == system.count / 4)
        #expect(uncached.snapshot.counters.prefixHitBlocks == 0)
        #expect(cached.snapshot.counters.kvComputedTotal + hits * 4 == uncached.snapshot.counters.kvComputedTotal)
        #expect(Runs.outputs(&cached) == Runs.outputs(&uncached))
    }

    @Test func countersMatchTheChaptersFormulaForOneRequest() throws {
        let n = 20
        var engine = try Runs.decoder(blocks: 16, requests: [EngineRequest(id: 0, prompt: .text("a"), maxTokens: n)])
        engine.runToEnd()
        let counters = engine.snapshot.counters
        // The last sampled token is never computed: N tokens computed = prompt + N - 1 outputs.
        #expect(counters.kvComputedTotal == n)
        #expect(counters.kvWithoutCacheTotal == n * (n + 1) / 2)
    }

    @Test func aRequestThatCanNeverFitIsRejectedWithItsSizes() {
        #expect(throws: EngineError.requestNeverFits(request: 0, tokens: 40, blocksNeeded: 10, numBlocks: 8, blockSize: 4)) {
            _ = try Runs.decoder(blocks: 8, requests: [EngineRequest(id: 0, prompt: .tokens(Array(repeating: 5, count: 30)), maxTokens: 10)])
        }
    }
}

@Suite("Engine history")
struct EngineHistoryTests {
    @Test func steppingBackThroughALongRunRestoresEveryStepExactly() throws {
        // Over 512 steps, so the coarse keyframes thin out at least once and the fine level is
        // rebuilt for several segments.
        let requests = (0..<400).map { index in
            EngineRequest(id: index, arrivalStep: index * 2, prompt: .tokens((0..<(3 + index % 7)).map { Int32(index * 10 + $0) }),
                          maxTokens: 2 + index % 5)
        }
        let config = EngineConfig(numBlocks: 24, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 16, maxNumSeqs: 4))
        var engine = try Engine(config: config, requests: requests)
        var forward: [Snapshot] = [engine.snapshot]
        while !engine.isComplete {
            engine.stepForward()
            forward.append(engine.snapshot)
        }
        #expect(forward.count > 700)
        for step in stride(from: forward.count - 2, through: 0, by: -1) {
            engine.stepBack()
            if engine.snapshot != forward[step] {
                Issue.record("step \(step) differs after stepping back")
                break
            }
        }
        engine.seek(to: 333)
        #expect(engine.snapshot == forward[333])
        engine.seek(to: 100)
        #expect(engine.snapshot == forward[100])
    }
}
