import ArgumentParser
import Foundation
import ToyDecoder

/// `kvviz decode`: runs the toy decoder on a prompt and prints, step by step, the token produced
/// and the K/V projections computed, next to what a run without a KV cache would compute.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode with the toy transformer, step by step, with or without a KV cache.",
        discussion: """
            Each step prints the generated token and the K/V vectors computed (one per token \
            position, all layers together). With the cache a step computes only its new token; \
            with --no-cache it recomputes the whole sequence, as a model without a KV cache must. \
            Both produce the same tokens.
            """
    )

    @Option(help: "The prompt text; one token per character.")
    var prompt: String

    @Option(help: "How many tokens to generate (1 or more).")
    var maxTokens: Int

    @Flag(help: "Recompute the whole sequence at every step instead of using the KV cache.")
    var noCache = false

    @Option(help: "Seed of the model's weights and of sampling.")
    var seed: UInt64 = ToyModelConfig.defaultSeed

    @Option(help: "Sampling temperature; 0 picks the most likely token (greedy).")
    var temperature: Float = 0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        try reportingErrors {
            let report = try decode()
            if json {
                try printJSON(report)
            } else {
                printTable(report)
            }
        }
    }

    private func decode() throws -> DecodeReport {
        guard !prompt.isEmpty else { throw CLIError("decode: --prompt is empty: give at least one character") }
        guard maxTokens >= 1 else { throw CLIError("decode: --max-tokens must be 1 or more (got \(maxTokens))") }
        guard temperature.isFinite, temperature >= 0 else {
            throw CLIError("decode: --temperature must be 0 (greedy) or more (got \(temperature))")
        }
        let tokenizer = Tokenizer()
        let (promptTokens, unknown) = tokenizer.encodeReportingUnknown(prompt)
        let config = ToyModelConfig(vocabSize: tokenizer.vocabSize)
        // Compared without adding, so no --max-tokens value can overflow the check.
        guard promptTokens.count <= config.contextLength, maxTokens <= config.contextLength - promptTokens.count else {
            throw CLIError(
                "decode: --prompt (\(promptTokens.count) tokens) + --max-tokens (\(maxTokens)) exceeds the toy "
                    + "model's context of \(config.contextLength) tokens: lower --max-tokens to at most "
                    + "\(max(config.contextLength - promptTokens.count, 0)) or shorten --prompt")
        }
        let sampler = Sampler(
            temperature > 0 ? .temperature(temperature) : .greedy, seed: seed,
            excluding: tokenizer.specialTokenIDs)
        var run = try DecodeRun(
            weights: ToyWeights(config: config, seed: seed), prompt: promptTokens, maxTokens: maxTokens,
            mode: noCache ? .none : .paged, sampler: sampler)
        let steps = run.run()
        return DecodeReport(
            tokenizer: tokenizer, prompt: prompt, promptTokens: promptTokens, unknown: unknown,
            cache: noCache ? "none" : "paged", blockSize: run.model.store.blockSize, seed: seed,
            temperature: temperature, steps: steps)
    }

    private func printJSON(_ report: DecodeReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report.json)
        print(String(decoding: data, as: UTF8.self))
    }

    private func printTable(_ report: DecodeReport) {
        let c = ToyModelConfig(vocabSize: report.tokenizer.vocabSize)
        let cacheLine = report.cache == "paged" ? "paged KV cache, block size \(report.blockSize)" : "no cache (recompute every step)"
        print("toy decoder: \(c.layers) layers, \(c.heads) query heads / \(c.kvHeads) KV heads, dim \(c.dim), seed \(report.seed); \(cacheLine)")
        print("prompt: \(DecodeReport.quoted(report.prompt)) = \(report.promptTokens.count) tokens")
        if !report.unknown.isEmpty {
            print("note: not in the toy vocabulary, read as <unk>: \(report.unknown.map { String($0) }.joined(separator: " "))")
        }
        print("")
        print("step  computed  total  with cache  without cache  token")
        for step in report.steps {
            let columns = [
                pad(step.number, 4), pad(step.kvComputed, 8), pad(step.kvComputedTotal, 5),
                pad(step.kvWithCacheTotal, 10), pad(step.kvWithoutCacheTotal, 13),
            ]
            print(columns.joined(separator: "  ") + "  " + report.display(step.token))
        }
        let last = report.steps.last!
        print("")
        print("text: \(DecodeReport.quoted(report.generatedText))")
        let ratio = Double(last.kvWithoutCacheTotal) / Double(last.kvWithCacheTotal)
        print("K/V computed: \(last.kvComputedTotal) (with a cache: \(last.kvWithCacheTotal), without: "
            + "\(last.kvWithoutCacheTotal), \(String(format: "%.1f", ratio))x as many)")
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(width - text.count, 0)) + text
    }
}

/// Everything `kvviz decode` prints.
private struct DecodeReport {
    let tokenizer: Tokenizer
    let prompt: String
    let promptTokens: [TokenID]
    let unknown: [Unicode.Scalar]
    let cache: String
    let blockSize: Int
    let seed: UInt64
    let temperature: Float
    let steps: [DecodeStep]

    var generatedText: String { tokenizer.decode(steps.map(\.token)) }

    /// A token for the table: control characters escaped so each step stays on one line.
    func display(_ token: TokenID) -> String {
        Self.quoted(tokenizer.tokenString(token))
    }

    /// `text` in double quotes with newlines and tabs escaped, other characters as they are.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
    }

    var json: DecodeJSON {
        let last = steps.last!
        return DecodeJSON(
            prompt: prompt, promptTokens: promptTokens.map(tokenizer.tokenString),
            unknownCharacters: unknown.map { String($0) }, cache: cache, seed: seed,
            temperature: temperature, tokens: steps.map { tokenizer.tokenString($0.token) },
            text: generatedText, kvComputedTotal: last.kvComputedTotal,
            kvWithCacheTotal: last.kvWithCacheTotal, kvWithoutCacheTotal: last.kvWithoutCacheTotal,
            steps: steps.map {
                DecodeJSON.Step(
                    step: $0.number, token: tokenizer.tokenString($0.token), tokenID: $0.token,
                    kvComputed: $0.kvComputed, kvComputedTotal: $0.kvComputedTotal,
                    kvWithCacheTotal: $0.kvWithCacheTotal, kvWithoutCacheTotal: $0.kvWithoutCacheTotal)
            })
    }
}

/// The `--json` shape of `kvviz decode`.
private struct DecodeJSON: Encodable {
    struct Step: Encodable {
        let step: Int
        let token: String
        let tokenID: TokenID
        let kvComputed: Int
        let kvComputedTotal: Int
        let kvWithCacheTotal: Int
        let kvWithoutCacheTotal: Int

        enum CodingKeys: String, CodingKey {
            case step, token, tokenID = "token_id", kvComputed = "kv_computed"
            case kvComputedTotal = "kv_computed_total", kvWithCacheTotal = "kv_with_cache_total"
            case kvWithoutCacheTotal = "kv_without_cache_total"
        }
    }

    let prompt: String
    let promptTokens: [String]
    let unknownCharacters: [String]
    let cache: String
    let seed: UInt64
    let temperature: Float
    let tokens: [String]
    let text: String
    let kvComputedTotal: Int
    let kvWithCacheTotal: Int
    let kvWithoutCacheTotal: Int
    let steps: [Step]

    enum CodingKeys: String, CodingKey {
        case prompt, promptTokens = "prompt_tokens", unknownCharacters = "unknown_characters", cache, seed
        case temperature, tokens, text, kvComputedTotal = "kv_computed_total"
        case kvWithCacheTotal = "kv_with_cache_total", kvWithoutCacheTotal = "kv_without_cache_total", steps
    }
}
