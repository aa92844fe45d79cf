import Testing
@testable import KVCore

/// The pool size kvviz computes, pinned against the size vLLM itself logged for the same
/// model, GPU and settings. vLLM measures the activation peak and the memory outside PyTorch
/// in a profiling run; kvviz estimates both from the model's shapes, so the figures agree to a
/// few percent, not exactly. Each case cites the public log it comes from.
@Suite("MemoryPlan vs published vLLM logs (within 5%)")
struct MemoryVLLMLogTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let configuration: MemoryPlan.Configuration
        /// KV blocks (of 16 tokens) vLLM reported, or derived from its logged KV memory.
        let vllmBlocks: Int
        var description: String { name }
    }

    static let cases: [Case] = [
        // https://github.com/vllm-project/vllm/pull/2031 (comment of 2023-12-12): "Llama2-7B
        // with TP=1 and 1xA100-80GB ... This PR: # GPU blocks: 7351". vLLM 0.2.x defaults:
        // gpu_memory_utilization 0.9, max_num_seqs 256, max_num_batched_tokens =
        // max(max_model_len, 2048) = 4096.
        Case(name: "Llama-2-7B, A100 80GB, tp 1",
             configuration: .init(model: .llama2_7b, gpu: .a100_80gb, maxNumBatchedTokens: 4096, maxNumSeqs: 256, vllm: .v0_4),
             vllmBlocks: 7351),
        // https://github.com/vllm-project/vllm/pull/10511 (comment of 2024-12-14): `vllm serve
        // meta-llama/Meta-Llama-3-8B` on an H100: total_gpu_memory 79.22GiB, utilization 0.90,
        // weights 14.96GiB, non_torch_memory 1.79GiB, activation peak 1.26GiB,
        // available_kv_cache_memory 53.29GiB = 53.29 x 2^30 / 131,072 B a token = 436,551 tokens
        // = 27,284 blocks. max_num_batched_tokens = max_model_len = 8192 (no chunked prefill).
        Case(name: "Llama-3-8B, H100 80GB, tp 1",
             configuration: .init(model: .llama3_8b, gpu: .h100_80gb, maxNumBatchedTokens: 8192, maxNumSeqs: 256, vllm: .v0_6),
             vllmBlocks: 27_284),
        // The same comment, `-tp 2`: weights 7.48GiB, non_torch_memory 3.58GiB, activation peak
        // 1.26GiB of the usable 71.29GiB leave 58.97GiB a GPU; at 65,536 B a token per GPU
        // (4 of the 8 KV heads) that is 966,164 tokens = 60,385 blocks.
        Case(name: "Llama-3-8B, H100 80GB, tp 2",
             configuration: .init(model: .llama3_8b, gpu: .h100_80gb, tensorParallel: 2,
                                  maxNumBatchedTokens: 8192, maxNumSeqs: 256, vllm: .v0_6),
             vllmBlocks: 60_385),
    ]

    @Test(arguments: cases)
    func poolIsWithinFivePercentOfVLLMsLog(_ testCase: Case) throws {
        let plan = try MemoryPlan(testCase.configuration)
        let difference = abs(Double(plan.numBlocks) / Double(testCase.vllmBlocks) - 1)
        #expect(difference <= 0.05, "kvviz \(plan.numBlocks) blocks vs vLLM \(testCase.vllmBlocks)")
    }

    @Test func activationPeakOfLlama3_8BIsNearVLLMsMeasurement() throws {
        // vLLM measured 1.26 GiB (pull 10511 above) for 8,192 tokens and 256 sequences.
        let bytes = try MemoryPlan.activationEstimate(
            for: .init(model: .llama3_8b, gpu: .h100_80gb, maxNumBatchedTokens: 8192, maxNumSeqs: 256, vllm: .v0_6))
        let gib = Double(bytes) / Double(1 << 30)
        #expect(abs(gib - 1.26) / 1.26 <= 0.1, "\(gib) GiB")
    }

    @Test func gpuTotalsAreWhatPyTorchReports() {
        // total_gpu_memory in vLLM's logs (torch.cuda.mem_get_info), to 0.01 GiB.
        let gib = { (gpu: GPUPreset) in Double(gpu.memoryBytes) / Double(1 << 30) }
        #expect(abs(gib(.a100_80gb) - 79.15) < 0.01)
        #expect(abs(gib(.a100_40gb) - 39.39) < 0.01)
        #expect(abs(gib(.h100_80gb) - 79.19) < 0.01)
    }

    @Test func activationsGrowWithTheBatchedTokens() throws {
        let small = try MemoryPlan(.init(model: .llama3_8b, gpu: .h100_80gb, maxNumBatchedTokens: 2048))
        let large = try MemoryPlan(.init(model: .llama3_8b, gpu: .h100_80gb, maxNumBatchedTokens: 16384))
        #expect(large.activationBytes > 4 * small.activationBytes / 2)
        #expect(large.numBlocks < small.numBlocks)
    }
}
