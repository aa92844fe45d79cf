import Testing
import KVCore
import ToyDecoder
@testable import Engine

/// Beam search run through the engine: the paged toy decoder's real logits, the scheduler's
/// forks and frees, checked against the scorer over full recomputation and against an
/// exhaustive search.
@Suite("Engine beam search")
struct EngineBeamSearchTests {
    static let prompt = "今天天气"

    /// The reference model: the engine's seeded weights, run by full recomputation.
    static func reference(maxTokens: Int) -> (Tokenizer, (_ tokens: [ToyDecoder.TokenID]) -> [Float]) {
        let tokenizer = Tokenizer(extraText: [prompt])
        let context = (tokenizer.encode(prompt).count + maxTokens + 63) / 64 * 64
        let model = ToyModel(config: ToyModelConfig(vocabSize: tokenizer.vocabSize, contextLength: context),
                             seed: 7, numBlocks: 4, blockSize: 4)
        return (tokenizer, { model.logitsByRecomputing(tokens: $0) })
    }

    /// Runs to the end, checking after every step that each block's ref count is the number of
    /// running sequences (beams) whose table holds it; returns the engine's best beam.
    static func run(width: Int, maxTokens: Int, blocks: Int) throws -> (best: Request, engine: Engine) {
        var engine = try Runs.decoder(blocks: blocks, maxSeqs: max(8, width),
                                      requests: [EngineRequest(id: 0, prompt: .text(prompt), maxTokens: maxTokens, beamWidth: width)])
        while !engine.isComplete {
            engine.stepForward()
            let scheduler = engine.scheduler
            try scheduler.kv.checkInvariants()
            var holders = [Int](repeating: 0, count: scheduler.kv.numBlocks)
            for id in scheduler.running {
                for block in scheduler.kv.blockTable(of: scheduler.sequence(id)) { holders[block.index] += 1 }
            }
            for block in engine.snapshot.blocks {
                #expect(block.refCount == holders[block.id.index], "step \(engine.step): block \(block.id.index)")
                #expect(block.owners.count == block.refCount, "step \(engine.step): the grid's owners of block \(block.id.index)")
            }
        }
        #expect(engine.scheduler.kv.numFreeBlocks == blocks, "every beam's blocks are freed at the end")
        let group = try #require(engine.scheduler.beamGroups[RequestID(0)])
        let best = try #require(group.best.flatMap { engine.scheduler.requests[$0] })
        return (best, engine)
    }

    @Test func theEnginesBestBeamEqualsAnExhaustiveSearch() throws {
        // Two tokens with as many beams as the vocabulary has ordinary tokens: the first step
        // keeps every first token, so the best beam must be the exhaustive optimum.
        let (tokenizer, logits) = Self.reference(maxTokens: 2)
        let specials = Set(tokenizer.specialTokenIDs)
        let width = tokenizer.vocabSize - specials.count
        let exhaustive = BeamSearch.exhaustive(prompt: tokenizer.encode(Self.prompt), length: 2,
                                               vocabularySize: tokenizer.vocabSize, excluding: specials, logits: logits)
        let (best, _) = try Self.run(width: width, maxTokens: 2, blocks: 2 * width + 4)
        #expect(best.outputTokens == exhaustive.tokens)
        #expect(abs(best.beamScore - exhaustive.score) < 1e-4)
    }

    @Test func threeBeamsThroughThePagedCacheMatchTheScorerOverRecomputation() throws {
        let (tokenizer, logits) = Self.reference(maxTokens: 6)
        let expected = BeamSearch.run(prompt: tokenizer.encode(Self.prompt), length: 6, width: 3,
                                      excluding: Set(tokenizer.specialTokenIDs), logits: logits)
        let (best, engine) = try Self.run(width: 3, maxTokens: 6, blocks: 16)
        #expect(best.outputTokens == expected.first?.tokens)
        // The final beams, best first, are the scorer's.
        let finals = engine.scheduler.beamGroups[RequestID(0)]?.beams.compactMap { engine.scheduler.requests[$0]?.outputTokens }
        #expect(finals == expected.map(\.tokens))
        // The snapshot names the best beam.
        #expect(engine.snapshot.requests.filter { $0.beam?.isBest == true }.map(\.id) == [best.id])
    }

    @Test func steppingBackReplaysTheSameBeams() throws {
        var engine = try Runs.decoder(blocks: 16, requests: [EngineRequest(id: 0, prompt: .text(Self.prompt), maxTokens: 5, beamWidth: 3)])
        engine.seek(to: 4)
        let at4 = engine.snapshot
        engine.runToEnd()
        engine.seek(to: 4)
        #expect(engine.snapshot == at4)
    }

    @Test func badBeamRequestsAreRejectedWithTheField() throws {
        func error(_ request: EngineRequest, memoryOnly: Bool = false) -> String? {
            let config = EngineConfig(numBlocks: 16, blockSize: 4, scheduler: SchedulerConfig(maxNumSeqs: 4),
                                      mode: memoryOnly ? .memoryOnly : .decoder(seed: 7, temperature: 0))
            do { _ = try Engine(config: config, requests: [request]); return nil } catch { return "\(error)" }
        }
        let prompt = EngineRequest.Prompt.text("abc")
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 2, beamWidth: 0))?.contains("beam_width is 0") == true)
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 2, beamWidth: 5))?.contains("max_num_seqs 4") == true)
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 2, beamWidth: 2), memoryOnly: true)?.contains("decoder") == true)
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 2, samples: 2, beamWidth: 2))?.contains("n = 2") == true)
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 2, beamWidth: 2)) == nil)
        // 4 beams of 3 + 6 tokens need at most 4 x 3 blocks of 4 (fits 16); of 3 + 14 tokens, 4 x 5.
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 6, beamWidth: 4)) == nil)
        #expect(error(EngineRequest(id: 0, prompt: prompt, maxTokens: 14, beamWidth: 4))?.contains("may need 20 blocks; the pool has 16") == true)
    }
}
