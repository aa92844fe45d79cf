import KVBase
import Engine
import KVCore

extension SimulationReport {
    /// One header line naming the workload and pool, then one `name value` line per figure,
    /// keyed by the same names as the JSON.
    public var text: String {
        let config = configuration
        var lines = ["simulate: \(config.workloadName) workload, \(requests) requests (seed \(config.workload.seed)) "
            + "on \(config.capacitySource): \(ByteCount.grouped(config.numBlocks)) blocks x \(config.blockSize) slots, "
            + "prefix caching \(config.prefixCaching ? "on" : "off")"]
        func row(_ name: String, _ value: String) { lines.append(RunFormat.pad(name, 24) + value) }
        row("completed_requests", "\(completedRequests) / \(requests)")
        row("steps", ByteCount.grouped(steps))
        row("preemptions", ByteCount.grouped(preemptions))
        row("prefix_hit_rate", "\(RunFormat.percent(prefixHitRate)) of prompt tokens "
            + "(\(ByteCount.grouped(prefixHitBlocks)) block hits)")
        row("peak_blocks", "\(ByteCount.grouped(peakUsedBlocks)) / \(ByteCount.grouped(config.numBlocks)) "
            + "(\(RunFormat.percent(peakBlockShare)))")
        row("generated_tokens", ByteCount.grouped(generatedTokens))
        row("tokens_per_step", RunFormat.fixed(generatedTokensPerStep, digits: 1))
        row("wall_time", "\(RunFormat.fixed(wallSeconds, digits: 3)) s")
        row("steps_per_second", ByteCount.grouped(Int(stepsPerSecond.rounded())))
        row("peak_rss", peakResidentBytes.map { "\(ByteCount.binary($0)) (VmHWM)" } ?? "unknown")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object; shares and rates in 0...1, times in seconds, memory in bytes.
    public var json: String {
        let config = configuration
        var object = JSONObject()
        object.add("workload", config.workloadName)
        object.add("requests", requests)
        object.add("seed", Int(truncatingIfNeeded: config.workload.seed))
        object.add("capacity_source", config.capacitySource)
        object.add("num_blocks", config.numBlocks)
        object.add("block_size", config.blockSize)
        object.add("prefix_caching", config.prefixCaching)
        object.add("max_num_seqs", config.scheduler.maxNumSeqs)
        object.add("max_num_batched_tokens", config.scheduler.maxNumBatchedTokens)
        object.add("completed_requests", completedRequests)
        object.add("steps", steps)
        object.add("preemptions", preemptions)
        object.add("prefix_hit_rate", prefixHitRate, digits: 4)
        object.add("prefix_hit_blocks", prefixHitBlocks)
        object.add("peak_blocks", peakUsedBlocks)
        object.add("generated_tokens", generatedTokens)
        object.add("generated_tokens_per_step", generatedTokensPerStep, digits: 3)
        object.add("wall_seconds", wallSeconds, digits: 6)
        object.add("steps_per_second", stepsPerSecond, digits: 1)
        object.add("peak_rss_bytes", peakResidentBytes)
        return object.rendered + "\n"
    }
}
