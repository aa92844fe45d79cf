import KVCore

extension ComparisonReport {
    /// Width of the stacked bars, in characters.
    static let barWidth = 50

    /// A header naming the workload and capacity, a table of shares per strategy, then one
    /// horizontal stacked bar per strategy (ASCII glyphs, so it reads without colour).
    public var text: String {
        let config = configuration
        var lines = [
            "compare: \(config.workloadName) workload, \(requests) requests (seed \(config.workload.seed)), "
                + "block size \(config.blockSize), max_model_len \(config.workload.maxModelLen)",
            "capacity: \(ByteCount.grouped(config.capacitySlots)) token slots (\(ByteCount.grouped(config.numBlocks)) blocks) "
                + "from \(config.capacitySource); total demand \(ByteCount.grouped(totalTokenDemand)) slots",
            "shares of KV memory, averaged over the steps under pressure (an arrived request was waiting);",
            "the busy columns average over every step in which some request held memory",
            "",
        ]
        let header = [RunFormat.pad("strategy", 19), "tokens", "reserved", "internal", "external", "  free",
                      "busy tok", "busy free", "peak reqs", "preempted", "steps"]
        lines.append(header[0] + header[1...].map { RunFormat.padLeft($0, 10) }.joined())
        for strategy in strategies {
            let shares = strategy.shares
            let cells = [shares.tokenStates, shares.reserved, shares.internalFragmentation,
                         shares.externalFragmentation, shares.free, strategy.busyShares.tokenStates,
                         strategy.busyShares.free].map { RunFormat.percent($0) }
                + [ByteCount.grouped(strategy.peakConcurrentRequests), ByteCount.grouped(strategy.preemptions),
                   ByteCount.grouped(strategy.steps)]
            lines.append(RunFormat.pad(strategy.name, 19) + cells.map { RunFormat.padLeft($0, 10) }.joined())
        }
        lines.append("")
        lines.append("# token states  r reserved  i internal fragmentation  e external fragmentation  . free")
        for strategy in strategies {
            lines.append(RunFormat.pad(strategy.name, 19) + "|" + Self.bar(strategy.shares, width: Self.barWidth)
                + "| " + RunFormat.percent(strategy.shares.tokenStates))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The five shares as a bar of `width` glyphs; each part gets its rounded length, the
    /// rounding remainders going to the largest fractions so the bar is always `width` long.
    public static func bar(_ shares: ContiguousShares, width: Int) -> String {
        let parts: [(glyph: Character, share: Double)] = [
            ("#", shares.tokenStates), ("r", shares.reserved), ("i", shares.internalFragmentation),
            ("e", shares.externalFragmentation), (".", shares.free),
        ]
        let total = parts.reduce(0) { $0 + Swift.max(0, $1.share) }
        guard total > 0, width > 0 else { return String(repeating: " ", count: Swift.max(0, width)) }
        let exact = parts.map { Swift.max(0, $0.share) / total * Double(width) }
        var lengths = exact.map { Int($0.rounded(.down)) }
        let byRemainder = exact.indices.sorted { (exact[$0] - Double(lengths[$0])) > (exact[$1] - Double(lengths[$1])) }
        var missing = width - lengths.reduce(0, +)
        for index in byRemainder where missing > 0 {
            lengths[index] += 1
            missing -= 1
        }
        return zip(parts, lengths).map { String(repeating: $0.glyph, count: $1) }.joined()
    }

    /// `{"workload": ..., "strategies": [{"name", "token_states", "reserved",
    /// "internal_fragmentation", "external_fragmentation", "free", "peak_concurrent_requests",
    /// ...}]}` with shares of KV memory in 0...1.
    public var json: String {
        let config = configuration
        var object = RunJSON()
        object.add("workload", config.workloadName)
        object.add("requests", requests)
        object.add("seed", Int(truncatingIfNeeded: config.workload.seed))
        object.add("block_size", config.blockSize)
        object.add("max_model_len", config.workload.maxModelLen)
        object.add("capacity_slots", config.capacitySlots)
        object.add("num_blocks", config.numBlocks)
        object.add("capacity_source", config.capacitySource)
        object.add("total_token_demand", totalTokenDemand)
        object.add("prefix_caching", config.prefixCaching)
        let entries = strategies.map { strategy -> String in
            var entry = RunJSON()
            entry.add("name", strategy.name)
            entry.add("display_name", strategy.displayName)
            entry.add("token_states", strategy.shares.tokenStates)
            entry.add("reserved", strategy.shares.reserved)
            entry.add("internal_fragmentation", strategy.shares.internalFragmentation)
            entry.add("external_fragmentation", strategy.shares.externalFragmentation)
            entry.add("free", strategy.shares.free)
            entry.add("busy_token_states", strategy.busyShares.tokenStates)
            entry.add("busy_reserved", strategy.busyShares.reserved)
            entry.add("busy_internal_fragmentation", strategy.busyShares.internalFragmentation)
            entry.add("busy_external_fragmentation", strategy.busyShares.externalFragmentation)
            entry.add("busy_free", strategy.busyShares.free)
            entry.add("peak_concurrent_requests", strategy.peakConcurrentRequests)
            entry.add("completed_requests", strategy.completedRequests)
            entry.add("steps", strategy.steps)
            entry.add("busy_steps", strategy.busySteps)
            entry.add("pressure_steps", strategy.pressureSteps)
            entry.add("preemptions", strategy.preemptions)
            return entry.rendered
        }
        object.add("strategies", raw: "[" + entries.joined(separator: ",") + "]")
        return object.rendered + "\n"
    }
}
