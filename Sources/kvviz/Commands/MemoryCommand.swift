import ArgumentParser
import Reports
import KVCore

/// `kvviz memory`: how much KV cache a model needs, whether it fits on a GPU, and how many
/// blocks the GPU has left for it.
///
/// Thin by design: it parses flags, hands them to KVCore (`MemoryPlan`, `MemoryReport`, which
/// validate and throw one-line `MemoryError`s) and prints the report Reports formats.
/// A model that does not fit is a verdict in the report, not an error: exit 0.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Size the KV cache of a model on a GPU: bytes per token, whether it fits, blocks, concurrent sequences.",
        discussion: """
            KV bytes/token = 2 x layers x kv heads x head dim x bytes(dtype) (MLA: layers x \
            (latent + rope dims) x bytes). The pool is sized term by term as the vLLM release \
            --vllm does it (default 0.19): GPU memory as PyTorch sees it x gpu-util - weights \
            (parameters x stored width, quantized checkpoints included) - the activation peak \
            of the profiling run over --max-num-batched-tokens (default: that release's server \
            default for the GPU) - memory outside PyTorch (workspaces; NCCL with --tp) - the \
            CUDA-graph pool (from 0.20), cut into blocks of --block-size tokens; hybrid \
            sliding-window models in KV-cache groups with padding layers. KV figures are for the whole model and, \
            with --tp N, per GPU; the verdict says whether it fits and the smallest --tp that \
            does. Byte counts are exact; units are binary (GiB = 2^30 B) with decimal GB beside.

            Examples:
              kvviz memory --model llama-2-7b --seq-len 2048 --batch 32
              kvviz memory --model llama-2-70b --seq-len 4096 --kv-heads 64
              kvviz memory --config path/to/config.json --tp 2
              kvviz memory --model llama-3-8b --gpu h100-80gb --vllm 0.6
              kvviz memory --list --json
            """)

    @Flag(name: .long, help: "List the model and GPU presets and exit.")
    var list = false

    @Option(name: .long, help: ArgumentHelp("Model preset id, e.g. llama-2-7b (see --list).", valueName: "id"))
    var model: ModelID?

    @Option(name: .long, help: ArgumentHelp("A Hugging Face config.json to size instead of a preset (Llama 2/3/4, Mistral, Mixtral, Qwen2/2.5/3 and MoE, Gemma 1/2/3, gpt-oss, Phi, Granite, OPT, GPT-NeoX, DeepSeek-V2/V3).", valueName: "file"))
    var config: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tokens per sequence.", valueName: "tokens"))
    var seqLen = 4096

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of sequences.", valueName: "n"))
    var batch = 1

    @Option(name: .long, help: ArgumentHelp("KV cache dtype.", valueName: "dtype"))
    var dtype = DType.fp16

    @Option(name: .long, help: ArgumentHelp("Weight dtype (default: the checkpoint's own).", valueName: "dtype"))
    var weightDtype: DType?

    @Option(name: .long, help: ArgumentHelp("Stored weight format: fp8, int8, int4, mxfp4 (default: the checkpoint's quantization).", valueName: "format"))
    var quantization: WeightFormat?

    @Option(name: .long, help: ArgumentHelp("vLLM release whose sizing to follow: 0.4, 0.6, 0.8, 0.15, 0.17, 0.19, 0.20 or any 0.x.", valueName: "version"))
    var vllm = "0.19"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Pipeline-parallel stages.", valueName: "n"))
    var pp = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("vLLM's max_model_len (default: the model's context).", valueName: "tokens"))
    var maxModelLen: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Override the model's KV heads (e.g. 64 on llama-2-70b for MHA).", valueName: "n"))
    var kvHeads: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Token slots per KV block.", valueName: "tokens"))
    var blockSize = 16

    @Option(name: .long, help: ArgumentHelp("GPU preset id, e.g. a100-80gb (see --list).", valueName: "id"))
    var gpu = GPUID(.a100_80gb)

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tensor-parallel degree (GPUs sharing the model).", valueName: "n"))
    var tp = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Fraction of GPU memory the engine may use, in (0, 1].", valueName: "fraction"))
    var gpuUtil = 0.9

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tokens of the profiling forward pass (vLLM's max_num_batched_tokens; default: the release's server default for the GPU).", valueName: "n"))
    var maxNumBatchedTokens: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Sequences per step (vLLM's max_num_seqs; default as above).", valueName: "n"))
    var maxNumSeqs: Int?

    @Flag(name: .long, help: "Print JSON: one object with integer byte counts (with --list: the presets).")
    var json = false

    func run() throws {
        if list {
            Console.out(json ? MemoryCatalogListing.json : MemoryCatalogListing.text, terminator: "")
            return
        }
        guard let version = VLLMVersion(release: self.vllm) else {
            throw CLIError(flag: "--vllm", .rule(.unknownVLLM(self.vllm)))
        }
        guard (1...Self.maxStages).contains(pp) else {
            throw CLIError(flag: "--pp", .outsideRange(pp, range: 1...Self.maxStages, meaning: "the number of pipeline stages", example: 2))
        }
        if let maxModelLen, !(1...Self.maxContext).contains(maxModelLen) {
            throw CLIError(flag: "--max-model-len", .outsideRange(maxModelLen, range: 1...Self.maxContext, meaning: "the context length in tokens", example: 8192))
        }
        let chosen = try ModelChoice.resolve(model: model, config: config, fallback: nil)
        let report = try makeReport(chosen, vllm: version)
        Console.out(json ? report.json : report.text, terminator: "")
    }

    /// Bounds checked before any arithmetic: stages and context a real deployment could have.
    static let maxStages = 1024
    static let maxContext = 1 << 30

    /// A MemoryError travels up with its type; ErrorReport renders it.
    private func makeReport(_ chosen: ModelPreset, vllm: VLLMVersion) throws -> MemoryReport {
        let contextLength = maxModelLen ?? chosen.maxModelLen
        let defaults = vllm.batchingDefaults(gpu: gpu.preset, maxModelLen: contextLength)
        let configuration = MemoryPlan.Configuration(
            model: chosen,
            gpu: gpu.preset,
            kvDType: dtype,
            weightDType: weightDtype,
            kvHeadsOverride: kvHeads,
            blockSize: blockSize,
            tensorParallel: tp,
            gpuMemoryUtilization: gpuUtil,
            maxNumBatchedTokens: maxNumBatchedTokens ?? defaults.tokens,
            maxNumSeqs: maxNumSeqs ?? Swift.min(defaults.seqs, maxNumBatchedTokens ?? defaults.tokens),
            vllm: vllm, pipelineParallel: pp, maxModelLen: maxModelLen,
            weightFormat: quantization)
        return try MemoryReport(configuration: configuration, seqLen: seqLen, batch: batch)
    }
}
