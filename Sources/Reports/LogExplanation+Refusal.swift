import Foundation
import KVCore

extension LogExplanation {
    /// The refusal of a `max_model_len` that does not fit, with its numbers and both fixes.
    var refusalLines: [String]? {
        guard let refusal = log.refusal else { return nil }
        let zh = chinese
        let total = log.totalGiB?.value
        let utilization = log.utilization?.value ?? 0.9
        /// The utilization that frees `extraGiB` more, when the GPU total is known.
        func raised(_ extraGiB: Double) -> String? {
            guard let total, total > 0 else { return nil }
            let needed = utilization + extraGiB / total
            return needed <= 1 ? String(format: "%.2f", (needed * 100).rounded(.up) / 100) : nil
        }
        switch refusal {
        case let .tokens(maxLen, capacity, line):
            let missing = maxLen - capacity
            var bytesPerToken: Double?
            if let kv = log.kvGiB?.value, let blocks = log.gpuBlocks?.value, blocks > 0 {
                bytesPerToken = kv * Self.gib / Double(blocks * 16)
            } else if let plan {
                bytesPerToken = Double(plan.kvBytesPerToken)
            }
            let extra = bytesPerToken.map { Double(missing) * $0 / Self.gib }
            let blocks = log.gpuBlocks.map { ByteCount.grouped($0.value) } ?? "?"
            var lines = [zh ? "vLLM 拒绝启动（第 \(line) 行）：一个 max_model_len = \(ByteCount.grouped(maxLen)) 的请求要 \(ByteCount.grouped(maxLen)) 个 token 槽位，"
                              + "而 KV 缓存只有 \(ByteCount.grouped(capacity)) 个（\(blocks) 块 × 16），差 \(ByteCount.grouped(missing)) 个。"
                            : "vLLM refused to start (line \(line)): one request of max_model_len \(ByteCount.grouped(maxLen)) tokens needs"
                              + " \(ByteCount.grouped(maxLen)) token slots, but the KV cache holds \(ByteCount.grouped(capacity))"
                              + " (\(blocks) blocks x 16), \(ByteCount.grouped(missing)) short."]
            lines.append(zh ? "办法一：把 --max-model-len 降到 \(ByteCount.grouped(capacity)) 或更小。"
                            : "Fix 1: lower --max-model-len to \(ByteCount.grouped(capacity)) or less.")
            if let extra {
                let target = raised(extra).map { zh ? "，把 --gpu-memory-utilization 从 \(String(format: "%.2f", utilization)) 提到约 \($0)" : ": raise --gpu-memory-utilization from \(String(format: "%.2f", utilization)) to about \($0)" } ?? ""
                lines.append(zh ? String(format: "办法二：给 KV 缓存多 %.2f GiB（%@ 个 token × %@ 字节）", extra, ByteCount.grouped(missing), ByteCount.grouped(Int(bytesPerToken ?? 0))) + target + "。"
                                : String(format: "Fix 2: give the KV cache %.2f GiB more (%@ tokens x %@ bytes)", extra, ByteCount.grouped(missing), ByteCount.grouped(Int(bytesPerToken ?? 0))) + target + ".")
            }
            return lines
        case let .memory(maxLen, needed, available, estimate, line):
            var lines = [zh ? String(format: "vLLM 拒绝启动（第 %d 行）：一个 %@ token 的请求要 %.2f GiB KV 缓存，可用的只有 %.2f GiB。", line, ByteCount.grouped(maxLen), needed, available)
                            : String(format: "vLLM refused to start (line %d): one request of %@ tokens needs %.2f GiB of KV cache; %.2f GiB is available.", line, ByteCount.grouped(maxLen), needed, available)]
            if let estimate {
                lines.append(zh ? "办法一：把 --max-model-len 降到 vLLM 估计的 \(ByteCount.grouped(estimate))。"
                                : "Fix 1: lower --max-model-len to the \(ByteCount.grouped(estimate)) vLLM estimates would fit.")
            }
            let target = raised(needed - available).map { zh ? "：把 --gpu-memory-utilization 提到约 \($0)" : ": raise --gpu-memory-utilization to about \($0)" } ?? ""
            lines.append(zh ? String(format: "办法二：多给 %.2f GiB", needed - available) + target + "。"
                            : String(format: "Fix 2: find %.2f GiB more", needed - available) + target + ".")
            return lines
        }
    }
}
