import Engine
import KVCore

/// What the track has seen of a run up to a step, for claims that one snapshot cannot settle
/// ("a freed block was taken by another request").
public struct NarrationHistory: Sendable, Equatable {
    /// Times so far that a block in use went to a different request than the one that held it
    /// before (the earlier owner having let it go).
    public var blocksReused = 0
    /// The request that last held each block (a block that was never used has none).
    var lastOwner: [Int: RequestID] = [:]

    public init() {}

    /// The history after the step `snapshot` closes.
    func advanced(by snapshot: Snapshot) -> NarrationHistory {
        var next = self
        for block in snapshot.blocks where block.refCount > 0 {
            guard let owner = block.owners.first?.request else { continue }
            if let before = lastOwner[block.id.index], before != owner,
               !block.owners.contains(where: { $0.request == before }) {
                next.blocksReused += 1
            }
            next.lastOwner[block.id.index] = owner
        }
        return next
    }
}

/// The figures a claim can compare, read from the snapshot on screen (and the run's history).
public enum NarrationQuantity: String, Sendable, CaseIterable {
    case step, usedBlocks = "used_blocks", freeBlocks = "free_blocks", cachedBlocks = "cached_blocks"
    case numBlocks = "num_blocks", running, waiting, finished, preemptions, complete
    case evictedStep = "evicted_step", blocksReused = "blocks_reused", prefixHitBlocks = "prefix_hit_blocks"
    case kvUsed = "kv_used", weights, kvPool = "kv_pool"
    case kvLoadedStep = "kv_loaded_step", dotProductsStep = "dot_products_step"
    case kvReadStep = "kv_read_step", kvComputedStep = "kv_computed_step", kvComputedTotal = "kv_computed_total"
    case externalFragmentation = "external_fragmentation", internalFragmentation = "internal_fragmentation"
    case contiguousAllocated = "contiguous_allocated", contiguousUsed = "contiguous_used"
    case contiguousRunning = "contiguous_running", contiguousWaiting = "contiguous_waiting"
    case contiguousFinished = "contiguous_finished"
    case holeTooSmall = "hole_too_small", contiguousLargestHole = "contiguous_largest_hole"
    case contiguousStepsLeft = "contiguous_steps_left"
    case contiguousComplete = "contiguous_complete", pagedFinishStep = "paged_finish_step"
    case requestBlocks = "request_blocks", requestTokens = "request_tokens"
    case requestScattered = "request_scattered", requestRunning = "request_running"
    /// Neighbours in a request's block table that sit side by side in the pool (0: none do).
    case requestAdjacentBlocks = "request_adjacent_blocks"
    case requestFinished = "request_finished", requestPreemptions = "request_preemptions"
    case blockRefcount = "block_refcount"
    case beams, beamsForkedStep = "beams_forked_step", beamsDroppedStep = "beams_dropped_step"
    case beamBlocksFreedStep = "beam_blocks_freed_step", copiesOnWriteStep = "copies_on_write_step", bestBeam = "best_beam"

    /// The arguments the quantity needs.
    public var arguments: [String] {
        switch self {
        case .requestBlocks, .requestTokens, .requestScattered, .requestAdjacentBlocks, .requestRunning, .requestFinished, .requestPreemptions:
            ["request"]
        case .blockRefcount:
            ["block"]
        case .beams, .bestBeam:
            ["request"]
        default:
            []
        }
    }

    /// Quantities read from the memory picture (a model, or decoder mode's toy one).
    public var needsMemoryPicture: Bool { [.kvUsed, .weights, .kvPool].contains(self) }

    /// Quantities read from the contiguous baseline.
    public var needsContiguousTrack: Bool {
        [.externalFragmentation, .internalFragmentation, .contiguousAllocated, .contiguousUsed,
         .contiguousRunning, .contiguousWaiting, .contiguousFinished, .holeTooSmall, .contiguousLargestHole, .contiguousStepsLeft,
         .contiguousComplete].contains(self)
    }

    /// The value on this screen, or nil when the run has no such figure.
    public func value(_ arguments: [String: String], snapshot: Snapshot, history: NarrationHistory) -> Int? {
        func request() -> RequestView? {
            arguments["request"].flatMap(Int.init).flatMap { snapshot.request(RequestID($0)) }
        }
        let contiguous = snapshot.contiguous
        switch self {
        case .step: return snapshot.step
        case .usedBlocks: return snapshot.usedBlocks
        case .freeBlocks: return snapshot.numBlocks - snapshot.usedBlocks
        case .cachedBlocks: return snapshot.cachedFreeBlocks
        case .numBlocks: return snapshot.numBlocks
        case .running: return snapshot.running.count
        case .waiting: return snapshot.waiting.count
        case .finished: return snapshot.requests.filter { $0.status == .finished }.count
        case .preemptions: return snapshot.counters.preemptions
        case .complete: return snapshot.isComplete ? 1 : 0
        case .evictedStep:
            var count = 0
            for case .paging(.evicted) in snapshot.events { count += 1 }
            return count
        case .blocksReused: return history.blocksReused
        case .prefixHitBlocks: return snapshot.counters.prefixHitBlocks
        case .kvUsed: return snapshot.memory?.kvUsedBytes
        case .weights: return snapshot.memory?.weightsBytes
        case .kvPool: return snapshot.memory?.kvPoolBytes
        case .kvReadStep, .dotProductsStep: return snapshot.counters.kvReadThisStep
        case .kvLoadedStep: return snapshot.counters.kvWithoutCacheThisStep
        case .kvComputedStep: return snapshot.counters.kvComputedThisStep
        case .kvComputedTotal: return snapshot.counters.kvComputedTotal
        case .externalFragmentation: return contiguous?.externalFragmentationSlots
        case .internalFragmentation: return contiguous?.internalFragmentationSlots
        case .contiguousAllocated:
            return contiguous.map { $0.tokenStateSlots + $0.reservedSlots + $0.internalFragmentationSlots }
        case .contiguousUsed: return contiguous?.tokenStateSlots
        case .contiguousRunning: return contiguous?.runningRequests
        case .contiguousWaiting: return contiguous?.waitingRequests
        case .contiguousFinished: return contiguous?.finishedRequests
        case .contiguousStepsLeft: return contiguous.map { max(0, $0.stepsToFinish ?? 0) }
        case .contiguousComplete: return contiguous.map { $0.isFinished ? 1 : 0 }
        // The step the paged server finished at, or nil (no such figure) while it runs.
        case .pagedFinishStep: return contiguous?.pagedFinishStep
        case .holeTooSmall: return contiguous.map { $0.blocked?.holeTooSmall == true ? 1 : 0 }
        case .contiguousLargestHole: return contiguous.map { $0.blocked?.largestHole ?? $0.largestHole }
        case .requestBlocks: return request()?.blockTable.count
        case .requestTokens: return request()?.numTokens
        case .requestScattered:
            guard let table = request()?.blockTable else { return nil }
            return zip(table, table.dropFirst()).contains { $1.index != $0.index + 1 } ? 1 : 0
        case .requestAdjacentBlocks:
            guard let table = request()?.blockTable else { return nil }
            return zip(table, table.dropFirst()).filter { abs($1.index - $0.index) == 1 }.count
        case .requestRunning: return request().map { $0.status == .running ? 1 : 0 }
        case .requestFinished: return request().map { $0.status == .finished ? 1 : 0 }
        case .requestPreemptions: return request()?.preemptions
        case .beams, .beamsForkedStep, .beamsDroppedStep, .beamBlocksFreedStep, .copiesOnWriteStep, .bestBeam:
            return beamValue(arguments, snapshot: snapshot)
        case .blockRefcount:
            guard let index = arguments["block"].flatMap(Int.init), snapshot.blocks.indices.contains(index) else { return nil }
            return snapshot.blocks[index].refCount
        }
    }
}
