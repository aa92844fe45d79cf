import Foundation
import KVCore

/// vLLM refusing to start because one request of `max_model_len` does not fit in the KV
/// cache, with its numbers and the two fixes (a shorter `--max-model-len`, or more memory for
/// the cache): what `kvviz explain` says of a logged refusal and `kvviz memory` of a predicted
/// one. A refusal read in a log has its line; a predicted one has none.
struct StartupRefusal {
    enum Shortfall {
        /// v0's wording: token slots. `blocks` as the log gave them (nil when it did not).
        case tokens(capacity: Int, blocks: Int?, blockSize: Int)
        /// v1's wording: GiB needed and available, and vLLM's estimate of the longest
        /// max_model_len that fits (nil when the log gave none).
        case memory(neededGiB: Double, availableGiB: Double, estimatedMaxLen: Int?)
    }

    let maxModelLen: Int
    let shortfall: Shortfall
    /// KV bytes a token takes on one GPU, for the memory the first kind of fix needs.
    let bytesPerToken: Double?
    let utilization: Double
    /// The GPU's total as PyTorch sees it, for the utilization that would do.
    let totalGiB: Double?
    /// The log line the refusal was read at; nil for kvviz's prediction.
    let line: Int?

    static let gib = Double(1 << 30)

    /// The refusal kvviz predicts for `plan`, in the wording of the vLLM release it follows;
    /// nil when the pool holds one request of max_model_len (or no block fits at all, which
    /// the verdict already says).
    init?(predictedFor plan: MemoryPlan) {
        guard plan.numBlocks >= 1, !plan.holdsOneMaxLengthRequest else { return nil }
        let config = plan.configuration
        maxModelLen = config.effectiveMaxModelLen
        if config.vllm.isV1 {
            shortfall = .memory(neededGiB: Double(plan.maxLengthRequestBytes) / Self.gib,
                                availableGiB: Double(plan.kvBudgetBytes) / Self.gib,
                                estimatedMaxLen: plan.longestHeldModelLen)
        } else {
            shortfall = .tokens(capacity: plan.numBlocks * config.blockSize, blocks: plan.numBlocks,
                                blockSize: config.blockSize)
        }
        bytesPerToken = Double(plan.kvBytesPerToken)
        utilization = config.gpuMemoryUtilization
        totalGiB = Double(config.gpu.memoryBytes) / Self.gib
        line = nil
    }

    init(maxModelLen: Int, shortfall: Shortfall, bytesPerToken: Double?, utilization: Double, totalGiB: Double?, line: Int?) {
        self.maxModelLen = maxModelLen
        self.shortfall = shortfall
        self.bytesPerToken = bytesPerToken
        self.utilization = utilization
        self.totalGiB = totalGiB
        self.line = line
    }

    /// The utilization that frees `extraGiB` more, when the GPU total is known and it is at
    /// most 1.
    private func raised(_ extraGiB: Double) -> String? {
        guard let totalGiB, totalGiB > 0 else { return nil }
        let needed = utilization + extraGiB / totalGiB
        return needed <= 1 ? String(format: "%.2f", (needed * 100).rounded(.up) / 100) : nil
    }

    /// The refusal and its fixes, one sentence a line.
    func lines(chinese zh: Bool) -> [String] {
        let lead = line.map { zh ? "vLLM 拒绝启动（第 \($0) 行）" : "vLLM refused to start (line \($0))" }
            ?? (zh ? "vLLM 会拒绝启动" : "vLLM would refuse to start")
        switch shortfall {
        case let .tokens(capacity, blocks, blockSize):
            let missing = maxModelLen - capacity
            let extra = bytesPerToken.map { Double(missing) * $0 / Self.gib }
            let blockText = blocks.map { ByteCount.grouped($0) } ?? "?"
            var lines = [zh ? "\(lead)：一个 max_model_len = \(ByteCount.grouped(maxModelLen)) 的请求要 \(ByteCount.grouped(maxModelLen)) 个 token 槽位，"
                              + "而 KV 缓存只有 \(ByteCount.grouped(capacity)) 个（\(blockText) 块 × \(blockSize)），差 \(ByteCount.grouped(missing)) 个。"
                            : "\(lead): one request of max_model_len \(ByteCount.grouped(maxModelLen)) tokens needs"
                              + " \(ByteCount.grouped(maxModelLen)) token slots, but the KV cache holds \(ByteCount.grouped(capacity))"
                              + " (\(blockText) blocks x \(blockSize)), \(ByteCount.grouped(missing)) short."]
            lines.append(zh ? "办法一：把 --max-model-len 降到 \(ByteCount.grouped(capacity)) 或更小。"
                            : "Fix 1: lower --max-model-len to \(ByteCount.grouped(capacity)) or less.")
            if let extra {
                let from = String(format: "%.2f", utilization)
                let target = raised(extra).map { zh ? "，把 --gpu-memory-utilization 从 \(from) 提到约 \($0)" : ": raise --gpu-memory-utilization from \(from) to about \($0)" } ?? ""
                let perToken = ByteCount.grouped(Int(bytesPerToken ?? 0))
                lines.append(zh ? String(format: "办法二：给 KV 缓存多 %.2f GiB（%@ 个 token × %@ 字节）", extra, ByteCount.grouped(missing), perToken) + target + "。"
                                : String(format: "Fix 2: give the KV cache %.2f GiB more (%@ tokens x %@ bytes)", extra, ByteCount.grouped(missing), perToken) + target + ".")
            }
            return lines
        case let .memory(needed, available, estimate):
            let length = ByteCount.grouped(maxModelLen)
            var lines = [zh ? String(format: "%@：一个 %@ token 的请求要 %.2f GiB KV 缓存，可用的只有 %.2f GiB。", lead, length, needed, available)
                            : String(format: "%@: one request of %@ tokens needs %.2f GiB of KV cache; %.2f GiB is available.", lead, length, needed, available)]
            if let estimate {
                let length = ByteCount.grouped(estimate)
                if line == nil {
                    lines.append(zh ? "办法一：把 --max-model-len 降到 \(length) 或更小。" : "Fix 1: lower --max-model-len to \(length) or less.")
                } else {
                    lines.append(zh ? "办法一：把 --max-model-len 降到 vLLM 估计的 \(length)。"
                                    : "Fix 1: lower --max-model-len to the \(length) vLLM estimates would fit.")
                }
            }
            let target = raised(needed - available).map { zh ? "：把 --gpu-memory-utilization 提到约 \($0)" : ": raise --gpu-memory-utilization to about \($0)" } ?? ""
            lines.append(zh ? String(format: "办法二：多给 %.2f GiB", needed - available) + target + "。"
                            : String(format: "Fix 2: find %.2f GiB more", needed - available) + target + ".")
            return lines
        }
    }
}
