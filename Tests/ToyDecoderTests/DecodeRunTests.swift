import Testing
@testable import ToyDecoder

@Suite("Decoding with and without the KV cache")
struct DecodeRunTests {
    func run(
        prompt: [TokenID], maxTokens: Int, mode: DecodeRun.CacheMode, sampler: Sampler = Sampler(.greedy)
    ) -> [DecodeStep] {
        var run = try! DecodeRun(
            weights: Fixture.weights, prompt: prompt, maxTokens: maxTokens, mode: mode, sampler: sampler)
        return run.run()
    }

    @Test(arguments: [1, 2, 7, 20])
    func aOneTokenPromptCountsNWithTheCacheAndTriangularWithout(n: Int) {
        let prompt = Fixture.tokens(1, seed: 3)
        let cached = run(prompt: prompt, maxTokens: n, mode: .paged)
        let uncached = run(prompt: prompt, maxTokens: n, mode: .none)
        #expect(cached.count == n)
        #expect(cached.last!.kvComputedTotal == n)
        #expect(cached.last!.kvWithoutCacheTotal == n * (n + 1) / 2)
        #expect(uncached.last!.kvComputedTotal == n * (n + 1) / 2)
        #expect(uncached.last!.kvWithCacheTotal == n)
        #expect(cached.map(\.kvComputed) == Array(repeating: 1, count: n))
        #expect(uncached.map(\.kvComputed) == Array(1...n))
    }

    @Test func aLongerPromptIsComputedOnceByTheFirstStep() {
        let steps = run(prompt: Fixture.tokens(5, seed: 4), maxTokens: 4, mode: .paged)
        #expect(steps.map(\.kvComputed) == [5, 1, 1, 1])
        #expect(steps.map(\.kvWithoutCacheTotal) == [5, 11, 18, 26])
    }

    @Test func cachedAndUncachedGreedyDecodingProduceTheSameTokens() {
        let prompt = Fixture.tokenizer.encode("今天天气")
        let cached = run(prompt: prompt, maxTokens: 40, mode: .paged)
        let uncached = run(prompt: prompt, maxTokens: 40, mode: .none)
        #expect(cached.map(\.token) == uncached.map(\.token))
    }

    @Test func cachedAndUncachedSeededSamplingProduceTheSameTokens() {
        let prompt = Fixture.tokenizer.encode("你好")
        let sampler = Sampler(.temperature(0.9), seed: 42)
        let cached = run(prompt: prompt, maxTokens: 40, mode: .paged, sampler: sampler)
        let uncached = run(prompt: prompt, maxTokens: 40, mode: .none, sampler: sampler)
        #expect(cached.map(\.token) == uncached.map(\.token))
        let greedy = run(prompt: prompt, maxTokens: 40, mode: .paged)
        #expect(cached.map(\.token) != greedy.map(\.token))
    }

    @Test func theModelCounterAgreesWithTheRun() {
        var decode = try! DecodeRun(
            weights: Fixture.weights, prompt: Fixture.tokens(3, seed: 5), maxTokens: 6, mode: .paged,
            sampler: Sampler())
        let last = decode.run().last!
        #expect(decode.model.counter.total == KVComputeCounter.Tally(computed: 8, withoutCache: last.kvWithoutCacheTotal))
        #expect(decode.model.counter.perSequence[0]?.computed == 8)
        #expect(decode.step() == nil)
        #expect(decode.sequence.count == 9)
    }

    @Test func badRequestsAreRefusedWithAReason() {
        func setupError(_ prompt: [TokenID], _ maxTokens: Int) -> DecodeSetupError? {
            do {
                _ = try DecodeRun(weights: Fixture.weights, prompt: prompt, maxTokens: maxTokens, mode: .paged, sampler: Sampler())
                return nil
            } catch {
                return error
            }
        }
        #expect(setupError([], 3) == .emptyPrompt)
        #expect(setupError([5], 0) == .nonPositiveMaxTokens(0))
        #expect(setupError([5], -2) == .nonPositiveMaxTokens(-2))
        #expect(setupError([5, 6], 1023) == .exceedsContext(promptTokens: 2, maxTokens: 1023, contextLength: 1024))
        #expect(setupError([5], 1023) == nil)
        #expect(DecodeSetupError.exceedsContext(promptTokens: 2, maxTokens: 1023, contextLength: 1024).description
            .contains("at most 1022"))
    }
}
