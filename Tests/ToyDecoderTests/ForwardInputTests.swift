import Testing
@testable import ToyDecoder

@Suite("Forward input checks and counters")
struct ForwardInputTests {
    let model = Fixture.model(numBlocks: 4, blockSize: 4)

    @Test func validInputsHaveNoProblem() {
        #expect(model.problem(with: ForwardInput(tokens: [5, 6, 7, 8, 9], startPosition: 0, blockTable: [3, 1])) == nil)
    }

    @Test func eachKindOfBadInputIsNamed() {
        #expect(model.problem(with: ForwardInput(tokens: [], startPosition: 0, blockTable: [0])) == .noTokens)
        #expect(model.problem(with: ForwardInput(tokens: [5], startPosition: -1, blockTable: [0])) == .negativeStart(-1))
        #expect(model.problem(with: ForwardInput(tokens: [5], startPosition: 1024, blockTable: [0]))
            == .beyondContext(end: 1025, contextLength: 1024))
        #expect(model.problem(with: ForwardInput(tokens: [-3], startPosition: 0, blockTable: [0]))
            == .tokenOutOfVocabulary(-3, vocabSize: Fixture.config.vocabSize))
        #expect(model.problem(with: ForwardInput(tokens: [5, 6, 7, 8, 9], startPosition: 0, blockTable: [0]))
            == .blockTableTooShort(blocks: 1, needed: 2))
        #expect(model.problem(with: ForwardInput(tokens: [5], startPosition: 4, blockTable: [0, 4]))
            == .blockOutOfStore(4, numBlocks: 4))
    }

    @Test func theCounterAttributesWorkToEachSequence() {
        var model = self.model
        _ = model.forward([
            ForwardInput(sequenceID: 1, tokens: [5, 6, 7], startPosition: 0, blockTable: [0]),
            ForwardInput(sequenceID: 2, tokens: [8, 9], startPosition: 0, blockTable: [1]),
        ])
        _ = model.forward(ForwardInput(sequenceID: 1, tokens: [10], startPosition: 3, blockTable: [0]))
        #expect(model.counter.perSequence[1] == KVComputeCounter.Tally(computed: 4, withoutCache: 7))
        #expect(model.counter.perSequence[2] == KVComputeCounter.Tally(computed: 2, withoutCache: 2))
        #expect(model.counter.total == KVComputeCounter.Tally(computed: 6, withoutCache: 9))
        #expect(model.counter.total.saved == 3)
        model.counter.reset()
        #expect(model.counter.total == KVComputeCounter.Tally())
    }
}
