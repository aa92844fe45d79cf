import Foundation
import KVCore

extension LogExplanation {
    /// The explanation as printed: header, memory bar, table of terms (with kvviz's prediction
    /// and the difference when the model is known), one sentence per figure, the definition of
    /// "GPU KV cache size", and the refusal if vLLM refused to start.
    public var text: String {
        let zh = chinese
        var lines: [String] = []
        let version = log.version.map { "vLLM \($0.value)" } ?? (zh ? "未写版本的 vLLM" : "vLLM, version not stated")
        lines.append((zh ? "vLLM 启动日志 " : "vLLM start-up log ") + file + ": " + version
            + (zh ? "（按 \(log.sizingVersion.releases) 的方式分配）" : " (sized as \(log.sizingVersion.releases))"))
        if let model = log.model { lines.append((zh ? "模型 " : "model ") + model.value) }
        lines.append("")
        lines += bar
        lines.append("")
        lines += table
        lines.append("")
        let s = Sentences(log: log, chinese: zh)
        for term in terms where term.logged != nil {
            lines.append("- " + term.sentence)
        }
        if log.kvGiB == nil, log.gpuBlocks != nil { lines.append("- " + s.kv) }
        if let tokens = log.kvTokens {
            lines.append("- " + (zh ? "GPU KV cache size：\(ByteCount.grouped(tokens.value)) 个 token（第 \(tokens.line) 行）。"
                                  : "GPU KV cache size: \(ByteCount.grouped(tokens.value)) tokens (line \(tokens.line))."))
        }
        lines.append("- " + s.definition)
        if let concurrency = s.concurrency { lines.append("- " + concurrency) }
        if let padding = s.padding { lines.append("- " + padding) }
        if let refusal = refusalLines { lines.append(""); lines += refusal }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The memory bar: 60 columns for the GPU's total, one letter per term.
    var bar: [String] {
        let width = 60
        guard let total = log.totalGiB?.value ?? plan.map({ Double($0.configuration.gpu.memoryBytes) / Self.gib }), total > 0 else {
            return [chinese ? "（日志没有 GPU 总显存，画不出显存条）" : "(the log gives no GPU total: no memory bar)"]
        }
        let byKey = Dictionary(terms.map { ($0.key, $0.logged ?? $0.predicted ?? 0) }, uniquingKeysWith: { a, _ in a })
        var segments: [(Character, Double)] = [("W", byKey["weights"] ?? 0), ("A", byKey["activation"] ?? 0),
                                               ("N", byKey["nontorch"] ?? 0)]
        if log.sizingVersion.subtractsCUDAGraphs { segments.append(("G", byKey["graphs"] ?? 0)) }
        segments.append(("K", byKey["kv"] ?? 0))
        var cells = ""
        var used = 0.0
        for (letter, value) in segments where value > 0 {
            let start = Int((used / total * Double(width)).rounded())
            used += value
            let end = Swift.min(width, Int((used / total * Double(width)).rounded()))
            cells += String(repeating: letter, count: Swift.max(end - start, 0))
        }
        cells += String(repeating: ".", count: Swift.max(0, width - cells.count))
        let legend = chinese
            ? " W 权重  A 激活  N PyTorch 之外" + (log.sizingVersion.subtractsCUDAGraphs ? "  G CUDA graph" : "") + "  K KV 缓存  . 利用率之外（余量）"
            : " W weights  A activation  N non-torch" + (log.sizingVersion.subtractsCUDAGraphs ? "  G CUDA graphs" : "")
                + "  K KV cache  . outside the utilization (headroom)"
        return [" [" + cells + "] " + String(format: "%.2f GiB", total), legend]
    }

    /// Label, logged figure, kvviz's, the difference and the line.
    var table: [String] {
        let zh = chinese
        let header = [zh ? "项" : "term", zh ? "日志" : "log", plan == nil ? "" : "kvviz", plan == nil ? "" : (zh ? "差" : "diff"),
                      zh ? "行" : "line"]
        var rows = [header]
        for term in terms {
            let logged = term.logged.map { String(format: "%.2f GiB", $0) } ?? "-"
            let predicted = plan == nil ? "" : term.predicted.map { String(format: "%.2f GiB", $0) } ?? "-"
            var diff = ""
            if plan != nil, let a = term.logged, let b = term.predicted {
                diff = String(format: "%+.2f", b - a) + (a > 0 ? String(format: " (%+.1f%%)", (b / a - 1) * 100) : "")
            }
            rows.append([term.label, logged, predicted, diff, term.line.map(String.init) ?? ""])
        }
        if let blocks = log.gpuBlocks {
            rows.append([zh ? "GPU 块数" : "GPU blocks", ByteCount.grouped(blocks.value),
                         plan.map { ByteCount.grouped($0.numBlocks) } ?? "",
                         plan.map { String(format: "%+.1f%%", (Double($0.numBlocks) / Double(blocks.value) - 1) * 100) } ?? "",
                         String(blocks.line)])
        }
        if let plan, let logged = log.kvTokens?.value {
            let predicted = plan.reportedKVCacheTokens ?? plan.tokenCapacity
            rows.append([zh ? "KV 容量（token）" : "KV cache size (tokens)", ByteCount.grouped(logged), ByteCount.grouped(predicted),
                         String(format: "%+.1f%%", (Double(predicted) / Double(logged) - 1) * 100), log.kvTokens.map { String($0.line) } ?? ""])
        }
        let widths = (0..<5).map { column in rows.map { TextColumns.width($0[column]) }.max() ?? 0 }
        return rows.map { row in
            "  " + TextColumns.padRight(row[0], widths[0]) + "  " + TextColumns.padLeft(row[1], widths[1])
                + "  " + TextColumns.padLeft(row[2], widths[2]) + "  " + TextColumns.padLeft(row[3], widths[3])
                + "  " + TextColumns.padLeft(row[4], widths[4])
        }.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }
}
