import Reports
import Foundation
import KVCore
import Testing

@Suite("MemoryReport: the text and JSON of kvviz memory")
struct MemoryReportTests {
    private func report(_ configuration: MemoryPlan.Configuration, seqLen: Int = 4096, batch: Int = 1) throws -> MemoryReport {
        try MemoryReport(configuration: configuration, seqLen: seqLen, batch: batch)
    }

    private func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func defaultReportForLLaMA2_7B() throws {
        let expected = """
            LLaMA-2-7B (llama-2-7b, MHA) on NVIDIA A100 80GB (a100-80gb)
            KV cache: 2 x 32 layers x 32 kv heads x 128 dim x 2 bytes = 524,288 B/token  [fp16]

              KV per token                                       524,288 B    512 KiB  524.29 KB
              KV for 1 x 4,096 tokens                      2,147,483,648 B      2 GiB    2.15 GB

              block of 16 tokens                               8,388,608 B      8 MiB    8.39 MB
              GPU memory (as PyTorch sees it)             84,987,084,800 B  79.15 GiB   84.99 GB
              usable (x 0.9)                              76,488,376,320 B  71.24 GiB   76.49 GB
              - weights (6.74B params, fp16)              13,476,831,232 B  12.55 GiB   13.48 GB
              - rotary table (4,096 pos x 128 dims)            1,048,576 B      1 MiB    1.05 MB
              - activation peak (2,048 tokens, 256 seqs)     303,038,464 B    289 MiB  303.04 MB
              - non-torch (workspaces)                       268,435,456 B    256 MiB  268.44 MB
                CUDA graphs (estimated, not subtracted)      901,775,360 B    860 MiB  901.78 MB
              = KV budget                                 62,439,022,592 B  58.15 GiB   62.44 GB
                sizing as vLLM 0.18-0.19 does it (--vllm); terms:
                GPU memory: torch.cuda.mem_get_info's total for a100-80gb (vLLM logs it as total_gpu_memory)
                weights: parameters counted from the config x stored width (log: "Model loading took", with the rotary table)
                rotary table: cos/sin of every position the model knows, whole on every GPU, built as the model loads
                activation: profile run, max(forward, sampler over 256 rows) + MoE workspace (log: "torch peak memory increase")
                non-torch: what the forward pass adds outside PyTorch (log: "non-torch")
                CUDA graphs: median estimate of vLLM 0.19's logs; 0.18-0.19 leaves it to the headroom of gpu-util

              verdict                                     fits on a100-80gb with --tp 1
              KV blocks                                   7,443 x 16 tokens = 119,088 token slots
              max concurrent seqs                         29 of 4,096 tokens (256 blocks each)
              batch of 1                                  fits: needs 256 of 7,443 blocks
              GPU KV cache size                           119,088 tokens (vLLM 0.18-0.19: blocks x block size)
              max concurrency                             29.07x for 4,096 tokens per request
              max_model_len                               4,096: one request needs 256 of 7,443 blocks; vLLM starts
            units: 1 KiB = 1,024 B, 1 GiB = 2^30 B; 1 KB = 1,000 B, 1 GB = 10^9 B

            """
        expectSameLines(try report(.init(model: .llama2_7b)).text, expected)
    }

    @Test func formulaLinePlugsInTheWholeModelsNumbers() throws {
        let line = try report(.init(model: .llama2_7b)).formulaLine
        #expect(line == "2 x 32 layers x 32 kv heads x 128 dim x 2 bytes = 524,288 B/token")
        let gqa = try report(.init(model: .llama2_70b, tensorParallel: 8)).formulaLine
        #expect(gqa == "2 x 80 layers x 8 kv heads x 128 dim x 2 bytes = 327,680 B/token")
        let mla = try report(.init(model: .deepseekV3, gpu: .h200_141gb, tensorParallel: 8)).formulaLine
        #expect(mla == "61 layers x (512 latent + 64 rope) x 2 bytes = 70,272 B/token (MLA)")
    }

    @Test func theSeedsSevenBTableHolds() throws {
        // The chapter's LLaMA-2-7B figures: 512 KiB a token, 2 GiB at 4,096, 32 GiB for 32 x 2,048.
        #expect(try report(.init(model: .llama2_7b)).kvBytes == 2 << 30)
        let batch = try report(.init(model: .llama2_7b), seqLen: 2048, batch: 32)
        #expect(batch.kvBytes == 32 << 30)
        #expect(batch.blocksForBatch == 32 * 128)
        #expect(batch.batchFits)
        #expect(batch.text.contains("KV for 32 x 2,048 tokens                    34,359,738,368 B     32 GiB"))
    }

    @Test func seventyBAnswersTheKVQuestionAndGivesAVerdict() throws {
        // The seed's 70B table: 1.25 GiB at 4,096 tokens with GQA, 8x that with 64 KV heads.
        let gqa = try report(.init(model: .llama2_70b), seqLen: 4096)
        #expect(gqa.kvBytes == 1_342_177_280)
        #expect(!gqa.fits)
        #expect(gqa.smallestFittingTP == 2)
        #expect(gqa.verdict.hasPrefix("does NOT fit on a100-80gb with --tp 1"))
        #expect(gqa.verdict.contains("smallest --tp that fits: 2"))
        let json = try object(gqa.json)
        #expect(json["kv_bytes"] as? Int == 1_342_177_280)
        #expect(json["fits"] as? Bool == false)
        #expect(json["smallest_fitting_tp"] as? Int == 2)
        let mha = try report(.init(model: .llama2_70b, kvHeadsOverride: 64), seqLen: 4096)
        #expect(mha.kvBytes == 10_737_418_240)
        #expect(try object(mha.json)["kv_bytes"] as? Int == 10_737_418_240)
    }

    @Test func tensorParallelShowsWholeModelAndPerGPU() throws {
        let report = try report(.init(model: .llama2_70b, tensorParallel: 4), seqLen: 4096)
        #expect(report.kvBytes == 1_342_177_280)
        #expect(report.kvBytesPerGPU == 1_342_177_280 / 4)
        #expect(report.fits)
        #expect(report.text.contains("per GPU (1 of 4)"))
        #expect(report.text.contains("fp16 / 4)"))
    }

    @Test func aMaxModelLenThePoolCannotHoldIsRefusedAsVLLMWould() throws {
        // 150,000 tokens are 9,375 blocks of 8 MiB; the A100's pool has 7,443 (119,088 tokens).
        let v1 = try report(.init(model: .llama2_7b, maxModelLen: 150_000))
        #expect(v1.fits)  // the verdict is about --seq-len; the refusal about max_model_len
        #expect(v1.text.contains("max_model_len                               150,000: one request needs 9,375 of 7,443 blocks; vLLM would refuse to start"))
        #expect(v1.text.contains("vLLM would refuse to start: one request of 150,000 tokens needs 73.24 GiB of KV cache; 58.15 GiB is available."))
        #expect(v1.text.contains("Fix 1: lower --max-model-len to 119,088 or less."))
        #expect(try object(v1.json)["max_model_len_fits"] as? Bool == false)
        // v0 words it in token slots, as vllm#10517's log does (chunked prefill above 32,768:
        // 512 batched tokens).
        let v0 = try report(.init(model: .llama2_7b, maxNumBatchedTokens: 512, vllm: .v0_6, maxModelLen: 150_000))
        #expect(v0.text.contains("vLLM would refuse to start: one request of max_model_len 150,000 tokens needs 150,000 token slots, but the KV cache holds 116,208 (7,263 blocks x 16), 33,792 short."))
        #expect(v0.text.contains("Fix 2: give the KV cache 16.50 GiB more (33,792 tokens x 524,288 bytes)."))
        // The model's own context fits: no refusal, and the row says vLLM starts.
        let fits = try report(.init(model: .llama2_7b))
        #expect(fits.text.contains("4,096: one request needs 256 of 7,443 blocks; vLLM starts"))
        #expect(!fits.text.contains("refuse"))
        #expect(try object(fits.json)["max_model_len_fits"] as? Bool == true)
    }

    @Test func theRefusalNamesAUtilizationThatWouldDo() throws {
        // LLaMA-2-13B on the 40 GB A100 with vLLM 0.6, max_model_len 11,000 (one prompt of it
        // profiled): 688 blocks needed, 642 in the pool; 0.92 would do.
        let plan = try MemoryPlan(sizing: .init(model: ModelPreset.named("llama-2-13b"), gpu: .a100_40gb,
                                                maxNumBatchedTokens: 11_000, vllm: .v0_6, maxModelLen: 11_000))
        #expect(!plan.holdsOneMaxLengthRequest)
        let text = try MemoryReport(plan: plan, seqLen: 256).text
        #expect(text.contains("Fix 2: give the KV cache 0.56 GiB more (728 tokens x 819,200 bytes): raise --gpu-memory-utilization from 0.90 to about 0.92."))
    }

    @Test func aBatchTooBigForThePoolSaysItDoesNotFit() throws {
        let report = try report(.init(model: .llama2_7b), seqLen: 4096, batch: 30)
        #expect(!report.batchFits)
        #expect(report.text.contains("does NOT fit: needs 7,680 of 7,443 blocks"))
    }

    @Test func kvHeadOverrideIsNamedInTheHeader() throws {
        let text = try report(.init(model: .llama2_70b, kvHeadsOverride: 64, tensorParallel: 4)).text
        #expect(text.contains("(--kv-heads 64 replaces the model's 8 KV heads)"))
    }

    @Test func slidingWindowCapsTheCache() throws {
        let long = try report(.init(model: .mistral7b), seqLen: 32768)
        #expect(long.cachedTokens == 4096)
        #expect(long.kvBytes == 4096 * 131_072)
        #expect(long.blocksPerSequence == 256)
        #expect(long.text.contains("sliding window: only the last 4,096 of 32,768 tokens stay cached"))
        let short = try report(.init(model: .mistral7b), seqLen: 1000)
        #expect(short.kvBytes == 1000 * 131_072)
    }

    @Test func latentAttentionCachesOneLatentPerLayer() throws {
        let report = try report(.init(model: .deepseekV3, gpu: .h200_141gb, tensorParallel: 8), seqLen: 4096)
        #expect(report.plan.modelKVBytesPerToken == 61 * 576 * 2)
        #expect(report.kvBytesPerGPU == report.kvBytes)  // the latent is not split across GPUs
        #expect(report.fits)
    }

    @Test func sequencesLongerThanTheContextAreNotedNotRefused() throws {
        let report = try report(.init(model: .llama2_7b), seqLen: 8192)
        #expect(report.exceedsContext)
        #expect(report.kvBytes == 4 << 30)
        #expect(report.text.contains("note: 8,192 tokens exceeds llama-2-7b's context of 4,096 tokens"))
    }

    @Test func jsonCarriesEveryFigureAsAnInteger() throws {
        let json = try object(try report(.init(model: .llama2_7b), seqLen: 2048, batch: 32).json)
        let integers: [String: Int] = [
            "kv_bytes_per_token": 524_288, "kv_bytes": 34_359_738_368, "block_bytes": 8_388_608,
            "weights_bytes": 13_476_831_232, "activation_bytes": 303_038_464, "non_torch_bytes": 256 << 20,
            "gpu_bytes": 84_987_084_800, "kv_budget_bytes": 62_439_022_592, "num_blocks": 7_443,
            "rotary_table_bytes": 1 << 20,
            "max_concurrent_seqs": 58, "cuda_graph_bytes": 860 << 20, "gpu_kv_cache_tokens": 119_088, "seq_len": 2048, "batch": 32, "block_size": 16, "tp": 1,
        ]
        for (key, value) in integers {
            #expect(json[key] as? Int == value, "\(key)")
        }
        #expect(json["model"] as? String == "llama-2-7b")
        #expect(json["gpu"] as? String == "a100-80gb")
        #expect(json["dtype"] as? String == "fp16")
        #expect(json["batch_fits"] as? Bool == true)
        #expect(json["fits"] as? Bool == true)
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
        #expect(text.contains("latent (MLA)"))
        #expect(text.contains("84,987,084,800 B"))
        #expect(text.contains("800 KiB/token"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func listingAsJSONParses() throws {
        let json = try object(MemoryCatalogListing.json)
        let models = try #require(json["models"] as? [[String: Any]])
        let gpus = try #require(json["gpus"] as? [[String: Any]])
        #expect(models.compactMap { $0["id"] as? String } == ModelPreset.all.map(\.id))
        #expect(gpus.compactMap { $0["id"] as? String } == GPUPreset.all.map(\.id))
        #expect(models.first { $0["id"] as? String == "mistral-7b" }?["sliding_window"] as? Int == 4096)
        #expect(models.first { $0["id"] as? String == "deepseek-v3" }?["kv_bytes_per_token_fp16"] as? Int == 70_272)
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

@Suite("MemoryReport: vLLM versions and hybrid models")
struct MemoryReportVersionTests {
    @Test func theTwoDefinitionsOfGPUKVCacheSize() throws {
        let llama = try ModelPreset.named("llama-3-8b")
        let h100 = try GPUPreset.named("h100-80gb")
        let v19 = try MemoryReport(configuration: .init(model: llama, gpu: h100, maxNumBatchedTokens: 8192,
                                                        maxNumSeqs: 1024, maxModelLen: 8192), seqLen: 8192)
        #expect(v19.text.contains("tokens (vLLM 0.18-0.19: blocks x block size)"))
        #expect(v19.plan.reportedKVCacheTokens == v19.plan.numBlocks * 16)
        let v20 = try MemoryReport(configuration: .init(model: llama, gpu: h100, maxNumBatchedTokens: 8192,
                                                        maxNumSeqs: 1024, vllm: .v0_20, maxModelLen: 8192), seqLen: 8192)
        #expect(v20.text.contains("tokens (vLLM 0.20+: max concurrency x max_model_len)"))
        #expect(v20.text.contains("- CUDA graphs (estimated)"))
        #expect(v20.plan.numBlocks < v19.plan.numBlocks)
        let v6 = try MemoryReport(configuration: .init(model: llama, gpu: h100, vllm: .v0_6), seqLen: 8192)
        #expect(v6.text.contains("# GPU blocks"))
        #expect(v6.plan.reportedKVCacheTokens == nil)
    }

    @Test func v1ServerDefaultsDependOnTheGPU() throws {
        let h100 = try GPUPreset.named("h100-80gb")
        #expect(VLLMVersion.current.batchingDefaults(gpu: h100, maxModelLen: 8192) == (8192, 1024))
        #expect(VLLMVersion.current.batchingDefaults(gpu: .a100_80gb, maxModelLen: 8192) == (2048, 256))
        #expect(VLLMVersion.v0_6.batchingDefaults(gpu: h100, maxModelLen: 8192) == (8192, 256))
        #expect(VLLMVersion.v0_6.batchingDefaults(gpu: h100, maxModelLen: 1024) == (2048, 256))
        // Above 32K of context 0.6's server turns chunked prefill on: 512 tokens a batch.
        #expect(VLLMVersion.v0_6.batchingDefaults(gpu: h100, maxModelLen: 32_768) == (32_768, 256))
        #expect(VLLMVersion.v0_6.batchingDefaults(gpu: h100, maxModelLen: 35_000) == (512, 256))
        #expect(VLLMVersion.v0_4.batchingDefaults(gpu: h100, maxModelLen: 35_000) == (35_000, 256))
        #expect(VLLMVersion(parsing: "0.19.0") == .v0_18)
        #expect(VLLMVersion(parsing: "v0.7.3") == .v0_6)
        #expect(VLLMVersion(parsing: "1.2") == .v0_20)  // a log of a newer release: the newest case
        #expect(VLLMVersion(release: "9.9") == nil && VLLMVersion(release: "v1.0") == nil)  // --vllm: 0.x only
        #expect(VLLMVersion(release: "0.3") == nil && VLLMVersion(release: "v0.19.1") == .v0_18 && VLLMVersion(release: "latest") == .v0_20)
        #expect(VLLMVersion(parsing: "0.3") == nil)
        #expect(VLLMVersion(parsing: "abc") == nil)
    }
}
