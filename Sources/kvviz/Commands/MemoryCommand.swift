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
            KV bytes/token = 2 x layers x kv heads x head dim x bytes(dtype). The KV budget is
            gpu memory x gpu-util - weights - activations (an estimate for 2,048 batched tokens),
            cut into blocks of --block-size tokens. Byte counts are exact; units are binary
            (GiB = 2^30 B) with decimal GB beside them. Numbers may be negative only as
            --seq-len=-5 or --seq-len -5 (both are rejected with a clear message).
            """)

    @Flag(name: .long, help: "List the model and GPU presets and exit.")
    var list = false

    @Option(name: .long, help: "Model preset id, e.g. llama-2-7b (see --list).")
    var model: String?

    @Option(name: .long, parsing: .unconditional, help: "Tokens per sequence.")
    var seqLen = 4096

    @Option(name: .long, parsing: .unconditional, help: "Number of sequences.")
    var batch = 1

    @Option(name: .long, help: "KV cache dtype: fp32, fp16, bf16, fp8.")
    var dtype = "fp16"

    @Option(name: .long, help: "Weight dtype (default: the checkpoint's own, fp16 or bf16).")
    var weightDtype: String?

    @Option(name: .long, parsing: .unconditional, help: "Override the model's KV heads (e.g. 64 on llama-2-70b for MHA).")
    var kvHeads: Int?

    @Option(name: .long, parsing: .unconditional, help: "Token slots per KV block.")
    var blockSize = 16

    @Option(name: .long, help: "GPU preset id, e.g. a100-80gb (see --list).")
    var gpu = "a100-80gb"

    @Option(name: .long, parsing: .unconditional, help: "Tensor-parallel degree (GPUs sharing the model).")
    var tp = 1

    @Option(name: .long, parsing: .unconditional, help: "Fraction of GPU memory the engine may use, in (0, 1].")
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
