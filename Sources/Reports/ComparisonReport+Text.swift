import KVBase
import Engine
import KVCore

extension ComparisonReport {
    /// Width of the stacked bars, in characters.
    static let barWidth = 50

    /// The PagedAttention paper's Fig. 2 (Kwon et al. 2023): token states / reservation /
    /// internal / external fragmentation in % of KV memory, by strategy name. vLLM's bar gives
    /// only its token states (96.3%).
    static let paperFigure2: [String: (tokens: Double, reserved: Double?, internal: Double?, external: Double?)] = [
        "contiguous-max": (20.4, 13.3, 57.3, 8.9),
        "contiguous-pow2": (26.8, 17.9, 13.6, 41.6),
        "contiguous-oracle": (38.2, 25.2, 0, 36.6),
        "paged": (96.3, nil, nil, nil),
    ]

    /// The paper's Fig. 13: average number of batched requests serving ShareGPT at 2 req/s on
    /// OPT-13B, by strategy name: the batch each memory layout sustains.
    static let paperFigure13: [String: Double] = [
        "contiguous-max": 7.00, "contiguous-pow2": 9.81, "contiguous-oracle": 13.62, "paged": 30.42,
    ]

    /// A header naming the workload, capacity and allocator, a table of shares per strategy
    /// with the paper's figure under each row, preemptions and recomputed tokens beside the
    /// paged row, then one horizontal stacked bar per strategy (ASCII glyphs, so it reads
    /// without colour).
    public var text: String {
        let config = configuration
        var lines = [
            "compare: \(config.workloadName) workload, \(requests) requests (seed \(config.workload.seed)), "
                + "block size \(config.blockSize), max_model_len \(config.workload.maxModelLen)",
            "capacity: \(ByteCount.grouped(config.capacitySlots)) token slots (\(ByteCount.grouped(config.numBlocks)) blocks) "
                + "from \(config.capacitySource); total demand \(ByteCount.grouped(totalTokenDemand)) slots",
        ]
        if let spread = lengthSpreadLine { lines.append(spread) }
        lines += [
            "contiguous reservations placed by the \(allocator.rawValue) allocator",
            "shares of KV memory averaged over the steps under memory pressure (the next request waits for memory);",
            "there free memory counts as external fragmentation, as in the paper's Fig. 2 (whose figures follow each row);",
            "mean reqs: requests running in those steps, averaged (the paper's Fig. 13 batch at 2 req/s follows)",
            "",
        ]
        let header = [RunFormat.pad("strategy", 19), "tokens", "reserved", "internal", "external",
                      "busy tok", "mean reqs", "peak reqs", "preempted", "recomputed", "steps"]
        lines.append(header[0] + header[1...].map { RunFormat.padLeft($0, 11) }.joined())
        for strategy in strategies {
            let shares = strategy.shares
            let isPaged = strategy.name == "paged"
            let cells = [shares.tokenStates, shares.reserved, shares.internalFragmentation,
                         shares.externalFragmentation + shares.free, strategy.busyShares.tokenStates]
                .map { RunFormat.percent($0) }
                + [RunFormat.fixed(strategy.meanRequests, digits: 2), ByteCount.grouped(strategy.peakConcurrentRequests),
                   isPaged ? ByteCount.grouped(strategy.preemptions) : "-",
                   isPaged ? ByteCount.grouped(strategy.recomputedTokens) : "-",
                   ByteCount.grouped(strategy.steps)]
            lines.append(RunFormat.pad(strategy.name, 19) + cells.map { RunFormat.padLeft($0, 11) }.joined())
            if let paper = Self.paperFigure2[strategy.name] {
                let figures = [paper.tokens, paper.reserved, paper.internal, paper.external]
                    .map { $0.map { RunFormat.fixed($0, digits: 1) + "%" } ?? "-" }
                let batch = Self.paperFigure13[strategy.name].map { RunFormat.fixed($0, digits: 2) } ?? "-"
                lines.append(RunFormat.pad("  paper Fig. 2/13", 19)
                    + (figures + ["", batch]).map { RunFormat.padLeft($0, 11) }.joined())
            }
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

    /// The sharegpt workload's one fitted parameter, e.g. "lengths: log-normal with the paper's
    /// means (161.31 in, 337.99 out), spread sigma 0.80, fitted to Fig. 2's Max row alone".
    var lengthSpreadLine: String? {
        guard configuration.workloadName == "sharegpt", let sigma = lengthSigma else { return nil }
        let fitted = sigma == WorkloadSpec.sharegptSigma ? ", fitted to Fig. 2's Max row alone (--fit-spread)" : ""
        return "lengths: log-normal with the paper's means (161.31 in, 337.99 out), spread sigma "
            + RunFormat.fixed(sigma, digits: 2) + fitted
    }

    /// The log-normal spread of the output lengths, when they are log-normal.
    var lengthSigma: Double? {
        guard case let .logNormal(_, sigma, _, _) = configuration.workload.outputLength else { return nil }
        return sigma
    }

    /// `{"workload": ..., "strategies": [{"name", "token_states", "reserved",
    /// "internal_fragmentation", "external_fragmentation", "free", "peak_concurrent_requests",
    /// "preemptions", "recomputed_tokens", ...}]}` with shares of KV memory in 0...1.
    public var json: String {
        let config = configuration
        var object = JSONObject()
        object.add("workload", config.workloadName)
        object.add("requests", requests)
        if let sigma = lengthSigma { object.add("length_sigma", sigma, digits: 2) }
        object.add("seed", Int(truncatingIfNeeded: config.workload.seed))
        object.add("block_size", config.blockSize)
        object.add("max_model_len", config.workload.maxModelLen)
        object.add("capacity_slots", config.capacitySlots)
        object.add("num_blocks", config.numBlocks)
        object.add("capacity_source", config.capacitySource)
        object.add("total_token_demand", totalTokenDemand)
        object.add("prefix_caching", config.prefixCaching)
        object.add("allocator", allocator.rawValue)
        object.add("peak_rss_bytes", ProcessMemory.peakResidentBytes())
        let entries = strategies.map { strategy -> JSON in
            var entry = JSONObject()
            entry.add("name", strategy.name)
            entry.add("display_name", strategy.displayName)
            entry.add("token_states", strategy.shares.tokenStates, digits: 4)
            entry.add("reserved", strategy.shares.reserved, digits: 4)
            entry.add("internal_fragmentation", strategy.shares.internalFragmentation, digits: 4)
            entry.add("external_fragmentation", strategy.shares.externalFragmentation, digits: 4)
            entry.add("free", strategy.shares.free, digits: 4)
            entry.add("busy_token_states", strategy.busyShares.tokenStates, digits: 4)
            entry.add("busy_reserved", strategy.busyShares.reserved, digits: 4)
            entry.add("busy_internal_fragmentation", strategy.busyShares.internalFragmentation, digits: 4)
            entry.add("busy_external_fragmentation", strategy.busyShares.externalFragmentation, digits: 4)
            entry.add("busy_free", strategy.busyShares.free, digits: 4)
            entry.add("mean_requests", strategy.meanRequests, digits: 2)
            entry.add("peak_concurrent_requests", strategy.peakConcurrentRequests)
            entry.add("completed_requests", strategy.completedRequests)
            entry.add("steps", strategy.steps)
            entry.add("busy_steps", strategy.busySteps)
            entry.add("pressure_steps", strategy.pressureSteps)
            entry.add("preemptions", strategy.preemptions)
            entry.add("recomputed_tokens", strategy.recomputedTokens)
            return .object(entry)
        }
        object.add("strategies", entries)
        return object.rendered + "\n"
    }
}
