import Testing
@testable import ToyDecoder

@Suite("Beam search")
struct BeamSearchTests {
    /// Logits over a 4-token vocabulary after a 2-token prompt, built so that greedy decoding
    /// is not optimal: token 0 is slightly likelier first, but only token 1 leads to a confident
    /// second token. The third position varies with the history.
    static func tinyLogits(_ tokens: [TokenID]) -> [Float] {
        let generated = Array(tokens.dropFirst(2))
        switch generated.count {
        case 0: return [1.0, 0.8, 0, 0]
        case 1: return generated[0] == 1 ? [5, 0, 0, 0] : [0, 0, 0, 0]
        default:
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for token in generated { state = (state ^ UInt64(token + 1)) &* 0xBF58_476D_1CE4_E5B9 }
            return (0..<4).map { Float((state >> (8 * UInt64($0))) % 256) / 128 }
        }
    }

    @Test func aWideEnoughBeamFindsTheExhaustiveOptimum() {
        // Width 4^2 = 16 keeps every prefix of length 2, so the best of length 3 is exact.
        let prompt: [TokenID] = [1, 2]
        let best = BeamSearch.exhaustive(prompt: prompt, length: 3, vocabularySize: 4, logits: Self.tinyLogits)
        let beams = BeamSearch.run(prompt: prompt, length: 3, width: 16, logits: Self.tinyLogits)
        #expect(beams.first?.tokens == best.tokens)
        #expect(abs((beams.first?.score ?? 0) - best.score) < 1e-9)
        // Greedy (width 1) is worse here, so the test can tell a beam search from greedy.
        let greedy = BeamSearch.run(prompt: prompt, length: 3, width: 1, logits: Self.tinyLogits)
        #expect((greedy.first?.score ?? 0) < best.score)
    }

    @Test func theToyModelsBestBeamEqualsExhaustiveSearch() {
        // The real decoder's logits (full recomputation), two tokens, a beam as wide as the
        // vocabulary: beam search must land on the exhaustive optimum.
        let tokenizer = Tokenizer(extraText: [])
        let model = ToyModel(config: ToyModelConfig(vocabSize: tokenizer.vocabSize, contextLength: 64),
                             seed: 7, numBlocks: 4, blockSize: 4)
        let prompt = tokenizer.encode("今天天气")
        let excluded = Set(tokenizer.specialTokenIDs)
        let logits = { (tokens: [TokenID]) in model.logitsByRecomputing(tokens: tokens) }
        let best = BeamSearch.exhaustive(prompt: prompt, length: 2, vocabularySize: tokenizer.vocabSize,
                                         excluding: excluded, logits: logits)
        let beams = BeamSearch.run(prompt: prompt, length: 2, width: tokenizer.vocabSize, excluding: excluded, logits: logits)
        #expect(beams.first?.tokens == best.tokens)
        #expect(abs((beams.first?.score ?? 0) - best.score) < 1e-9)
    }

    @Test func choicesForkAChosenBeamAndDropAnUnchosenOne() {
        // Beam 0 is far ahead: both survivors extend it (a fork), beam 1 dies.
        let beams = [BeamSearch.Beam(tokens: [0], score: 0), BeamSearch.Beam(tokens: [1], score: -50)]
        let logits: [[Float]] = [[0, 5, 4, 0], [9, 0, 0, 0]]
        let choices = BeamSearch.choose(beams, logits: logits, width: 2)
        #expect(choices.map(\.parent) == [0, 0])
        #expect(choices.map(\.token) == [1, 2])
    }
}
