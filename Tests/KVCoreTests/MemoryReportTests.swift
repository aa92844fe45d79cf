import Foundation
import Testing
@testable import KVCore

@Suite("MemoryReport: the text and JSON of kvviz memory")
struct MemoryReportTests {
    private func report(_ configuration: MemoryPlan.Configuration, seqLen: Int = 4096, batch: Int = 1) throws -> MemoryReport {
        try MemoryReport(configuration: configuration, seqLen: seqLen, batch: batch)
    }

    @Test func defaultReportForLLaMA2_7B() throws {
        let expected = """
            LLaMA-2-7B (llama-2-7b) on NVIDIA A100 80GB (a100-80gb)
            KV cache: 2 x 32 layers x 32 kv heads x 128 dim x 2 bytes = 524,288 B/token  [fp16]

              KV per token                               524,288 B     512 KiB  524.29 KB
              KV for 1 x 4,096 tokens              2,147,483,648 B       2 GiB    2.15 GB
              block of 16 tokens                       8,388,608 B       8 MiB    8.39 MB
              GPU memory                          85,899,345,920 B      80 GiB    85.9 GB
              usable (x 0.9)                      77,309,411,328 B      72 GiB   77.31 GB
              - weights (6.74B params, fp16)      13,476,831,232 B   12.55 GiB   13.48 GB
              - activations (est., 2,048 tokens)     252,313,600 B  240.63 MiB  252.31 MB
              = KV budget                         63,580,266,496 B   59.21 GiB   63.58 GB

              KV blocks                           7,579 x 16 tokens = 121,264 token slots
              max concurrent seqs                 29 of 4,096 tokens (256 blocks each)
              batch of 1                          fits: needs 256 of 7,579 blocks
            units: 1 KiB = 1,024 B, 1 GiB = 2^30 B; 1 KB = 1,000 B, 1 GB = 10^9 B

            """
        expectSameLines(try report(.init(model: .llama2_7b)).text, expected)
    }

    @Test func formulaLinePlugsInTheNumbers() throws {
        let line = try report(.init(model: .llama2_7b)).formulaLine
        #expect(line == "2 x 32 layers x 32 kv heads x 128 dim x 2 bytes = 524,288 B/token")
        let gqa = try report(.init(model: .llama2_70b, tensorParallel: 8)).formulaLine
        #expect(gqa == "2 x 80 layers x 1 kv heads x 128 dim x 2 bytes = 40,960 B/token")
    }

    @Test func thirtyTwoRequestsOf2048TokensFitOnAnA100() throws {
        let report = try report(.init(model: .llama2_7b), seqLen: 2048, batch: 32)
        #expect(report.kvBytes == 32 << 30)
        #expect(report.blocksForBatch == 32 * 128)
        #expect(report.batchFits)
        #expect(report.text.contains("KV for 32 x 2,048 tokens            34,359,738,368 B      32 GiB"))
    }

    @Test func aBatchTooBigForThePoolSaysItDoesNotFit() throws {
        let report = try report(.init(model: .llama2_7b), seqLen: 4096, batch: 30)
        #expect(!report.batchFits)
        #expect(report.text.contains("does NOT fit: needs 7,680 of 7,579 blocks"))
    }

    @Test func tensorParallelAndKVHeadOverrideAreNamedInTheHeader() throws {
        let text = try report(.init(model: .llama2_70b, kvHeadsOverride: 64, tensorParallel: 4)).text
        #expect(text.contains("tensor parallel 4: every figure below is for one of 4 GPUs"))
        #expect(text.contains("(--kv-heads 64 replaces the model's 8 KV heads)"))
        #expect(text.contains("fp16 / 4)"))
    }

    @Test func sequencesLongerThanTheContextAreNotedNotRefused() throws {
        let report = try report(.init(model: .llama2_7b), seqLen: 8192)
        #expect(report.exceedsContext)
        #expect(report.kvBytes == 4 << 30)
        #expect(report.text.contains("note: 8,192 tokens exceeds llama-2-7b's context of 4,096 tokens"))
    }

    @Test func jsonCarriesEveryFigureAsAnInteger() throws {
        let json = try report(.init(model: .llama2_7b), seqLen: 2048, batch: 32).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let integers: [String: Int] = [
            "kv_bytes_per_token": 524_288, "kv_bytes": 34_359_738_368, "block_bytes": 8_388_608,
            "weights_bytes": 13_476_831_232, "activation_bytes": 252_313_600,
            "gpu_bytes": 85_899_345_920, "kv_budget_bytes": 63_580_266_496, "num_blocks": 7_579,
            "max_concurrent_seqs": 59, "seq_len": 2048, "batch": 32, "block_size": 16, "tp": 1,
        ]
        for (key, value) in integers {
            #expect(object[key] as? Int == value, "\(key)")
        }
        #expect(object["model"] as? String == "llama-2-7b")
        #expect(object["gpu"] as? String == "a100-80gb")
        #expect(object["dtype"] as? String == "fp16")
        #expect(object["batch_fits"] as? Bool == true)
    }

    @Test func jsonKeysComeInAFixedOrder() throws {
        let json = try report(.init(model: .opt13b)).json
        let keys = json.split(separator: "\n").compactMap { line -> String? in
            guard let open = line.firstIndex(of: "\"") else { return nil }
            let rest = line[line.index(after: open)...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        #expect(Array(keys.prefix(4)) == ["model", "gpu", "dtype", "weight_dtype"])
        #expect(keys.firstIndex(of: "kv_bytes_per_token")! < keys.firstIndex(of: "num_blocks")!)
    }

    @Test func listingShowsEveryModelAndGPU() {
        let text = MemoryCatalogListing.text
        for model in ModelPreset.all {
            #expect(text.contains(model.id))
        }
        for gpu in GPUPreset.all {
            #expect(text.contains(gpu.id))
        }
        #expect(text.contains("8 kv (GQA)"))
        #expect(text.contains("85,899,345,920 B"))
        #expect(text.contains("800 KiB/token"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    /// Compares line by line so a failure names the first differing line.
    private func expectSameLines(_ actual: String, _ expected: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let actualLines = actual.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        for (index, (got, want)) in zip(actualLines, expectedLines).enumerated() where got != want {
            Issue.record("line \(index + 1):\n  got:  \(got)\n  want: \(want)", sourceLocation: sourceLocation)
            return
        }
        #expect(actualLines.count == expectedLines.count, sourceLocation: sourceLocation)
    }
}
