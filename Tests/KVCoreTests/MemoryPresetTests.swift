import Testing
@testable import KVCore

@Suite("Model and GPU presets")
struct MemoryPresetTests {
    @Test func llama2_7bParameterCountIsExact() {
        #expect(ModelPreset.llama2_7b.parameterCount == 6_738_415_616)
    }

    @Test(arguments: [
        ("llama-2-13b", 13_015_864_320), ("llama-2-70b", 68_976_648_192),
        ("llama-3-8b", 8_030_261_248), ("mistral-7b", 7_241_732_096),
        ("qwen2.5-7b", 7_615_616_512), ("opt-13b", 12_853_473_280),
    ])
    func parameterCountsMatchTheCheckpoints(id: String, count: Int) throws {
        #expect(try ModelPreset.named(id).parameterCount == count)
    }

    @Test(arguments: ModelPreset.all)
    func computedCountIsWithinTwoPercentOfThePublishedOne(model: ModelPreset) {
        let difference = abs(model.parameterCount - model.publishedParameterCount)
        #expect(difference * 50 <= model.publishedParameterCount, "\(model.id)")
    }

    @Test func llama2_7bFP16WeightsAreAbout13_5GB() throws {
        let plan = try MemoryPlan(.init(model: .llama2_7b))
        #expect(plan.weightsBytes == 13_476_831_232)
        #expect(ByteCount.decimal(plan.weightsBytes, fractionDigits: 1) == "13.5 GB")
    }

    /// Gemma's config sets head_dim apart from hidden / heads (32 x 128 for a width of 5,376).
    @Test(arguments: ModelPreset.all.filter { !$0.usesLatentAttention && $0.id != "gemma-3-27b" })
    func headsTimesHeadDimIsTheHiddenSize(model: ModelPreset) {
        #expect(model.numHeads * model.headDim == model.hiddenSize, "\(model.id)")
        #expect(model.numHeads % model.numKVHeads == 0, "\(model.id)")
    }

    /// Grouped-query attention: several query heads share one KV head.
    @Test func onlyTheGQAModelsHaveFewerKVHeadsThanHeads() {
        let gqa = ModelPreset.all.filter { !$0.usesLatentAttention && $0.numKVHeads < $0.numHeads }.map(\.id)
        #expect(gqa == ["llama-2-70b", "llama-3-8b", "mistral-7b", "qwen2.5-7b", "gemma-3-27b"])
    }

    @Test func theBriefsIDsAreAllThere() {
        #expect(ModelPreset.all.map(\.id) == [
            "llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3-8b", "mistral-7b", "qwen2.5-7b", "opt-13b",
            "deepseek-v3", "gemma-3-27b",
        ])
        #expect(GPUPreset.real.map(\.id) == [
            "l4-24gb", "rtx3090-24gb", "rtx4090-24gb", "a100-40gb", "a100-80gb", "h100-80gb", "h200-141gb",
        ])
        #expect(GPUPreset.toys.allSatisfy { $0.isToy })
        #expect(Set(GPUPreset.all.map(\.id)).count == GPUPreset.all.count)
    }

    @Test func gpuSizesAreWhatPyTorchReportsInMebibytes() {
        #expect(GPUPreset.a100_80gb.memoryBytes == 81_050 << 20)
        #expect(GPUPreset.h100_80gb.memoryBytes == 81_091 << 20)
        #expect(GPUPreset.l4_24gb.memoryBytes == 22_579 << 20)
    }

    @Test func lookupIgnoresCase() throws {
        #expect(try ModelPreset.named("LLaMA-2-7B") == .llama2_7b)
        #expect(try GPUPreset.named("H100-80GB") == .h100_80gb)
    }

    @Test(arguments: [("fp16", DType.fp16), ("half", .fp16), ("BF16", .bf16), ("bfloat16", .bf16),
                      ("float32", .fp32), ("fp8", .fp8), ("fp8_e5m2", .fp8)])
    func dtypeNamesParse(name: String, dtype: DType) throws {
        #expect(try DType(parsing: name) == dtype)
    }

    @Test func deepSeekV3CountsItsExpertsToThePublished671B() {
        let model = ModelPreset.deepseekV3
        #expect(abs(model.parameterCount - 671_000_000_000) * 200 < 671_000_000_000)  // within 0.5%
        #expect(model.kvBytesPerToken(dtype: .bf16) == 61 * (512 + 64) * 2)
        #expect(model.attentionLabel == "MLA")
    }

    @Test func perTokenKVOfEveryAttentionKind() {
        // MHA 512 KiB, GQA 320 KiB (70B), MLA 68.6 KiB, at fp16: what the learner compares.
        #expect(ModelPreset.llama2_7b.kvBytesPerToken() == 524_288)
        #expect(ModelPreset.llama2_70b.kvBytesPerToken() == 327_680)
        #expect(ModelPreset.llama2_70b.kvBytesPerToken(kvHeads: 1) == 40_960)  // MQA
        #expect(ModelPreset.deepseekV3.kvBytesPerToken() == 70_272)
        #expect(ModelPreset.mistral7b.cachedTokens(seqLen: 10_000) == 4096)
        #expect(ModelPreset.llama2_7b.cachedTokens(seqLen: 10_000) == 10_000)
    }
}
