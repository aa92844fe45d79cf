import Foundation
import KVCore

/// One sentence per figure of a start-up log, in English or Chinese.
struct Sentences {
    let log: VLLMStartupLog
    let chinese: Bool

    private func gib(_ value: Double?) -> String { value.map { String(format: "%.2f GiB", $0) } ?? "?" }
    private func grouped(_ value: Int) -> String { ByteCount.grouped(value) }
    private var release: String { log.sizingVersion.releases }

    var total: String {
        chinese ? "PyTorch 看到这块 GPU 有 \(gib(log.totalGiB?.value))（torch.cuda.mem_get_info 的总量），比标称容量少，驱动自留了一部分。"
            : "PyTorch sees \(gib(log.totalGiB?.value)) on this GPU (torch.cuda.mem_get_info's total), less than the label: the driver keeps some."
    }

    var usable: String {
        let share = log.utilization.map { String(format: "%.0f%%", $0.value * 100) } ?? "90%"
        return chinese ? "gpu_memory_utilization 让 vLLM 只用其中 \(share)，即 \(gib(log.usableGiB))；其余留给别的进程" + (log.sizingVersion.subtractsCUDAGraphs ? "。" : "和之后捕获的 CUDA graph。")
            : "gpu_memory_utilization lets vLLM use \(share) of it, \(gib(log.usableGiB)); the rest is left to other processes"
                + (log.sizingVersion.subtractsCUDAGraphs ? "." : " and to the CUDA graphs captured later.")
    }

    var weights: String {
        chinese ? "加载权重占了 \(gib(log.weightsGiB?.value))（旧版日志写作 GB，实为 GiB）：参数个数 × 每个参数的字节数，张量并行时每卡一份；另加旋转位置编码表，每卡一整份。"
            : "Loading the weights took \(gib(log.weightsGiB?.value)) (older logs print GB but mean GiB): parameters x bytes each, one share per GPU under tensor parallelism, plus the rotary position table, whole on every GPU."
    }

    var activation: String {
        let tokens = log.maxNumBatchedTokens.map { grouped($0.value) + (chinese ? " 个 token" : " tokens") }
            ?? (chinese ? "一个最大批次" : "its largest batch")
        let how = log.peakIncludesWeights
            ? (chinese ? "（日志给的峰值含权重，这里已减去）" : " (the log's peak includes the weights; they are taken out here)") : ""
        return chinese ? "分析运行用\(tokens)做一次假前向和采样，PyTorch 的显存峰值比权重多 \(gib(log.activationAboveWeightsGiB))\(how)；服务时的激活不会超过它。"
            : "The profiling run pushed \(tokens) tokens through a dummy forward pass and sampler; PyTorch's peak rose \(gib(log.activationAboveWeightsGiB)) above the weights\(how), the most activations will ever need."
    }

    var nonTorch: String {
        log.sizingVersion.isV1
            ? (chinese ? "前向过程中 PyTorch 之外新增了 \(gib(log.nonTorchGiB?.value))：cuBLAS 与注意力的工作区，多卡时还有 NCCL 缓冲。"
                : "\(gib(log.nonTorchGiB?.value)) appeared outside PyTorch during that pass: cuBLAS and attention workspaces, and NCCL buffers with several GPUs.")
            : (chinese ? "PyTorch 之外的显存 \(gib(log.nonTorchGiB?.value))：CUDA 上下文、cuBLAS 工作区和 NCCL 缓冲，这个版本把它们全算上。"
                : "\(gib(log.nonTorchGiB?.value)) sits outside PyTorch: the CUDA context, cuBLAS workspaces and NCCL buffers, all counted by this version.")
    }

    var graphs: String {
        let figure = gib((log.cudaGraphEstimateGiB ?? log.cudaGraphActualGiB)?.value)
        if log.sizingVersion.subtractsCUDAGraphs {
            return chinese ? "CUDA graph 预计占 \(figure)，这个版本在切 KV 块之前就扣掉了。"
                : "The CUDA graphs are estimated at \(figure), which this version takes off before cutting KV blocks."
        }
        return chinese ? "CUDA graph 占 \(figure)，在 KV 缓存分好之后才捕获，vLLM \(release) 不扣它：它用的是利用率留下的余量。"
            : "The CUDA graphs take \(figure), captured after the KV cache is sized; vLLM \(release) does not subtract them: they live in the headroom the utilization leaves."
    }

    /// GiB of KV cache when only blocks are logged: unknown without the model.
    var kvFromBlocks: Double? { nil }

    var kv: String {
        let blocks = log.gpuBlocks.map { grouped($0.value) }
        if let kv = log.kvGiB?.value {
            let tail = blocks.map { chinese ? "，切成 \($0) 个块" : ", cut into \($0) blocks" } ?? ""
            return chinese ? "剩下的 \(gib(kv)) 全部成为 KV 缓存\(tail)。" : "What is left, \(gib(kv)), all becomes KV cache\(tail)."
        }
        return chinese ? "日志只给块数：\(blocks ?? "?") 个块，每块 16 个 token。" : "The log gives blocks only: \(blocks ?? "?") blocks of 16 tokens."
    }

    /// Which definition of "GPU KV cache size" this version uses.
    var definition: String {
        switch log.sizingVersion.tokenDefinition {
        case .blocksOnly:
            return chinese ? "这个版本（vLLM \(release)）只记块数（# GPU blocks），没有 \"GPU KV cache size\" 这一行。"
                : "This version (vLLM \(release)) logs blocks (# GPU blocks), not a \"GPU KV cache size\" line."
        case .blocksTimesBlockSize:
            return chinese ? "vLLM \(release) 的 \"GPU KV cache size\" = 块数 × 块大小（混合模型：块数 ÷ KV 缓存组数 × 块大小）；0.20 起改为 最大并发 × max_model_len。"
                : "In vLLM \(release), \"GPU KV cache size\" = blocks x block size (hybrid models: blocks / KV-cache groups x block size); from 0.20 it is max concurrency x max_model_len."
        case .concurrencyTimesMaxModelLen:
            return chinese ? "vLLM \(release) 的 \"GPU KV cache size\" = 最大并发 × max_model_len；0.19 及以前是 块数 × 块大小。"
                : "In vLLM \(release), \"GPU KV cache size\" = max concurrency x max_model_len; up to 0.19 it was blocks x block size."
        }
    }

    var concurrency: String? {
        guard let value = log.concurrency?.value, let length = log.concurrencyLength else { return nil }
        return chinese ? String(format: "最大并发 %.2fx：这么多个 %@ token 的请求能同时放进 KV 缓存。", value, grouped(length))
            : String(format: "Maximum concurrency %.2fx: that many requests of %@ tokens fit in the KV cache at once.", value, grouped(length))
    }

    var padding: String? {
        guard let layers = log.paddingLayers?.value else { return nil }
        let waste = log.paddingWastePercent.map { String(format: "%.2f%%", $0) } ?? "?"
        return chinese ? "混合注意力：vLLM 把各层分成大小相同的 KV 缓存组，补了 \(layers) 个空层，最多浪费 \(waste) 的 KV 显存。"
            : "Hybrid attention: vLLM groups the layers into KV-cache groups of equal size and adds \(layers) padding layers, wasting at most \(waste) of the KV memory."
    }
}
