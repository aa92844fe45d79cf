import KVBase
import Foundation
import ToyDecoder

/// `kvviz bench --decoder [--json]`: cached vs uncached toy decoding at N = 256, 512, 1000.
public enum DecoderBenchCLI {
    public static func run(json: Bool, output: BenchOutput) throws {
        let report = DecoderBenchmark.run()
        if json {
            try printJSON(report, output)
        } else {
            printTable(report, output)
        }
        if let bad = report.rows.first(where: { !$0.identicalTokens }) {
            throw BenchError("bench --decoder: cached and uncached decoding disagreed at N = \(bad.generatedTokens)")
        }
    }

    private static func printTable(_ report: DecoderBenchmarkReport, _ output: BenchOutput) {
        let c = report.config
        #if DEBUG
        output.out("note: debug build; time ratios are only meaningful from `swift build -c release`")
        #endif
        output.out("toy decoder: \(c.layers) layers, dim \(c.dim), \(c.heads) query / \(c.kvHeads) KV heads, one-token prompt, greedy")
        output.out("")
        output.out("     N   cached s  uncached s  time ratio  K/V cached  K/V uncached  K/V ratio (N+1)/2  same tokens")
        for row in report.rows {
            let cells = [
                pad(String(row.generatedTokens), 6), pad(String(format: "%.4f", row.cachedSeconds), 9),
                pad(String(format: "%.3f", row.uncachedSeconds), 10), pad(String(format: "%.1fx", row.timeRatio), 10),
                pad(String(row.kvComputedCached), 10), pad(String(row.kvComputedUncached), 12),
                pad(String(format: "%.1fx", row.kvRatio), 17), pad(row.identicalTokens ? "yes" : "NO", 11),
            ]
            output.out(cells.joined(separator: "  "))
        }
    }

    private static func printJSON(_ report: DecoderBenchmarkReport, _ output: BenchOutput) throws {
        var object = JSONObject()
        object.add("suite", "decoder")
        object.add("layers", report.config.layers)
        object.add("dim", report.config.dim)
        object.add("seed", Int(truncatingIfNeeded: report.seed))
        object.add("rows", report.rows.map { JSON.object($0.json) })
        output.out(object.rendered, terminator: "")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }
}

extension DecoderBenchmarkRow {
    /// One row in kvviz's JSON style: N, the two times, the two K/V counts, the check, the ratios.
    var json: JSONObject {
        var object = JSONObject()
        object.add("generated_tokens", generatedTokens)
        object.add("cached_seconds", cachedSeconds)
        object.add("uncached_seconds", uncachedSeconds)
        object.add("kv_computed_cached", kvComputedCached)
        object.add("kv_computed_uncached", kvComputedUncached)
        object.add("identical_tokens", identicalTokens)
        object.add("time_ratio", timeRatio, digits: 2)
        object.add("kv_ratio", kvRatio, digits: 2)
        return object
    }
}
