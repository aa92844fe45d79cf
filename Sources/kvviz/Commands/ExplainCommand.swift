import ArgumentParser
import Reports
import Foundation
import KVBase
import KVCore
import Visualizer

/// `kvviz explain LOG`: reads a vLLM start-up log and explains every memory figure in it.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a vLLM start-up log: where its GPU memory went, figure by figure.",
        discussion: """
            Reads the log `vllm serve` prints at start-up (vLLM 0.2 to 0.19 wordings; - for \
            standard input): the model, GPU memory, gpu_memory_utilization, weights, activation \
            peak, memory outside PyTorch, CUDA graphs, the KV cache memory, "GPU KV cache size" \
            and "Maximum concurrency". Draws the memory bar, explains each figure in a sentence, \
            names the definition of "GPU KV cache size" that version uses, and explains a refusal \
            of a max_model_len that does not fit. With --config or --model, kvviz's prediction \
            for the same run stands beside each figure with the difference.

            Examples:
              kvviz explain server.log
              vllm serve meta-llama/Llama-3.1-8B-Instruct 2>&1 | tee s.log; kvviz explain s.log --config config.json
              kvviz explain - --lang zh < server.log
            """)

    @Argument(help: ArgumentHelp("The start-up log, or - for standard input.", valueName: "log"))
    var log: String

    @Option(name: .long, help: ArgumentHelp("The model's config.json, to predict each figure beside the log's.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("A model preset, to predict each figure beside the log's (see kvviz memory --list).", valueName: "id"))
    var model: ModelID?

    @Option(name: .long, help: ArgumentHelp("A GPU preset for the prediction (default: the GPU total the log reports).", valueName: "id"))
    var gpu: GPUID?

    @Option(name: .long, help: ArgumentHelp("Language of the sentences: en or zh.", valueName: "lang"))
    var lang: Language?

    func run() throws {
        let text = try Self.read(log)
        let parsed = try VLLMStartupLog(text: text, file: log)
        var plan: MemoryPlan?
        if model != nil || config != nil {
            let chosen = try ModelChoice.resolve(model: model, config: config, fallback: nil)
            let configuration = LogExplanation.configuration(for: parsed, model: chosen, gpu: gpu?.preset)
            plan = try MemoryPlan(sizing: configuration)
        } else if gpu != nil {
            throw CLIError(flag: "--gpu", .rule(.gpuWithoutModel))
        }
        let chinese = (lang ?? .en) == .zh
        let explanation = LogExplanation(log: parsed, file: log, plan: plan, chinese: chinese).text
        // The log's own words (a model path, say) reach the terminal escaped, line by line.
        Console.out(explanation.split(separator: "\n", omittingEmptySubsequences: false)
            .map { SafeText.escaped(String($0)) }.joined(separator: "\n"), terminator: "")
    }

    /// The log's text, from a file or standard input, up to ``VLLMStartupLog/maxBytes``.
    static func read(_ path: String) throws -> String {
        let bytes: [UInt8]
        if path == "-" {
            let data = FileHandle.standardInput.readData(ofLength: VLLMStartupLog.maxBytes + 1)
            guard data.count <= VLLMStartupLog.maxBytes else {
                throw CLIError(.logInputTooLarge(limit: VLLMStartupLog.maxBytes))
            }
            bytes = [UInt8](data)
        } else {
            do {
                bytes = try InputFile.read(path, limit: VLLMStartupLog.maxBytes, expecting: "a vLLM log")
            } catch {
                throw CLIError(.unreadable(path, error))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
