import KVBase
import ArgumentParser
import Foundation
import Reports
import ToyDecoder

/// `kvviz decode`: runs the toy decoder on a prompt and prints, step by step, the token produced
/// and the K/V projections computed, next to what a run without a KV cache would compute
/// (`DecodeReport` in Reports writes the table and the JSON).
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
        Console.out(json ? report.json : report.text, terminator: "")
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
}
