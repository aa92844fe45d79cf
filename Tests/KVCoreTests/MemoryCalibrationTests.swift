import Foundation
import Testing
@testable import KVCore

/// Every run of Tests/Fixtures/vllm-logs/calibration-h100.tsv (63 vLLM start-ups on an
/// H100-80GB, from llm-d-planner's accuracy results) and calibration-other-gpus.tsv (published
/// logs of other GPUs, each with its source) sized by kvviz from the model's
/// config.json (Tests/Fixtures/model-configs/calibration) and the run's arguments, with the
/// batching defaults and the version of vLLM it ran. Blocks and "GPU KV cache size" tokens
/// must each be within 3% of the log, the median error within 1%; the table of errors is
/// printed. Rows known to fall outside name the term kvviz does not model (``explained``).
@Suite("MemoryPlan vs 64 vLLM start-up logs")
struct MemoryCalibrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    struct Row {
        let line: Int
        let model: String
        /// The preset id of the logged GPU (`H100-80GB` in the table is `h100-80gb`).
        let gpu: String
        let tp: Int, pp: Int, maxLen: Int
        let util: Double
        let dtype: String, quant: String, kvDType: String
        let weightsGiB: Double, kvGiB: Double
        let blocks: Int, tokens: Int
        let vllm: String
    }

    struct Result {
        let row: Row
        let plan: MemoryPlan
        let blocks: Int
        let tokens: Int
        var blockError: Double { Double(blocks) / Double(row.blocks) - 1 }
        var tokenError: Double { Double(tokens) / Double(row.tokens) - 1 }
    }

    /// Rows outside 3%, each with the term kvviz leaves out, keyed by model, tp and pp. None
    /// is outside since the rotary table joined the weights: Llama-4-Scout (+16.3% before)
    /// loads a 2.5 GiB table of 10,485,760 positions on each GPU, Kimi-Dev-72B (+4.0%) 32 MiB
    /// and Qwen2.5-72B (+3.2%) 8 MiB of a 3 GiB budget. Still missing, nearest the edge:
    /// - Qwen2.5-72B tp2 (+2.97%) and Kimi-Dev-72B tp2 (+2.91%): vLLM's "Model loading took"
    ///   is 0.08 GiB above parameters + rotary table on these Qwen2 models (Qwen2.5-7B: 0.06 GiB
    ///   at tp 1, none at tp 4); the term is not identified.
    /// - gemma-3-27b-it (+2.76%, hybrid and multimodal): 0.25 GiB more weights than kvviz counts
    ///   from vision_config (the SigLIP encoder and projector) and 0.28 GiB more activation
    ///   (the vision encoder's profiling pass on dummy images), neither modelled.
    /// An entry here must name a row that is outside; one that has come inside fails the test.
    static let explained: [String: String] = [:]

    /// The H100 runs, then the published logs of other GPUs (each row with its source).
    static let tables = ["vllm-logs/calibration-h100.tsv", "vllm-logs/calibration-other-gpus.tsv"]

    static func rows() throws -> [Row] {
        try tables.flatMap { try rows(of: $0) }
    }

    static func rows(of table: String) throws -> [Row] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(table), encoding: .utf8)
        return text.split(separator: "\n").enumerated().dropFirst().map { index, line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(line: index + 1, model: f[0], gpu: f[1].lowercased(), tp: Int(f[2])!, pp: Int(f[3])!, maxLen: Int(f[4])!,
                       util: Double(f[5])!, dtype: f[6], quant: f[7], kvDType: f[8],
                       weightsGiB: Double(f[9])!, kvGiB: Double(f[10])!, blocks: Int(f[11])!, tokens: Int(f[12])!,
                       vllm: f[16])
        }
    }

    static func size(_ row: Row) throws -> Result {
        let slug = row.model.replacingOccurrences(of: "/", with: "--")
        let model = try ModelPreset.load(configFile: fixtures.appendingPathComponent(
            "model-configs/calibration/\(slug)/config.json").path)
        let gpu = try GPUPreset.named(row.gpu)
        let version = try #require(VLLMVersion(parsing: row.vllm))
        let batching = version.batchingDefaults(gpu: gpu, maxModelLen: row.maxLen)
        let weightDType = row.dtype == "auto" ? nil : try DType(parsing: row.dtype)
        var configuration = MemoryPlan.Configuration(
            model: model, gpu: gpu, weightDType: weightDType, tensorParallel: row.tp,
            gpuMemoryUtilization: row.util, maxNumBatchedTokens: batching.tokens, maxNumSeqs: batching.seqs,
            vllm: version, pipelineParallel: row.pp, maxModelLen: row.maxLen,
            weightFormat: row.quant == "fp8" ? .fp8 : nil)
        configuration.kvDType = row.kvDType == "auto" ? configuration.activationDType : try DType(parsing: row.kvDType)
        let plan = try MemoryPlan(sizing: configuration)
        return Result(row: row, plan: plan, blocks: plan.numBlocks / plan.layout.groups,
                      tokens: plan.reportedKVCacheTokens ?? 0)
    }

    @Test func everyRowWithinThreePercentMedianWithinOne() throws {
        let results = try Self.rows().map(Self.size)
        let gib = { (bytes: Int) in Double(bytes) / Double(1 << 30) }
        var table = ["model                                                  gpu       tp pp vllm  weights(log/kvviz)  activ  kv GiB(log/kvviz)   blocks(log/kvviz)     err    tokens err"]
        for r in results {
            let name = r.row.model.padding(toLength: 54, withPad: " ", startingAt: 0) + " "
                + r.row.gpu.padding(toLength: 9, withPad: " ", startingAt: 0)
            let release = r.row.vllm.padding(toLength: 5, withPad: " ", startingAt: 0)
            table.append(name + String(format: " %2d %2d ", r.row.tp, r.row.pp) + release
                + String(format: " %6.2f / %6.2f   %5.2f  %6.2f / %6.2f  %7d / %7d  %+6.2f%%  %+6.2f%%", r.row.weightsGiB,
                                gib(r.plan.loadedBytes), gib(r.plan.activationBytes), r.row.kvGiB, gib(r.plan.kvBudgetBytes),
                                r.row.blocks, r.blocks, r.blockError * 100, r.tokenError * 100))
        }
        let errors = results.flatMap { [abs($0.blockError), abs($0.tokenError)] }.sorted()
        let median = errors[errors.count / 2]
        table.append(String(format: "median |error| %.2f%%, largest %.2f%%", median * 100, (errors.last ?? 0) * 100))
        print(table.joined(separator: "\n"))
        #expect(median <= 0.01)
        var outside: Set<String> = []
        for r in results where abs(r.blockError) > 0.03 || abs(r.tokenError) > 0.03 {
            let key = "\(r.row.model) tp\(r.row.tp) pp\(r.row.pp)"
            outside.insert(key)
            #expect(Self.explained[key] != nil, "line \(r.row.line) \(key): blocks \(r.blocks) vs \(r.row.blocks), tokens \(r.tokens) vs \(r.row.tokens)")
        }
        for key in Self.explained.keys {
            #expect(outside.contains(key), "\(key) is explained as outside 3% but is inside: drop its entry")
        }
    }
}
