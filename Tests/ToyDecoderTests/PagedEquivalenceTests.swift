import Testing
@testable import ToyDecoder

/// The paged cache must not change what the model computes: logits read through any block
/// table, after any chunking or sharing, equal full recomputation of the same tokens.
@Suite("Paged forward equals full recomputation")
struct PagedEquivalenceTests {
    @Test func scatteredBlocksGiveTheLogitsOfRecomputation() {
        var model = Fixture.model()
        let tokens = Fixture.tokens(14, seed: 1)
        let output = model.forward(ForwardInput(tokens: tokens, startPosition: 0, blockTable: [7, 2, 5, 0]))
        let reference = model.logitsByRecomputing(tokens: tokens)
        #expect(maxAbsDifference(output.logits, reference) <= tolerance)
    }

    @Test func everyPositionMatchesWhenAllLogitsAreRequested() {
        var model = Fixture.model()
        let tokens = Fixture.tokens(11, seed: 2)
        let output = model.forward(
            ForwardInput(tokens: tokens, startPosition: 0, blockTable: [9, 3, 6], wantsAllLogits: true))
        let reference = model.allLogitsByRecomputing(tokens: tokens)
        #expect(output.allLogits.count == tokens.count)
        for position in tokens.indices {
            #expect(maxAbsDifference(output.allLogits[position], reference[position]) <= tolerance, "position \(position)")
        }
    }

    @Test func chunkedPrefillMatchesRecomputationAfterEveryChunk() {
        var model = Fixture.model()
        let tokens = Fixture.tokens(15, seed: 3)
        let table = [7, 2, 5, 0]
        var start = 0
        for chunk in [3, 5, 1, 6] {
            let end = start + chunk
            let output = model.forward(
                ForwardInput(tokens: Array(tokens[start..<end]), startPosition: start, blockTable: table))
            let reference = model.logitsByRecomputing(tokens: Array(tokens[..<end]))
            #expect(maxAbsDifference(output.logits, reference) <= tolerance, "after chunk ending at \(end)")
            start = end
        }
    }

    @Test func decodingOneTokenAtATimeMatchesRecomputation() {
        var model = Fixture.model()
        let tokens = Fixture.tokens(10, seed: 4)
        let table = [11, 4, 8]
        for position in tokens.indices {
            let output = model.forward(
                ForwardInput(tokens: [tokens[position]], startPosition: position, blockTable: table))
            let reference = model.logitsByRecomputing(tokens: Array(tokens[...position]))
            #expect(maxAbsDifference(output.logits, reference) <= tolerance, "position \(position)")
        }
    }

    @Test func aRequestReusingAnotherRequestsPrefixBlocksMatchesRecomputation() {
        var model = Fixture.model()
        let prefix = Fixture.tokens(8, seed: 5)  // two full blocks of 4
        let first = prefix + Fixture.tokens(3, seed: 6)
        let second = prefix + Fixture.tokens(5, seed: 7)
        _ = model.forward(ForwardInput(sequenceID: 1, tokens: first, startPosition: 0, blockTable: [6, 1, 4]))
        // The second request computes only its suffix; the prefix K/V come from blocks 6 and 1.
        let output = model.forward(
            ForwardInput(
                sequenceID: 2, tokens: Array(second[prefix.count...]), startPosition: prefix.count,
                blockTable: [6, 1, 9, 3]))
        #expect(maxAbsDifference(output.logits, model.logitsByRecomputing(tokens: second)) <= tolerance)
        #expect(output.kvComputed == 5)
        #expect(output.kvWithoutCache == 13)
    }

    @Test func copyOnWriteForkedBranchesEachMatchTheirOwnRecomputation() {
        var model = Fixture.model()
        let shared = Fixture.tokens(6, seed: 8)  // block 3 full, block 5 holds 2 of 4 slots
        _ = model.forward(ForwardInput(tokens: shared, startPosition: 0, blockTable: [3, 5]))
        // Branch B takes its own copy of the partially filled block before writing into it.
        model.store.copyBlock(from: 5, to: 10, slots: 2)
        let tableA = [3, 5, 8], tableB = [3, 10, 2]
        let branchA = shared + Fixture.tokens(5, seed: 9)
        let branchB = shared + Fixture.tokens(5, seed: 10)
        for position in shared.count..<branchA.count {
            let outputA = model.forward(ForwardInput(tokens: [branchA[position]], startPosition: position, blockTable: tableA))
            let outputB = model.forward(ForwardInput(tokens: [branchB[position]], startPosition: position, blockTable: tableB))
            let referenceA = model.logitsByRecomputing(tokens: Array(branchA[...position]))
            let referenceB = model.logitsByRecomputing(tokens: Array(branchB[...position]))
            #expect(maxAbsDifference(outputA.logits, referenceA) <= tolerance, "branch A at \(position)")
            #expect(maxAbsDifference(outputB.logits, referenceB) <= tolerance, "branch B at \(position)")
        }
    }

    @Test func aBatchMixingPrefillAndDecodeMatchesRecomputationPerSequence() {
        var model = Fixture.model()
        let a = Fixture.tokens(9, seed: 11)
        let b = Fixture.tokens(5, seed: 12)
        _ = model.forward(ForwardInput(sequenceID: 2, tokens: Array(b[..<4]), startPosition: 0, blockTable: [4, 0]))
        let outputs = model.forward([
            ForwardInput(sequenceID: 1, tokens: a, startPosition: 0, blockTable: [2, 7, 9]),
            ForwardInput(sequenceID: 2, tokens: [b[4]], startPosition: 4, blockTable: [4, 0]),
        ])
        #expect(outputs.map(\.sequenceID) == [1, 2])
        #expect(maxAbsDifference(outputs[0].logits, model.logitsByRecomputing(tokens: a)) <= tolerance)
        #expect(maxAbsDifference(outputs[1].logits, model.logitsByRecomputing(tokens: b)) <= tolerance)
    }

    @Test func aWrongBlockTableGivesDifferentLogits() {
        // Guards the tests above against passing trivially: reading K/V from a block the sequence
        // never wrote must change the result. (Swapping two of its own blocks would not: attention
        // sums over all earlier positions, and RoPE is already inside the stored K.)
        var model = Fixture.model()
        let tokens = Fixture.tokens(9, seed: 13)
        _ = model.forward(ForwardInput(tokens: Array(tokens[..<8]), startPosition: 0, blockTable: [1, 2, 3]))
        let wrong = model.forward(ForwardInput(tokens: [tokens[8]], startPosition: 8, blockTable: [1, 5, 3]))
        #expect(maxAbsDifference(wrong.logits, model.logitsByRecomputing(tokens: tokens)) > 1e-3)
    }
}
