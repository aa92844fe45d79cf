import KVCore

/// The figures narration placeholders stand for, computed when the text is shown: live values
/// from the snapshot on screen, and memory-model figures for any preset.
struct NarrationValues: Sendable {
    let config: EngineConfig
    let scenario: Scenario

    /// The text a placeholder stands for on `snapshot`; `facts` is what the event that fired the
    /// cue did (nil for a cue fired by a step).
    func value(_ name: String, _ arguments: [String: String], snapshot: Snapshot,
               facts: NarrationEventFacts? = nil) -> String? {
        let unit = arguments["unit"] ?? "binary"
        func bytes(_ count: Int?) -> String {
            guard let count else { return NarrationValues.beyondRange }
            switch unit {
            case "decimal": return ByteCount.decimal(count)
            case "exact": return ByteCount.grouped(count) + " B"
            default: return ByteCount.binary(count)
            }
        }
        func request(_ key: String = "request") -> RequestView? {
            guard let id = arguments[key].flatMap(Int.init) else { return nil }
            return snapshot.request(RequestID(id))
        }
        let counters = snapshot.counters
        switch name {
        case "event_request":
            guard let facts, !facts.requests.isEmpty else { return nil }
            return list(facts.requests.map { snapshot.request($0)?.label ?? "?" })
        case "event_blocks":
            guard let facts, !facts.blocks.isEmpty else { return nil }
            return list(facts.blocks.map { "#\($0.index)" })
        case "event_count":
            guard let facts else { return nil }
            return "\(facts.count ?? facts.blocks.count)"
        case "copy_from", "copy_to":
            guard let copy = facts?.copies.first else { return nil }
            return "#\((name == "copy_from" ? copy.from : copy.to).index)"
        case "step": return "\(snapshot.step)"
        case "kv_computed_total": return ByteCount.grouped(counters.kvComputedTotal)
        case "kv_without_cache_total": return ByteCount.grouped(counters.kvWithoutCacheTotal)
        case "kv_computed_step": return ByteCount.grouped(counters.kvComputedThisStep)
        case "kv_without_cache_step": return ByteCount.grouped(counters.kvWithoutCacheThisStep)
        case "kv_read_step": return ByteCount.grouped(counters.kvReadThisStep)
        case "cpu_blocks": return snapshot.swap.map { "\($0.cpuBlocks)" }
        case "swapped_out_blocks": return "\(counters.blocksSwappedOutThisStep)"
        case "swapped_in_blocks": return "\(counters.blocksSwappedInThisStep)"
        case "swap_bytes": return snapshot.swap?.bytesMovedThisStep.map(bytes)
        // Attention loads each cached K/V vector of a chunk's context once (the context length:
        // what a cacheless engine would recompute) and takes one dot product per query and key.
        case "kv_loaded_step": return ByteCount.grouped(counters.kvWithoutCacheThisStep)
        case "dot_products_step": return ByteCount.grouped(counters.kvReadThisStep)
        case "saved_ratio":
            guard counters.kvComputedTotal > 0 else { return "1.0×" }
            return String(format: "%.1f×", Double(counters.kvWithoutCacheTotal) / Double(counters.kvComputedTotal))
        case "used_blocks": return "\(snapshot.usedBlocks)"
        case "free_blocks": return "\(snapshot.numBlocks - snapshot.usedBlocks)"
        case "cached_blocks": return "\(snapshot.cachedFreeBlocks)"
        case "num_blocks": return "\(snapshot.numBlocks)"
        case "block_size": return "\(snapshot.blockSize)"
        case "preemptions": return "\(counters.preemptions)"
        case "prefix_hit_blocks": return "\(counters.prefixHitBlocks)"
        case "tokens_generated": return "\(counters.tokensGenerated)"
        case "running": return "\(snapshot.running.count)"
        case "waiting": return "\(snapshot.waiting.count)"
        case "finished": return "\(snapshot.requests.filter { $0.status == .finished }.count)"
        case "request_tokens": return request().map { "\($0.numTokens)" }
        case "request_blocks": return request().map { "\($0.blockTable.count)" }
        case "request_label": return request()?.label
        case "block_refcount":
            guard let index = arguments["block"].flatMap(Int.init), snapshot.blocks.indices.contains(index) else { return nil }
            return "\(snapshot.blocks[index].refCount)"
        case "model": return snapshot.memory?.modelName
        case "gpu": return snapshot.memory?.gpuName
        case "kv_per_token":
            return snapshot.memory.map { bytes($0.blockBytes / max(1, snapshot.blockSize)) }
        case "block_bytes": return snapshot.memory.map { bytes($0.blockBytes) }
        case "weights": return snapshot.memory.map { bytes($0.weightsBytes) }
        case "kv_pool": return snapshot.memory.map { bytes($0.kvPoolBytes) }
        case "kv_used": return snapshot.memory.map { bytes($0.kvUsedBytes) }
        case "paged_token_share":
            let slots = snapshot.usedBlocks * snapshot.blockSize
            guard slots > 0 else { return "—" }
            let tokens = snapshot.blocks.reduce(0) { $0 + ($1.refCount > 0 ? $1.filledSlots : 0) }
            return percent(Double(tokens) / Double(slots))
        case "contiguous_token_share", "contiguous_waste":
            guard let view = snapshot.contiguous else { return nil }
            let allocated = view.tokenStateSlots + view.reservedSlots + view.internalFragmentationSlots
            guard allocated > 0 else { return "—" }
            let share = Double(view.tokenStateSlots) / Double(allocated)
            return percent(name == "contiguous_waste" ? 1 - share : share)
        case "contiguous_reserved_slots":
            guard let view = snapshot.contiguous else { return nil }
            return "\(view.tokenStateSlots + view.reservedSlots + view.internalFragmentationSlots)"
        case "contiguous_running_count": return snapshot.contiguous.map { "\($0.runningRequests)" }
        case "contiguous_waiting_count": return snapshot.contiguous.map { "\($0.waitingRequests)" }
        // The compare view's share bars: tokens over the whole memory, the panel's own
        // denominator and rounding, so narration and panel quote the same figure.
        case "paged_memory_used":
            let tokens = snapshot.blocks.reduce(0) { $0 + ($1.refCount > 0 ? $1.filledSlots : 0) }
            return Self.panelPercent(tokens, of: snapshot.numBlocks * snapshot.blockSize)
        case "contiguous_memory_used":
            return snapshot.contiguous.map { Self.panelPercent($0.tokenStateSlots, of: $0.capacitySlots) }
        case "contiguous_steps_left":
            return snapshot.contiguous?.stepsToFinish.map { "\(max(0, $0))" }
        case "paged_finish_step": return snapshot.contiguous?.pagedFinishStep.map { "\($0)" }
        case "contiguous_finish_step": return snapshot.contiguous?.finishedStep.map { "\($0)" }
        case "contiguous_lag":
            // Steps the contiguous server took after the paged one was done (once both are).
            guard let view = snapshot.contiguous, let paged = view.pagedFinishStep, let own = view.finishedStep else { return nil }
            return "\(own - paged)"
        case "contiguous_blocked_request":
            guard let blocked = snapshot.contiguous?.blocked else { return nil }
            return snapshot.request(blocked.request)?.label
        case "contiguous_blocked_slots": return snapshot.contiguous?.blocked.map { "\($0.slots)" }
        case "contiguous_free_slots":
            return snapshot.contiguous.map { view in
                "\(view.blocked?.freeSlots ?? view.capacitySlots - view.extents.reduce(0) { $0 + $1.reserved })"
            }
        case "contiguous_largest_hole":
            return snapshot.contiguous.map { "\($0.blocked?.largestHole ?? $0.largestHole)" }
        case "contiguous_used_slots":
            return snapshot.contiguous.map { "\($0.tokenStateSlots)" }
        case "kv_bytes", "kv_bytes_per_token", "weights_bytes":
            return presetFigure(name, arguments, format: bytes)
        case "max_model_len": return "\(config.maxModelLen)"
        case "final_kv_bytes":
            // The KV bytes the listed requests hold once finished: prompt + output tokens each.
            guard let memory = snapshot.memory, let ids = arguments["requests"] else { return nil }
            var tokens: Int? = 0
            for id in ids.split(separator: ",").compactMap({ Int($0) }) {
                guard let view = snapshot.request(RequestID(id)) else { return nil }
                tokens = Self.sum(tokens, Self.sum(view.promptLength, view.maxOutputTokens))
            }
            return bytes(Self.product(tokens, memory.blockBytes / max(1, snapshot.blockSize)))
        case "request_final_tokens":
            return request().map { "\($0.promptLength + $0.maxOutputTokens)" }
        case "reservation_waste":
            guard let view = request() else { return nil }
            let final = view.promptLength + view.maxOutputTokens
            let policy = arguments["policy"].flatMap(ContiguousPolicy.init(rawValue:)) ?? config.contiguousPolicy ?? .max
            let reserved = policy.reservation(promptLength: view.promptLength, outputLength: view.maxOutputTokens,
                                              maxModelLen: config.maxModelLen)
            guard reserved > 0 else { return nil }
            return percent(1 - Double(final) / Double(reserved))
        case "cache_saving":
            guard let n = arguments["n"].flatMap(Int.init), n > 0 else { return nil }
            return String(format: "%.1f×", (Double(n) + 1) / 2)
        case "dtype_bytes":
            return "\((scenario.dtype.flatMap { try? DType(parsing: $0) } ?? .fp16).bytes)"
        case "gqa_saving", "model_layers", "model_kv_heads", "model_heads", "model_head_dim":
            guard let id = arguments["model"] ?? scenario.model, let model = try? ModelPreset.named(id) else { return nil }
            switch name {
            case "gqa_saving": return "\(model.numHeads / max(1, model.numKVHeads))×"
            case "model_layers": return "\(model.numLayers)"
            case "model_kv_heads": return "\(model.numKVHeads)"
            case "model_heads": return "\(model.numHeads)"
            default: return "\(model.headDim)"
            }
        case "max_concurrent":
            guard let memory = snapshot.memory else { return nil }
            let seqLen = arguments["seq_len"].flatMap(Int.init) ?? 2048
            let blockSize = max(1, snapshot.blockSize)
            let perSequence = seqLen / blockSize + (seqLen % blockSize == 0 ? 0 : 1)
            return "\(memory.kvPoolBytes / max(1, memory.blockBytes) / max(1, perSequence))"
        default: return nil
        }
    }

    /// A share to one decimal, as the panels print it ("3.5%", "80%").
    static func panelPercent(_ part: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let tenths = (part * 1000 + total / 2) / total
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    /// Shown for a byte figure too large to count in 64 bits (never a trap).
    static let beyondRange = "> 8 EiB"

    static func sum(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    static func product(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    private func list(_ items: [String]) -> String {
        items.count > 6 ? items.prefix(6).joined(separator: ", ") + " …" : items.joined(separator: ", ")
    }

    private func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share * 100)
    }

    /// Memory-model figures for a preset model (the scenario's model unless `model=` names one).
    private func presetFigure(_ name: String, _ arguments: [String: String], format: (Int?) -> String) -> String? {
        guard let id = arguments["model"] ?? scenario.model, let model = try? ModelPreset.named(id) else { return nil }
        let dtype = (arguments["dtype"] ?? scenario.dtype).flatMap { try? DType(parsing: $0) } ?? .fp16
        let kvHeads = arguments["kv_heads"].flatMap(Int.init) ?? model.numKVHeads
        // Checked: a huge kv_heads= gives no value instead of an overflow trap; MLA has its own formula.
        guard let perToken = model.usesLatentAttention ? model.kvBytesPerToken(dtype: dtype)
            : MemoryPlan.checkedKVBytesPerToken(numLayers: model.numLayers, kvHeads: kvHeads, headDim: model.headDim, dtype: dtype)
        else { return nil }
        switch name {
        case "kv_bytes_per_token":
            return format(perToken)
        case "kv_bytes":
            let seqLen = arguments["seq_len"].flatMap(Int.init) ?? 4096
            let batch = arguments["batch"].flatMap(Int.init) ?? 1
            return format(Self.product(Self.product(perToken, seqLen), batch))
        default:
            let weightType = arguments["dtype"].flatMap { try? DType(parsing: $0) } ?? model.weightDType
            return format(Self.product(model.parameterCount, weightType.bytes))
        }
    }
}
