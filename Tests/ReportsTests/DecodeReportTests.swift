import Foundation
import Reports
import Testing
import ToyDecoder

/// `kvviz decode`'s table and JSON (`DecodeReport`), on a real toy-decoder run.
@Suite("DecodeReport: kvviz decode's text and JSON")
struct DecodeReportTests {
    static func report(prompt: String, maxTokens: Int, cache: DecodeRun.CacheMode) throws -> DecodeReport {
        let tokenizer = Tokenizer()
        let (tokens, unknown) = tokenizer.encodeReportingUnknown(prompt)
        var run = try DecodeRun(weights: ToyWeights(config: ToyModelConfig(vocabSize: tokenizer.vocabSize)), prompt: tokens,
                                maxTokens: maxTokens, mode: cache, sampler: Sampler(excluding: tokenizer.specialTokenIDs))
        let steps = run.run()
        return DecodeReport(tokenizer: tokenizer, prompt: prompt, promptTokens: tokens, unknown: unknown,
                            cache: cache == .paged ? "paged" : "none", blockSize: run.model.store.blockSize,
                            seed: ToyModelConfig.defaultSeed, temperature: 0, steps: steps)
    }

    @Test func theTableHasARowAStepAndTheTotals() throws {
        let text = try Self.report(prompt: "ab", maxTokens: 3, cache: .paged).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("toy decoder: ") && lines[0].hasSuffix("; paged KV cache, block size 16"))
        #expect(lines[1] == "prompt: \"ab\" = 2 tokens")
        #expect(lines[3] == "step  computed  total  with cache  without cache  token")
        // The prompt's 2 K/V, then one a step with the cache; 2+3+4 without it.
        #expect(lines[4].hasPrefix("   1         2      2           2              2  "))
        #expect(lines[6].hasPrefix("   3         1      4           4              9  "))
        #expect(lines[lines.count - 2] == "K/V computed: 4 (with a cache: 4, without: 9, 2.2x as many)")
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
    }

    @Test func withoutACacheEveryStepRecomputesTheSequence() throws {
        let text = try Self.report(prompt: "ab", maxTokens: 3, cache: .none).text
        #expect(text.contains("; no cache (recompute every step)\n"))
        #expect(text.contains("K/V computed: 9 (with a cache: 4, without: 9, 2.2x as many)"))
    }

    @Test func theJSONKeepsItsKeyOrderAndEscapesNothingTwice() throws {
        let json = try Self.report(prompt: "a\u{1b}b", maxTokens: 2, cache: .paged).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["prompt"] as? String == "a\u{1b}b")
        #expect(object["kv_without_cache_total"] as? Int == 3 + 4)
        #expect((object["steps"] as? [Any])?.count == 2)
        let keys = ["\"prompt\"", "\"prompt_tokens\"", "\"unknown_characters\"", "\"cache\"", "\"seed\"", "\"temperature\"",
                    "\"tokens\"", "\"text\"", "\"kv_computed_total\"", "\"kv_with_cache_total\"", "\"kv_without_cache_total\"", "\"steps\""]
        let positions = keys.compactMap { json.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
        // The table shows the escape character as a visible escape, never raw.
        let text = try Self.report(prompt: "a\u{1b}b", maxTokens: 2, cache: .paged).text
        #expect(!text.contains("\u{1b}"))
    }
}
