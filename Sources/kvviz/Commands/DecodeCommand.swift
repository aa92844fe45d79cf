import KVBase
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

    @Option(parsing: .unconditional, help: "How many tokens to generate (1 or more).")
    var maxTokens: Int

    @Flag(help: "Recompute the whole sequence at every step instead of using the KV cache.")
    var noCache = false

    @Option(parsing: .unconditional, help: "Seed of the model's weights and of sampling.")
    var seed: UInt64 = ToyModelConfig.defaultSeed

    @Option(parsing: .unconditional, help: "Sampling temperature; 0 picks the most likely token (greedy).")
    var temperature: Float = 0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let report = try decode()
        if json {
            try printJSON(report)
        } else {
            printTable(report)
        }
    }

    private func decode() throws -> DecodeReport {
        guard !prompt.isEmpty else { throw CLIError(flag: "--prompt", .rule(.emptyPrompt)) }
        guard maxTokens >= 1 else { throw CLIError(flag: "--max-tokens", .belowOne(maxTokens)) }
        guard temperature.isFinite, temperature >= 0 else {
            throw CLIError(flag: "--temperature", .negativeAmount(String(format: "%g", temperature), zeroMeans: "greedy", unit: nil))
        }
        let tokenizer = Tokenizer()
        let (promptTokens, unknown) = tokenizer.encodeReportingUnknown(prompt)
        let config = ToyModelConfig(vocabSize: tokenizer.vocabSize)
        // Compared without adding, so no --max-tokens value can overflow the check.
        guard promptTokens.count <= config.contextLength, maxTokens <= config.contextLength - promptTokens.count else {
            throw CLIError(flag: "--prompt", .rule(.beyondContext(promptTokens: promptTokens.count, maxTokens: maxTokens,
                                                                  context: config.contextLength)))
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
        Console.out(report.json.rendered, terminator: "")
    }

    private func printTable(_ report: DecodeReport) {
        let c = ToyModelConfig(vocabSize: report.tokenizer.vocabSize)
        let cacheLine = report.cache == "paged" ? "paged KV cache, block size \(report.blockSize)" : "no cache (recompute every step)"
        Console.out("toy decoder: \(c.layers) layers, \(c.heads) query heads / \(c.kvHeads) KV heads, dim \(c.dim), seed \(report.seed); \(cacheLine)")
        Console.out("prompt: \(DecodeReport.quoted(report.prompt)) = \(report.promptTokens.count) tokens")
        if !report.unknown.isEmpty {
            Console.out("note: not in the toy vocabulary, read as <unk>: \(report.unknown.map { SafeText.escaped(String($0)) }.joined(separator: " "))")
        }
        Console.out("")
        Console.out("step  computed  total  with cache  without cache  token")
        for step in report.steps {
            let columns = [
                pad(step.number, 4), pad(step.kvComputed, 8), pad(step.kvComputedTotal, 5),
                pad(step.kvWithCacheTotal, 10), pad(step.kvWithoutCacheTotal, 13),
            ]
            Console.out(columns.joined(separator: "  ") + "  " + report.display(step.token))
        }
        let last = report.steps.last!
        Console.out("")
        Console.out("text: \(DecodeReport.quoted(report.generatedText))")
        let ratio = Double(last.kvWithoutCacheTotal) / Double(last.kvWithCacheTotal)
        Console.out("K/V computed: \(last.kvComputedTotal) (with a cache: \(last.kvWithCacheTotal), without: "
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

    /// `text` in double quotes, safe for a terminal: control characters (escape sequences,
    /// newlines, tabs) and bidirectional overrides shown as visible escapes (`SafeText`).
    static func quoted(_ text: String) -> String {
        "\"" + SafeText.escaped(text) + "\""
    }

    /// kvviz's JSON style, keys in this order: the inputs (prompt, its tokens, unknown
    /// characters, cache, seed, temperature), the output (tokens, text), the totals, then one
    /// object a step.
    var json: JSONObject {
        let last = steps.last!
        var object = JSONObject()
        object.add("prompt", prompt)
        object.add("prompt_tokens", promptTokens.map { JSON.string(tokenizer.tokenString($0)) })
        object.add("unknown_characters", unknown.map { JSON.string(String($0)) })
        object.add("cache", cache)
        object.add("seed", Int(truncatingIfNeeded: seed))
        // As entered: 0.8, not the float's 0.800000011920929.
        object.add("temperature", Double(String(temperature)) ?? Double(temperature))
        object.add("tokens", steps.map { JSON.string(tokenizer.tokenString($0.token)) })
        object.add("text", generatedText)
        object.add("kv_computed_total", last.kvComputedTotal)
        object.add("kv_with_cache_total", last.kvWithCacheTotal)
        object.add("kv_without_cache_total", last.kvWithoutCacheTotal)
        object.add("steps", steps.map { step -> JSON in
            var entry = JSONObject()
            entry.add("step", step.number)
            entry.add("token", tokenizer.tokenString(step.token))
            entry.add("token_id", Int(step.token))
            entry.add("kv_computed", step.kvComputed)
            entry.add("kv_computed_total", step.kvComputedTotal)
            entry.add("kv_with_cache_total", step.kvWithCacheTotal)
            entry.add("kv_without_cache_total", step.kvWithoutCacheTotal)
            return .object(entry)
        })
        return object
    }
}
