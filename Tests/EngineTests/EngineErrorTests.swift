import Testing
import KVCore
@testable import Engine

/// A run the engine refuses names the request, its field and the fix; the problem is a typed
/// case, worded once.
@Suite("Engine errors")
struct EngineErrorTests {
    @Test func everyRequestProblemRendersItsLine() {
        let lines: [(EngineError.RequestProblem, String)] = [
            (.idTwice, "id is used twice; give every request its own id"),
            (.idOutOfRange(maximum: 999_999), "id must be between 0 and 999999"),
            (.maxTokensNotPositive(0), "max_tokens is 0; expected a positive integer"),
            (.samplesNotPositive(0), "n is 0; expected 1 or more samples"),
            (.forkedSamplesAboveMaxNumSeqs(samples: 9, maxNumSeqs: 8),
             "n is 9 forked samples, above max_num_seqs 8; raise max_num_seqs or use sampling: v1"),
            (.negativeArrival(-2), "arrival is -2; expected a step >= 0"),
            (.emptyPrompt, "prompt is empty; give it at least one token"),
            (.tokenOutsideVocabulary(token: 70_000, vocabulary: 300),
             "prompt has token 70000, outside the decoder's vocabulary of 300; give text instead"),
            (.beamWidthOutsideRange(width: 9, maxNumSeqs: 8),
             "beam_width is 9; expected 1...8 beams (each beam is a sequence under max_num_seqs 8)"),
            (.beamsNeedDecoder, "beam_width needs the toy decoder's logits; run with the decoder or remove beam_width"),
            (.beamsWithSamples(samples: 2), "beam_width cannot be combined with n = 2; use one of them"),
            (.beamsWithContinuations, "beam_width chooses tokens by score; remove the request's continuations"),
            (.beamsAbovePool(width: 4, tokens: 20, blocks: 20, others: 0, numBlocks: 8),
             "beam_width is 4 beams of up to 20 tokens, which may need 20 blocks; the pool has 8: grow the pool, or use fewer beams or tokens"),
            (.beamsAbovePool(width: 4, tokens: 20, blocks: 20, others: 6, numBlocks: 8),
             "beam_width is 4 beams of up to 20 tokens, which may need 20 blocks besides 6 for earlier beam searches; the pool has 8: grow the pool, or use fewer beams or tokens"),
        ]
        for (problem, line) in lines {
            #expect(EngineError.invalidRequest(request: 3, problem).description == "request 3: " + line)
        }
        #expect(EngineError.contiguousBaseline(.max, .neverFits(request: 1, reservationSlots: 64, samples: 1, capacitySlots: 32)).description
            == "contiguous baseline is max; expected requests that fit: request 1 reserves 64 slots but capacity is 32 slots: "
                + "raise the capacity or use a smaller reservation policy")
    }

    /// The engine's init throws only `EngineError`, with the typed problem.
    @Test func aRefusedRequestGivesItsTypedProblem() {
        let requests = [EngineRequest(id: 0, arrivalStep: 0, prompt: .text("ab"), maxTokens: 2),
                        EngineRequest(id: 0, arrivalStep: 0, prompt: .text("cd"), maxTokens: 2)]
        do throws(EngineError) {
            _ = try Engine(config: EngineConfig(numBlocks: 8, blockSize: 4), requests: requests)
            Issue.record("two requests with one id were accepted")
        } catch {
            #expect(error == .invalidRequest(request: 0, .idTwice))
        }
    }
}
