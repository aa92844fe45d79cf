import ArgumentParser
import KVCore

/// `kvviz memory`: how much KV cache a model needs and how many blocks a GPU has left for it.
///
/// Thin by design: it parses flags, hands them to KVCore (`MemoryPlan`, `MemoryReport`, which
/// validate and throw one-line `MemoryError`s) and prints the report KVCore formats.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Size the KV cache of a model on a GPU: bytes per token, blocks, concurrent sequences.",
        discussion: """
            KV bytes/token = 2 x layers x kv heads x head dim x bytes(dtype). The KV budget is \
            gpu memory x gpu-util - weights - activations (an estimate for 2,048 batched tokens), \
            cut into blocks of --block-size tokens, as vLLM sizes its pool. Byte counts are exact; \
            units are binary (GiB = 2^30 B) with decimal GB beside them. With --tp N every figure \
            is per GPU.

            Examples:
              kvviz memory --model llama-2-7b --seq-len 2048 --batch 32
              kvviz memory --model llama-2-70b --gpu a100-80gb --tp 4 --kv-heads 64
              kvviz memory --list
            """)

    @Flag(name: .long, help: "List the model and GPU presets and exit.")
    var list = false

    @Option(name: .long, help: ArgumentHelp("Model preset id, e.g. llama-2-7b (see --list).", valueName: "id"))
    var model: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tokens per sequence.", valueName: "tokens"))
    var seqLen = 4096

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of sequences.", valueName: "n"))
    var batch = 1

    @Option(name: .long, help: ArgumentHelp("KV cache dtype: fp32, fp16, bf16, fp8.", valueName: "dtype"))
    var dtype = "fp16"

    @Option(name: .long, help: ArgumentHelp("Weight dtype (default: the checkpoint's own, fp16 or bf16).", valueName: "dtype"))
    var weightDtype: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Override the model's KV heads (e.g. 64 on llama-2-70b for MHA).", valueName: "n"))
    var kvHeads: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Token slots per KV block.", valueName: "tokens"))
    var blockSize = 16

    @Option(name: .long, help: ArgumentHelp("GPU preset id, e.g. a100-80gb (see --list).", valueName: "id"))
    var gpu = "a100-80gb"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tensor-parallel degree (GPUs sharing the model).", valueName: "n"))
    var tp = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Fraction of GPU memory the engine may use, in (0, 1].", valueName: "fraction"))
    var gpuUtil = 0.9

    @Flag(name: .long, help: "Print one JSON object with integer byte counts.")
    var json = false

    func run() throws {
        try reportingErrors {
            if list {
                print(MemoryCatalogListing.text, terminator: "")
                return
            }
            guard let model else {
                throw CLIError("memory needs --model: pass one of \(ModelPreset.all.map(\.id).joined(separator: ", ")) (or --list)")
            }
            let report = try makeReport(modelID: model)
            print(json ? report.json : report.text, terminator: "")
        }
    }

    private func makeReport(modelID: String) throws -> MemoryReport {
        do throws(MemoryError) {
            let configuration = MemoryPlan.Configuration(
                model: try ModelPreset.named(modelID),
                gpu: try GPUPreset.named(gpu),
                kvDType: try DType(parsing: dtype),
                weightDType: try weightDtype.map { name throws(MemoryError) in try DType(parsing: name) },
                kvHeadsOverride: kvHeads,
                blockSize: blockSize,
                tensorParallel: tp,
                gpuMemoryUtilization: gpuUtil)
            return try MemoryReport(configuration: configuration, seqLen: seqLen, batch: batch)
        } catch {
            throw CLIError(error.message)
        }
    }
}
