import Testing
@testable import KVCore

/// The KV-cache figures of the seed chapter (section 4) that learners check by hand.
@Suite("KV bytes: the chapter's figures")
struct MemoryKVBytesTests {
    private func plan(_ model: ModelPreset, kvHeads: Int? = nil, gpu: GPUPreset = .a100_80gb,
                      tp: Int = 1) throws -> MemoryPlan {
        try MemoryPlan(.init(model: model, gpu: gpu, kvHeadsOverride: kvHeads, tensorParallel: tp))
    }

    @Test func llama2_7bStoresHalfAMebibyteOfKVPerToken() throws {
        #expect(try plan(.llama2_7b).kvBytesPerToken == 524_288)
    }

    @Test(arguments: [
        (512, 256 << 20), (1024, 512 << 20), (2048, 1 << 30), (4096, 2 << 30), (8192, 4 << 30),
    ])
    func llama2_7bSingleRequestTable(seqLen: Int, bytes: Int) throws {
        #expect(try plan(.llama2_7b).kvBytes(seqLen: seqLen) == bytes)
    }

    @Test func thirtyTwoRequestsOf2048TokensTake32GiB() throws {
        #expect(try plan(.llama2_7b).kvBytes(seqLen: 2048, batch: 32) == 32 << 30)
    }

    @Test func llama2_70bWithGQATakes1_25GiBAt4096Tokens() throws {
        #expect(ModelPreset.llama2_70b.kvBytesPerToken() * 4096 == 1_342_177_280)
        // A plan that holds the whole model on one GPU reports the same figure.
        let whole = try MemoryPlan(.init(model: .llama2_70b, gpu: .h200_141gb, gpuMemoryUtilization: 1))
        #expect(whole.kvBytes(seqLen: 4096) == 1_342_177_280)
    }

    @Test func llama2_70bWith64KVHeadsTakesEightTimesMore() throws {
        let mha = ModelPreset.llama2_70b.kvBytesPerToken(kvHeads: 64) * 4096
        #expect(mha == 10_737_418_240)
        #expect(mha == 8 * 1_342_177_280)
        let plan = try MemoryPlan(.init(model: .llama2_70b, gpu: .h200_141gb, kvHeadsOverride: 64,
                                        gpuMemoryUtilization: 1))
        #expect(plan.kvBytes(seqLen: 4096) == 10_737_418_240)
    }

    @Test func opt13bStoresAbout800KBPerToken() throws {
        #expect(try plan(.opt13b).kvBytesPerToken == 819_200)
        #expect(ByteCount.decimal(819_200) == "819.2 KB")
    }

    @Test(arguments: [(DType.fp32, 1_048_576), (.fp16, 524_288), (.bf16, 524_288), (.fp8, 262_144)])
    func kvBytesScaleWithDType(dtype: DType, bytes: Int) throws {
        let plan = try MemoryPlan(.init(model: .llama2_7b, kvDType: dtype))
        #expect(plan.kvBytesPerToken == bytes)
    }

    @Test func blockBytesAreBlockSizeTimesBytesPerToken() throws {
        let plan = try MemoryPlan(.init(model: .llama2_7b, blockSize: 16))
        #expect(plan.blockBytes == 16 * 524_288)
    }

    @Test func groupedQueryModelsStoreFewerBytesThanTheirQueryHeadsSuggest() {
        #expect(ModelPreset.llama3_8b.kvBytesPerToken() == 131_072)
        #expect(ModelPreset.mistral7b.kvBytesPerToken() == 131_072)
        #expect(ModelPreset.qwen25_7b.kvBytesPerToken() == 57_344)
        #expect(ModelPreset.llama2_13b.kvBytesPerToken() == 819_200)
    }
}
