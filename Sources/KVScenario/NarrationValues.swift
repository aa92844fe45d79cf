import Engine
import KVCore
import Narration

/// The figures narration placeholders stand for, computed when the text is shown: live values
/// from the snapshot on screen, and memory-model figures for any preset.
struct NarrationValues: NarrationFigures {
    let config: EngineConfig
    let scenario: Scenario

    /// The text a placeholder stands for on `snapshot`; `facts` is what the event that fired the
    /// cue did (nil for a cue fired by a step).
    func value(_ placeholder: Placeholder, snapshot: Snapshot, facts: NarrationEventFacts? = nil) -> String? {
        let arguments = placeholder.arguments
        func bytes(_ count: Int?) -> String { Self.bytes(count, arguments.unit) }
        func request() -> RequestView? { arguments.request.flatMap { snapshot.request(RequestID($0)) } }
        let counters = snapshot.counters
        switch placeholder.kind {
        case .eventRequest:
            guard let facts, !facts.requests.isEmpty else { return nil }
            return list(facts.requests.map { snapshot.request($0)?.label ?? "?" })
        case .eventBlocks:
            guard let facts, !facts.blocks.isEmpty else { return nil }
            return list(facts.blocks.map { "#\($0.index)" })
        case .eventCount:
            guard let facts else { return nil }
            return "\(facts.count ?? facts.blocks.count)"
        case .copyFrom, .copyTo:
            guard let copy = facts?.copies.first else { return nil }
            return "#\((placeholder.kind == .copyFrom ? copy.from : copy.to).index)"
        case .step: return "\(snapshot.step)"
        case .kvComputedTotal: return ByteCount.grouped(counters.kvComputedTotal)
        case .kvWithoutCacheTotal: return ByteCount.grouped(counters.kvWithoutCacheTotal)
        case .kvComputedStep: return ByteCount.grouped(counters.kvComputedThisStep)
        case .kvWithoutCacheStep: return ByteCount.grouped(counters.kvWithoutCacheThisStep)
        case .kvReadStep: return ByteCount.grouped(counters.kvReadThisStep)
        case .cpuBlocks: return snapshot.swap.map { "\($0.cpuBlocks)" }
        case .swappedOutBlocks: return "\(counters.blocksSwappedOutThisStep)"
        case .swappedInBlocks: return "\(counters.blocksSwappedInThisStep)"
        case .swapBytes: return snapshot.swap?.bytesMovedThisStep.map(bytes)
        // Attention loads each cached K/V vector of a chunk's context once (the context length:
        // what a cacheless engine would recompute) and takes one dot product per query and key.
        case .kvLoadedStep: return ByteCount.grouped(counters.kvWithoutCacheThisStep)
        case .dotProductsStep: return ByteCount.grouped(counters.kvReadThisStep)
        case .savedRatio:
            guard counters.kvComputedTotal > 0 else { return "1.0×" }
            return String(format: "%.1f×", Double(counters.kvWithoutCacheTotal) / Double(counters.kvComputedTotal))
        case .usedBlocks: return ByteCount.grouped(snapshot.usedBlocks)
        case .freeBlocks: return ByteCount.grouped(snapshot.numBlocks - snapshot.usedBlocks)
        case .kvCacheUsage: return Self.panelPercent(snapshot.usedBlocks, of: snapshot.numBlocks)
        case .cachedBlocks: return ByteCount.grouped(snapshot.cachedFreeBlocks)
        case .numBlocks: return ByteCount.grouped(snapshot.numBlocks)
        case .blockSize: return "\(snapshot.blockSize)"
        case .preemptions: return ByteCount.grouped(counters.preemptions)
        case .prefixHitBlocks: return ByteCount.grouped(counters.prefixHitBlocks)
        case .tokensGenerated: return ByteCount.grouped(counters.tokensGenerated)
        case .running: return "\(snapshot.running.count)"
        case .waiting: return "\(snapshot.waiting.count)"
        case .finished: return "\(snapshot.requests.filter { $0.status == .finished }.count)"
        case .requestTokens: return request().map { "\($0.numTokens)" }
        case .requestBlocks: return request().map { "\($0.blockTable.count)" }
        case .requestLabel: return request()?.label
        case .blockRefcount:
            guard let index = arguments.block, snapshot.blocks.indices.contains(index) else { return nil }
            return "\(snapshot.blocks[index].refCount)"
        case .model: return snapshot.memory?.modelName
        case .gpu: return snapshot.memory?.gpuName
        case .kvPerToken:
            return snapshot.memory.map { bytes($0.blockBytes / max(1, snapshot.blockSize)) }
        case .blockBytes: return snapshot.memory.map { bytes($0.blockBytes) }
        case .weights: return snapshot.memory.map { bytes($0.weightsBytes) }
        case .activations: return snapshot.memory.map { bytes($0.activationBytes) }
        case .kvPool: return snapshot.memory.map { bytes($0.kvPoolBytes) }
        case .kvUsed: return snapshot.memory.map { bytes($0.kvUsedBytes) }
        case .pagedTokenShare:
            let slots = snapshot.usedBlocks * snapshot.blockSize
            guard slots > 0 else { return "—" }
            let tokens = snapshot.blocks.reduce(0) { $0 + ($1.refCount > 0 ? $1.filledSlots : 0) }
            return percent(Double(tokens) / Double(slots))
        case .contiguousTokenShare, .contiguousWaste:
            guard let view = snapshot.contiguous else { return nil }
            let allocated = view.tokenStateSlots + view.reservedSlots + view.internalFragmentationSlots
            guard allocated > 0 else { return "—" }
            let share = Double(view.tokenStateSlots) / Double(allocated)
            return percent(placeholder.kind == .contiguousWaste ? 1 - share : share)
        case .contiguousReservedSlots:
            guard let view = snapshot.contiguous else { return nil }
            return ByteCount.grouped(view.tokenStateSlots + view.reservedSlots + view.internalFragmentationSlots)
        case .contiguousRunningCount: return snapshot.contiguous.map { "\($0.runningRequests)" }
        case .contiguousWaitingCount: return snapshot.contiguous.map { "\($0.waitingRequests)" }
        case .contiguousFinishedCount: return snapshot.contiguous.map { "\($0.finishedRequests)" }
        // The compare view's share bars: tokens over the whole memory, the panel's own
        // denominator and rounding, so narration and panel quote the same figure.
        case .pagedMemoryUsed:
            let tokens = snapshot.blocks.reduce(0) { $0 + ($1.refCount > 0 ? $1.filledSlots : 0) }
            return Self.panelPercent(tokens, of: snapshot.numBlocks * snapshot.blockSize)
        case .contiguousMemoryUsed:
            return snapshot.contiguous.map { Self.panelPercent($0.tokenStateSlots, of: $0.capacitySlots) }
        case .contiguousStepsLeft:
            return snapshot.contiguous?.stepsToFinish.map { "\(max(0, $0))" }
        case .pagedFinishStep: return snapshot.contiguous?.pagedFinishStep.map { "\($0)" }
        case .contiguousFinishStep: return snapshot.contiguous?.finishedStep.map { "\($0)" }
        case .contiguousLag:
            // Steps the contiguous server took after the paged one was done (once both are).
            guard let view = snapshot.contiguous, let paged = view.pagedFinishStep, let own = view.finishedStep else { return nil }
            return "\(own - paged)"
        case .contiguousBlockedRequest:
            guard let blocked = snapshot.contiguous?.blocked else { return nil }
            return snapshot.request(blocked.request)?.label
        case .contiguousBlockedSlots: return snapshot.contiguous?.blocked.map { ByteCount.grouped($0.slots) }
        case .contiguousFreeSlots:
            return snapshot.contiguous.map { view in
                ByteCount.grouped(view.blocked?.freeSlots ?? view.capacitySlots - view.extents.reduce(0) { $0 + $1.reserved })
            }
        case .contiguousLargestHole:
            return snapshot.contiguous.map { ByteCount.grouped($0.blocked?.largestHole ?? $0.largestHole) }
        case .contiguousUsedSlots:
            return snapshot.contiguous.map { ByteCount.grouped($0.tokenStateSlots) }
        case .kvBytes, .kvBytesPerToken, .weightsBytes:
            return presetFigure(placeholder.kind, arguments, format: bytes)
        case .sizing: return sizingFigure(arguments, format: bytes)
        case .modelLatentDim, .modelRopeDim:
            guard case let .latent(rank, rope)? = (arguments.model ?? scenario.model)?.attention else { return nil }
            return "\(placeholder.kind == .modelLatentDim ? rank : rope)"
        case .maxModelLen: return ByteCount.grouped(config.maxModelLen)
        case .finalKvBytes:
            // The KV bytes the listed requests hold once finished: prompt + output tokens each.
            guard let memory = snapshot.memory, let ids = arguments.requests else { return nil }
            var tokens: Int? = 0
            for id in ids {
                guard let view = snapshot.request(RequestID(id)) else { return nil }
                tokens = Self.sum(tokens, Self.sum(view.promptLength, view.maxOutputTokens))
            }
            return bytes(Self.product(tokens, memory.blockBytes / max(1, snapshot.blockSize)))
        case .requestFinalTokens:
            return request().map { "\($0.promptLength + $0.maxOutputTokens)" }
        case .reservationWaste:
            guard let view = request() else { return nil }
            let final = view.promptLength + view.maxOutputTokens
            let policy = arguments.policy ?? config.contiguousPolicy ?? .max
            let reserved = policy.reservation(promptLength: view.promptLength, outputLength: view.maxOutputTokens,
                                              maxModelLen: config.maxModelLen)
            guard reserved > 0 else { return nil }
            return percent(1 - Double(final) / Double(reserved))
        case .cacheSaving:
            guard let n = arguments.n, n > 0 else { return nil }
            return String(format: "%.1f×", (Double(n) + 1) / 2)
        case .dtypeBytes:
            return "\(scenario.kvDType.bytes)"
        case .gqaSaving, .modelLayers, .modelKvHeads, .modelHeads, .modelHeadDim:
            guard let model = arguments.model ?? scenario.model else { return nil }
            switch placeholder.kind {
            case .gqaSaving: return "\(model.numHeads / max(1, model.numKVHeads))×"
            case .modelLayers: return "\(model.numLayers)"
            case .modelKvHeads: return "\(model.numKVHeads)"
            case .modelHeads: return "\(model.numHeads)"
            default: return "\(model.headDim)"
            }
        case .maxConcurrent:
            guard let memory = snapshot.memory else { return nil }
            let seqLen = arguments.seqLen ?? 2048
            let blockSize = max(1, snapshot.blockSize)
            let perSequence = seqLen / blockSize + (seqLen % blockSize == 0 ? 0 : 1)
            return "\(memory.kvPoolBytes / max(1, memory.blockBytes) / max(1, perSequence))"
        }
    }

    /// A share to one decimal, as the panels print it ("3.5%", "80%").
    static func panelPercent(_ part: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let tenths = (part * 1000 + total / 2) / total
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    /// `count` bytes as `unit=` asks (binary when not given).
    static func bytes(_ count: Int?, _ unit: ByteUnit?) -> String {
        guard let count else { return beyondRange }
        switch unit ?? .binary {
        case .decimal: return ByteCount.decimal(count)
        case .exact: return ByteCount.grouped(count) + " B"
        case .binary: return ByteCount.binary(count)
        }
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
    private func presetFigure(_ kind: Placeholder.Kind, _ arguments: PlaceholderArguments, format: (Int?) -> String) -> String? {
        guard let model = arguments.model ?? scenario.model else { return nil }
        let dtype = arguments.dtype ?? scenario.kvDType
        let kvHeads = arguments.kvHeads ?? model.numKVHeads
        // Checked: a huge kv_heads= gives no value instead of an overflow trap; MLA has its own formula.
        guard let perToken = model.usesLatentAttention ? model.kvBytesPerToken(dtype: dtype)
            : MemoryPlan.checkedKVBytesPerToken(numLayers: model.numLayers, kvHeads: kvHeads, headDim: model.headDim, dtype: dtype)
        else { return nil }
        switch kind {
        case .kvBytesPerToken:
            return format(perToken)
        case .kvBytes:
            let seqLen = arguments.seqLen ?? 4096
            let batch = arguments.batch ?? 1
            return format(Self.product(Self.product(perToken, seqLen), batch))
        default:
            let weightType = arguments.dtype ?? model.weightDType
            return format(Self.product(model.parameterCount, weightType.bytes))
        }
    }
}
