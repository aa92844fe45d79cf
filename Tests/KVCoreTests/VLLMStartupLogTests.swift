import Foundation
import Testing
@testable import KVCore

/// `kvviz explain`'s reader on real start-up log excerpts of five vLLM releases (0.2.7, 0.6.4,
/// 0.6.5, 0.7 with V1, 0.8 with the V0 worker, 0.19.0), two of them refusals; sources in
/// Tests/Fixtures/vllm-logs/README.md.
@Suite("VLLMStartupLog: start-up logs from vLLM 0.2 to 0.19")
struct VLLMStartupLogTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/vllm-logs")

    static func load(_ name: String) throws -> VLLMStartupLog {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try VLLMStartupLog(text: text, file: name)
    }

    static func failure(_ name: String) throws -> VLLMLogError? {
        do {
            _ = try load(name)
            return nil
        } catch let error as VLLMLogError {
            return error
        }
    }

    @Test func v0_19ReadsEveryTerm() throws {
        let log = try Self.load("vllm-0.19.0-llama-3.1-8b-h100.log")
        #expect(log.version?.value == "0.19.0")
        #expect(log.sizingVersion == .v0_18)
        #expect(log.model?.value == "meta-llama/Llama-3.1-8B-Instruct")
        #expect(log.totalGiB?.value == 79.19)
        #expect(log.utilization?.value == 0.95)
        #expect(log.usableGiB == 75.23)
        #expect(log.weightsGiB?.value == 14.99)
        #expect(log.activationAboveWeightsGiB == 1.89)
        #expect(log.nonTorchGiB?.value == 0.25)
        #expect(log.cudaGraphEstimateGiB?.value == 0.84)
        #expect(log.cudaGraphActualGiB?.value == 0.91)
        #expect(log.kvGiB?.value == 58.11)
        #expect(log.kvTokens?.value == 476_016)
        #expect(log.gpuBlocks?.value == 29_751)
        #expect(log.concurrency?.value == 58.11)
        #expect(log.concurrencyLength == 8192)
        #expect(log.maxModelLen?.value == 8192)
        #expect(log.maxNumBatchedTokens?.value == 8192)
        #expect(log.maxNumSeqs?.value == 1024)
        #expect(log.refusal == nil)
    }

    @Test func v0_19HybridLogsItsPadding() throws {
        let log = try Self.load("vllm-0.19.0-gemma-3-27b-h100.log")
        #expect(log.paddingLayers?.value == 8)
        #expect(log.paddingWastePercent == 15.38)
        #expect(log.gpuBlocks?.value == 15_997)
        #expect(log.kvTokens?.value == 36_560)
    }

    @Test func v0_6_5TableOfFigures() throws {
        let log = try Self.load("vllm-0.6.5-llama-3-8b-h100.log")
        #expect(log.sizingVersion == .v0_6)
        #expect(log.totalGiB?.value == 79.22)
        #expect(log.requestedGiB?.value == 71.29)
        #expect(log.weightsGiB?.value == 14.96)
        #expect(log.nonTorchGiB?.value == 1.79)
        #expect(log.activationAboveWeightsGiB == 1.26)
        #expect(log.kvGiB?.value == 53.29)
    }

    @Test func v0_6_4RefusalWithItsNumbers() throws {
        let log = try Self.load("vllm-0.6.4-rtx3090-refusal.log")
        #expect(log.peakIncludesWeights)
        #expect(abs((log.activationAboveWeightsGiB ?? 0) - (17.98 - 14.9888)) < 1e-9)
        #expect(log.gpuBlocks?.value == 1478)
        guard case let .tokens(maxLen, capacity, line) = log.refusal else {
            Issue.record("expected a refusal")
            return
        }
        #expect(maxLen == 29_000)
        #expect(capacity == 23_648)
        #expect(line == 5)
    }

    @Test func v0_2RefusalAndBlocksOnly() throws {
        let log = try Self.load("vllm-0.2.7-refusal.log")
        #expect(log.sizingVersion == .v0_4)
        #expect(log.gpuBlocks?.value == 229)
        #expect(log.maxModelLen?.value == 4096)
        #expect(log.dtype == .fp16)
        guard case let .tokens(maxLen, capacity, _) = log.refusal else {
            Issue.record("expected a refusal")
            return
        }
        #expect(maxLen == 4096 && capacity == 229 * 16)
    }

    @Test func v0_7V1AndV0_8Worker() throws {
        let v1 = try Self.load("vllm-0.7-v1-llama-70b-w8a8.log")
        #expect(v1.sizingVersion == .v0_8)
        #expect(v1.weightsGiB?.value == 67.7229)
        #expect(v1.gpuBlocks?.value == 1381)
        #expect(v1.concurrency?.value == 10.79)
        let worker = try Self.load("vllm-0.8-v0-worker-rtx3090.log")
        #expect(worker.totalGiB?.value == 23.58)
        #expect(worker.utilization?.value == 0.99)
        #expect(worker.requestedGiB?.value == 23.35)
        #expect(worker.weightsGiB?.value == 21.21)
        #expect(worker.nonTorchGiB?.value == 0.20)
        #expect(worker.activationAboveWeightsGiB == 0.37)
        #expect(worker.kvGiB?.value == 1.57)
    }

    @Test func v1RefusalInMemory() throws {
        // The v1 wording (vllm/v1/core/kv_cache_utils.py), as vLLM 0.8 to 0.19 print it.
        let text = "ValueError: To serve at least one request with the models's max seq len (131072), (16.00 GiB KV cache is needed,"
            + " which is larger than the available KV cache memory (9.45 GiB). Based on the available memory, the estimated"
            + " maximum model length is 61920. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine."
        let log = try VLLMStartupLog(text: text, file: "v1.log")
        guard case let .memory(maxLen, needed, available, estimate, line) = log.refusal else {
            Issue.record("expected a refusal")
            return
        }
        #expect(maxLen == 131_072 && needed == 16 && available == 9.45 && estimate == 61_920 && line == 1)
    }

    @Test func anotherProgramsLogNamesItsFirstLine() throws {
        let error = try #require(try Self.failure("sglang-not-vllm.log"))
        #expect(error.description.hasPrefix("sglang-not-vllm.log: line 1 'KV Cache is allocated."))
        #expect(error.description.contains("is not a vLLM line"))
    }

    @Test func aTruncatedLogNamesItsLastLine() throws {
        let error = try #require(try Self.failure("vllm-0.19.0-truncated.log"))
        #expect(error.description.contains("ends at line 6"))
        #expect(error.description.contains("before vLLM sized its KV cache"))
    }

    @Test func emptyAndImpossibleLogsAreRefused() {
        #expect(throws: VLLMLogError.self) { try VLLMStartupLog(text: "\n  \n", file: "e.log") }
        let absurd = "INFO worker.py] total_gpu_memory=99999.00GiB\nINFO worker.py] Available KV cache memory: 3.00 GiB"
        do {
            _ = try VLLMStartupLog(text: absurd, file: "a.log")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("line 1"))
            #expect(error.description.contains("GPU memory 99999"))
        }
    }
}
