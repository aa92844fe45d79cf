import Testing
@testable import ToyDecoder

@Suite("Sampler")
struct SamplerTests {
    let logits: [Float] = [9, 1, 3, 2.5, 3]

    @Test func greedyPicksTheLargestLogitAndTheLowestIDOnATie() {
        var sampler = Sampler(.greedy)
        #expect(sampler.next(logits: logits) == 0)
        var excluding = Sampler(.greedy, excluding: [0])
        #expect(excluding.next(logits: logits) == 2)
    }

    @Test func forcedTokensComeOutInOrderThenGreedyTakesOver() {
        var sampler = Sampler(.forced([4, 3]))
        #expect(sampler.next(logits: logits) == 4)
        #expect(sampler.next(logits: logits) == 3)
        #expect(sampler.next(logits: logits) == 0)
    }

    @Test func seededSamplingIsReproducibleAndFollowsTheSeed() {
        let flat: [Float] = Array(repeating: 0, count: 50)
        func draws(seed: UInt64) -> [TokenID] {
            var sampler = Sampler(.temperature(1), seed: seed)
            return (0..<20).map { _ in sampler.next(logits: flat) }
        }
        #expect(draws(seed: 1) == draws(seed: 1))
        #expect(draws(seed: 1) != draws(seed: 2))
        #expect(Set(draws(seed: 1)).count > 5)
    }

    @Test func samplingNeverPicksAnExcludedToken() {
        var sampler = Sampler(.temperature(5), seed: 3, excluding: [0, 1, 2])
        for _ in 0..<200 {
            #expect(sampler.next(logits: logits) >= 3)
        }
    }

    @Test func aLowTemperatureBehavesLikeGreedy() {
        var sampler = Sampler(.temperature(0.01), seed: 9)
        #expect((0..<20).allSatisfy { _ in sampler.next(logits: logits) == 0 })
        #expect(Sampler(.temperature(0)).strategy == .greedy)
    }
}
