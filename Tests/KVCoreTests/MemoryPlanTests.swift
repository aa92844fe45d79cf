import Testing
@testable import KVCore

@Suite("MemoryPlan: budget, blocks, tensor parallelism")
struct MemoryPlanTests {
    @Test func llama2_7bOnA100_80GBBudgetIsUsableMinusWeightsActivationsAndRuntime() throws {
        let plan = try MemoryPlan(.init(model: .llama2_7b, gpu: .a100_80gb))
        #expect(plan.usableBytes == 76_488_376_320)  // floor(79.15 GiB x 0.9)
        #expect(plan.activationBytes == 303_038_464)
        #expect(plan.runtimeBytes == 256 << 20)
        #expect(plan.cudaGraphBytes == 860 << 20)
        #expect(!plan.cudaGraphsSubtracted)
        #expect(plan.rotaryTableBytes == 4096 * 128 * 2)  // cos/sin of 4,096 positions x 128 dims
        #expect(plan.loadedBytes == 13_476_831_232 + (1 << 20))
        #expect(plan.kvBudgetBytes == 76_488_376_320 - 13_476_831_232 - (1 << 20) - 303_038_464 - (256 << 20))
        #expect(plan.numBlocks == 7_443)  // floor(62,439,022,592 / 8 MiB)
        #expect(plan.tokenCapacity == 7_443 * 16)
        #expect(plan.reportedKVCacheTokens == 7_443 * 16)
        #expect(plan.kvPoolBytes <= plan.kvBudgetBytes)
        #expect(plan.kvBudgetBytes - plan.kvPoolBytes < plan.blockBytes)
        #expect(plan.reservedBytes == GPUPreset.a100_80gb.memoryBytes - plan.usableBytes)
    }

    @Test func v0ActivationEstimateFollowsItsDocumentedFormula() throws {
        // 2048 x (2x4096 + 2x4096 + 2x4096 + 3x11008) x 2 bytes + 256 x 32000 x 4 bytes x 3
        let expected = 2048 * (2 * 4096 + 2 * 4096 + 2 * 4096 + 3 * 11008) * 2 + 256 * 32000 * 4 * 3
        #expect(try MemoryPlan.activationEstimate(for: .init(model: .llama2_7b, vllm: .v0_6)) == expected)
        let smaller = try MemoryPlan.activationEstimate(for: .init(model: .llama2_7b, maxNumBatchedTokens: 512, vllm: .v0_6))
        #expect(smaller < expected)
    }

    @Test func v1ActivationEstimateIsTheLargerStagePlusSlack() throws {
        // forward 2048 x (2x4096 + 3x11008) x 2; sampler 256 x 32000 x (3x4 + 2) + 2048 x 4096 x 2
        let forward = 2048 * (2 * 4096 + 3 * 11008) * 2
        let sampler = 256 * 32000 * 14 + 2048 * 4096 * 2
        #expect(try MemoryPlan.activationEstimate(for: .init(model: .llama2_7b)) == max(forward, sampler) + (128 << 20))
        // 8,192 tokens over 1,024 rows: the sampler stage is the peak.
        let big = try MemoryPlan.activationEstimate(for: .init(model: .llama2_7b, maxNumBatchedTokens: 8192, maxNumSeqs: 1024))
        #expect(big == max(8192 * 41216 * 2, 1024 * 32000 * 14 + 8192 * 4096 * 2) + (128 << 20))
        // 0.15-0.16 held nine float32 copies of the logits.
        let old = try MemoryPlan.activationEstimate(for: .init(model: .llama2_7b, maxNumBatchedTokens: 8192, maxNumSeqs: 1024, vllm: .v0_15))
        #expect(old == 1024 * 32000 * 38 + 8192 * 4096 * 2 + (128 << 20))
    }

    @Test(arguments: [(4096, 29), (2048, 58), (1, 7_443), (16, 7_443), (17, 3_721), (119_088, 1), (119_089, 0)])
    func maxConcurrentSeqsDividesBlocksByBlocksPerSequence(seqLen: Int, seqs: Int) throws {
        let plan = try MemoryPlan(.init(model: .llama2_7b))
        #expect(plan.maxConcurrentSeqs(seqLen: seqLen) == seqs)
    }

    @Test func blocksNeededRoundsUp() throws {
        let plan = try MemoryPlan(.init(model: .llama2_7b, blockSize: 16))
        #expect(plan.blocksNeeded(seqLen: 16) == 1)
        #expect(plan.blocksNeeded(seqLen: 17) == 2)
        #expect(plan.blocksNeeded(seqLen: 4096) == 256)
    }

    @Test func lowerUtilizationLeavesFewerBlocks() throws {
        let full = try MemoryPlan(.init(model: .llama2_7b, gpuMemoryUtilization: 0.9))
        let lower = try MemoryPlan(.init(model: .llama2_7b, gpuMemoryUtilization: 0.5))
        #expect(lower.numBlocks < full.numBlocks)
    }

    @Test func fp8KVCacheDoublesTheBlocks() throws {
        let fp16 = try MemoryPlan(.init(model: .llama2_7b, kvDType: .fp16))
        let fp8 = try MemoryPlan(.init(model: .llama2_7b, kvDType: .fp8))
        #expect(fp8.blockBytes * 2 == fp16.blockBytes)
        #expect(fp8.numBlocks == fp16.kvBudgetBytes / fp8.blockBytes)
        #expect(fp8.weightsBytes == fp16.weightsBytes)  // weights keep the checkpoint's dtype
    }

    @Test func weightDTypeOverrideChangesWeightsAndActivations() throws {
        let fp32 = try MemoryPlan(.init(model: .llama2_7b, weightDType: .fp32))
        #expect(fp32.weightsBytes == 6_738_415_616 * 4)
    }

    @Test func tensorParallelSplitsWeightsAndKVHeads() throws {
        let plan = try MemoryPlan(.init(model: .llama2_70b, gpu: .a100_80gb, tensorParallel: 4))
        #expect(plan.kvHeadsPerGPU == 2)
        #expect(plan.kvBytesPerToken == 2 * 80 * 2 * 128 * 2)
        #expect(plan.weightsBytes == 68_976_648_192 * 2 / 4)
        #expect(plan.numBlocks > 0)
    }

    @Test func tensorParallelBeyondKVHeadsReplicatesOneHeadPerGPU() throws {
        let plan = try MemoryPlan(.init(model: .llama2_70b, gpu: .l4_24gb, tensorParallel: 16))
        #expect(plan.kvHeadsPerGPU == 1)
    }

    @Test func tensorParallelHalvesLLaMA7BPerGPUFigures() throws {
        let one = try MemoryPlan(.init(model: .llama2_7b, tensorParallel: 1))
        let two = try MemoryPlan(.init(model: .llama2_7b, tensorParallel: 2))
        #expect(two.kvBytesPerToken * 2 == one.kvBytesPerToken)
        #expect(two.weightsBytes * 2 == one.weightsBytes)
        #expect(two.numBlocks > one.numBlocks)
    }

    @Test func kvHeadsOverrideShowsMHAVersusGQA() throws {
        let gqa = try MemoryPlan(.init(model: .llama2_70b, gpu: .a100_80gb, tensorParallel: 8))
        let mha = try MemoryPlan(.init(model: .llama2_70b, gpu: .a100_80gb, kvHeadsOverride: 64, tensorParallel: 8))
        #expect(mha.kvBytesPerToken == 8 * gqa.kvBytesPerToken)
        #expect(mha.numBlocks < gqa.numBlocks)
    }

    @Test func toyGPUsGiveDemoSizedPools() throws {
        #expect(try MemoryPlan(.init(model: .llama2_7b, gpu: .toy15gb)).numBlocks == 85)
        #expect(try MemoryPlan(.init(model: .llama2_7b, gpu: .toy16gb)).numBlocks == 200)
        #expect(try MemoryPlan(.init(model: .llama2_7b, gpu: .toy15gb)).runtimeBytes == 0)
        #expect(try MemoryPlan(.init(model: .llama2_7b, gpu: .toy4gb, tensorParallel: 4)).numBlocks > 0)
    }

    @Test func aModelThatDoesNotFitIsSizedAllTheSame() throws {
        let plan = try MemoryPlan(sizing: .init(model: .llama2_70b, gpu: .a100_80gb))
        #expect(!plan.fits)
        #expect(plan.numBlocks == 0)
        #expect(plan.kvBudgetBytes < 0)
        #expect(plan.modelKVBytesPerToken == 327_680)
    }

    @Test func tensorParallelAddsTheNCCLAllowance() throws {
        let one = try MemoryPlan(.init(model: .llama3_8b, gpu: .h100_80gb))
        let two = try MemoryPlan(.init(model: .llama3_8b, gpu: .h100_80gb, tensorParallel: 2))
        #expect(two.runtimeBytes == 2_150 << 20)
        #expect(one.runtimeBytes == 256 << 20)
        #expect(try MemoryPlan(.init(model: .llama3_8b, gpu: .h100_80gb, vllm: .v0_17)).runtimeBytes == 133 << 20)
        #expect(try MemoryPlan(.init(model: .llama3_8b, gpu: .h100_80gb, vllm: .v0_6)).runtimeBytes == 1_833 << 20)
        #expect(two.runtimeBytes > one.runtimeBytes)
    }

    @Test func v0NonTorchMemoryDependsOnTheGPUAndTensorParallelism() throws {
        let v0 = { (gpu: GPUPreset, tp: Int) in
            try MemoryPlan(sizing: .init(model: .llama3_8b, gpu: gpu, tensorParallel: tp, vllm: .v0_6)).runtimeBytes
        }
        // vllm#10511, H100: 1.79 GiB on one GPU, 3.58 GiB on each of two.
        #expect(try v0(.h100_80gb, 1) == 1_833 << 20)
        #expect(try v0(.h100_80gb, 2) == 3_666 << 20)
        // vllm#10517, RTX 3090: "non_torch_memory=0.35GiB"; the 24 GB class shares it.
        let rtx3090 = try GPUPreset.named("rtx3090-24gb")
        #expect(try v0(rtx3090, 1) == 358 << 20)
        #expect(try v0(GPUPreset.named("l4-24gb"), 1) == 358 << 20)
        #expect(try v0(rtx3090, 2) == (358 + 1_833) << 20)
        #expect(try v0(.a100_80gb, 1) == 1_833 << 20)
        #expect(try MemoryPlan(sizing: .init(model: .llama3_8b, gpu: .h100_80gb, vllm: .v0_6)).runtimeBytes
            > MemoryPlan(sizing: .init(model: .llama3_8b, gpu: rtx3090, vllm: .v0_6)).runtimeBytes)
    }

    @Test func theLongestHeldModelLenIsThePoolsTokensForAFullAttentionModel() throws {
        let plan = try MemoryPlan(sizing: .init(model: .llama2_7b, maxModelLen: 150_000))
        #expect(!plan.holdsOneMaxLengthRequest)
        #expect(plan.longestHeldModelLen == plan.tokenCapacity)
        #expect(plan.maxLengthRequestBytes == 9_375 * (8 << 20))
        #expect(try MemoryPlan(sizing: .init(model: .llama2_7b)).holdsOneMaxLengthRequest)
        // Nothing fits at all: no request is held, and no length.
        let none = try MemoryPlan(sizing: .init(model: .llama2_70b, gpu: .a100_80gb))
        #expect(!none.holdsOneMaxLengthRequest && none.longestHeldModelLen == 0)
    }
}
