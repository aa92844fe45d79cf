import Foundation
import Testing
@testable import KVCore

/// The KV-cache groups a model's config gives (`MemoryPlan.kvCacheGroups`), what a scenario naming
/// a hybrid model runs with when it names no `kv_groups`. Every expected list is worked out by
/// hand from the config's fields and vLLM's grouping: layers of one type per group, groups of
/// the smaller type's count (the larger one's when within 25% of it), full groups first.
@Suite("KV-cache groups derived from a model's config")
struct KVCacheGroupDerivationTests {
    static let calibration = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/model-configs/calibration")

    static func groups(config folder: String, vllm: VLLMVersion = .current) throws -> [GroupAttention]? {
        let model = try ModelPreset.load(configFile: calibration.appendingPathComponent(folder + "/config.json").path)
        return try MemoryPlan(sizing: .init(model: model, gpu: .h100_80gb, vllm: vllm)).kvCacheGroups
    }

    static func sliding(_ window: Int, _ count: Int) -> [GroupAttention] {
        Array(repeating: .slidingWindow(window), count: count)
    }

    /// Gemma-3-27B: 62 layers, every sixth full (`sliding_window_pattern` 6): 10 full, 52
    /// sliding. Groups of 10: one full group, ceil(52 / 10) = 6 sliding ones (8 padding layers).
    @Test func gemma3_27bIsOneFullAndSixSlidingGroups() throws {
        #expect(try Self.groups(config: "google--gemma-3-27b-it") == [.full] + Self.sliding(1024, 6))
        let plan = try MemoryPlan(sizing: .init(model: .gemma3_27b, gpu: .h100_80gb))
        #expect(plan.kvCacheGroups == [.full] + Self.sliding(1024, 6))
        #expect(plan.layout.paddingLayers == 8 && plan.layout.groupSize == 10)
    }

    /// Gemma-3-4B: 34 layers, 34 / 6 = 5 full, 29 sliding; groups of 5: 1 + ceil(29 / 5) = 6.
    @Test func gemma3_4bPadsItsLastSlidingGroup() throws {
        #expect(try Self.groups(config: "google--gemma-3-4b-it") == [.full] + Self.sliding(1024, 6))
    }

    /// Gemma-2-9B alternates: 42 layers, 21 of each; one group of 21 of each type.
    @Test func gemma2AlternatesOneGroupOfEach() throws {
        #expect(try Self.groups(config: "google--gemma-2-9b-it") == [.full, .slidingWindow(4096)])
        #expect(try Self.groups(config: "google--gemma-2-2b-it") == [.full, .slidingWindow(4096)])
    }

    /// gpt-oss-20b lists its 24 layers in `layer_types`: 12 sliding (window 128), 12 full.
    @Test func gptOssReadsItsLayerTypes() throws {
        #expect(try Self.groups(config: "openai--gpt-oss-20b") == [.full, .slidingWindow(128)])
    }

    /// The 25% rule: 20 full and 24 sliding layers make groups of 24 (24 < 1.25 x 20), so one
    /// group of each type (4 full padding layers); 20 and 30 make groups of 20: 1 full, 2 sliding.
    @Test func closeCountsShareTheLargerGroupSize() throws {
        func groups(full: Int, sliding: Int) throws -> [GroupAttention]? {
            let model = ModelPreset(
                id: "toy-hybrid", displayName: "toy", architecture: .llama, numLayers: full + sliding,
                numHeads: 8, numKVHeads: 8, headDim: 64, hiddenSize: 512, intermediateSize: 1024,
                vocabSize: 1000, maxModelLen: 4096, tiedEmbeddings: false, weightDType: .bf16,
                publishedParameterCount: 0, slidingWindow: 256, slidingLayers: sliding)
            return try MemoryPlan(sizing: .init(model: model)).kvCacheGroups
        }
        #expect(try groups(full: 20, sliding: 24) == [.full, .slidingWindow(256)])
        #expect(try groups(full: 20, sliding: 30) == [.full] + Self.sliding(256, 2))
    }

    /// One group, nothing to derive: full attention everywhere, a window on every layer
    /// (Mistral-7B-v0.1), or a vLLM before 0.15, which kept every layer in one group.
    @Test func oneGroupModelsDeriveNothing() throws {
        #expect(try Self.groups(config: "meta-llama--Llama-3.1-8B-Instruct") == nil)
        #expect(try MemoryPlan(sizing: .init(model: .mistral7b)).kvCacheGroups == nil)
        #expect(try Self.groups(config: "google--gemma-3-27b-it", vllm: .v0_8) == nil)
    }
}
