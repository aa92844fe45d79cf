import Testing
@testable import KVEvents

@Suite("A vLLM /metrics page, a recording, the live cache")
struct ServerMetricsTests {
    static let page = """
        # HELP vllm:num_requests_running Number of requests in model execution batches.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{engine="0",model_name="Qwen/Qwen3-8B"} 3.0
        vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen3-8B"} 1.0
        vllm:kv_cache_usage_perc{engine="0",model_name="Qwen/Qwen3-8B"} 0.25
        vllm:prefix_cache_queries_total{engine="0",model_name="Qwen/Qwen3-8B"} 400.0
        vllm:prefix_cache_hits_total{engine="0",model_name="Qwen/Qwen3-8B"} 100.0
        vllm:num_preemptions_total{engine="0",model_name="Qwen/Qwen3-8B"} 2.0
        vllm:cache_config_info{block_size="16",cache_dtype="auto",engine="0",num_gpu_blocks="8192",prefix_caching_hash_algo="sha256"} 1.0
        vllm:num_requests_running{engine="1",model_name="Qwen/Qwen3-8B"} 2.0
        python_gc_objects_collected_total{generation="0"} 1234.0
        """

    @Test func figuresAreSummedOverEnginesAndLabelsKept() throws {
        let metrics = try ServerMetrics.parse(Array(Self.page.utf8))
        #expect(metrics.running == 5 && metrics.waiting == 1 && metrics.usage == 0.25 && metrics.preemptions == 2)
        #expect(metrics.hitRate == 0.25)
        #expect(metrics.poolBlocks == 8192 && metrics.blockSize == 16)
        #expect(metrics.cacheConfig["prefix_caching_hash_algo"] == "sha256")
    }

    @Test func pagesThatAreNotVLLMMetricsAreRefused() {
        #expect(throws: ServerMetrics.Failure(description: "the page is HTML, not Prometheus text")) {
            try ServerMetrics.parse(Array("\n  <!doctype html><p>hi".utf8))
        }
        #expect(throws: ServerMetrics.Failure(description: "the page has no vllm: metrics (is it a vLLM server's /metrics?)")) {
            try ServerMetrics.parse(Array("go_goroutines 12\n".utf8))
        }
    }

    @Test func recordingsRoundTripAndSurviveACutEnd() throws {
        let frames = [
            LiveFrameRecord(kind: .replayed, arrival: 0.5, sequence: 0, topic: Array("kv".utf8), payload: [1, 2, 3]),
            LiveFrameRecord(kind: .live, arrival: 1.25, sequence: 1, payload: []),
            LiveFrameRecord(kind: .metrics, arrival: 2, sequence: 1, payload: Array("vllm:x 1".utf8)),
        ]
        let bytes = LiveRecording.header + frames.flatMap { LiveRecording.encode($0) }
        let whole = try LiveRecording.decode(bytes)
        #expect(whole.frames == frames && !whole.truncated)
        // Version 2: several data-parallel ranks, a rank byte per record.
        var ranked = frames
        ranked[1].rank = 3
        let v2 = try LiveRecording.decode(LiveRecording.rankedHeader + ranked.flatMap { LiveRecording.encode($0, ranked: true) })
        #expect(v2.frames == ranked && v2.frames.map(\.rank) == [0, 3, 0] && !v2.truncated)
        var replay = LiveReplay(frames: v2.frames)
        #expect(replay.rankCount == 4)
        replay.shownRank = 9
        #expect(replay.shownRank == 3)
        let cut = try LiveRecording.decode(Array(bytes.dropLast(2)))
        #expect(cut.frames == Array(frames.prefix(2)) && cut.truncated)
        #expect(throws: LiveRecording.Failure.self) { try LiveRecording.decode(Array("hello".utf8)) }
        var bad = bytes
        bad[LiveRecording.header.count] = 9
        #expect(throws: LiveRecording.Failure(description: "has an unknown record kind 9 at byte 13")) { try LiveRecording.decode(bad) }
    }

    @Test func theLiveCacheDropsDuplicatesResetsOnRestartAndCountsPerSecond() {
        var cache = LiveCache()
        let batch = KVEventEncoder.encode(EventBatch(timestamp: 1, events: [
            .stored(BlockStored(blockHashes: [1, 2], parentBlockHash: nil, tokenIDs: [], blockSize: 16))]), as: .array)
        let first = cache.receive(sequence: 0, payload: batch, arrival: 10.2)
        #expect(cache.jsonLine(sequence: 0, outcome: first).contains("\"blocks\":2,\"trees\":1"))
        #expect(cache.receive(sequence: 0, payload: batch, arrival: 10.3) == .duplicate)
        #expect(cache.thisSecond.stored == 2)
        let removal = KVEventEncoder.encode(EventBatch(timestamp: 2, events: [.removed(BlockRemoved(blockHashes: [2]))]), as: .map)
        _ = cache.receive(sequence: 3, payload: removal, arrival: 11.1)
        #expect(cache.lastSecond.stored == 2 && cache.thisSecond.removed == 1)
        #expect(cache.lastProblem == "gap: batches 1...2 never arrived")
        #expect(cache.receive(sequence: 0, payload: batch, arrival: 12) == .duplicate)  // within the replay window
        _ = cache.receive(sequence: 20_000, payload: removal, arrival: 12)
        guard case let .applied(changes, gap, restartedFrom) = cache.receive(sequence: 0, payload: batch, arrival: 12) else {
            Issue.record("a restart must apply")
            return
        }
        #expect(restartedFrom == 20_000 && gap == nil && changes.stored == 2)
        #expect(cache.state.blockCount == 2 && cache.tracker.restarts == 1)
        #expect(cache.receive(sequence: 5, payload: [0xc1], arrival: 13) == .rejected("batch 5: an EventBatch must be an array or a map, found the reserved byte 0xc1"))
    }
}
