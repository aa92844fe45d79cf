import Testing
@testable import KVCore

@Suite("Memory model errors: one clear line each")
struct MemoryErrorTests {
    private func planError(_ configuration: MemoryPlan.Configuration) -> MemoryError? {
        do {
            _ = try MemoryPlan(configuration)
            return nil
        } catch {
            return error
        }
    }

    private func reportError(seqLen: Int, batch: Int, model: ModelPreset = .llama2_7b) -> MemoryError? {
        do {
            _ = try MemoryReport(configuration: .init(model: model), seqLen: seqLen, batch: batch)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownIDsListTheKnownOnes() {
        #expect(throws: MemoryError.unknownModel("gpt-5")) { try ModelPreset.named("gpt-5") }
        #expect(MemoryError.unknownModel("gpt-5").message.contains("llama-2-7b, llama-2-13b"))
        #expect(throws: MemoryError.unknownGPU("b300")) { try GPUPreset.named("b300") }
        #expect(MemoryError.unknownGPU("b300").message.contains("a100-80gb"))
        #expect(throws: MemoryError.unknownDType("int4")) { try DType(parsing: "int4") }
        #expect(MemoryError.unknownDType("int4").message.contains("fp32, fp16, bf16, fp8"))
    }

    @Test func nonPositiveSeqLenAndBatchAreRefused() {
        #expect(reportError(seqLen: -5, batch: 1) == .notPositive(.seqLen, -5))
        #expect(reportError(seqLen: 0, batch: 1) == .notPositive(.seqLen, 0))
        #expect(reportError(seqLen: 10, batch: 0) == .notPositive(.batch, 0))
        #expect(MemoryError.notPositive(.seqLen, -5).message
            == "--seq-len: is -5; pass a positive whole number")
    }

    @Test func seqLenIsCheckedBeforeTheModelIsFitted() {
        #expect(reportError(seqLen: -1, batch: 1, model: .llama2_70b) == .notPositive(.seqLen, -1))
    }

    @Test func nonPositiveSettingsAreRefused() {
        #expect(planError(.init(model: .llama2_7b, blockSize: 0)) == .notPositive(.blockSize, 0))
        #expect(planError(.init(model: .llama2_7b, tensorParallel: -2)) == .notPositive(.tensorParallel, -2))
        #expect(planError(.init(model: .llama2_7b, kvHeadsOverride: 0)) == .notPositive(.kvHeads, 0))
    }

    @Test(arguments: [0.0, -0.1, 1.01, Double.nan])
    func utilizationOutsideZeroToOneIsRefused(value: Double) {
        let error = planError(.init(model: .llama2_7b, gpuMemoryUtilization: value))
        guard case .utilizationOutOfRange = error else {
            Issue.record("expected utilizationOutOfRange, got \(String(describing: error))")
            return
        }
    }

    @Test func utilizationOfExactlyOneIsAllowed() {
        #expect(planError(.init(model: .llama2_7b, gpuMemoryUtilization: 1)) == nil)
    }

    @Test func kvHeadsMustDivideTheAttentionHeads() {
        #expect(planError(.init(model: .llama2_7b, kvHeadsOverride: 3))
            == .kvHeadsDoNotDivideHeads(model: "llama-2-7b", heads: 32, kvHeads: 3))
        #expect(planError(.init(model: .llama2_7b, kvHeadsOverride: 64))
            == .kvHeadsDoNotDivideHeads(model: "llama-2-7b", heads: 32, kvHeads: 64))
        #expect(MemoryError.kvHeadsDoNotDivideHeads(model: "llama-2-7b", heads: 32, kvHeads: 3).message
            .contains("1, 2, 4, 8, 16, 32"))
    }

    @Test func tensorParallelMustDivideHeadsAndFitKVHeads() {
        #expect(planError(.init(model: .llama2_7b, tensorParallel: 3))
            == .tensorParallelDoesNotDivideHeads(model: "llama-2-7b", heads: 32, tp: 3))
        #expect(planError(.init(model: .qwen25_7b, tensorParallel: 7))
            == .tensorParallelDoesNotFitKVHeads(model: "qwen2.5-7b", kvHeads: 4, tp: 7))
    }

    @Test func aModelTooBigForTheGPUSaysSoWithSizesAndTheFix() throws {
        let error = try #require(planError(.init(model: .llama2_70b, gpu: .a100_80gb)))
        guard case .doesNotFit = error else {
            Issue.record("expected doesNotFit, got \(error)")
            return
        }
        #expect(error.message.hasPrefix("llama-2-70b does not fit on a100-80gb with --tp 1: weights 128.48 GiB"))
        #expect(error.message.contains("usable 71.24 GiB"))
        #expect(error.message.hasSuffix("use a bigger --gpu or more --tp"))
    }

    @Test func budgetSmallerThanOneBlockDoesNotFitEither() throws {
        // x 0.9 leaves 4 MiB once LLaMA-2-7B's weights, activations and the 256 MiB outside
        // PyTorch (14,048,305,152 B) are in: a positive budget, but less than one 8 MiB block.
        let tight = GPUPreset(id: "tight", displayName: "tight", memoryBytes: 15_613_888_285)
        guard case .doesNotFit = planError(.init(model: .llama2_7b, gpu: tight)) else {
            Issue.record("expected doesNotFit")
            return
        }
        #expect(try MemoryPlan(sizing: .init(model: .llama2_7b, gpu: tight)).kvBudgetBytes > 0)
    }

    @Test func hugeInputsReportOverflowInsteadOfTrapping() {
        #expect(reportError(seqLen: Int.max, batch: 1) == .tooLarge(.seqLen, Int.max))
        #expect(reportError(seqLen: 1 << 30, batch: 1 << 30) == .tooLarge(.batch, 1 << 30))
        #expect(planError(.init(model: .llama2_7b, blockSize: Int.max)) == .tooLarge(.blockSize, Int.max))
        guard case .tooLarge = planError(.init(model: .llama2_7b, maxNumBatchedTokens: Int.max / 2)) else {
            Issue.record("expected tooLarge")
            return
        }
    }

    @Test func everyMessageIsOneLine() {
        let errors: [MemoryError] = [
            .unknownModel("x"), .unknownGPU("x"), .unknownDType("x"), .notPositive(.tensorParallel, 0),
            .utilizationOutOfRange(2), .kvHeadsDoNotDivideHeads(model: "m", heads: 32, kvHeads: 3),
            .tensorParallelDoesNotDivideHeads(model: "m", heads: 32, tp: 3),
            .tensorParallelDoesNotFitKVHeads(model: "m", kvHeads: 4, tp: 7),
            .doesNotFit(model: "m", gpu: "g", tp: 1, usableBytes: 1, weightsBytes: 2, activationBytes: 3, runtimeBytes: 5, blockBytes: 4),
            .tooLarge(.seqLen, 5),
        ]
        for error in errors {
            #expect(!error.message.contains("\n"), "\(error)")
            #expect(error.description == error.message)
        }
    }
}
