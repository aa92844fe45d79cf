import Engine
import KVCore
import Testing
@testable import KVScenario

/// A block's tensors multiply to the memory model's pool block bytes for every preset, dtype,
/// tensor- and pipeline-parallel split the picture may be asked to draw (a hybrid model's pool
/// block holds one KV-cache group's layers; any other model's, every layer on the GPU).
@Suite struct BlockAnatomyTests {
    @Test func everyPresetsFactorsMultiplyToItsBlockBytes() throws {
        var checked = 0
        for model in ModelPreset.all {
            for (tp, pp) in [(1, 1), (2, 1), (8, 1), (1, 2)] {
                for dtype in [DType.fp16, .fp8] {
                    let configuration = MemoryPlan.Configuration(model: model, kvDType: dtype, blockSize: 16,
                                                                 tensorParallel: tp, pipelineParallel: pp)
                    guard let plan = try? MemoryPlan(sizing: configuration) else { continue }
                    guard let anatomy = ScenarioRun.anatomy(of: plan) else {
                        #expect(model.usesLatentAttention, "\(model.id) has no anatomy")
                        continue
                    }
                    #expect(anatomy.bytes == plan.layout.poolBlockBytes, "\(model.id) tp \(tp) pp \(pp) \(dtype)")
                    #expect(model.isHybrid || plan.layout.poolBlockBytes == plan.blockBytes, "\(model.id)")
                    #expect(anatomy.queryHeads >= anatomy.kvHeads || anatomy.queryHeadsPerKVHead == 0)
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }

    @Test func theToyDecodersBlockIsGQA() throws {
        let base = ToyMemory.base(requests: [], numBlocks: 8, blockSize: 4, maxNumBatchedTokens: 64)
        let anatomy = try #require(base.anatomy)
        #expect(anatomy.bytes == base.blockBytes)
        #expect(anatomy.queryHeadsPerKVHead == 2)
    }

    @Test func picturesMustBeKnownAndNamedOnce() {
        let text = ScenarioErrorTests.oneRequest
        #expect(ScenarioErrorTests.message(text + "pictures: [free_queue, recompute_triangle]\n") == "no error")
        #expect(ScenarioErrorTests.message(text + "pictures: [queue]\n")
            == "demos/t.yaml:4: pictures[0]: expected one of free_queue, block_anatomy, recompute_triangle, got 'queue'")
        #expect(ScenarioErrorTests.message(text + "pictures: [free_queue, free_queue]\n")
            == "demos/t.yaml:4: pictures[1]: names free_queue twice; keep one")
        #expect(ScenarioErrorTests.message(text + "pictures: free_queue\n")
            == "demos/t.yaml:4: pictures: expected a list, got 'free_queue'")
    }
}
