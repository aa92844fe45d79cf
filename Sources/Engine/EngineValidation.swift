import KVCore

extension Engine {
    /// Rejects a run that could not start or could never finish, naming the field and the fix.
    static func validate(_ config: EngineConfig, _ requests: [EngineRequest]) throws(EngineError) {
        func positive(_ value: Int, _ field: String) throws(EngineError) {
            guard value > 0 else {
                throw EngineError.invalidConfig(field: field, value: "\(value)", expected: "a positive integer")
            }
        }
        try positive(config.numBlocks, "num_blocks")
        try positive(config.blockSize, "block_size")
        try positive(config.scheduler.maxNumBatchedTokens, "max_num_batched_tokens")
        try positive(config.scheduler.maxNumSeqs, "max_num_seqs")
        try positive(config.maxModelLen, "max_model_len")
        if let chunk = config.scheduler.maxPrefillChunk { try positive(chunk, "max_prefill_chunk") }
        guard config.scheduler.cpuBlocks >= 0 else {
            throw EngineError.invalidConfig(field: "cpu_blocks", value: "\(config.scheduler.cpuBlocks)", expected: "0 or more CPU blocks")
        }
        let swaps = config.scheduler.preemption == .swap || requests.contains { $0.preemption == .swap }
        try validateGroups(config, swaps: swaps)
        if swaps && config.scheduler.cpuBlocks == 0 {
            throw EngineError.invalidConfig(field: "cpu_blocks", value: "0",
                                            expected: "a CPU pool of 1 or more blocks for preemption: swap")
        }
        var seen = Set<Int>()
        var beamBlocks = 0
        for request in requests {
            guard seen.insert(request.id).inserted else {
                throw EngineError.invalidRequest(request: request.id, .idTwice)
            }
            guard request.maxTokens > 0 else {
                throw EngineError.invalidRequest(request: request.id, .maxTokensNotPositive(request.maxTokens))
            }
            if (request.sampling ?? config.scheduler.sampling) == .paper, request.samples > config.scheduler.maxNumSeqs {
                throw EngineError.invalidRequest(request: request.id, .forkedSamplesAboveMaxNumSeqs(samples: request.samples,
                                                                                                  maxNumSeqs: config.scheduler.maxNumSeqs))
            }
            try validateBeams(request, config)
            guard request.samples > 0 else {
                throw EngineError.invalidRequest(request: request.id, .samplesNotPositive(request.samples))
            }
            guard request.arrivalStep >= 0 else {
                throw EngineError.invalidRequest(request: request.id, .negativeArrival(request.arrivalStep))
            }
            let promptLength: Int
            switch request.prompt {
            case let .text(text): promptLength = text.unicodeScalars.count
            case let .tokens(tokens): promptLength = tokens.count
            }
            guard promptLength > 0 else {
                throw EngineError.invalidRequest(request: request.id, .emptyPrompt)
            }
            try validateBeamPool(request, promptLength: promptLength, config, used: &beamBlocks)
            let total = promptLength + request.maxTokens
            let needed = blocksAtPeak(promptLength: promptLength, total: total, config)
            if needed > config.numBlocks {
                throw EngineError.requestNeverFits(request: request.id, tokens: total, blocksNeeded: needed,
                                                   numBlocks: config.numBlocks, blockSize: config.blockSize)
            }
        }
    }
}

extension Engine {
    /// `kv_groups`: at least one group, positive windows, and recompute preemption only (the CPU
    /// pool copies one block table; vLLM v1's hybrid manager never swaps).
    static func validateGroups(_ config: EngineConfig, swaps: Bool) throws(EngineError) {
        guard let groups = config.kvGroups else { return }
        guard !groups.isEmpty else {
            throw EngineError.invalidConfig(field: "kv_groups", value: "[]", expected: "one group or more, e.g. [full, sliding 32]")
        }
        for case let .slidingWindow(window) in groups where window <= 0 {
            throw EngineError.invalidConfig(field: "kv_groups", value: "sliding \(window)", expected: "a positive window in tokens")
        }
        if swaps {
            throw EngineError.invalidConfig(field: "preemption", value: "swap",
                                            expected: "recompute with kv_groups (vLLM v1's hybrid manager never swaps)")
        }
    }

    /// The most blocks one request holds at once: its blocks in one group, or with `kv_groups`
    /// summed over the groups, where a sliding group holds its whole prompt during prefill and
    /// then the window's blocks plus the one being written.
    static func blocksAtPeak(promptLength: Int, total: Int, _ config: EngineConfig) -> Int {
        let blocks = { (tokens: Int) in (tokens + config.blockSize - 1) / config.blockSize }
        guard let groups = config.kvGroups else { return blocks(total) }
        return groups.reduce(0) { sum, group in
            guard let window = group.window else { return sum + blocks(total) }
            return sum + min(blocks(total), max(blocks(promptLength), blocks(window) + 1))
        }
    }
}
