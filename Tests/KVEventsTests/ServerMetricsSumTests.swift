import KVEvents
import Testing

@Suite struct ServerMetricsSumTests {
    static func page(running: Double, waiting: Double, usage: Double, blocks: Int, queries: Double, hits: Double, blockSize: Int = 16) throws -> ServerMetrics {
        try ServerMetrics.parse(Array("""
            vllm:num_requests_running{engine="0"} \(running)
            vllm:num_requests_waiting{engine="0"} \(waiting)
            vllm:kv_cache_usage_perc{engine="0"} \(usage)
            vllm:prefix_cache_queries_total{engine="0"} \(queries)
            vllm:prefix_cache_hits_total{engine="0"} \(hits)
            vllm:num_preemptions_total{engine="0"} 2
            vllm:cache_config_info{block_size="\(blockSize)",num_gpu_blocks="\(blocks)"} 1

            """.utf8))
    }

    @Test func ranksAddUpWhereASumMeansSomething() throws {
        let a = try Self.page(running: 3, waiting: 1, usage: 0.5, blocks: 1000, queries: 400, hits: 100)
        let b = try Self.page(running: 5, waiting: 0, usage: 0.25, blocks: 3000, queries: 600, hits: 400)
        let sum = try #require(ServerMetrics.sum([a, b]))
        #expect(sum.running == 8 && sum.waiting == 1 && sum.preemptions == 4)
        #expect(sum.poolBlocks == 4000 && sum.blockSize == 16)
        // Used blocks over blocks: (500 + 750) / 4000, not the mean of the shares (0.375).
        #expect(abs((sum.usage ?? 0) - 0.3125) < 1e-12)
        // Hit rate of the tokens together: 500 / 1000, not the mean of 25% and 66.7%.
        #expect(sum.hitRate == 0.5)
    }

    @Test func aFigureOnePageLacksIsUnknownInTheSum() throws {
        let a = try Self.page(running: 3, waiting: 1, usage: 0.5, blocks: 1000, queries: 400, hits: 100)
        var b = try Self.page(running: 5, waiting: 0, usage: 0.25, blocks: 3000, queries: 600, hits: 400, blockSize: 32)
        b.running = nil
        b.cacheConfig["num_gpu_blocks"] = nil
        let sum = try #require(ServerMetrics.sum([a, b]))
        #expect(sum.running == nil && sum.waiting == 1)
        #expect(sum.poolBlocks == nil && sum.usage == nil && sum.blockSize == nil)
        #expect(ServerMetrics.sum([]) == nil)
    }
}
