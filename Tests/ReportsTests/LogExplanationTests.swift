import Reports
import Foundation
import KVCore
import TerminalCanvas
import Testing

@Suite("LogExplanation: kvviz explain's text")
struct LogExplanationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func explain(_ name: String, config: String? = nil, chinese: Bool = false) throws -> String {
        let text = try String(contentsOf: fixtures.appendingPathComponent("vllm-logs/" + name), encoding: .utf8)
        let log = try VLLMStartupLog(text: text, file: name)
        var plan: MemoryPlan?
        if let config {
            let model = try ModelPreset.load(configFile: fixtures.appendingPathComponent("model-configs/calibration/\(config)/config.json").path)
            plan = try MemoryPlan(sizing: LogExplanation.configuration(for: log, model: model, gpu: nil))
        }
        return LogExplanation(log: log, file: name, plan: plan, chinese: chinese).text
    }

    @Test func everyFigureHasASentenceAndTheDefinitionIsNamed() throws {
        let text = try Self.explain("vllm-0.19.0-llama-3.1-8b-h100.log")
        for phrase in ["PyTorch sees 79.19 GiB", "use 95% of it, 75.23 GiB", "weights took 14.99 GiB",
                       "rose 1.89 GiB above the weights", "0.25 GiB appeared outside PyTorch", "CUDA graphs take 0.84 GiB",
                       "58.11 GiB, all becomes KV cache", "GPU KV cache size: 476,016 tokens",
                       "\"GPU KV cache size\" = blocks x block size", "Maximum concurrency 58.11x"] {
            #expect(text.contains(phrase), "\(phrase)")
        }
        #expect(text.contains(" [WWWWWWWWWWW"))
    }

    @Test func thePredictionStandsBesideEachTerm() throws {
        let text = try Self.explain("vllm-0.19.0-llama-3.1-8b-h100.log", config: "meta-llama--Llama-3.1-8B-Instruct")
        let weights = try #require(text.split(separator: "\n").first { $0.hasPrefix("  weights") })
        // Parameters (14.96 GiB) plus the 32 MiB rotary table of 131,072 positions: as logged.
        #expect(weights.components(separatedBy: "14.99 GiB").count == 3 && weights.contains("-0.00"))
        let kv = try #require(text.split(separator: "\n").first { $0.hasPrefix("  KV cache size (tokens)") })
        #expect(kv.contains("476,016") && kv.contains("475,888"))
    }

    @Test func aRefusalIsExplainedWithItsNumbers() throws {
        let text = try Self.explain("vllm-0.6.4-rtx3090-refusal.log")
        #expect(text.contains("one request of max_model_len 29,000 tokens needs 29,000 token slots, but the KV cache holds 23,648 (1,478 blocks x 16), 5,352 short"))
        #expect(text.contains("Fix 1: lower --max-model-len to 23,648 or less."))
        #expect(text.contains("raise --gpu-memory-utilization from 0.90 to about 0.93"))
        #expect(text.contains("logs blocks (# GPU blocks), not a \"GPU KV cache size\" line"))
    }

    @Test func chineseLinesUpItsColumns() throws {
        let text = try Self.explain("vllm-0.6.5-llama-3-8b-h100.log", chinese: true)
        #expect(text.contains("加载权重占了 14.96 GiB"))
        #expect(text.contains("W 权重"))
        let rows = text.split(separator: "\n").filter { $0.hasSuffix(" GiB") == false && $0.contains(" GiB ") && $0.hasPrefix("  ") }
        // Every row's line-number column ends at the same terminal column.
        let widths = Set(rows.map { DisplayWidth.of(String($0)) })
        #expect(widths.count == 1, "\(rows)")
    }
}
